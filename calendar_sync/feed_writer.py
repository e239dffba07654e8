"""The iCalendar (RFC 5545) document of a feed: what calendar apps subscribe to.

Written by hand rather than through icalendar's objects because a room's feed holds thousands of
events and must answer in a few milliseconds; the tests parse every feed back with `icalendar` and
expand it with `recurring-ical-events` to hold it to the RFC.

What calendar apps need, and what this writes:
- CRLF line ends, lines folded at 75 octets (never inside a UTF-8 character), TEXT escaped;
- no METHOD (a feed is not an invitation: Outlook would otherwise offer to "accept" it);
- X-WR-CALNAME and NAME (RFC 7986), REFRESH-INTERVAL and X-PUBLISHED-TTL (how often to come back);
- single events in UTC; recurring events (and their changed occurrences) in local wall-clock time
  with TZID and the zone's VTIMEZONE, so a weekly 14:00 stays at 14:00 across daylight saving;
- all-day events as VALUE=DATE, DTEND the day after the last one;
- stable UIDs, DTSTAMP in UTC, SEQUENCE, LAST-MODIFIED, CREATED, STATUS (CANCELLED ones included:
  sources keep them a few days so calendar apps drop them), CLASS:PRIVATE."""

import datetime as dt
from collections.abc import Iterable
from functools import cache, lru_cache

from django.conf import settings
from django.utils import timezone

from .events import CalendarEvent
from .ical import PRODID
from .recurrence import local_zone

# The European Union's rules (since 1996): summer time from the last Sunday of March, 02:00, to the
# last Sunday of October, 03:00. Outlook and Google write the zone this way: two rules, no end date.
EU_ZONES = {"Europe/Paris", "Europe/Brussels", "Europe/Luxembourg", "Europe/Berlin", "Europe/Madrid",
            "Europe/Rome", "Europe/Amsterdam", "Europe/Zurich", "Europe/Monaco"}
EU_VTIMEZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:{tzid}\r\nX-LIC-LOCATION:{tzid}\r\n"
    "BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\n"
    "DTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n"
    "DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n"
    "END:VTIMEZONE\r\n")


@cache
def vtimezone(tzid: str) -> str:
    if tzid in EU_ZONES:
        return EU_VTIMEZONE.format(tzid=tzid)
    from icalendar import Timezone

    return Timezone.from_tzid(tzid).to_ical().decode().replace("\r\n", "\n").replace("\n", "\r\n")


def escape_text(value: str) -> str:
    """RFC 5545 3.3.11: backslash, semicolon, comma and line breaks escaped."""
    if "\\" not in value and ";" not in value and "," not in value and "\n" not in value and "\r" not in value:
        return value  # the common case, and the fast one
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """RFC 5545 3.1: content lines of at most 75 octets, continued on lines starting with a space;
    a UTF-8 character is never cut."""
    if len(line) <= 75 and (len(line) <= 18 or line.isascii()):  # the common case, and the fast one
        return line + "\r\n"
    data = line.encode()
    if len(data) <= 75:
        return line + "\r\n"
    parts, start, width = [], 0, 75
    while start < len(data):
        stop = min(start + width, len(data))
        while stop < len(data) and (data[stop] & 0xC0) == 0x80:  # a continuation byte: step back
            stop -= 1
        parts.append(data[start:stop].decode())
        start, width = stop, 74  # continuation lines lose one octet to the leading space
    return "\r\n ".join(parts) + "\r\n"


def _basic(m: dt.datetime) -> str:
    # %-formatting is the fastest of strftime, isoformat and f-strings here (three per event).
    return "%04d%02d%02dT%02d%02d%02d" % (m.year, m.month, m.day, m.hour, m.minute, m.second)  # noqa: UP031


def utc(moment: dt.datetime) -> str:
    # Times read from the database are already in UTC; subtracting the offset is cheaper than astimezone.
    offset = moment.utcoffset()
    return _basic(moment - offset if offset else moment) + "Z"


def local(moment: dt.datetime) -> str:
    return _basic(moment.astimezone(local_zone()))


def day(moment: dt.datetime) -> str:
    return moment.astimezone(local_zone()).strftime("%Y%m%d")


def _uses_zone(event: CalendarEvent) -> bool:
    return not event.all_day and (event.is_recurring or event.recurrence_id is not None)


