"""The Drive import itself: a Takeout's folder tree rebuilt under a folder of the library, each file
checked and stored as a document dated as in Drive, the calendars sent to the calendar importer.

Each file is its own transaction (documents.services.store_document): an import stopped midway
leaves every file it finished whole, and running it again skips what is there (same content hash in
the same folder) and goes on. A dry run writes nothing, not even folders, and reports what would
happen."""

import contextlib
import os
import time

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Collection

from .. import permissions, services, uploads
from ..errors import NotAllowed, Refused
from ..models import NetworkDocument
from . import calendars
from .report import Entry, ImportReport, Outcome
from .takeout import CALENDAR, Member, MemberRefused, Takeout, TakeoutRefused


def folder_path(collection: Collection) -> str:
    """« Réseau/Archives Drive »: the names from the top (the root collection left out)."""
    names = [ancestor.name for ancestor in collection.get_ancestors(inclusive=True) if not ancestor.is_root()]
    return "/".join(names)


def _archive_name(archive) -> str:
    name = archive if isinstance(archive, (str, os.PathLike)) else getattr(archive, "name", "") or ""
    return os.path.basename(str(name))


class _Folder:
    """A folder of the target tree: the Collection (None in a dry run when it would be made), and
    what it holds that decides « already there » and distinct titles."""

    def __init__(self, collection: Collection | None):
        self.collection = collection
        self.hashes: set[str] = set()
        self.titles: set[str] = set()
        self.children: dict[str, _Folder] = {}
        self._children_loaded = collection is None
        if collection is not None:
            for file_hash, title in NetworkDocument.objects.filter(collection=collection).values_list(
                    "file_hash", "title"):
                self.hashes.add(file_hash)
                self.titles.add(title.casefold())

    def existing_child(self, name: str) -> Collection | None:
        if not self._children_loaded:
            self._existing = {child.name.casefold(): child for child in self.collection.get_children()}
            self._children_loaded = True
        return getattr(self, "_existing", {}).get(name.casefold())

    def distinct_title(self, title: str) -> str:
        candidate, number = title, 1
        while candidate.casefold() in self.titles:
            number += 1
            suffix = f" ({number})"
            candidate = title[:services.MAX_TITLE - len(suffix)] + suffix
        return candidate


class _Tree:
    """The target folders by their path of names, made on first use (or only counted, in a dry run)."""

    def __init__(self, into: Collection, *, report: ImportReport, dry_run: bool):
        self.root = _Folder(into)
        self.report, self.dry_run = report, dry_run

    def folder(self, names: tuple[str, ...]) -> _Folder:
        """Raises Refused for a name no folder may have."""
        node, walked = self.root, []
        for raw in names:
            name = services.clean_folder_name(raw)
            walked.append(name)
            key = name.casefold()
            child = node.children.get(key)
            if child is None:
                existing = node.existing_child(name) if node.collection is not None else None
                if existing is not None:
                    child = _Folder(existing)
                else:
                    made = None
                    if not self.dry_run:
                        made, _created = services.folder_child(node.collection, name)
                    child = _Folder(made)
                    self.report.add(Entry(path="/".join(walked), outcome=Outcome.FOLDER))
                node.children[key] = child
            node = child
        return node


def import_takeout(archive, *, into: Collection, by=None, dry_run: bool = False, as_drafts: bool = False,
                   progress=None) -> ImportReport:
    """Import a Google Takeout (a path or a file) into the folder `into`. `by`: the user importing
    (must be allowed to, NotAllowed otherwise), None for an operator's command. `progress(done, total)`
    is called after each member. A refused archive gives a report whose `error` says why."""
    if by is not None and not permissions.can_import_drive(by):
        raise NotAllowed(_("Only the coordination imports a Google Drive export."))
    started = time.monotonic()
    report = ImportReport(archive=_archive_name(archive), folder=folder_path(into), dry_run=dry_run,
                          as_drafts=as_drafts)
    try:
        takeout = Takeout(archive)
    except TakeoutRefused as refused:
        report.error = refused.message
        report.seconds = round(time.monotonic() - started, 3)
        return report
    with takeout:
        tree = _Tree(into, report=report, dry_run=dry_run)
        for names in takeout.folders:
            # An empty folder whose name no folder may have: it holds nothing to refuse.
            with contextlib.suppress(Refused):
                tree.folder(names)
        total = len(takeout.members)
        for done, member in enumerate(takeout.members, start=1):
            if member.refusal:
                report.add(Entry(path=member.path, outcome=Outcome.REFUSED, reason=member.refusal, size=member.size))
            elif member.kind == CALENDAR:
                report.add(_import_calendar(takeout, member, dry_run=dry_run))
            else:
                report.add(_import_file(takeout, member, tree=tree, by=by, dry_run=dry_run, as_drafts=as_drafts))
            if progress is not None:
                progress(done, total)
    report.seconds = round(time.monotonic() - started, 3)
    return report


def _import_calendar(takeout: Takeout, member: Member, *, dry_run: bool) -> Entry:
    try:
        data = takeout.read(member)
    except MemberRefused as refused:
        return Entry(path=member.path, outcome=Outcome.REFUSED, reason=refused.message, size=member.size)
    with data:
        outcome, reason = calendars.import_calendar_file(data.read(), filename=member.name, dry_run=dry_run)
    return Entry(path=member.path, outcome=outcome, reason=reason, size=member.size)


def _import_file(takeout: Takeout, member: Member, *, tree: _Tree, by, dry_run: bool, as_drafts: bool) -> Entry:
    entry = Entry(path=member.path, outcome=Outcome.REFUSED, size=member.size)
    try:
        folder = tree.folder(member.folders)
        upload = takeout.read(member)
    except (Refused, MemberRefused) as refused:
        entry.reason = refused.message
        return entry
    with upload:
        try:
            checked = uploads.check(upload)
        except uploads.UploadRefused as refused:
            entry.reason = refused.message
            return entry
        digest = services.file_hash(upload)
        if digest in folder.hashes:
            entry.outcome = Outcome.SKIPPED
            entry.reason = _("The folder already holds this file.")
            return entry
        title = folder.distinct_title(services.clean_title("", fallback=checked.name))
        folder.hashes.add(digest)
        folder.titles.add(title.casefold())
        entry.outcome = Outcome.IMPORTED
        if dry_run:
            return entry
        document = services.store_document(collection=folder.collection, checked=checked, title=title, by=by,
                                           modified_at=member.modified_at, source_path=member.path)
        entry.document_id = document.pk
        if as_drafts and checked.name.lower().endswith(".docx"):
            _draft_from(upload, entry, title=title, by=by)
    return entry


def _draft_from(upload, entry: Entry, *, title: str, by) -> None:
    """The Word file as a draft tutorial too (documents.drafts); a failure there keeps the document
    and is written in the entry."""
    try:
        from documents.drafts import draft_tutorial_from_docx
    except ImportError:
        entry.reason = _("Draft tutorials cannot be made here: the document is imported alone.")
        return
    try:
        upload.seek(0)
        with transaction.atomic():
            page = draft_tutorial_from_docx(upload, title=title, by=by, source_path=entry.path)
    except Exception as exc:  # the document stays; the reason tells the editor
        message = getattr(exc, "message", "") or str(exc) or exc.__class__.__name__
        entry.reason = _("No draft tutorial: %(reason)s") % {"reason": message}
        return
    entry.draft_page_id = getattr(page, "pk", None)
