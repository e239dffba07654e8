"""What the room pages show, computed without a request: a room's week as a grid, the rooms of a
day as timelines, and the words and links around them."""

import datetime as dt

import pytest
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from calendar_sync import presenters, selectors
from calendar_sync.models import BookingStatus

from .factories import BookingFactory, RoomFactory
from .helpers import at, bookable_day


@pytest.fixture
def next_monday():
    """The Monday of a week wholly in the future."""
    day = bookable_day(7)
    return selectors.week_start_of(day) + dt.timedelta(days=7)


def grid_of(room, monday, viewer, *, may_book=True, may_view=True) -> presenters.WeekGrid:
    return presenters.week_grid(selectors.week_view(room=room, monday=monday), room=room, viewer=viewer,
                                may_book=may_book, may_view=may_view)


def cell_at(grid: presenters.WeekGrid, day: dt.date, hour: int) -> presenters.WeekCell:
    [row] = [row for row in grid.rows if row.hour == dt.time(hour)]
    [cell] = [cell for cell in row.cells if cell.day == day]
    return cell


# --- a room's week ----------------------------------------------------------------------------


def test_week_grid_leaves_out_sunday_when_nothing_is_booked_on_it(room, organizer, next_monday):
    grid = grid_of(room, next_monday, organizer.user)

    assert grid.days == [next_monday + dt.timedelta(days=offset) for offset in range(6)]
    assert all(len(row.cells) == 6 for row in grid.rows)


def test_week_grid_shows_sunday_when_something_is_booked_on_it(room, organizer, next_monday):
    sunday = next_monday + dt.timedelta(days=6)
    BookingFactory(room=room, organizer=organizer, title="Import", start=at(sunday, 10), end=at(sunday, 11))

    grid = grid_of(room, next_monday, organizer.user)

    assert grid.days[-1] == sunday
    assert [item.title for item in cell_at(grid, sunday, 10).items] == ["Import"]
    assert cell_at(grid, sunday, 14).book_url == ""  # shown, but not bookable


def test_a_booking_over_two_hours_is_continued_in_the_second(room, organizer, colleague, next_monday):
    BookingFactory(room=room, organizer=colleague, title="Comité", status=BookingStatus.PENDING,
                   start=at(next_monday, 10), end=at(next_monday, 12))

    grid = grid_of(room, next_monday, organizer.user)

    [first] = cell_at(grid, next_monday, 10).items
    [second] = cell_at(grid, next_monday, 11).items
    assert (first.title, first.continued, first.pending) == ("Comité", False, True)
    assert second.continued
    assert first.url == first.booking.get_absolute_url()
    assert cell_at(grid, next_monday, 10).book_url == ""


def test_free_hours_link_to_the_booking_form_with_their_slot(room, organizer, next_monday):
    grid = grid_of(room, next_monday, organizer.user)

    cell = cell_at(grid, next_monday, 14)
    assert cell.book_url == presenters.book_url(room, at(next_monday, 14), at(next_monday, 15))
    assert cell.label == _("book %(day)s %(start)s–%(end)s") % {
        "day": date_format(next_monday, "l j F"), "start": "14:00", "end": "15:00"}


def test_the_first_hour_starts_when_the_room_opens(room, organizer, next_monday):
    grid = grid_of(room, next_monday, organizer.user)

    first = cell_at(grid, next_monday, 8)
    assert (first.start, first.end) == (at(next_monday, 8.5), at(next_monday, 9))
    assert first.book_url == presenters.book_url(room, at(next_monday, 8.5), at(next_monday, 9))


def test_who_may_not_book_or_open_bookings_gets_no_link(room, organizer, colleague, next_monday):
    BookingFactory(room=room, organizer=colleague, start=at(next_monday, 10), end=at(next_monday, 11))

    grid = grid_of(room, next_monday, organizer.user, may_book=False, may_view=False)

    assert not any(cell.book_url for row in grid.rows for cell in row.cells)
    [item] = cell_at(grid, next_monday, 10).items
    assert item.url == ""


def test_a_private_booking_shows_reserved_to_others(room, organizer, colleague, next_monday):
    BookingFactory(room=room, organizer=colleague, title="Entretien", is_private=True,
                   start=at(next_monday, 10), end=at(next_monday, 11))

    [mine] = cell_at(grid_of(room, next_monday, colleague.user), next_monday, 10).items
    [theirs] = cell_at(grid_of(room, next_monday, organizer.user), next_monday, 10).items

    assert mine.title == "Entretien"
    assert theirs.title == _("Reserved")


def test_free_slots_link_to_the_booking_form(room, next_monday):
    start, end = at(next_monday, 9), at(next_monday, 12)

    [free] = presenters.free_slots(room, [(start, end)])

    assert (free.start, free.end, free.url) == (start, end, presenters.book_url(room, start, end))


# --- the rooms of a day -----------------------------------------------------------------------


def test_day_timelines_place_bookings_within_the_widest_opening(library, organizer, next_monday):
    """The library's rooms open 08:30–19:00: 10 h 30 drawn over 1000 units."""
    room = RoomFactory(library=library, name="Salle du conte")
    BookingFactory(room=room, organizer=organizer, title="Heure du conte", start=at(next_monday, 10),
                   end=at(next_monday, 11))
    BookingFactory(room=room, organizer=organizer, title="Avant l'ouverture", start=at(next_monday, 7),
                   end=at(next_monday, 8.5 + 1 / 60))
    rooms, by_room = selectors.day_view(day=next_monday)

    timelines = presenters.day_timelines(next_monday, rooms, by_room, viewer=organizer.user, link_bookings=False)

    [row] = timelines.rows
    early, story = row.items
    assert (story.title, story.x, story.width, story.url) == ("Heure du conte", 142.9, 95.2, "")
    assert (early.x, early.width) == (0, presenters.MIN_BOOKING_WIDTH)  # cut at opening, still visible
    assert [(mark.time.hour, mark.left) for mark in timelines.hours] == [
        (9, 4.76), (11, 23.81), (13, 42.86), (15, 61.9), (17, 80.95), (19, 100.0)]


def test_day_timelines_without_rooms_span_eight_to_eight(organizer, next_monday):
    timelines = presenters.day_timelines(next_monday, [], {}, viewer=organizer.user, link_bookings=True)

    assert timelines.rows == []
    assert [mark.time.hour for mark in timelines.hours] == [8, 10, 12, 14, 16, 18, 20]
    assert timelines.hours[0].left == 0 and timelines.hours[-1].left == 100


# --- words and links --------------------------------------------------------------------------


def test_when_says_the_day_and_the_times(next_monday):
    assert presenters.when(at(next_monday, 14), at(next_monday, 16.5)) == _("%(day)s, %(start)s–%(end)s") % {
        "day": date_format(next_monday, "l j F Y"), "start": "14:00", "end": "16:30"}


def test_conflict_message_names_the_booking_in_the_way_as_the_viewer_may_see_it(room, organizer, colleague,
                                                                                next_monday):
    blocking = BookingFactory(room=room, organizer=colleague, title="Entretien", is_private=True,
                              start=at(next_monday, 9), end=at(next_monday, 10.5))

    message = presenters.conflict_message(blocking, organizer.user)

    assert message == _("This slot is already taken: « %(title)s » from %(start)s to %(end)s by %(organizer)s.") % {
        "title": _("Reserved"), "start": "09:00", "end": "10:30", "organizer": "Loïc Riou"}
    assert presenters.conflict_message(None, organizer.user) == _(
        "This slot has just been taken by someone else. Choose another time.")
