"""Reading an .ics file into plain events, with every guard BEFORE the parser sees it.

Guards, cheapest first: size, number of BEGIN: lines, BEGIN/END balance (a component never
closed is named), then the encoding (UTF-8, else Windows-1252 with a warning). Then icalendar
parses, x-wr-timezone turns Google's X-WR-TIMEZONE floating times into zoned ones, and each
VEVENT becomes a ParsedEvent: aware times (Windows zone names mapped to Olson ones, floating
times read in the network's zone), all-day days as local midnights with an exclusive end, the
recurrence kept as RFC 5545 holds it, the description as clean HTML. Anything broken refuses the
whole file with a message naming the component: an import is all or nothing."""

import dataclasses
import datetime as dt
import hashlib
import re
import time
from itertools import islice
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import x_wr_timezone
from dateutil.rrule import rrulestr
from django.conf import settings
from django.utils.formats import number_format
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from intranet.text import clean_html, clean_line

from ..expansion import local_rule
from ..recurrence import local_zone

UTF8_BOM = b"\xef\xbb\xbf"
_BEGIN_LINE = re.compile(rb"^BEGIN:", re.IGNORECASE | re.MULTILINE)
# Scripts, styles and a document's head go with their content: their text means nothing to a reader.
_SCRIPT_BLOCK = re.compile(r"<\s*(script|style|head|title)\b[^>]*>.*?(<\s*/\s*\1\s*>|$)",
                           re.IGNORECASE | re.DOTALL)
_DOCTYPE = re.compile(r"<!DOCTYPE[^>]*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(\s[^>]*)?/?\s*>")
REFUSED_FREQUENCIES = {"SECONDLY", "MINUTELY"}
STATUSES = {"CONFIRMED", "TENTATIVE", "CANCELLED"}


