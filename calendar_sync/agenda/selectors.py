"""Reads of the network agenda: the occurrences a reader may see in a period, merged from every
event source (calendar_sync.events) and expanded (calendar_sync.expansion), then laid out as a
month grid, a week or a list. Each source costs a constant number of queries; calendar_sync's own
sources get the calendar and library filters in their query."""

import dataclasses
import datetime as dt
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from intranet.models import Library

from .. import sources
from ..events import CalendarEvent, EventSource, event_sources
from ..expansion import expand
from ..permissions import calendars_readable_by
from ..recurrence import aware, local_zone

# A month cell shows this many occurrences, then « and N more » (the week view shows them all).
MONTH_CELL_SHOWN = 4
LIST_WEEKS = 4
LIST_MAX_WEEKS = 12
LIST_PER_PAGE = 30


@dataclasses.dataclass(frozen=True)
class AgendaFilters:
    """What the reader asked for. `calendars`: slugs of the network calendars kept (None: all that
    they may read); `sources`: keys of the event sources kept; `library`: events of that library only."""

    sources: frozenset[str]
    calendars: frozenset[str] | None = None
    library: Library | None = None


def readable_calendars(user) -> list:
    return list(calendars_readable_by(user).only("pk", "name", "slug", "colour").order_by("name", "pk"))


def agenda_sources() -> list[EventSource]:
    return sorted(event_sources(), key=lambda source: (source.order, source.key))


def default_source_keys() -> frozenset[str]:
    return frozenset(source.key for source in agenda_sources() if not source.optional)


def find_library(text: str) -> Library | None:
    """The library a typed name (or town) means: an exact name first, else the first by name that
    contains it, accents and case aside where the slug spells the name. One query."""
    text = " ".join((text or "").split())
    if not text:
        return None
    matches = Q(name__icontains=text) | Q(commune__icontains=text)
    if slug := slugify(text):
        matches |= Q(slug__contains=slug)
    found = list(Library.objects.filter(matches).only("pk", "name", "slug").order_by("name", "pk")[:20])
    exact = [library for library in found if library.name.casefold() == text.casefold()]
    return (exact or found or [None])[0]


def _source_events(source: EventSource, user, start, end, filters: AgendaFilters) -> list[CalendarEvent]:
    library = filters.library
    if source.key == sources.NETWORK_EVENTS:
        events = sources.network_events_between(user, start, end)
        if filters.calendars is not None:
            events = events.filter(calendar__slug__in=sorted(filters.calendars))
        if library is not None:
            events = events.filter(library=library)
        return [sources.agenda_event(event) for event in events]
    if source.key == sources.ROOM_BOOKINGS:
        bookings = sources.bookings_between(start, end)
        if library is not None:
            bookings = bookings.filter(room__library=library)
        return [sources.booking_event(booking, user) for booking in bookings]
    return source.visible(user, start, end)


def unique(events: list[CalendarEvent]) -> list[CalendarEvent]:
    """The first of events with the same UID and RECURRENCE-ID (a training session is a room booking
    too: the source listed first names it)."""
    seen, kept = set(), []
    for event in events:
        key = (event.uid, event.recurrence_id)
        if key not in seen:
            seen.add(key)
            kept.append(event)
    return kept


def occurrences_between(user, start: dt.datetime, end: dt.datetime, filters: AgendaFilters) -> list[CalendarEvent]:
    """Every occurrence meeting [start, end) of the sources kept, as the user may see them, cancelled
    ones left out, sorted by start. Room bookings only with a library filter."""
    events = []
    for source in agenda_sources():
        if source.key == sources.ROOM_BOOKINGS and filters.library is None:
            continue  # every room of the network would make the page grow with it: one library at a time
        if source.key in filters.sources:
            events += _source_events(source, user, start, end, filters)
    shown = [event for event in expand(unique(events), start, end) if not event.cancelled]
    if filters.library is not None:
        shown = [event for event in shown if event.library_id == filters.library.pk]
    return shown


# --- layouts -----------------------------------------------------------------------------------


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def day_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """From the local midnight of `first` to the local midnight after `last`."""
    return aware(first, dt.time(0)), aware(last + dt.timedelta(days=1), dt.time(0))


def _local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment, local_zone()).date()


def by_day(occurrences: list[CalendarEvent], first: dt.date, last: dt.date) -> dict[dt.date, list[CalendarEvent]]:
    """Each day of [first, last] with the occurrences that meet it (an event over several days is
    on each of them; an end at midnight is not on the next day)."""
    days: dict[dt.date, list[CalendarEvent]] = defaultdict(list)
    for event in occurrences:
        day = max(_local_date(event.start), first)
        end = timezone.localtime(event.end, local_zone())
        last_day = min(end.date() - dt.timedelta(days=1) if end.time() == dt.time(0) else end.date(), last)
        while day <= last_day:
            days[day].append(event)
            day += dt.timedelta(days=1)
    return days


@dataclasses.dataclass(frozen=True)
class DayCell:
    day: dt.date
    events: list[CalendarEvent]
    in_month: bool
    is_today: bool

    @property
    def shown(self) -> list[CalendarEvent]:
        return self.events[:MONTH_CELL_SHOWN]

    @property
    def more(self) -> int:
        return max(0, len(self.events) - MONTH_CELL_SHOWN)


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    """First Monday on or before the 1st, last Sunday on or after the month's last day."""
    first_of_month = month.replace(day=1)
    next_month = (first_of_month + dt.timedelta(days=32)).replace(day=1)
    first = week_start(first_of_month)
    last = week_start(next_month - dt.timedelta(days=1)) + dt.timedelta(days=6)
    return first, last


def month_grid(user, month: dt.date, filters: AgendaFilters) -> list[list[DayCell]]:
    first, last = month_bounds(month)
    start, end = day_bounds(first, last)
    days = by_day(occurrences_between(user, start, end, filters), first, last)
    today = timezone.localdate()
    weeks, day = [], first
    while day <= last:
        weeks.append([DayCell(day + dt.timedelta(days=offset), days.get(day + dt.timedelta(days=offset), []),
                              (day + dt.timedelta(days=offset)).month == month.month,
                              day + dt.timedelta(days=offset) == today) for offset in range(7)])
        day += dt.timedelta(days=7)
    return weeks


def week_days(user, monday: dt.date, filters: AgendaFilters) -> list[DayCell]:
    sunday = monday + dt.timedelta(days=6)
    start, end = day_bounds(monday, sunday)
    days = by_day(occurrences_between(user, start, end, filters), monday, sunday)
    today = timezone.localdate()
    return [DayCell(monday + dt.timedelta(days=offset), days.get(monday + dt.timedelta(days=offset), []), True,
                    monday + dt.timedelta(days=offset) == today) for offset in range(7)]


def list_occurrences(user, first: dt.date, weeks: int, filters: AgendaFilters) -> list[CalendarEvent]:
    """The occurrences from `first` for `weeks` weeks (the list view pages through them)."""
    start, end = day_bounds(first, first + dt.timedelta(days=7 * weeks - 1))
    return occurrences_between(user, start, end, filters)
