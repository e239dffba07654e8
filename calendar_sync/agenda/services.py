"""Writes of the network agenda's events entered on the site (the importers and the sync write theirs
through their own services). Coordination only (permissions.can_edit_calendar); each change bumps
the iCalendar SEQUENCE so calendar apps take it, and the HTML description is cleaned (bleach)."""

import dataclasses
import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from intranet.errors import NotAllowed, Refused
from intranet.selectors import person_for_user
from intranet.text import clean_html, clean_line

from ..models import AgendaEvent, EventSource, EventStatus, Frequency, NetworkCalendar
from ..permissions import can_edit_calendar
from ..recurrence import RecurrenceRule, aware, local_zone, rrule_dates

NO_REPEAT = "none"


@dataclasses.dataclass(frozen=True)
class Repeat:
    """How an event entered on the site repeats: `frequency` one of Frequency's values (or "none"),
    ended by a last date (`until`, inclusive) or a number of occurrences (`count`)."""

    frequency: str = NO_REPEAT
    until: dt.date | None = None
    count: int | None = None

    @property
    def repeats(self) -> bool:
        return self.frequency != NO_REPEAT


def _check_allowed(by, calendar: NetworkCalendar) -> None:
    if not can_edit_calendar(by, calendar):
        raise NotAllowed(_("Only the coordination adds or changes events of the network agenda."))


def _local_midnight(day: dt.date) -> dt.datetime:
    return aware(day, dt.time(0))


