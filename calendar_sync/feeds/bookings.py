"""Room bookings as a feed publishes them: a series as ONE recurring master (BookingSeries.rrule
from its first date at its start time) with an EXDATE for each rule date that has no active
booking, a RECURRENCE-ID override for each occurrence that differs from the rule (times, title,
status, privacy), and a stand-alone event for each booking moved off the rule's dates; single
bookings as themselves. Expanding the feed gives exactly the active bookings of the database.

Built from `values_list()` rows, not model instances (a room's feed holds thousands of bookings),
with the privacy rule applied in SQL (permissions.private_details_visible_to, the filter form of
can_see_private_details): no query per booking."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, Case, CharField, Count, Max, Q, Value, When
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext as _

from ..events import CalendarEvent
from ..expansion import occurrence_starts
from ..models import ACTIVE_STATUSES, Booking, BookingSeries, BookingStatus, Room
from ..permissions import private_details_visible_to
from ..recurrence import aware, local_zone
from ..sources import ROOM_BOOKINGS

# A series is bounded by its own rules (BOOKING_SERIES_MAX_OCCURRENCES); this only guards the loop.
SERIES_EXPANSION_LIMIT = 1000

# Row positions below: 0 pk, 1 ical_uid, 2 title, 3 start, 4 end, 5 status, 6 is_private, 7 note,
# 8 sequence, 9 updated_at, 10 series_id, 11 room_id, 12 details_visible. The rooms (a handful)
# are read apart: joining them would repeat their names on every row.
FIELDS = ("pk", "ical_uid", "title", "start", "end", "status", "is_private", "note", "sequence", "updated_at",
          "series_id", "room_id", "details_visible")


@dataclass(frozen=True)
class Window:
    start: dt.datetime
    end: dt.datetime
    now: dt.datetime

    @property
    def kept_cancelled_since(self) -> dt.datetime:
        return self.now - dt.timedelta(days=settings.CALENDAR_FEED_KEEP_CANCELLED_DAYS)


def feed_window(now: dt.datetime) -> Window:
    """From CALENDAR_FEED_PAST_DAYS ago to as far as anything is booked or planned."""
    return Window(start=now - dt.timedelta(days=settings.CALENDAR_FEED_PAST_DAYS),
                  end=now + dt.timedelta(days=5 * 366), now=now)


def feed_bookings(scope: Q, window: Window):
    """The bookings a feed needs: those of the scope in the window, active or cancelled (rejected)
    within the kept days (the cancellation date of a booking is its last change), and every
    booking of the series met, whatever its date, so the series' master is written whole."""
    in_window = Booking.objects.filter(scope, start__lt=window.end, end__gt=window.start)
    shown = Q(status__in=ACTIVE_STATUSES) | Q(updated_at__gte=window.kept_cancelled_since)
    series = in_window.filter(series__isnull=False).values("series_id")
    return Booking.objects.filter(scope).filter((Q(start__lt=window.end, end__gt=window.start) & shown)
                                                | Q(series_id__in=series))


def fingerprint(scope: Q, window: Window) -> tuple[int, dt.datetime | None]:
    """How many rows and their latest change: one query, what the ETag is made of."""
    found = feed_bookings(scope, window).aggregate(count=Count("pk"), changed=Max("updated_at"))
    return found["count"], found["changed"]


DATETIME_COLUMNS = tuple(FIELDS.index(name) for name in ("start", "end", "updated_at"))