class ImportRefused(Exception):
    """The file cannot be imported; `message` (translated) names the component and the problem.
    Nothing has been written when it is raised."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Budget:
    """The time an import may take (CALENDAR_IMPORT_TIME_BUDGET_SECONDS), checked while it works."""

    def __init__(self, seconds: float | None = None):
        self.started = time.monotonic()
        limit = seconds if seconds is not None else settings.CALENDAR_IMPORT_TIME_BUDGET_SECONDS
        self.deadline = self.started + limit

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise ImportRefused(_("The file takes too long to read (more than %(seconds)d seconds): split it "
                                  "into smaller files.") % {"seconds": settings.CALENDAR_IMPORT_TIME_BUDGET_SECONDS})

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started


@dataclasses.dataclass
class ParsedEvent:
    uid: str
    title: str
    start: dt.datetime
    end: dt.datetime
    all_day: bool = False
    recurrence_id: dt.datetime | None = None
    location: str = ""
    description: str = ""
    url: str = ""
    rrule: str = ""
    exdates: list[str] = dataclasses.field(default_factory=list)
    rdates: list[str] = dataclasses.field(default_factory=list)
    status: str = "CONFIRMED"
    sequence: int = 0
    last_modified: dt.datetime | None = None
    private: bool = False
    uid_derived: bool = False

    @property
    def key(self) -> tuple[str, dt.datetime | None]:
        return (self.uid, self.recurrence_id)

    @property
    def label(self) -> str:
        """How reports name the event: its title and local start."""
        start = self.start.astimezone(local_zone())
        when = start.strftime("%d/%m/%Y") if self.all_day else start.strftime("%d/%m/%Y %H:%M")
        return f"« {self.title} » ({when})"


@dataclasses.dataclass
class ParsedCalendar:
    events: list[ParsedEvent]
    warnings: list[str]
    skipped: list[tuple[str, str]]  # (label, reason)
    name: str = ""


# --- guards before parsing ---------------------------------------------------------------------------


def megabytes(size: int, decimals: int | None = None) -> str:
    """A size in MB as the reader writes numbers (« 5 », « 50,0 »)."""
    if decimals is None:
        decimals = 0 if size % (1024 * 1024) == 0 else 1
    return number_format(size / 1024 / 1024, decimals)


def check_size(size: int) -> None:
    limit = settings.CALENDAR_IMPORT_MAX_BYTES
    if size > limit:
        raise ImportRefused(_("The file weighs %(size)s MB: calendar files of %(limit)s MB at most are accepted.")
                            % {"size": megabytes(size, 1), "limit": megabytes(limit)})


def check_component_count(data: bytes) -> None:
    limit = settings.CALENDAR_IMPORT_MAX_COMPONENTS
    count = len(_BEGIN_LINE.findall(data))
    if count > limit:
        raise ImportRefused(_("The file holds %(count)d components (events, time zones…): %(limit)d at most are "
                              "accepted. Split it into smaller files.") % {"count": count, "limit": limit})
    if count == 0 or not data.lstrip().upper().startswith(b"BEGIN:VCALENDAR"):
        raise ImportRefused(_("This is not a calendar file (.ics): it does not begin with BEGIN:VCALENDAR."))


def check_balance(text: str) -> None:
    """Every BEGIN:X closed by its END:X, in order; the first one left open is named with its line."""
    stack: list[tuple[str, int]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        head = line[:6].upper()
        if head.startswith("BEGIN:"):
            stack.append((line[6:].strip().upper(), number))
        elif head.startswith("END:"):
            name = line[4:].strip().upper()
            if not stack:
                raise ImportRefused(_("Line %(line)d closes a %(name)s component that was never opened.")
                                    % {"line": number, "name": name})
            opened, opened_at = stack.pop()
            if opened != name:
                raise ImportRefused(_("The %(name)s component opened line %(opened)d is never closed "
                                      "(line %(line)d closes %(other)s instead).")
                                    % {"name": opened, "opened": opened_at, "line": number, "other": name})
    if stack:
        opened, opened_at = stack[-1]
        raise ImportRefused(_("The %(name)s component opened line %(line)d is never closed (END:%(name)s is "
                              "missing): the file is cut short or damaged.") % {"name": opened, "line": opened_at})


def decode(data: bytes, warnings: list[str]) -> str:
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    warnings.append(_("The file is not in UTF-8: it was read as Windows-1252 (Western European). Check the "
                      "accents of the imported events."))
    return text


# --- values ------------------------------------------------------------------------------------------


def _zone_for(tzid: str | None) -> dt.tzinfo | None:
    """An Olson zone for a TZID: an Olson name itself, a Windows name (« Romance Standard Time »), or
    an Outlook-style name holding one ("(UTC+01:00) Brussels, Copenhagen, Madrid, Paris" is left to its
    VTIMEZONE)."""
    if not tzid:
        return None
    name = tzid.strip().strip('"')
    name = WINDOWS_TO_OLSON.get(name, name)
    name = name.removeprefix("/")  # "/Europe/Paris" from some old exporters
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _moment(prop, *, all_day_ok: bool = True) -> tuple[dt.datetime, bool]:
    """(aware datetime, is a date). A date becomes the local midnight of that day; a floating time is
    read in the network's zone; a zoned time gets an Olson zone when its TZID names one (so the wall
    clock follows today's rules), else the zone its VTIMEZONE describes."""
    value = prop.dt
    if isinstance(value, dt.datetime):
        tzid = prop.params.get("TZID")
        zone = _zone_for(tzid) if tzid else None
        if zone is not None:
            value = value.replace(tzinfo=zone)
        elif value.tzinfo is None:
            value = value.replace(tzinfo=local_zone())
        return value.astimezone(dt.UTC), False
    if isinstance(value, dt.date) and all_day_ok:
        return dt.datetime.combine(value, dt.time(0), tzinfo=local_zone()).astimezone(dt.UTC), True
    raise ValueError(value)


def _moments(prop) -> list[dt.datetime]:
    """Every moment of an EXDATE / RDATE (one property or several, each a list)."""
    props = prop if isinstance(prop, list) else [prop]
    moments = []
    for item in props:
        tzid = item.params.get("TZID")
        for value in item.dts:
            if tzid and "TZID" not in value.params:
                value.params["TZID"] = tzid
            if isinstance(value.dt, tuple):  # RDATE;VALUE=PERIOD: its start
                value = icalendar.vDDDTypes(value.dt[0])
            moments.append(_moment(value)[0])
    return moments


def _iso(moments: list[dt.datetime]) -> list[str]:
    return sorted({moment.astimezone(dt.UTC).isoformat() for moment in moments})


def _text(component, name: str) -> str:
    value = component.get(name)
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value) if value is not None else ""


def imported_html(html: str) -> str:
    """HTML from another calendar app (a whole Outlook document, Google's fragments): the wrapping and
    unknown tags dropped (their text kept), then the project's clean_html."""
    import bleach

    from intranet.text import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

    body = _DOCTYPE.sub("", _SCRIPT_BLOCK.sub("", html))
    return clean_html(bleach.clean(body, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, strip=True,
                                   strip_comments=True).strip())