def _all_day_bounds(start: dt.datetime, end: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """An all-day event from the local midnight of its first day to the local midnight after its
    last day: an end already at a local midnight is kept, any other end counts its whole day."""
    first = timezone.localtime(start, local_zone()).date()
    local_end = timezone.localtime(end, local_zone())
    last_midnight = local_end.date() if local_end.time() == dt.time(0) else local_end.date() + dt.timedelta(days=1)
    return _local_midnight(first), _local_midnight(max(last_midnight, first + dt.timedelta(days=1)))


def _rrule(repeat: Repeat, start: dt.datetime, end: dt.datetime) -> str:
    """The RRULE of the repetition, read from `start`; refused when it has no end or goes past the
    horizon the agenda expands (CALENDAR_IMPORT_HORIZON_DAYS, CALENDAR_IMPORT_MAX_OCCURRENCES)."""
    if not repeat.repeats:
        return ""
    if repeat.frequency not in Frequency.values:
        raise Refused(_("Choose how the event repeats."), field="frequency")
    if repeat.until is None and repeat.count is None:
        raise Refused(_("Say when the repetition ends: a last date or a number of occurrences."), field="until")
    if repeat.until is not None and repeat.count is not None:
        raise Refused(_("End the repetition by a last date or by a number of occurrences, not both."),
                      field="count")
    local_start, local_end = timezone.localtime(start, local_zone()), timezone.localtime(end, local_zone())
    max_count = settings.CALENDAR_IMPORT_MAX_OCCURRENCES
    horizon = local_start.date() + dt.timedelta(days=settings.CALENDAR_IMPORT_HORIZON_DAYS)
    if repeat.count is not None and not 1 <= repeat.count <= max_count:
        raise Refused(_("Between 1 and %(count)d occurrences.") % {"count": max_count}, field="count")
    if repeat.until is not None:
        if repeat.until < local_start.date():
            raise Refused(_("The last date comes before the first occurrence."), field="until")
        if repeat.until > horizon:
            raise Refused(_("The repetition may not go past %(date)s.") % {"date": date_format(horizon, "j F Y")},
                          field="until")
    rule = RecurrenceRule(frequency=repeat.frequency, first_date=local_start.date(),
                          start_time=local_start.time(), end_time=local_end.time(), until=repeat.until,
                          count=repeat.count)
    rrule = rule.to_rrule()
    dates = rrule_dates(rrule, first_start=local_start, limit=max_count + 1)
    if len(dates) > max_count or (dates and dates[-1] > horizon):
        raise Refused(_("The repetition may not go past %(date)s nor give more than %(count)d occurrences.")
                      % {"date": date_format(horizon, "j F Y"), "count": max_count},
                      field="count" if repeat.count is not None else "until")
    return rrule


def _apply(event: AgendaEvent, *, title: str, start: dt.datetime, end: dt.datetime, all_day: bool, location: str,
           description: str, url: str, library, repeat: Repeat | None) -> None:
    title = clean_line(title)
    if not title:
        raise Refused(_("Give the event a title."), field="title")
    if all_day:
        start, end = _all_day_bounds(start, end)
    if end <= start:
        raise Refused(_("The end must come after the start."), field="end")
    event.title, event.start, event.end, event.all_day = title, start, end, all_day
    event.location, event.url, event.library = clean_line(location), url.strip(), library
    event.description = clean_html(description)
    if repeat is not None:
        if event.recurrence_id is not None and repeat.repeats:
            raise Refused(_("A changed occurrence of a recurring event does not repeat itself."), field="frequency")
        event.rrule = _rrule(repeat, start, end)
        if not event.rrule:
            event.exdates, event.rdates = [], []
    if event.recurrence_id is None:
        event.compute_repeats_until()


@transaction.atomic
def agenda_event_create(*, by, calendar: NetworkCalendar, title: str, start: dt.datetime, end: dt.datetime,
                        all_day: bool = False, location: str = "", description: str = "", url: str = "",
                        library=None, repeat: Repeat | None = None) -> AgendaEvent:
    _check_allowed(by, calendar)
    if not calendar.active:
        raise Refused(_("This calendar is no longer in use."), field="calendar")
    now = timezone.now()
    event = AgendaEvent(calendar=calendar, source=EventSource.MANUAL, created_by=person_for_user(by),
                        created_at=now, updated_at=now, sequence=0)
    _apply(event, title=title, start=start, end=end, all_day=all_day, location=location, description=description,
           url=url, library=library, repeat=repeat or Repeat())
    event.save()
    return event


def _locked(event: AgendaEvent) -> AgendaEvent:
    return AgendaEvent.objects.select_for_update().select_related("calendar").get(pk=event.pk)


@transaction.atomic
def agenda_event_update(*, by, event: AgendaEvent, title: str, start: dt.datetime, end: dt.datetime,
                        all_day: bool = False, location: str = "", description: str = "", url: str = "",
                        library=None, calendar: NetworkCalendar | None = None,
                        repeat: Repeat | None = None) -> AgendaEvent:
    """Change an event (a single one, a recurring master and its rule, or one changed occurrence).
    `repeat` None keeps the rule as it is; `calendar` moves it to another calendar."""
    _check_allowed(by, event.calendar)
    event = _locked(event)
    if event.is_cancelled:
        raise Refused(_("A cancelled event cannot be changed."))
    if calendar is not None and calendar.pk != event.calendar_id:
        _check_allowed(by, calendar)
        if not calendar.active:
            raise Refused(_("This calendar is no longer in use."), field="calendar")
        if AgendaEvent.objects.filter(calendar=calendar, uid=event.uid).exists():
            raise Refused(_("That calendar already holds this event."), field="calendar")
        if event.recurrence_id is None and AgendaEvent.objects.filter(calendar=event.calendar, uid=event.uid,
                                                                      recurrence_id__isnull=False).exists():
            raise Refused(_("A recurring event with changed occurrences stays in its calendar."), field="calendar")
        event.calendar = calendar
    _apply(event, title=title, start=start, end=end, all_day=all_day, location=location, description=description,
           url=url, library=library, repeat=repeat)
    event.sequence += 1
    event.updated_at = timezone.now()
    event.save()
    return event


@transaction.atomic
def agenda_event_cancel(*, by, event: AgendaEvent) -> AgendaEvent:
    """Cancel an event (a recurring master: the whole series). Feeds keep it as STATUS:CANCELLED for
    CALENDAR_FEED_KEEP_CANCELLED_DAYS, so calendar apps drop it."""
    _check_allowed(by, event.calendar)
    event = _locked(event)
    if event.is_cancelled:
        raise Refused(_("This event was already cancelled."))
    now = timezone.now()
    event.status, event.cancelled_at = EventStatus.CANCELLED, now
    event.sequence += 1
    event.updated_at = now
    event.save(update_fields=["status", "cancelled_at", "sequence", "updated_at"])
    return event
