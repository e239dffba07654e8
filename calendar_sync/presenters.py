"""What the room pages show, computed without a request: labels of times and conflicts, links to
the booking form with a slot filled in, a room's week as a grid and the rooms of a day as
timelines. Plain functions and dataclasses (the views pass them the viewer and what they may do),
so that they are tested on their own and templates only print them."""

import datetime as dt
import hashlib
from dataclasses import dataclass, fields
from functools import cache
from urllib.parse import urlencode

from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from intranet.caching import cached_many

from .forms import SLOT_FIELDS
from .models import Booking, BookingStatus, Room
from .opening import is_open_day
from .recurrence import aware
from .selectors import WeekView, rooms_with_details


def hhmm(moment: dt.datetime) -> str:
    """« 14:00 », as the time filter's "H:i" writes it; strftime is ten times cheaper, and the week
    asks for it some 200 times."""
    return timezone.localtime(moment).strftime("%H:%M")


class Shown:
    """A presenter dataclass read by templates: Django tries `item[name]` before `item.name`, and
    the exception a dataclass raises there cost a fifth of the week page (some 300 lookups)."""

    def __getitem__(self, name: str):
        return getattr(self, name)


# --- labels -----------------------------------------------------------------------------------

def when(start: dt.datetime, end: dt.datetime) -> str:
    """« lundi 10 mars 2025, 14:00–16:00 »."""
    return _("%(day)s, %(start)s–%(end)s") % {
        "day": date_format(timezone.localtime(start), "l j F Y"), "start": hhmm(start), "end": hhmm(end)}


def conflict_message(blocking: Booking | None, viewer) -> str:
    """Why a slot cannot be booked: the booking in the way, as the viewer may see it."""
    if blocking is None:
        return _("This slot has just been taken by someone else. Choose another time.")
    return _("This slot is already taken: « %(title)s » from %(start)s to %(end)s by %(organizer)s.") % {
        "title": blocking.title_for(viewer), "start": hhmm(blocking.start), "end": hhmm(blocking.end),
        "organizer": blocking.organizer.full_name}


def series_conflict_message(conflicts, viewer) -> str:
    """`conflicts`: (start, end, blocking booking) of each date of a series that is taken."""
    if not conflicts:
        return _("Some dates have just been taken by someone else. Look at the room's week and try again.")
    dates = "; ".join(
        _("%(when)s (« %(title)s » by %(organizer)s)") % {
            "when": when(start, end), "title": blocking.title_for(viewer), "organizer": blocking.organizer.full_name}
        for start, end, blocking in conflicts)
    return ngettext("This date is already taken: %(dates)s.", "These dates are already taken: %(dates)s.",
                    len(conflicts)) % {"dates": dates}


def dates_label(moments) -> str:
    """« lundi 10 mars 2025, lundi 17 mars 2025 »."""
    return ", ".join(date_format(timezone.localtime(moment), "l j F Y") for moment in moments)


# --- links to the booking form ----------------------------------------------------------------

def slot_query(start: dt.datetime, end: dt.datetime) -> dict[str, str]:
    """A slot as the booking form and the finder name it: its date, start and end (wall-clock)."""
    return dict(zip(SLOT_FIELDS, (timezone.localdate(start).isoformat(), hhmm(start), hhmm(end)), strict=True))


def book_url(room: "Room | RoomFacts", start: dt.datetime | None = None, end: dt.datetime | None = None) -> str:
    """The room's booking form, filled in with the slot when there is one."""
    return _with_slot(book_path(room), start, end)


def book_path(room: "Room | RoomFacts") -> str:
    return reverse("calendar_sync:book", kwargs={"slug": room.slug})


def _with_slot(url: str, start: dt.datetime | None, end: dt.datetime | None) -> str:
    return f"{url}?{urlencode(slot_query(start, end))}" if start and end else url


# --- the finder's cards ----------------------------------------------------------------------

ROOM_FACTS_TEMPLATE = "calendar_sync/includes/room_facts.html"
ROOM_FACTS_TEMPLATES = (ROOM_FACTS_TEMPLATE, "calendar_sync/includes/equipment.html")  # and what it includes


@dataclass(frozen=True)
class RoomFacts(Shown):
    """What a room card says about a room, the same for every reader: kept in the cache (« rooms »,
    forgotten when a room, its equipment, its groups or its library change, see signals.py) with
    its HTML already drawn, so a page of cards costs one cache read instead of two prefetches and
    twelve renderings."""

    pk: int
    slug: str
    name: str
    library_name: str
    url: str  # the room's week
    book_path: str  # its booking form
    active: bool
    allowed_groups: frozenset[str]
    html: SafeString  # name, library, capacity, access, approval, equipment

    def allowed_group_names(self) -> set[str]:
        """As Room.allowed_group_names(): what permissions.can_book asks, with `active`."""
        return set(self.allowed_groups)


