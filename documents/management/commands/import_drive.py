"""manage.py import_drive TAKEOUT.zip --collection NAME [--dry-run] [--as-drafts] [--report FILE.json] [--as EMAIL]

Imports a Google Takeout export of Drive into the folder NAME (a path of folder names from the top,
« Réseau/Archives Drive », or a folder id; a missing last part is made under its parent with its
access): the folder tree as sub-folders, the files as documents dated as in Drive, the calendars
into network calendars. Re-running it skips what is already there. A progress bar goes to stderr,
the table of what was imported, skipped and refused to stdout; `--report` writes the same as JSON.
Exits with 1 when the whole archive is refused."""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ... import permissions
from ...errors import NotAllowed, Refused
from ...importing import import_takeout
from ...importing.report import OUTCOME_LABELS, ImportReport, Outcome
from ...importing.target import find_folder, resolve_folder

BAR_WIDTH = 30


class ProgressBar:
    """`[#####-----] 200/2000` redrawn in place on a terminal; elsewhere (a log) one line every 10 %."""

    def __init__(self, stream):
        self.stream = stream
        self.in_place = stream.isatty() if hasattr(stream, "isatty") else False
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        step = (BAR_WIDTH * done // total) if total else BAR_WIDTH
        if not self.in_place:
            step = (10 * done // total) if total else 10  # tenths
        if step == self.shown:
            return
        self.shown = step
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        line = f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done}/{total}"
        if self.in_place:
            self.stream.write("\r" + line, ending="\n" if done >= total else "")
        else:
            self.stream.write(line)
        self.stream.flush()


def report_table(report: ImportReport) -> list[str]:
    """The lines the command prints: one per entry (outcome, path, reason), then the totals."""
    labels = {outcome: str(OUTCOME_LABELS[outcome]) for outcome in Outcome}
    width = max(len(label) for label in labels.values())
    lines = []
    for entry in report.entries:
        line = f"{labels[entry.outcome]:<{width}}  {entry.path}"
        if entry.reason:
            line += f"  — {entry.reason}"
        if entry.draft_page_id:
            line += "  — " + _("draft tutorial no. %(id)d") % {"id": entry.draft_page_id}
        lines.append(line)
    drafts = sum(1 for entry in report.entries if entry.draft_page_id)
    totals = ", ".join(_("%(outcome)s: %(count)d") % {"outcome": labels[outcome], "count": report.count(outcome)}
                       for outcome in Outcome)
    lines.append("")
    lines.append(_("Totals: %(totals)s (%(seconds)s s)") % {"totals": totals, "seconds": f"{report.seconds:.1f}"})
    if drafts:
        lines.append(ngettext("%(count)d draft tutorial to review and publish in the administration.",
                              "%(count)d draft tutorials to review and publish in the administration.", drafts)
                     % {"count": drafts})
    if report.dry_run:
        lines.append(_("Dry run: nothing was written."))
    return lines


class Command(BaseCommand):
    help = "Import a Google Takeout export of Drive into a folder of the document library."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the Takeout .zip")
        parser.add_argument("--collection", required=True,
                            help="the folder to import into: a path of names (« Réseau/Archives Drive ») or an id")
        parser.add_argument("--dry-run", action="store_true", help="show what would happen, write nothing")
        parser.add_argument("--as-drafts", action="store_true", help="also turn each .docx into a draft tutorial")
        parser.add_argument("--report", help="write the report as JSON to this file")
        parser.add_argument("--as", dest="as_email", help="email of the coordination account importing")

    def handle(self, *args, archive, collection, dry_run, as_drafts, report, as_email, **options):
        translation.activate(settings.LANGUAGE_CODE)
        path = Path(archive)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": archive})
        by = self._user(as_email) if as_email else None
        try:
            if dry_run:
                into, _parent, _missing = find_folder(collection)
                if into is None:
                    raise CommandError(_("The folder « %(name)s » does not exist yet and a dry run makes nothing: "
                                         "create it first or run without --dry-run.") % {"name": collection})
            else:
                into = resolve_folder(collection)
        except Refused as refused:
            raise CommandError(refused.message) from refused
        try:
            result = import_takeout(path, into=into, by=by, dry_run=dry_run, as_drafts=as_drafts,
                                    progress=ProgressBar(self.stderr))
        except NotAllowed as refused:
            raise CommandError(str(refused)) from refused
        except Exception as exc:
            raise CommandError(_("The import stopped: %(error)s. What was imported stays; run the command again "
                                 "to finish.") % {"error": exc}) from exc
        for line in report_table(result):
            self.stdout.write(line)
        if report:
            Path(report).write_text(json.dumps(result.as_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
        if result.error:
            raise CommandError(_("Archive refused: %(reason)s") % {"reason": result.error})

    def _user(self, email: str):
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError(_("No active account has the email %(email)s.") % {"email": email})
        if not permissions.can_import_drive(user):
            raise CommandError(_("%(email)s may not import a Google Drive export: only the coordination may.")
                               % {"email": email})
        return user
