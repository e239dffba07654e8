"""Reads of rooms and bookings, each with a constant number of queries whatever the volume."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.text import slugify

from intranet.models import Library, Person
from intranet.roles import Role, has_role

from .models import ACTIVE_STATUSES, Booking, BookingStatus, Equipment, Room, RoomEquipment, overlap_q
from .opening import bookable_period, earliest_start, is_open_day
from .recurrence import aware


def rooms_with_details() -> QuerySet[Room]:
    return (
        Room.objects.active()
        .select_related("library")
        .prefetch_related(
            Prefetch("equipment_items", queryset=RoomEquipment.objects.select_related("equipment")),
            Prefetch("allowed_groups", queryset=Group.objects.only("name")),
        )
    )


def room_by_slug(slug: str) -> Room:
    return rooms_with_details().prefetch_related("approvers").get(slug=slug)


def matching_rooms(*, library_search: str = "", min_capacity: int | None = None,
                   equipment: list[Equipment] | None = None, accessible: bool = False,
                   free_from: dt.datetime | None = None, free_until: dt.datetime | None = None) -> QuerySet[Room]:
    """Rooms matching the filters; with a slot, only the rooms free for the whole of it.
    `library_search`: part of the library's name or town, accents and case aside where the
    library's slug spells its name (« mediatheque de plou » finds « Médiathèque de Plouvenec »)."""
    rooms = Room.objects.active().select_related("library")
    if library_search := library_search.strip():
        matches = Q(library__name__icontains=library_search) | Q(library__commune__icontains=library_search)
        if slug := slugify(library_search):
            matches |= Q(library__slug__contains=slug)
        rooms = rooms.filter(matches)
    if min_capacity:
        rooms = rooms.filter(capacity__gte=min_capacity)
    if accessible:
        rooms = rooms.filter(accessible=True)
    for item in equipment or []:
        rooms = rooms.filter(equipment_items__equipment=item)
    if free_from and free_until:
        taken = Booking.objects.filter(room=OuterRef("pk"), status__in=ACTIVE_STATUSES).overlapping(
            start=free_from, end=free_until)
        rooms = rooms.exclude(Exists(taken))
    return rooms.order_by("library__name", "name", "pk").distinct()


def first_overlap(*, room: Room, start: dt.datetime, end: dt.datetime, exclude_ids=()) -> Booking | None:
    """The first active booking of the room that meets [start, end), if any."""
    return (
        Booking.objects.active().overlapping(start=start, end=end).filter(room=room)
        .exclude(pk__in=list(exclude_ids)).select_related("organizer").order_by("start").first()
    )


def active_bookings_between(*, room: Room, start: dt.datetime, end: dt.datetime) -> list[Booking]:
    return list(
        Booking.objects.active().overlapping(start=start, end=end).filter(room=room)
        .select_related("organizer").order_by("start")
    )


def week_start_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass
class WeekSlot:
    start: dt.datetime
    end: dt.datetime
    bookings: list
    bookable: bool  # free, in the future and inside the bookable hours


@dataclass
class WeekView:
    days: list[dt.date]
    rows: list[tuple[dt.time, list[WeekSlot]]]


