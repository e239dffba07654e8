"""Reads of rooms and bookings: the room finder, free slots, the week grid and the statistics."""

import datetime as dt

import pytest
from django.utils import timezone

from calendar_sync import selectors
from calendar_sync.models import BookingStatus

from .factories import BookingFactory, EquipmentFactory, LibraryFactory, RoomFactory
from .helpers import at, bookable_day

# --- Room finder -----------------------------------------------------------------------------------


@pytest.fixture
def video(db):
    return EquipmentFactory(name="Vidéoprojecteur")


@pytest.fixture
def visio(db):
    return EquipmentFactory(name="Visioconférence")


def names(rooms) -> list[str]:
    return [room.name for room in rooms]


def test_finder_keeps_rooms_with_enough_seats(library):
    RoomFactory(library=library, name="Bureau de passage", capacity=4)
    RoomFactory(library=library, name="Salle du conseil", capacity=30)

    assert names(selectors.matching_rooms(min_capacity=10)) == ["Salle du conseil"]


def test_finder_keeps_rooms_with_all_the_equipment_asked(library, video, visio):
    RoomFactory(library=library, name="Salle du conseil", equipment=[video, visio])
    RoomFactory(library=library, name="Salle d'animation", equipment=[video])
    RoomFactory(library=library, name="Bureau de passage", equipment=[visio])

    assert names(selectors.matching_rooms(equipment=[video, visio])) == ["Salle du conseil"]


def test_finder_lists_a_room_once_whatever_its_equipment(library, video, visio):
    RoomFactory(library=library, name="Salle du conseil", equipment=[video, visio])

    assert names(selectors.matching_rooms(equipment=[video])) == ["Salle du conseil"]


def test_finder_keeps_accessible_rooms(library):
    RoomFactory(library=library, name="Salle d'animation", accessible=True)
    RoomFactory(library=library, name="Bureau de passage", accessible=False)

    assert names(selectors.matching_rooms(accessible=True)) == ["Salle d'animation"]


@pytest.mark.parametrize("search", ["Lanmarec", "médiathèque de lanm", "MEDIATHEQUE DE LANMAREC", "Kerlan",
                                    "mediatheque-de-lanmarec", "  Lanmarec  "],
                         ids=["town", "part_of_the_name", "no_accents_nor_case", "town_of_a_library_named_otherwise",
                              "slug", "spaces"])
def test_finder_keeps_the_rooms_of_the_libraries_whose_name_or_town_is_searched(db, search):
    here = LibraryFactory(name="Médiathèque de Plouvenec", slug="mediatheque-de-plouvenec", commune="Plouvenec")
    lanmarec = LibraryFactory(name="Médiathèque de Lanmarec", slug="mediatheque-de-lanmarec", commune="Lanmarec")
    annex = LibraryFactory(name="Point lecture du port", slug="point-lecture-du-port", commune="Kerlan")
    RoomFactory(library=here, name="Salle de Plouvenec")
    RoomFactory(library=lanmarec, name="Salle de Lanmarec")
    RoomFactory(library=annex, name="Salle du port")

    found = names(selectors.matching_rooms(library_search=search))

    assert found == (["Salle du port"] if search == "Kerlan" else ["Salle de Lanmarec"])


def test_finder_searching_a_library_no_one_has_finds_no_room(library):
    RoomFactory(library=library, name="Salle de Plouvenec")

    assert names(selectors.matching_rooms(library_search="Brest")) == []
    assert names(selectors.matching_rooms(library_search="«»")) == []


def test_finder_leaves_out_inactive_rooms(library):
    RoomFactory(library=library, name="Ancienne salle", active=False)
    RoomFactory(library=library, name="Salle d'animation")

    assert names(selectors.matching_rooms()) == ["Salle d'animation"]


def during(slot: dict) -> dict:
    return {"free_from": slot["start"], "free_until": slot["end"]}


def test_finder_leaves_out_rooms_booked_during_the_slot(library, organizer, slot):
    busy = RoomFactory(library=library, name="Salle du conseil")
    RoomFactory(library=library, name="Salle d'animation")
    BookingFactory(room=busy, organizer=organizer, **slot(1, 9, 11))

    assert names(selectors.matching_rooms(**during(slot(1, 10, 12)))) == ["Salle d'animation"]


