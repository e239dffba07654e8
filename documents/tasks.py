"""The admin's Drive import, in the background (django-tasks): a DriveImport's archive imported with
documents.importing.import_takeout, its progress written as it goes (at most every 2 % or 2 seconds,
so a large archive does not write a row per file), its report stored at the end and its archive
deleted. A failure marks it FAILED with the error; what was imported before stays (a re-run skips it)."""

import logging
import time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from .models import DriveImport, ImportStatus

logger = logging.getLogger(__name__)

PROGRESS_EVERY_PERCENT = 2
PROGRESS_EVERY_SECONDS = 2.0


class Progress:
    """progress(done, total) for import_takeout, throttled."""

    def __init__(self, drive_import: DriveImport):
        self.drive_import = drive_import
        self.written_at = 0.0
        self.written_percent = -PROGRESS_EVERY_PERCENT

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        now = time.monotonic()
        if (done < total and percent - self.written_percent < PROGRESS_EVERY_PERCENT
                and now - self.written_at < PROGRESS_EVERY_SECONDS):
            return
        self.written_at, self.written_percent = now, percent
        DriveImport.objects.filter(pk=self.drive_import.pk).update(files_done=done, files_total=total)


def _delete_archive(drive_import: DriveImport) -> None:
    if drive_import.archive:
        drive_import.archive.delete(save=False)


@task()
def run_drive_import(import_id: int) -> str:
    """Run one queued DriveImport; returns its final status."""
    from .importing import import_takeout

    with transaction.atomic():
        drive_import = (DriveImport.objects.select_for_update(of=("self",)).select_related("collection", "requested_by")
                        .filter(pk=import_id, status=ImportStatus.QUEUED).first())
        if drive_import is None:  # already taken by another worker, or gone
            return ""
        drive_import.status = ImportStatus.RUNNING
        drive_import.save(update_fields=["status"])
    try:
        with drive_import.archive.open("rb") as archive:
            report = import_takeout(archive, into=drive_import.collection, by=drive_import.requested_by,
                                    dry_run=drive_import.dry_run, as_drafts=drive_import.as_drafts,
                                    progress=Progress(drive_import))
    except Exception as exc:
        logger.exception("Drive import %s failed", import_id)
        drive_import.status = ImportStatus.FAILED
        drive_import.error = _("The import stopped: %(error)s. What was imported stays; start it again to "
                               "finish.") % {"error": exc}
    else:
        report.archive = drive_import.archive_name
        drive_import.report = report.as_dict()
        drive_import.status = ImportStatus.FAILED if report.error else ImportStatus.DONE
        drive_import.error = report.error
    drive_import.refresh_from_db(fields=["files_done", "files_total"])
    if drive_import.status == ImportStatus.DONE:
        drive_import.files_done = drive_import.files_total
    drive_import.finished_at = timezone.now()
    _delete_archive(drive_import)
    drive_import.save(update_fields=["status", "report", "error", "files_done", "files_total", "finished_at",
                                     "archive"])
    return drive_import.status
