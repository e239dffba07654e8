"""An .ics file applied to a network calendar: idempotent by UID (+ RECURRENCE-ID), updates only
from a newer version (higher SEQUENCE, or same SEQUENCE and later LAST-MODIFIED), bulk writes, all
or nothing."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intranet.errors import NotAllowed

from ..models import AgendaEvent, EventSource, EventStatus, NetworkCalendar
from ..permissions import can_edit_calendar
from .reader import Budget, ParsedEvent, read_calendar
from .report import ImportReport

# The fields an import writes, and compares to tell « unchanged » from « updated ».
CONTENT_FIELDS = ("title", "start", "end", "all_day", "location", "description", "url", "rrule", "exdates",
                  "rdates", "status")
WRITTEN_FIELDS = (*CONTENT_FIELDS, "recurrence_id", "cancelled_at", "sequence", "remote_last_modified",
                  "repeats_until", "source", "updated_at")
BATCH = 500


def _content(event: ParsedEvent) -> dict:
    return {"title": event.title, "start": event.start, "end": event.end, "all_day": event.all_day,
            "location": event.location, "description": event.description, "url": event.url, "rrule": event.rrule,
            "exdates": list(event.exdates), "rdates": list(event.rdates), "status": event.status}


def _same(row: AgendaEvent, content: dict) -> bool:
    return all(getattr(row, name) == value for name, value in content.items())


def _is_newer(event: ParsedEvent, row: AgendaEvent) -> bool:
    if event.sequence != row.sequence:
        return event.sequence > row.sequence
    return event.last_modified is not None and (row.remote_last_modified is None
                                                or event.last_modified > row.remote_last_modified)


def _fill(row: AgendaEvent, event: ParsedEvent, *, source: str, now: dt.datetime) -> None:
    for name, value in _content(event).items():
        setattr(row, name, value)
    row.recurrence_id = event.recurrence_id
    if event.status == EventStatus.CANCELLED:
        row.cancelled_at = row.cancelled_at or now
    else:
        row.cancelled_at = None
    row.sequence = event.sequence
    row.remote_last_modified = event.last_modified
    row.source = source
    row.updated_at = now
    if event.recurrence_id is None:
        row.compute_repeats_until()
    else:
        row.repeats_until = None


@transaction.atomic
def import_into_calendar(*, calendar: NetworkCalendar, data: bytes, source: str = EventSource.IMPORTED, by=None,
                         dry_run: bool = False, prune_missing: bool = False, filename: str = "",
                         progress=None) -> ImportReport:
    """Read `data` (.ics bytes) and apply it to `calendar`. `by`: the Person importing (must be allowed
    to edit the calendar), None for the system (a subscription refresh). `prune_missing`: events of
    this `source` in the calendar whose UID is no longer in the file are cancelled. `dry_run`: the
    report of what would happen, nothing written. `progress(done, total)` is called while applying.
    Raises ImportRefused (nothing written) or NotAllowed."""
    if by is not None and not can_edit_calendar(by.user, calendar):
        raise NotAllowed(_("Only the coordination imports events into the network calendars."))
    if source not in EventSource.values or source == EventSource.MANUAL:
        raise ValueError(f"not an import source: {source!r}")
    budget = Budget()
    parsed = read_calendar(data, budget=budget)
    report = ImportReport(dry_run=dry_run, events_read=len(parsed.events), calendar_name=calendar.name,
                          warnings=list(parsed.warnings))
    for label, reason in parsed.skipped:
        report.skip(label, reason)
    # Serialises imports into one calendar (PostgreSQL row lock; SQLite holds the write lock anyway).
    NetworkCalendar.objects.select_for_update().filter(pk=calendar.pk).first()
    now = timezone.now()
    existing = {(row.uid, row.recurrence_id): row for row in AgendaEvent.objects.filter(calendar=calendar)}
    created, changed = [], []
    total = len(parsed.events)
    for done, event in enumerate(parsed.events, start=1):
        if done % 200 == 0:
            budget.check()
            if progress:
                progress(done, total)
        row = existing.get(event.key)
        content = _content(event)
        if row is None:
            # A cancelled occurrence (override) is kept: it hides its occurrence of the rule.
            if event.status == EventStatus.CANCELLED and event.recurrence_id is None:
                report.skip(event.label, _("Cancelled in the file, and not in the calendar: nothing to do."))
                continue
            row = AgendaEvent(calendar=calendar, uid=event.uid, library_id=calendar.library_id,
                              created_by=by, created_at=now)
            _fill(row, event, source=source, now=now)
            created.append(row)
            report.add("new", event.label, event.start)
            continue
        if row.source == EventSource.MANUAL:
            report.skip(event.label, _("An event entered here already has this UID: it is left as it is."))
            continue
        if _same(row, content):
            report.add("unchanged", event.label, event.start)
            continue
        if not _is_newer(event, row):
            report.skip(event.label, _("Already in the calendar in a version as recent (SEQUENCE %(sequence)d, "
                                       "no later LAST-MODIFIED): not updated.") % {"sequence": row.sequence})
            continue
        was_cancelled = row.status == EventStatus.CANCELLED
        _fill(row, event, source=source, now=now)
        changed.append(row)
        report.add("cancelled" if event.status == EventStatus.CANCELLED and not was_cancelled else "updated",
                   event.label, event.start)
    if prune_missing:
        present = {event.uid for event in parsed.events}
        for row in existing.values():
            if row.source == source and row.uid not in present and row.status != EventStatus.CANCELLED:
                row.status, row.cancelled_at, row.updated_at = EventStatus.CANCELLED, now, now
                row.sequence += 1
                changed.append(row)
                report.add("cancelled", _("« %(title)s » (no longer in the source)") % {"title": row.title},
                           row.start)
    if progress:
        progress(total, total)
    if not dry_run:
        AgendaEvent.objects.bulk_create(created, batch_size=BATCH)
        AgendaEvent.objects.bulk_update(changed, WRITTEN_FIELDS, batch_size=BATCH)
    report.duration = round(budget.elapsed, 3)
    return report
