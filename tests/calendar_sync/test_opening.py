"""When rooms can be booked, one answer everywhere: the days rooms open (the setting
BOOKING_CLOSED_WEEKDAYS) and each room's hours, for the rules, the week grid, the free slots, the
occupancy report, the forms and what the pages say."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from calendar_sync import opening, selectors, services
from calendar_sync.forms import BookingCreateForm

from .factories import RoomFactory
from .helpers import at, logged_in, soup, text_of

D = dt.date.fromisoformat
SATURDAY, SUNDAY, MONDAY = D("2027-03-06"), D("2027-03-07"), D("2027-03-08")


@pytest.fixture
def closed_at_the_weekend(settings):
    settings.BOOKING_CLOSED_WEEKDAYS = [5, 6]


LABELS = {
    "sundays": ([6], "du lundi au samedi"),
    "weekends": ([5, 6], "du lundi au vendredi"),
    "mondays_and_sundays": ([0, 6], "du mardi au samedi"),
    "never": ([], "tous les jours"),
    "wednesdays_and_sundays": ([2, 6], "lundi, mardi, jeudi, vendredi et samedi"),
    "all_but_two_days": ([0, 1, 2, 3, 6], "vendredi et samedi"),
}


@pytest.mark.parametrize("case", LABELS.values(), ids=LABELS.keys())
def test_the_open_days_are_said_from_the_setting(settings, case):
    settings.BOOKING_CLOSED_WEEKDAYS, label = case

    assert opening.open_days_label() == label


def test_a_room_is_bookable_within_its_own_hours_on_an_open_day(library):
    room = RoomFactory(library=library, bookable_from=dt.time(10), bookable_until=dt.time(17))

    assert opening.bookable_period(room, MONDAY) == (at(MONDAY, 10), at(MONDAY, 17))
    assert opening.bookable_period(room, SUNDAY) is None


def test_the_room_page_says_the_days_and_hours_of_the_room(room, organizer, closed_at_the_weekend):
    response = logged_in(organizer).get(room.get_absolute_url())

    facts = soup(response).select_one(".room-facts").get_text(" ", strip=True)
    assert "08:30–19:00, du lundi au vendredi" in facts


def test_the_occupancy_report_says_which_days_it_counts(room, coordinator, closed_at_the_weekend):
    response = logged_in(coordinator).get("/salles/occupation/?month=2027-03")

    assert "heures réservables, du lundi au vendredi." in text_of(response)


def test_occupancy_counts_the_bookable_hours_of_the_open_days_only(room, closed_at_the_weekend):
    # March 2027: 23 days from Monday to Friday, of 10.5 hours.
    [row] = selectors.occupancy(first_month=D("2027-03-01"), months=1, library=room.library)

    assert row.months == [(D("2027-03-01"), 0.0, 241.5)]


def test_a_closed_day_is_refused_by_the_rules(room, organizer, closed_at_the_weekend):
    today = timezone.localdate()
    saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7 or 7)

    with pytest.raises(services.BookingRefused) as raised:
        services.booking_create(room=room, organizer=organizer, title="Atelier", start=at(saturday, 10),
                                end=at(saturday, 11))

    assert raised.value.message == _("Rooms cannot be booked on %(day)s.") % {"day": date_format(saturday, "l")}


def test_a_closed_day_has_no_free_slot_and_no_bookable_hour(room, closed_at_the_weekend):
    week = selectors.week_view(room=room, monday=MONDAY + dt.timedelta(weeks=1))
    free = selectors.next_free_slots(room=room, after=at(MONDAY, 8), limit=20)

    assert {day.weekday() for day, bookable in ((slot.start.date(), slot.bookable)
                                                for _hour, slots in week.rows for slot in slots) if bookable} \
        <= {0, 1, 2, 3, 4}
    assert {start.date().weekday() for start, _end in free} == {0, 1, 2, 3, 4}


def test_the_weekly_series_offers_the_open_days_only(closed_at_the_weekend):
    choices = [label for _value, label in BookingCreateForm().fields["weekdays"].choices]

    assert choices == ["lundi", "mardi", "mercredi", "jeudi", "vendredi"]
