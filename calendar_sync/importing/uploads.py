"""The site's import in two steps: an uploaded file is read and tried (a dry run) and kept as an
IcsImport with its report until the coordination confirms it (applied for real, the report of
what it did kept) or discards it."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intranet.errors import NotAllowed, Refused

from ..models import EventSource, IcsImport, IcsImportStatus, NetworkCalendar
from ..permissions import can_edit_calendar, can_import_bookings
from .report import ImportReport
from .to_bookings import import_bookings
from .to_calendar import import_into_calendar


def _apply(*, data: bytes, by, calendar: NetworkCalendar | None, as_bookings: bool, dry_run: bool,
           filename: str) -> ImportReport:
    if as_bookings:
        return import_bookings(data=data, by=by, dry_run=dry_run, filename=filename)
    return import_into_calendar(calendar=calendar, data=data, source=EventSource.IMPORTED, by=by, dry_run=dry_run,
                                filename=filename)


def _check(by, calendar, as_bookings: bool) -> None:
    if by is None or by.user is None:
        raise NotAllowed(_("Only the coordination imports calendar files."))
    if as_bookings and not can_import_bookings(by.user):
        raise NotAllowed(_("Only the coordination imports calendar files as room bookings."))
    if not as_bookings and (calendar is None or not can_edit_calendar(by.user, calendar)):
        raise NotAllowed(_("Only the coordination imports events into the network calendars."))


@transaction.atomic
def ics_import_preview(*, by, data: bytes, filename: str, calendar: NetworkCalendar | None = None,
                       as_bookings: bool = False) -> IcsImport:
    """Try the file (nothing imported) and keep it with the report for confirmation. Raises
    ImportRefused (nothing stored) for a file that cannot be imported."""
    _check(by, calendar, as_bookings)
    report = _apply(data=data, by=by, calendar=calendar, as_bookings=as_bookings, dry_run=True, filename=filename)
    return IcsImport.objects.create(created_by=by, calendar=None if as_bookings else calendar,
                                    as_bookings=as_bookings, filename=filename[:255] or "calendar.ics",
                                    content=data, report=report.to_dict())


def _waiting(ics_import: IcsImport) -> IcsImport:
    locked = IcsImport.objects.select_for_update().select_related("calendar").get(pk=ics_import.pk)
    if locked.status != IcsImportStatus.PREVIEWED:
        raise Refused(_("This import has already been confirmed or discarded."))
    return locked


@transaction.atomic
def ics_import_confirm(*, ics_import: IcsImport, by) -> ImportReport:
    """Apply the previewed file for real; the import keeps the report of what it did (and no longer
    the file)."""
    locked = _waiting(ics_import)
    _check(by, locked.calendar, locked.as_bookings)
    report = _apply(data=bytes(locked.content), by=by, calendar=locked.calendar, as_bookings=locked.as_bookings,
                    dry_run=False, filename=locked.filename)
    locked.report, locked.status, locked.done_at, locked.content = report.to_dict(), IcsImportStatus.DONE, \
        timezone.now(), b""
    locked.save(update_fields=["report", "status", "done_at", "content"])
    return report


@transaction.atomic
def ics_import_discard(*, ics_import: IcsImport, by) -> None:
    locked = _waiting(ics_import)
    _check(by, locked.calendar, locked.as_bookings)
    locked.status, locked.content = IcsImportStatus.DISCARDED, b""
    locked.save(update_fields=["status", "content"])
