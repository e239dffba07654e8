"""The pages' reads cost a constant number of queries: ten times the rooms and bookings, and every
related object the pages show, must not add one."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from calendar_sync import presenters, selectors
from calendar_sync.models import Booking, BookingSeries, RoomEquipment
from intranet.roles import Role

from .factories import EquipmentFactory, RoomFactory
from .helpers import at, bookable_day

MAX_QUERIES = 6


@pytest.fixture
def add_data(library, organizer, room):
    """add_data(scale): `scale` more rooms (with equipment and groups) and 3 × scale more bookings
    in `room` and in each new room, on the days the reads look at."""
    equipment = [EquipmentFactory(name=name) for name in ("Vidéoprojecteur", "Visioconférence")]
    staff = Group.objects.get(name=Role.STAFF.value)
    day = bookable_day(7)
    monday = selectors.week_start_of(day)
    added = {"rooms": 0}

    def add(scale: int) -> None:
        rooms = [RoomFactory(library=library, name=f"Salle {added['rooms'] + n}") for n in range(scale)]
        added["rooms"] += scale
        RoomEquipment.objects.bulk_create([RoomEquipment(room=new, equipment=item)
                                           for new in rooms for item in equipment])
        for new in rooms:
            new.allowed_groups.add(staff)
        series = BookingSeries.objects.create(room=room, organizer=organizer, title="Club ados",
                                              rrule="FREQ=WEEKLY;COUNT=1", first_date=day,
                                              start_time=dt.time(9), end_time=dt.time(10))
        taken = Booking.objects.filter(room=room).count()
        bookings = []
        for target in [room, *rooms]:
            for n in range(3 * scale):
                # Quarter-hour bookings over the week of `day`, never overlapping in a room.
                slot_index = (taken if target is room else 0) + n
                when = monday + dt.timedelta(days=slot_index // 40 % 6)
                start = at(when, 8.5 + (slot_index % 40) / 4)
                bookings.append(Booking(room=target, organizer=organizer, title=f"Réunion {n}", start=start,
                                        end=start + dt.timedelta(minutes=15),
                                        series=series if target is room else None))
        Booking.objects.bulk_create(bookings)

    add.day = day
    add.monday = monday
    return add


def use_week_view(room, organizer, day, monday):
    view = selectors.week_view(room=room, monday=monday)
    return [(slot.bookable, b.title_for(organizer.user), b.organizer.full_name)
            for _hour, slots in view.rows for slot in slots for b in slot.bookings]


def use_matching_rooms(room, organizer, day, monday):
    """As the finder reads them: the ids of the matching rooms, then their cards' facts."""
    found = selectors.matching_rooms(min_capacity=2, free_from=at(day, 18), free_until=at(day, 19))
    facts = presenters.room_facts(list(found.values_list("pk", flat=True)))
    return [(r.library_name, str(r.html), r.allowed_group_names()) for r in facts]


def use_bookings_of(room, organizer, day, monday):
    return [(b.room.name, b.room.library.name, b.series.title if b.series else "")
            for b in list(selectors.bookings_of(organizer, upcoming=True))]


def use_day_view(room, organizer, day, monday):
    rooms, by_room = selectors.day_view(day=monday)
    return [(r.library.name, [b.organizer.full_name for b in by_room[r.pk]]) for r in rooms]


READS = {"week_view": use_week_view, "matching_rooms_free": use_matching_rooms, "bookings_of": use_bookings_of,
         "day_view": use_day_view}


def queries_of(read, room, organizer, add_data) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        result = read(room, organizer, add_data.day, add_data.monday)
    return len(captured), len(result)


@pytest.mark.parametrize("read", READS.values(), ids=READS.keys())
def test_read_costs_the_same_queries_with_ten_times_the_data(read, room, organizer, add_data):
    room.refresh_from_db()  # as a page would load it: nothing cached on the instance
    add_data(1)
    small, small_size = queries_of(read, room, organizer, add_data)
    add_data(9)
    room.refresh_from_db()
    large, large_size = queries_of(read, room, organizer, add_data)

    assert large_size > small_size
    assert large == small
    assert small <= MAX_QUERIES
