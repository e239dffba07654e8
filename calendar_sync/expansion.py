"""The occurrences of events in a period: recurring masters expanded by their RRULE (dateutil's
reading of RFC 5545, in wall-clock time of the event's zone), EXDATEs removed, RDATEs added, and
changed occurrences (same UID, RECURRENCE-ID) put in place of the ones they replace. Pure
functions on calendar_sync.events.CalendarEvent: no database.

Expansion is always bounded: `limit` occurrences per series at most, so no rule (however
hostile) makes a page or a feed do unbounded work."""

import dataclasses
import datetime as dt
from itertools import islice

from dateutil.rrule import rruleset, rrulestr
from django.conf import settings

from .events import CalendarEvent
from .recurrence import local_zone


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(local_zone())


def local_rule(rrule: str) -> str:
    """The RRULE with its UNTIL in local wall-clock time, as the naive local DTSTART it is read
    from needs: a UTC UNTIL (…Z, what RFC 5545 asks for) converted, a bare date read as the end of
    that day (inclusive, as calendar apps read it)."""
    parts = []
    for part in rrule.strip().removeprefix("RRULE:").split(";"):
        name, _sep, value = part.partition("=")
        if name.upper() == "UNTIL":
            value = value.strip()
            if len(value) == 8:
                value += "T235959"
            elif value.upper().endswith("Z"):
                moment = dt.datetime.strptime(value[:15], "%Y%m%dT%H%M%S").replace(tzinfo=dt.UTC)
                value = _local(moment).strftime("%Y%m%dT%H%M%S")
        parts.append(f"{name}={value}" if _sep else name)
    return ";".join(part for part in parts if part)


def occurrence_starts(event: CalendarEvent, *, until: dt.datetime, limit: int) -> list[dt.datetime]:
    """The starts (aware, local zone) of a recurring event's occurrences that begin before `until`,
    at most `limit` of them; a single event gives its own start. RFC 5545: DTSTART is the first
    occurrence, EXDATE removes starts, RDATE adds some."""
    start = _local(event.start)
    if not event.is_recurring:
        return [start] if start < until else []
    rules = rruleset()
    if event.rrule:
        # A naive local DTSTART steps in wall-clock time: 14:00 stays 14:00 across DST changes.
        rules.rrule(rrulestr(local_rule(event.rrule), dtstart=start.replace(tzinfo=None)))
    else:
        rules.rdate(start.replace(tzinfo=None))
    for extra in event.rdates:
        rules.rdate(_local(extra).replace(tzinfo=None))
    for excluded in event.exdates:
        rules.exdate(_local(excluded).replace(tzinfo=None))
    zone = local_zone()
    naive_until = _local(until).replace(tzinfo=None)
    starts = []
    for moment in islice(rules, limit):
        if moment >= naive_until:
            break
        starts.append(moment.replace(tzinfo=zone))
    return starts


def _shifted(event: CalendarEvent, start: dt.datetime) -> CalendarEvent:
    if event.all_day:
        # All-day events last whole days, whatever the DST change between them.
        days = (_local(event.end).date() - _local(event.start).date()).days
        end = dt.datetime.combine(start.date() + dt.timedelta(days=days), dt.time(0), tzinfo=start.tzinfo)
    else:
        end = start + (event.end - event.start)
    return dataclasses.replace(event, start=start, end=end, rrule="", exdates=(), rdates=(),
                               recurrence_id=start if event.is_recurring else None)


def expand(events: list[CalendarEvent], start: dt.datetime, end: dt.datetime, *,
           limit: int | None = None) -> list[CalendarEvent]:
    """Every occurrence meeting [start, end), sorted by start then title. An occurrence replaced by
    an override (same uid, recurrence_id = its start) gives way to it; overrides are kept when they
    meet the period themselves. Each occurrence carries its start as `recurrence_id` when it comes
    from a rule, so it can be told apart (and linked to) on its own."""
    limit = limit or settings.CALENDAR_IMPORT_MAX_OCCURRENCES
    overrides = {(event.uid, event.recurrence_id.astimezone(dt.UTC)): event
                 for event in events if event.recurrence_id is not None}
    shown = []
    for event in events:
        if event.recurrence_id is not None:
            continue
        for moment in occurrence_starts(event, until=end, limit=limit):
            occurrence = overrides.pop((event.uid, moment.astimezone(dt.UTC)), None) or _shifted(event, moment)
            if occurrence.start < end and occurrence.end > start:
                shown.append(occurrence)
    # Overrides whose master is elsewhere or whose occurrence fell outside the period.
    shown += [event for event in overrides.values() if event.start < end and event.end > start]
    return sorted(shown, key=lambda event: (event.start, event.title, event.uid))


def last_end(*, start: dt.datetime, end: dt.datetime, rrule: str, rdates=(), exdates=(),
             limit: int | None = None) -> dt.datetime | None:
    """The end of the last occurrence of a rule (stored as AgendaEvent.repeats_until), or None when
    the rule never ends (no UNTIL nor COUNT): such a master is then looked at in every period."""
    if rrule and "UNTIL=" not in rrule.upper() and "COUNT=" not in rrule.upper():
        return None
    probe = CalendarEvent(uid="probe", title="", start=start, end=end, rrule=rrule, rdates=tuple(rdates),
                          exdates=tuple(exdates))
    far = start + dt.timedelta(days=365 * 50)
    starts = occurrence_starts(probe, until=far, limit=limit or settings.CALENDAR_IMPORT_MAX_OCCURRENCES)
    return (max(starts) + (end - start)) if starts else end