def _week_bounds(monday: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return aware(monday, dt.time(0)), aware(monday + dt.timedelta(days=7), dt.time(0))


def _free_slot_bounds(after: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    return after, aware(timezone.localdate(after) + dt.timedelta(days=FREE_SLOT_DAYS), dt.time(23, 59))


def room_page_bookings(*, room: Room, monday: dt.date, after: dt.datetime) -> list[Booking]:
    """The bookings a room's page needs, for its week and for its next free slots, in ONE query:
    give them to week_view and next_free_slots."""
    week, free = _week_bounds(monday), _free_slot_bounds(after)
    overlaps = overlap_q(start=week[0], end=week[1]) | overlap_q(start=free[0], end=free[1])
    return list(Booking.objects.active().filter(overlaps, room=room).select_related("organizer").order_by("start"))


def week_view(*, room: Room, monday: dt.date, bookings: list[Booking] | None = None) -> WeekView:
    """The room's week as hour rows x day columns (one query for the bookings, none when they are
    given: room_page_bookings)."""
    dates = [monday + dt.timedelta(days=offset) for offset in range(7)]
    first_hour = room.opens_at.hour
    last_hour = room.closes_at.hour + (1 if room.closes_at.minute else 0)
    hours = [dt.time(hour) for hour in range(first_hour, last_hour)]
    if bookings is None:
        bookings = active_bookings_between(room=room, start=_week_bounds(monday)[0], end=_week_bounds(monday)[1])
    earliest = earliest_start(timezone.now())
    periods = [bookable_period(room, day) for day in dates]
    rows = []
    for hour in hours:
        slots = []
        for day, period in zip(dates, periods, strict=True):
            start, end = aware(day, hour), aware(day, dt.time(hour.hour + 1) if hour.hour < 23 else dt.time(23, 59))
            slot_open_start = max(start, period[0]) if period else start
            slot_open_end = min(end, period[1]) if period else end
            inside = [booking for booking in bookings if booking.start < end and booking.end > start]
            slots.append(WeekSlot(start=slot_open_start, end=slot_open_end, bookings=inside,
                                  bookable=period is not None and not inside and slot_open_start >= earliest
                                  and slot_open_end > slot_open_start))
        rows.append((hour, slots))
    return WeekView(days=dates, rows=rows)


FREE_SLOT_DAYS = 14  # the room's page says « in the next two weeks »
FREE_SLOT_MINIMUM = dt.timedelta(hours=1)  # and « of an hour or more »


def next_free_slots(*, room: Room, after: dt.datetime | None = None, limit: int = 5,
                    bookings: list[Booking] | None = None) -> list[tuple[dt.datetime, dt.datetime]]:
    """The room's next free periods of an hour or more within its bookable hours, in the next two
    weeks. `bookings`: the room's active bookings of that time, by start, when already read."""
    after = after or timezone.now()
    first_day = timezone.localdate(after)
    last_day = first_day + dt.timedelta(days=FREE_SLOT_DAYS)
    if bookings is None:
        bookings = active_bookings_between(room=room, start=after, end=_free_slot_bounds(after)[1])
    minimum = FREE_SLOT_MINIMUM
    free = []
    day = first_day
    while day <= last_day and len(free) < limit:
        period = bookable_period(room, day)
        if period is None:  # no room opens that day
            day += dt.timedelta(days=1)
            continue
        opens, closes = period
        cursor = max(opens, after)
        # Round the cursor up to the next quarter hour so proposals look like times people pick.
        local = timezone.localtime(cursor)
        if local.minute % 15 or local.second or local.microsecond:
            cursor = (local.replace(second=0, microsecond=0)
                      + dt.timedelta(minutes=15 - local.minute % 15))
        for booking in [b for b in bookings if b.end > cursor and b.start < closes]:
            if booking.start - cursor >= minimum:
                free.append((cursor, booking.start))
            cursor = max(cursor, booking.end)
        if closes - cursor >= minimum:
            free.append((cursor, closes))
        day += dt.timedelta(days=1)
    return free[:limit]


def bookings_of(person: Person, *, upcoming: bool) -> QuerySet[Booking]:
    now = timezone.now()
    bookings = Booking.objects.filter(organizer=person).select_related("room__library", "series")
    if upcoming:
        return bookings.filter(end__gte=now).order_by("start")
    return bookings.filter(end__lt=now).order_by("-start")


def booking_detail(pk: int) -> Booking:
    return (
        Booking.objects.select_related("room__library", "organizer__user", "series")
        .prefetch_related("room__approvers", "log_entries__by")
        .get(pk=pk)
    )


def pending_for_approver(user) -> QuerySet[Booking]:
    """Requests the user may decide, soonest first; each with `series_pending`, how many dates of
    its series await a decision (None outside a series), in the same query."""
    now = timezone.now()
    series_pending = (Booking.objects.awaiting_decision(now).filter(series_id=OuterRef("series_id")).order_by()
                      .values("series_id").annotate(total=Count("pk")).values("total"))
    pending = (Booking.objects.awaiting_decision(now).select_related("room__library", "organizer__library")
               .annotate(series_pending=Subquery(series_pending)).order_by("start"))
    if has_role(user, Role.COORDINATION):
        return pending
    return pending.filter(room__approvers=user)


def day_view(*, day: dt.date, library: Library | None = None) -> tuple[list[Room], dict[int, list[Booking]]]:
    rooms = Room.objects.active().select_related("library").order_by("library__name", "name")
    if library is not None:
        rooms = rooms.filter(library=library)
    rooms = list(rooms)
    bookings = (Booking.objects.active().filter(room__in=[room.pk for room in rooms])
                .overlapping(start=aware(day, dt.time(0)), end=aware(day + dt.timedelta(days=1), dt.time(0)))
                .select_related("organizer").order_by("start"))
    by_room: dict[int, list[Booking]] = defaultdict(list)
    for booking in bookings:
        by_room[booking.room_id].append(booking)
    return rooms, by_room


@dataclass
class RoomOccupancy:
    room: Room
    months: list[tuple[dt.date, float, float]]  # (first day of month, booked hours, bookable hours)


def occupancy(*, first_month: dt.date, months: int = 3, library: Library | None = None) -> list[RoomOccupancy]:
    """Booked hours over bookable hours per room and month (confirmed bookings; bookable hours
    count the days rooms open)."""
    first_month = first_month.replace(day=1)
    starts = [first_month + relativedelta(months=index) for index in range(months)]
    period_end = first_month + relativedelta(months=months)
    rooms = Room.objects.active().select_related("library").order_by("library__name", "name")
    if library is not None:
        rooms = rooms.filter(library=library)
    rooms = list(rooms)
    booked: dict[tuple[int, dt.date], float] = defaultdict(float)
    bookings = (Booking.objects.filter(status=BookingStatus.CONFIRMED, room__in=[r.pk for r in rooms],
                                       start__gte=aware(starts[0], dt.time(0)), start__lt=aware(period_end, dt.time(0)))
                .values_list("room_id", "start", "end"))
    for room_id, start, end in bookings:
        month = timezone.localtime(start).date().replace(day=1)
        booked[(room_id, month)] += (end - start).total_seconds() / 3600
    result = []
    for room in rooms:
        daily = (dt.datetime.combine(dt.date.min, room.closes_at)
                 - dt.datetime.combine(dt.date.min, room.opens_at)).total_seconds() / 3600
        rows = []
        for index, month in enumerate(starts):
            following = starts[index + 1] if index + 1 < len(starts) else period_end
            open_days = sum(1 for offset in range((following - month).days)
                            if is_open_day(month + dt.timedelta(days=offset)))
            rows.append((month, round(booked[(room.pk, month)], 1), round(open_days * daily, 1)))
        result.append(RoomOccupancy(room=room, months=rows))
    return result


def bookings_per_library(*, start: dt.date, end: dt.date) -> list[tuple[str, int]]:
    """Confirmed bookings per library over [start, end), busiest first."""
    rows = (Booking.objects.filter(status=BookingStatus.CONFIRMED, start__gte=aware(start, dt.time(0)),
                                   start__lt=aware(end, dt.time(0)))
            .values_list("room__library__name").annotate(total=Count("id")).order_by("-total", "room__library__name"))
    return list(rows)