def _when(name: str, moment: dt.datetime, event: CalendarEvent, tzid: str) -> str:
    if event.all_day:
        return f"{name};VALUE=DATE:{day(moment)}"
    if _uses_zone(event):
        return f"{name};TZID={tzid}:{local(moment)}"
    return f"{name}:{utc(moment)}"


def _moments(name: str, moments: Iterable[dt.datetime], event: CalendarEvent, tzid: str) -> str:
    moments = sorted(moments)
    if event.all_day:
        return f"{name};VALUE=DATE:" + ",".join(day(moment) for moment in moments)
    return f"{name};TZID={tzid}:" + ",".join(local(moment) for moment in moments)


# A feed repeats the same few places and categories on thousands of events (a room's feed: one of
# each): written and folded once.
@lru_cache(maxsize=4096)
def _shared_line(name: str, value: str) -> str:
    return fold(f"{name}:{escape_text(value)}")


@lru_cache(maxsize=256)
def _categories_line(categories: tuple[str, ...]) -> str:
    return fold("CATEGORIES:" + ",".join(escape_text(category) for category in categories))


def vevent(event: CalendarEvent, *, stamp: str, tzid: str) -> str:
    """One VEVENT, folded. Only the text properties can be long or hold non-ASCII characters: the
    others are written as they are (this runs thousands of times per feed)."""
    text = [fold(f"UID:{escape_text(event.uid)}")]
    lines = [f"DTSTAMP:{stamp}", _when("DTSTART", event.start, event, tzid), _when("DTEND", event.end, event, tzid)]
    if event.recurrence_id is not None:
        lines.append(_when("RECURRENCE-ID", event.recurrence_id, event, tzid))
    if event.rrule:
        text.append(fold("RRULE:" + event.rrule.strip().removeprefix("RRULE:")))
    if event.rdates:
        text.append(fold(_moments("RDATE", event.rdates, event, tzid)))
    if event.exdates:
        text.append(fold(_moments("EXDATE", event.exdates, event, tzid)))
    lines += [f"SEQUENCE:{event.sequence}", f"STATUS:{event.status}"]
    if event.all_day:
        lines.append("TRANSP:TRANSPARENT")  # a closure or a day-long event does not block the day
    if event.private:
        lines.append("CLASS:PRIVATE")
    if event.created is not None:
        lines.append(f"CREATED:{utc(event.created)}")
    if event.last_modified is not None:
        lines.append(f"LAST-MODIFIED:{utc(event.last_modified)}")
    text.append(fold(f"SUMMARY:{escape_text(event.title)}"))
    if event.location:
        text.append(_shared_line("LOCATION", event.location))
    if event.description:
        text.append(fold(f"DESCRIPTION:{escape_text(event.description)}"))
    if event.url:
        text.append(fold(f"URL:{event.url}"))
    if event.categories:
        text.append(_categories_line(event.categories))
    return "BEGIN:VEVENT\r\n" + "".join(text) + "\r\n".join(lines) + "\r\nEND:VEVENT\r\n"


def feed_document(*, name: str, events: Iterable[CalendarEvent], description: str = "",
                  now: dt.datetime | None = None) -> str:
    """The whole VCALENDAR of a feed (a str with CRLF line ends: encode it as UTF-8)."""
    tzid = settings.TIME_ZONE
    stamp = utc(now or timezone.now())
    refresh = f"PT{settings.CALENDAR_FEED_REFRESH_MINUTES // 60}H" if settings.CALENDAR_FEED_REFRESH_MINUTES % 60 == 0 \
        else f"PT{settings.CALENDAR_FEED_REFRESH_MINUTES}M"
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
            f"X-WR-CALNAME:{escape_text(name)}", f"NAME:{escape_text(name)}", f"X-WR-TIMEZONE:{tzid}",
            f"REFRESH-INTERVAL;VALUE=DURATION:{refresh}", f"X-PUBLISHED-TTL:{refresh}"]
    if description:
        head += [f"X-WR-CALDESC:{escape_text(description)}", f"DESCRIPTION:{escape_text(description)}"]
    body, zoned = [], False
    for event in events:
        zoned = zoned or _uses_zone(event)
        body.append(vevent(event, stamp=stamp, tzid=tzid))
    return "".join([*(fold(line) for line in head), vtimezone(tzid) if zoned else "", *body, "END:VCALENDAR\r\n"])