def test_finder_keeps_a_room_free_right_after_a_booking(library, organizer, slot):
    room = RoomFactory(library=library, name="Salle du conseil")
    BookingFactory(room=room, organizer=organizer, **slot(1, 9, 10))

    assert names(selectors.matching_rooms(**during(slot(1, 10, 12)))) == ["Salle du conseil"]


def test_finder_ignores_cancelled_bookings(library, organizer, slot):
    room = RoomFactory(library=library, name="Salle du conseil")
    BookingFactory(room=room, organizer=organizer, status=BookingStatus.CANCELLED, **slot(1, 9, 11))

    assert names(selectors.matching_rooms(**during(slot(1, 10, 12)))) == ["Salle du conseil"]


# --- Next free slots ---------------------------------------------------------------------------------


def next_weekday(weekday: int, weeks_ahead: int = 1) -> dt.date:
    """A date of the given weekday (0 = Monday) at least `weeks_ahead` weeks from now."""
    today = timezone.localdate()
    return today + dt.timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks_ahead)


def test_next_free_slots_go_around_a_booking(room, organizer):
    day = next_weekday(1)  # a Tuesday
    BookingFactory(room=room, organizer=organizer, start=at(day, 10), end=at(day, 12))

    free = selectors.next_free_slots(room=room, after=at(day, 7), limit=2)

    assert free == [(at(day, 8.5), at(day, 10)), (at(day, 12), at(day, 19))]


def test_next_free_slots_leave_out_gaps_shorter_than_an_hour(room, organizer):
    day = next_weekday(1)
    BookingFactory(room=room, organizer=organizer, start=at(day, 9), end=at(day, 12))

    free = selectors.next_free_slots(room=room, after=at(day, 7), limit=1)

    assert free == [(at(day, 12), at(day, 19))]


def test_next_free_slots_start_at_the_next_quarter_hour(room):
    day = next_weekday(1)

    [(start, _end)] = selectors.next_free_slots(room=room, after=at(day, 10) + dt.timedelta(minutes=7), limit=1)

    assert start == at(day, 10.25)


def test_next_free_slots_skip_sunday(room):
    saturday = next_weekday(5)

    [(start, end)] = selectors.next_free_slots(room=room, after=at(saturday, 18.5), limit=1)

    monday = saturday + dt.timedelta(days=2)
    assert (start, end) == (at(monday, 8.5), at(monday, 19))


# --- Week grid ---------------------------------------------------------------------------------------


@pytest.fixture
def next_monday() -> dt.date:
    return next_weekday(0)


def cell(view, hour: int, weekday: int):
    return dict(view.rows)[dt.time(hour)][weekday]


def test_week_view_shows_a_booking_in_its_hours(room, organizer, next_monday):
    tuesday = next_monday + dt.timedelta(days=1)
    booking = BookingFactory(room=room, organizer=organizer, start=at(tuesday, 10), end=at(tuesday, 12))

    view = selectors.week_view(room=room, monday=next_monday)

    assert [cell(view, hour, 1).bookings for hour in (9, 10, 11, 12)] == [[], [booking], [booking], []]
    assert [cell(view, hour, 1).bookable for hour in (9, 10, 11, 12)] == [True, False, False, True]


def test_week_view_rows_follow_the_bookable_hours(room, next_monday):
    view = selectors.week_view(room=room, monday=next_monday)

    assert [hour for hour, _slots in view.rows] == [dt.time(hour) for hour in range(8, 19)]
    first = cell(view, 8, 0)
    assert (first.start, first.end) == (at(next_monday, 8.5), at(next_monday, 9))


def test_week_view_ignores_cancelled_bookings(room, organizer, next_monday):
    BookingFactory(room=room, organizer=organizer, status=BookingStatus.CANCELLED,
                   start=at(next_monday, 10), end=at(next_monday, 11))

    view = selectors.week_view(room=room, monday=next_monday)

    assert cell(view, 10, 0).bookings == []
    assert cell(view, 10, 0).bookable


def test_week_view_offers_no_slot_in_the_past(room):
    last_monday = selectors.week_start_of(timezone.localdate()) - dt.timedelta(days=7)

    view = selectors.week_view(room=room, monday=last_monday)

    assert not any(slot.bookable for _hour, slots in view.rows for slot in slots)


def test_week_view_offers_no_slot_on_sunday(room, next_monday):
    view = selectors.week_view(room=room, monday=next_monday)

    assert view.days[6].weekday() == 6
    assert not any(slots[6].bookable for _hour, slots in view.rows)


# --- Day view --------------------------------------------------------------------------------------