@dataclass(frozen=True)
class RoomCard(Shown):
    room: RoomFacts
    url: str  # the room's week
    can_book: bool
    book_url: str  # the booking form, filled in with the slot searched if any


@cache
def _facts_version() -> str:
    """Part of the cache key: HTML drawn by an older version of the templates, or facts kept with
    other fields, are never read back."""
    sources = "".join(get_template(name).template.source for name in ROOM_FACTS_TEMPLATES)
    shape = ",".join(field.name for field in fields(RoomFacts))
    return hashlib.sha256(f"{sources}{shape}".encode()).hexdigest()[:12]


def _build_room_facts(room_ids: list[int]) -> dict[int, RoomFacts]:
    facts = {}
    for room in rooms_with_details().filter(pk__in=room_ids):
        url = room.get_absolute_url()
        facts[room.pk] = RoomFacts(
            pk=room.pk, slug=room.slug, name=room.name, library_name=room.library.name, url=url,
            book_path=book_path(room), active=room.active,
            allowed_groups=frozenset(room.allowed_group_names()),
            html=mark_safe(render_to_string(ROOM_FACTS_TEMPLATE, {"room": room, "url": url})))
    return facts


def room_facts(room_ids: list[int]) -> list[RoomFacts]:
    """The facts of these rooms, in this order (one cache read; the missing ones in two queries)."""
    found = cached_many("rooms", room_ids, _build_room_facts, get_language(), _facts_version())
    return [found[pk] for pk in room_ids if pk in found]


def room_card_labels(slot: tuple[dt.datetime, dt.datetime] | None) -> dict[str, str]:
    """The words of the cards' links (booking_tags.room_card), translated once for the page."""
    book = _("Book %(start)s–%(end)s") % {"start": hhmm(slot[0]), "end": hhmm(slot[1])} if slot else _("Book")
    return {"week": _("Week view"), "book": book}


def room_cards(room_ids, *, can_book, slot: tuple[dt.datetime, dt.datetime] | None) -> list[RoomCard]:
    """`room_ids`: the rooms of the page; `can_book(room)`: whether the viewer may book it."""
    query = f"?{urlencode(slot_query(*slot))}" if slot else ""  # the same for every card
    return [RoomCard(room=room, url=room.url, can_book=can_book(room), book_url=room.book_path + query)
            for room in room_facts(list(room_ids))]


# --- « Mes réservations » ------------------------------------------------------------------------

@dataclass(frozen=True)
class MyBookingRow(Shown):
    """A row of « Mes réservations », its words and links computed once (a page lists twenty)."""

    booking: Booking
    title: str  # as the viewer may see it
    url: str
    when: str  # « mar. 10 mars 2026, 14:00–16:00 »
    day: str  # « 10 mars », for the screen-reader text of its links
    room_url: str
    edit_url: str  # "" when it can no longer be changed
    cancel_url: str  # "" when it can no longer be cancelled


def my_booking_rows(bookings, *, viewer, now: dt.datetime) -> list[MyBookingRow]:
    rows = []
    for booking in bookings:
        start = timezone.localtime(booking.start)
        rows.append(MyBookingRow(
            booking=booking, title=booking.title_for(viewer), url=booking.get_absolute_url(),
            when=f"{date_format(start, 'D j M Y')}, {hhmm(booking.start)}–{hhmm(booking.end)}",
            day=date_format(start, "j F"), room_url=booking.room.get_absolute_url(),
            edit_url=reverse("calendar_sync:booking_edit", args=[booking.pk]) if booking.is_editable(now) else "",
            cancel_url=(reverse("calendar_sync:booking_cancel", args=[booking.pk])
                        if booking.is_cancellable(now) else "")))
    return rows


# --- a room's week ----------------------------------------------------------------------------

@dataclass(frozen=True)
class WeekItem(Shown):
    """A booking in an hour of the week; `continued` when it began in an earlier hour."""

    booking: Booking
    title: str
    continued: bool
    pending: bool
    url: str  # its page, or "" when the viewer may not open it


@dataclass(frozen=True)
class WeekCell(Shown):
    day: dt.date
    start: dt.datetime
    end: dt.datetime
    items: list[WeekItem]
    label: str  # « book lundi 10 mars 14:00–15:00 », for screen readers
    book_url: str  # "" when the viewer cannot book this hour


@dataclass(frozen=True)
class WeekRow(Shown):
    hour: dt.time
    cells: list[WeekCell]


@dataclass(frozen=True)
class WeekGrid(Shown):
    days: list[dt.date]
    rows: list[WeekRow]


