"""Moving off Google Drive: a Google Takeout archive imported into a folder of the library.

    report = import_takeout(path, into=collection, by=user, dry_run=False, as_drafts=False,
                            progress=lambda done, total: ...)

- takeout.py reads the archive under its guards (zip bombs, paths, links, sizes) and lists what it
  holds: Drive folders and files, Calendar/*.ics;
- run.py rebuilds the folder tree as sub-folders (collections), imports each file as a document
  through documents.services.store_document (content-checked, dated as in Drive, skipped when the
  folder already holds the same content), sends the calendars through
  calendar_sync.importing.import_into_calendar and, with `as_drafts`, turns each Word file into a
  draft tutorial (drafts.py);
- report.py is what the command prints, `--report FILE.json` writes and the admin page shows.

The command (`manage.py import_drive`) and the admin's background import (documents.tasks) call
the same `import_takeout`."""

from .report import Entry, ImportReport, Outcome

__all__ = ["Entry", "ImportReport", "Outcome", "import_takeout"]


def import_takeout(archive, *, into, by=None, dry_run: bool = False, as_drafts: bool = False,
                   progress=None) -> ImportReport:
    from .run import import_takeout as run

    return run(archive, into=into, by=by, dry_run=dry_run, as_drafts=as_drafts, progress=progress)