def test_day_view_lists_each_rooms_bookings_of_the_day(library, organizer):
    day = bookable_day(1)
    council = RoomFactory(library=library, name="Salle du conseil")
    workshop = RoomFactory(library=library, name="Salle d'animation")
    morning = BookingFactory(room=council, organizer=organizer, start=at(day, 9), end=at(day, 10))
    afternoon = BookingFactory(room=council, organizer=organizer, start=at(day, 14), end=at(day, 15))
    BookingFactory(room=workshop, organizer=organizer, start=at(day + dt.timedelta(days=1), 9),
                   end=at(day + dt.timedelta(days=1), 10))

    rooms, by_room = selectors.day_view(day=day, library=library)

    assert names(rooms) == ["Salle d'animation", "Salle du conseil"]
    assert by_room[council.pk] == [morning, afternoon]
    assert by_room[workshop.pk] == []


# --- Statistics -----------------------------------------------------------------------------------


MARCH_2027 = dt.date(2027, 3, 1)


def test_occupancy_divides_booked_hours_by_bookable_hours(room, organizer):
    # Two hours confirmed in March 2027; 27 opening days (31 minus 4 Sundays) of 10.5 hours.
    BookingFactory(room=room, organizer=organizer, start=at(dt.date(2027, 3, 2), 10), end=at(dt.date(2027, 3, 2), 11))
    BookingFactory(room=room, organizer=organizer, start=at(dt.date(2027, 3, 30), 14),
                   end=at(dt.date(2027, 3, 30), 15))

    [row] = selectors.occupancy(first_month=MARCH_2027, months=1, library=room.library)

    assert row.room == room
    assert row.months == [(MARCH_2027, 2.0, 283.5)]


def test_occupancy_counts_only_confirmed_bookings(room, organizer):
    march_2 = dt.date(2027, 3, 2)
    BookingFactory(room=room, organizer=organizer, start=at(march_2, 9), end=at(march_2, 11.5))
    BookingFactory(room=room, organizer=organizer, status=BookingStatus.CANCELLED,
                   start=at(march_2, 14), end=at(march_2, 16))
    BookingFactory(room=room, organizer=organizer, status=BookingStatus.PENDING,
                   start=at(march_2, 16), end=at(march_2, 18))

    [row] = selectors.occupancy(first_month=MARCH_2027, months=1, library=room.library)

    assert row.months[0][1] == 2.5


def test_occupancy_puts_each_booking_in_its_local_month(room, organizer):
    # 00:30 on 1 April in Paris is 22:30 UTC on 31 March: it counts for April.
    BookingFactory(room=room, organizer=organizer, start=at(dt.date(2027, 3, 31), 18),
                   end=at(dt.date(2027, 3, 31), 19))
    BookingFactory(room=room, organizer=organizer, start=at(dt.date(2027, 4, 1), 0.5),
                   end=at(dt.date(2027, 4, 1), 1.5))

    [row] = selectors.occupancy(first_month=MARCH_2027, months=2, library=room.library)

    assert row.months == [(MARCH_2027, 1.0, 283.5), (dt.date(2027, 4, 1), 1.0, 273.0)]


def test_bookings_per_library_counts_confirmed_bookings_busiest_first(organizer):
    kervigen = RoomFactory(library=LibraryFactory(name="Médiathèque de Kervigen"))
    lanmarec = RoomFactory(library=LibraryFactory(name="Médiathèque de Lanmarec"))
    for day in (2, 3, 4):
        BookingFactory(room=lanmarec, organizer=organizer, start=at(dt.date(2027, 3, day), 10),
                       end=at(dt.date(2027, 3, day), 11))
    BookingFactory(room=kervigen, organizer=organizer, start=at(dt.date(2027, 3, 2), 10),
                   end=at(dt.date(2027, 3, 2), 11))
    BookingFactory(room=kervigen, organizer=organizer, status=BookingStatus.CANCELLED,
                   start=at(dt.date(2027, 3, 3), 10), end=at(dt.date(2027, 3, 3), 11))
    BookingFactory(room=kervigen, organizer=organizer, start=at(dt.date(2027, 4, 2), 10),
                   end=at(dt.date(2027, 4, 2), 11))

    rows = selectors.bookings_per_library(start=dt.date(2027, 3, 1), end=dt.date(2027, 4, 1))

    assert rows == [("Médiathèque de Lanmarec", 3), ("Médiathèque de Kervigen", 1)]