def week_labels() -> dict[str, str]:
    """The words of the week's cells (booking_tags.week_cell), translated once for the page."""
    return {"free": _("Free"), "continued": _("continued:"), "pending": _("awaiting approval")}


def week_grid(week: WeekView, *, room: Room, viewer, may_book: bool, may_view: bool) -> WeekGrid:
    """Hours down, days across. Closed days are left out unless something is booked on them (an
    import, say); free hours the viewer may book link to the booking form."""
    booked_days = {index for _hour, slots in week.rows for index, slot in enumerate(slots) if slot.bookings}
    shown = [index for index, day in enumerate(week.days) if is_open_day(day) or index in booked_days]
    # Labels are formatted once per day and hour: date filters and blocktranslate in 70 cells were
    # half of the page's time.
    day_labels = {index: date_format(week.days[index], "l j F") for index in shown}
    book_label = _("book %(day)s %(start)s–%(end)s")
    form_url = book_url(room)
    rows = []
    for row_index, (hour, slots) in enumerate(week.rows):
        cells = []
        for index in shown:
            slot, day = slots[index], week.days[index]
            cell_start = aware(day, hour)
            items = [WeekItem(booking=booking, title=booking.title_for(viewer),
                              continued=row_index > 0 and booking.start < cell_start,
                              pending=booking.status == BookingStatus.PENDING,
                              url=booking.get_absolute_url() if may_view else "")
                     for booking in slot.bookings]
            label = book_label % {"day": day_labels[index], "start": hhmm(slot.start), "end": hhmm(slot.end)}
            link = _with_slot(form_url, slot.start, slot.end) if may_book and slot.bookable else ""
            cells.append(WeekCell(day=day, start=slot.start, end=slot.end, items=items, label=label, book_url=link))
        rows.append(WeekRow(hour=hour, cells=cells))
    return WeekGrid(days=[week.days[index] for index in shown], rows=rows)


@dataclass(frozen=True)
class FreeSlot(Shown):
    start: dt.datetime
    end: dt.datetime
    url: str


def free_slots(room: Room, slots: list[tuple[dt.datetime, dt.datetime]]) -> list[FreeSlot]:
    form_url = book_url(room)
    return [FreeSlot(start=start, end=end, url=_with_slot(form_url, start, end)) for start, end in slots]


# --- the rooms of a day -----------------------------------------------------------------------

TIMELINE_WIDTH = 1000  # the SVG's viewBox: positions are in thousandths of the day's opening
HOUR_MARK_STEP = 2
MIN_BOOKING_WIDTH = 4  # a quarter hour stays visible


@dataclass(frozen=True)
class TimelineItem(Shown):
    booking: Booking
    title: str
    pending: bool
    url: str
    x: float
    width: float


@dataclass(frozen=True)
class TimelineRow(Shown):
    room: Room
    items: list[TimelineItem]


@dataclass(frozen=True)
class HourMark(Shown):
    time: dt.time
    left: float  # percent of the timeline's width


@dataclass(frozen=True)
class DayTimelines(Shown):
    rows: list[TimelineRow]
    hours: list[HourMark]


def day_timelines(day: dt.date, rooms: list[Room], by_room: dict[int, list[Booking]], *, viewer,
                  link_bookings: bool) -> DayTimelines:
    """One timeline per room over the widest opening of the day's rooms (08:00–20:00 without any),
    with hour marks every two hours."""
    opens = min((room.opens_at for room in rooms), default=dt.time(8))
    closes = max((room.closes_at for room in rooms), default=dt.time(20))
    window_start = aware(day, opens)
    span = (aware(day, closes) - window_start).total_seconds()

    def position(moment: dt.datetime) -> float:
        share = (moment - window_start).total_seconds() / span if span else 0
        return round(min(max(share, 0), 1) * TIMELINE_WIDTH, 1)

    rows = []
    for room in rooms:
        items = []
        for booking in by_room.get(room.pk, []):
            left, right = position(booking.start), position(booking.end)
            items.append(TimelineItem(booking=booking, title=booking.title_for(viewer),
                                      pending=booking.status == BookingStatus.PENDING,
                                      url=booking.get_absolute_url() if link_bookings else "",
                                      x=left, width=round(max(right - left, MIN_BOOKING_WIDTH), 1)))
        rows.append(TimelineRow(room=room, items=items))
    first_mark = opens.hour + (1 if opens.minute else 0)
    hours = [HourMark(time=dt.time(hour), left=position(aware(day, dt.time(hour))) / (TIMELINE_WIDTH / 100))
             for hour in range(first_mark, closes.hour + 1, HOUR_MARK_STEP)]
    return DayTimelines(rows=rows, hours=hours)