def description_html(component) -> str:
    """X-ALT-DESC;FMTTYPE=text/html (Outlook), or HTML in DESCRIPTION (Google), cleaned; plain text
    escaped into paragraphs."""
    alternative = component.get("X-ALT-DESC")
    if alternative is not None and "html" in str(alternative.params.get("FMTTYPE", "")).lower():
        html = str(alternative)
        if html.strip():
            return imported_html(html)
    text = _text(component, "DESCRIPTION").strip()
    if not text:
        return ""
    if _HTML_TAG.search(text):
        return imported_html(text)
    return clean_html(linebreaks(escape(text)))


def _derived_uid(title: str, start: dt.datetime, end: dt.datetime, rrule: str, location: str) -> str:
    """A UID for an event that has none, from what it is: the same event in the next export gets the
    same one, so a re-import finds it."""
    digest = hashlib.sha256("\x1f".join([title, start.isoformat(), end.isoformat(), rrule, location])
                            .encode()).hexdigest()
    return f"import-{digest[:40]}@intranet-reseau"


def _check_rule(rule: str, start: dt.datetime, where: str) -> str:
    parts = {}
    for part in rule.split(";"):
        name, _sep, value = part.partition("=")
        parts[name.strip().upper()] = value.strip().upper()
    frequency = parts.get("FREQ", "")
    if frequency in REFUSED_FREQUENCIES:
        raise ImportRefused(_("%(where)s repeats every second or every minute (FREQ=%(freq)s): such rules are "
                              "refused.") % {"where": where, "freq": frequency})
    try:
        # Parsing and stepping a few occurrences catches a broken rule; islice keeps it bounded.
        list(islice(rrulestr(local_rule(rule), dtstart=start.astimezone(local_zone()).replace(tzinfo=None)), 3))
    except (ValueError, TypeError, OverflowError) as exc:
        raise ImportRefused(_("%(where)s has a recurrence rule that cannot be read (%(rule)s).")
                            % {"where": where, "rule": rule[:120]}) from exc
    return rule


def _where(component, number: int) -> str:
    summary = clean_line(_text(component, "SUMMARY"))[:80]
    name = component.name
    if summary:
        return _("The %(component)s « %(summary)s » (event %(number)d of the file)") % {
            "component": name, "summary": summary, "number": number}
    return _("The %(component)s number %(number)d of the file") % {"component": name, "number": number}