def _moment(value) -> dt.datetime:
    """A datetime column as the driver gives it: an aware datetime (PostgreSQL) or the text of a
    UTC time (SQLite), read with the C parser rather than Django's converters (3 per row)."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    return dt.datetime.fromisoformat(value + "+00:00")  # six times faster than .replace(tzinfo=UTC)


def _rows(scope: Q, window: Window, viewer) -> list[tuple]:
    rule = private_details_visible_to(viewer)
    # An empty Q: the viewer sees every booking's details (Coordination).
    visible = Case(When(rule, then=Value(True)), default=Value(False), output_field=BooleanField()) if rule \
        else Value(True, output_field=BooleanField())
    fields = list(FIELDS)
    query = feed_bookings(scope, window).annotate(details_visible=visible)
    if connection.vendor == "sqlite":
        # SQLite stores datetimes as text, and its driver would run Django's parser on each of them
        # (15,000 for a big room): read the text and parse it with the C parser below instead.
        query = query.annotate(**{f"{name}_text": Cast(name, CharField()) for name in ("start", "end", "updated_at")})
        fields = [f"{name}_text" if name in ("start", "end", "updated_at") else name for name in fields]
    query = query.order_by("start", "pk").values_list(*fields)
    # Thousands of rows: the cursor's tuples as they are, the datetimes parsed here.
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    columns = DATETIME_COLUMNS
    converted = []
    for row in rows:
        row = list(row)
        for column in columns:
            row[column] = _moment(row[column])
        converted.append(tuple(row))
    return converted


# CalendarEvent is a frozen dataclass of 24 fields: its __init__ costs more than writing the event
# (about 15 µs, 75 ms for a room of 5,000). A feed's events are built by filling a copy of a
# default one's fields instead: the same object, equal to what the constructor gives.
_DEFAULTS = CalendarEvent(uid="", title="", start=dt.datetime.min, end=dt.datetime.min).__dict__


def _event(**values) -> CalendarEvent:
    event = object.__new__(CalendarEvent)
    fields = event.__dict__
    fields.update(_DEFAULTS)
    fields.update(values)
    return event


class _Writer:
    """Turns rows into CalendarEvents with the strings every event shares computed once."""

    def __init__(self, rooms: dict[int, tuple]):
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        self.url_head, _sep, self.url_tail = (base + reverse("calendar_sync:booking", kwargs={"pk": 7})).rpartition("7")
        self.reserved = _("Reserved")
        self.categories = (_("Room booking"),)
        # room id -> (location, colour, label, library id)
        self.rooms = {pk: (f"{name}, {library}", colour, name, library_id)
                      for pk, (name, colour, library_id, library) in rooms.items()}

    def shown(self, row) -> tuple[str, str, bool, bool]:
        """(title, description, private, tentative) as the viewer may see them."""
        visible = row[12]
        return (row[2] if visible else self.reserved, row[7] if visible else "", bool(row[6]),
                row[5] == BookingStatus.PENDING)

    def event(self, row, *, uid: str | None = None, recurrence_id: dt.datetime | None = None,
              cancelled: bool = False) -> CalendarEvent:
        title, description, private, tentative = self.shown(row)
        location, colour, label, library_id = self.rooms[row[11]]
        return _event(
            uid=uid or row[1], title=title, start=row[3], end=row[4], url=f"{self.url_head}{row[0]}{self.url_tail}",
            location=location, description=description, sequence=row[8], cancelled=cancelled,
            source=ROOM_BOOKINGS, categories=self.categories, tentative=tentative, private=private,
            recurrence_id=recurrence_id, last_modified=row[9], colour=colour, calendar_label=label,
            library_id=library_id)


def series_uid(series_pk: int) -> str:
    return f"booking-series-{series_pk}@intranet-reseau"


def booking_feed_events(scope: Q, window: Window, viewer) -> list[CalendarEvent]:
    """The events of a bookings feed: `scope` picks the bookings (a room, a library's rooms, an
    organizer), `viewer` is whom the titles of private bookings are shown to."""
    rows = _rows(scope, window, viewer)
    rooms = Room.objects.filter(pk__in={row[11] for row in rows}).values_list("pk", "name", "colour", "library_id",
                                                                             "library__name")
    writer = _Writer({pk: rest for pk, *rest in rooms})
    events, by_series = [], defaultdict(list)
    for row in rows:
        if row[10] is not None:
            by_series[row[10]].append(row)
        elif row[5] in ACTIVE_STATUSES:
            events.append(writer.event(row))
        else:
            events.append(writer.event(row, cancelled=True))
    if by_series:
        series_rows = BookingSeries.objects.filter(pk__in=list(by_series)).values_list(
            "pk", "rrule", "first_date", "start_time", "end_time")
        for pk, rrule, first_date, start_time, end_time in series_rows:
            events += _series_events(writer, by_series[pk], uid=series_uid(pk), rrule=rrule,
                                     first_start=aware(first_date, start_time), first_end=aware(first_date, end_time),
                                     window=window)
    return events


def _series_events(writer: _Writer, rows: list[tuple], *, uid: str, rrule: str, first_start: dt.datetime,
                   first_end: dt.datetime, window: Window) -> list[CalendarEvent]:
    zone = local_zone()
    active = [row for row in rows if row[5] in ACTIVE_STATUSES]
    last_change = max(row[9] for row in rows)
    sequence = max(row[8] for row in rows)
    if not active:
        # A whole series cancelled: said once, for the kept days, then gone.
        if last_change < window.kept_cancelled_since:
            return []
        master = writer.event(rows[0], uid=uid, cancelled=True)
        return [_as_master(master, rrule=rrule, start=first_start, end=first_end, exdates=(), sequence=sequence,
                           last_change=last_change)]
    # What the rule's occurrences look like: the most common of the active bookings.
    shown = Counter(writer.shown(row) for row in active).most_common(1)[0][0]
    start_time, end_time = first_start.time(), first_end.time()
    by_day = defaultdict(list)
    for row in active:
        by_day[row[3].astimezone(zone).date()].append(row)
    probe = CalendarEvent(uid=uid, title="", start=first_start, end=first_end, rrule=rrule)
    far = first_start + dt.timedelta(days=10 * 366)
    exdates, overrides, matched = [], [], set()
    for moment in occurrence_starts(probe, until=far, limit=SERIES_EXPANSION_LIMIT):
        candidates = by_day.get(moment.date())
        if not candidates:
            exdates.append(moment)
            continue
        # The booking at the rule's times if there is one, else the first of the day.
        row = next((row for row in candidates if _at_rule_times(row, start_time, end_time, zone)), candidates[0])
        candidates.remove(row)
        matched.add(row[0])
        if not (_at_rule_times(row, start_time, end_time, zone) and writer.shown(row) == shown):
            overrides.append(writer.event(row, uid=uid, recurrence_id=moment))
    representative = next(row for row in active if writer.shown(row) == shown)
    master = _as_master(writer.event(representative, uid=uid), rrule=rrule, start=first_start, end=first_end,
                        exdates=tuple(exdates), sequence=sequence, last_change=last_change)
    moved = [writer.event(row) for row in active if row[0] not in matched]
    return [master, *overrides, *moved]


def _at_rule_times(row, start_time: dt.time, end_time: dt.time, zone) -> bool:
    start, end = row[3].astimezone(zone), row[4].astimezone(zone)
    return start.time() == start_time and end.time() == end_time and end.date() == start.date()


def _as_master(event: CalendarEvent, *, rrule, start, end, exdates, sequence, last_change) -> CalendarEvent:
    from dataclasses import replace

    return replace(event, start=start, end=end, rrule=rrule, exdates=exdates, sequence=sequence,
                   last_modified=last_change, url="")