def read_event(component, number: int) -> ParsedEvent:
    where = _where(component, number)
    for name, error in component.errors:
        if name in {"DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "RRULE", "EXDATE", "RDATE", "DUE"}:
            raise ImportRefused(_("%(where)s has an invalid %(property)s: %(error)s")
                                % {"where": where, "property": name, "error": str(error)[:200]})
    if component.get("DTSTART") is None:
        raise ImportRefused(_("%(where)s has no start (DTSTART).") % {"where": where})
    try:
        start, all_day = _moment(component["DTSTART"])
        end = None
        if component.get("DTEND") is not None:
            end, _end_is_date = _moment(component["DTEND"])
        elif component.get("DURATION") is not None:
            end = start + component["DURATION"].dt
        recurrence_id = _moment(component["RECURRENCE-ID"])[0] if component.get("RECURRENCE-ID") is not None else None
        exdates = _iso(_moments(component["EXDATE"])) if component.get("EXDATE") is not None else []
        rdates = _iso(_moments(component["RDATE"])) if component.get("RDATE") is not None else []
    except (ValueError, TypeError, AttributeError, KeyError, OverflowError) as exc:
        raise ImportRefused(_("%(where)s has a date that cannot be read.") % {"where": where}) from exc
    if end is None or end <= start:
        # No end: one day for an all-day event (RFC 5545), an hour for a timed one.
        if all_day:
            local = start.astimezone(local_zone()).date() + dt.timedelta(days=1)
            end = dt.datetime.combine(local, dt.time(0), tzinfo=local_zone()).astimezone(dt.UTC)
        else:
            end = start + dt.timedelta(hours=1)
    rrule = ""
    rule_prop = component.get("RRULE")
    if rule_prop is not None:
        if isinstance(rule_prop, list):
            rule_prop = rule_prop[0]
        rrule = _check_rule(rule_prop.to_ical().decode(), start, where)
        if recurrence_id is not None:
            rrule = ""  # an override is not recurring itself
    title = clean_line(_text(component, "SUMMARY"))[:255] or _("(no title)")
    location = clean_line(_text(component, "LOCATION"))[:255]
    url = clean_line(_text(component, "URL"))
    if not re.match(r"^https?://", url, re.IGNORECASE) or len(url) > 500:
        url = ""
    status = _text(component, "STATUS").upper()
    try:
        sequence = max(0, int(str(component.get("SEQUENCE", 0))))
    except ValueError:
        sequence = 0
    last_modified = None
    if component.get("LAST-MODIFIED") is not None:
        try:
            last_modified = _moment(component["LAST-MODIFIED"])[0]
        except (ValueError, AttributeError):
            last_modified = None
    uid = clean_line(_text(component, "UID"))
    derived = not uid or len(uid) > 255
    if derived:
        uid = _derived_uid(title, start, end, rrule, location) if not uid else (
            "import-" + hashlib.sha256(uid.encode()).hexdigest()[:40] + "@intranet-reseau")
    return ParsedEvent(
        uid=uid, title=title, start=start, end=end, all_day=all_day, recurrence_id=recurrence_id,
        location=location, description=description_html(component), url=url, rrule=rrule,
        exdates=exdates if (rrule or rdates) else [], rdates=rdates, status=status if status in STATUSES else
        "CONFIRMED", sequence=min(sequence, 2**31 - 1), last_modified=last_modified,
        private=_text(component, "CLASS").upper() in {"PRIVATE", "CONFIDENTIAL"}, uid_derived=derived)


def read_calendar(data: bytes, *, budget: Budget | None = None) -> ParsedCalendar:
    """The events of an .ics file, or ImportRefused (translated, naming the problem)."""
    budget = budget or Budget()
    warnings: list[str] = []
    check_size(len(data))
    body = data[len(UTF8_BOM):] if data.startswith(UTF8_BOM) else data
    check_component_count(body)
    text = decode(body, warnings)
    check_balance(text)
    budget.check()
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise ImportRefused(_("The file cannot be read as a calendar: %(error)s") % {"error": str(exc)[:200]}) from exc
    if not calendars:
        raise ImportRefused(_("This is not a calendar file (.ics): it does not begin with BEGIN:VCALENDAR."))
    budget.check()
    events: list[ParsedEvent] = []
    skipped: list[tuple[str, str]] = []
    ignored: dict[str, int] = {}
    name = ""
    number = 0
    for calendar in calendars:
        name = name or clean_line(_text(calendar, "X-WR-CALNAME"))
        try:
            # Google: floating times meant in X-WR-TIMEZONE; converted to zoned ones before reading.
            calendar = x_wr_timezone.to_standard(calendar)
        except (ValueError, KeyError, AttributeError, ZoneInfoNotFoundError):
            warnings.append(_("The calendar's time zone (X-WR-TIMEZONE) is unknown: times without a zone are "
                              "read in Paris time."))
        for component in calendar.walk():
            if component.name in {"VCALENDAR", "VTIMEZONE", "STANDARD", "DAYLIGHT", "VALARM"}:
                continue
            if component.name != "VEVENT":
                ignored[component.name] = ignored.get(component.name, 0) + 1
                continue
            number += 1
            if number % 200 == 0:
                budget.check()
            events.append(read_event(component, number))
    for component_name, count in sorted(ignored.items()):
        warnings.append(ngettext("%(count)d %(component)s component (not an event) was ignored.",
                                 "%(count)d %(component)s components (not events) were ignored.", count)
                        % {"count": count, "component": component_name})
    events = _deduplicated(events, skipped)
    return ParsedCalendar(events=events, warnings=warnings, skipped=skipped, name=name)


def _deduplicated(events: list[ParsedEvent], skipped: list[tuple[str, str]]) -> list[ParsedEvent]:
    """One event per UID (+ RECURRENCE-ID): the highest SEQUENCE, then the latest LAST-MODIFIED, wins."""
    kept: dict[tuple, ParsedEvent] = {}
    floor = dt.datetime.min.replace(tzinfo=dt.UTC)
    for event in events:
        other = kept.get(event.key)
        if other is None:
            kept[event.key] = event
            continue
        newer = (event.sequence, event.last_modified or floor) > (other.sequence, other.last_modified or floor)
        loser = other if newer else event
        if newer:
            kept[event.key] = event
        skipped.append((loser.label, _("Another version of the same event (same UID) in the file replaces it.")))
    return list(kept.values())
