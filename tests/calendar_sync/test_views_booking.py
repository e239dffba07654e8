"""The booking form as people use it: a free slot is booked and confirmed by email, a taken one is
refused naming the booking in the way, bad input is an error next to its field and saves nothing,
and a series is previewed date by date before its free dates are booked."""

import datetime as dt

import pytest
from django.conf import settings
from django.forms import Field
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from calendar_sync.models import Booking, BookingSeries, BookingStatus
from calendar_sync.presenters import when

from .factories import BookingFactory
from .helpers import (
    at,
    bookable_day,
    calendar_attachments,
    emails_to,
    field_errors,
    form_errors,
    logged_in,
    page_messages,
    soup,
)


def book_url(room) -> str:
    return f"/salles/{room.slug}/reserver/"


def booking_data(day: dt.date, start: str = "10:00", end: str = "11:30", **fields) -> dict:
    """What the booking form posts for a one-off booking (the recurrence section left empty)."""
    return {"title": "Atelier numérique", "date": day.isoformat(), "start": start, "end": end, "attendees": "8",
            "note": "", "frequency": "", "interval": "1", "monthly_mode": "day_of_month", "until": "", "count": "",
            **fields}


# --- one booking ------------------------------------------------------------------------------


def test_staff_member_books_a_free_slot_and_is_sent_to_the_booking(room, organizer,
                                                                   django_capture_on_commit_callbacks):
    client, day = logged_in(organizer), bookable_day(2)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(book_url(room), booking_data(day))

    booking = Booking.objects.get(room=room)
    assert response.status_code == 302
    assert response.url == booking.get_absolute_url()
    assert (booking.title, booking.organizer, booking.status) == ("Atelier numérique", organizer,
                                                                  BookingStatus.CONFIRMED)
    assert (booking.start, booking.end, booking.attendees) == (at(day, 10), at(day, 11.5), 8)
    page = client.get(response.url)
    assert page_messages(page) == [_("Room booked: %(room)s, %(when)s.") % {
        "room": "Salle de réunion", "when": when(booking.start, booking.end)}]


def test_booking_through_the_form_sends_a_confirmation_with_a_calendar_invitation(
        room, organizer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        logged_in(organizer).post(book_url(room), booking_data(bookable_day(2)))

    [message] = emails_to(organizer.user.email)
    [invitation] = calendar_attachments(message)
    [event] = invitation.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Atelier numérique"
    assert str(event["UID"]) == Booking.objects.get(room=room).ical_uid


def test_no_email_is_sent_when_the_booking_is_refused(room, organizer, colleague,
                                                      django_capture_on_commit_callbacks, mailoutbox):
    day = bookable_day(2)
    BookingFactory(room=room, organizer=colleague, start=at(day, 10), end=at(day, 11))

    with django_capture_on_commit_callbacks(execute=True):
        logged_in(organizer).post(book_url(room), booking_data(day))

    assert mailoutbox == []


def test_taken_slot_is_refused_naming_the_booking_in_the_way(room, organizer, colleague):
    day = bookable_day(2)
    BookingFactory(room=room, organizer=colleague, title="Conseil de lecture", start=at(day, 9),
                   end=at(day, 10.5))

    response = logged_in(organizer).post(book_url(room), booking_data(day, "10:00", "11:30"))

    assert response.status_code == 400
    [error] = form_errors(response)
    assert "Conseil de lecture" in error
    assert "Loïc Riou" in error
    assert "09:00" in error and "10:30" in error
    assert list(Booking.objects.values_list("title", flat=True)) == ["Conseil de lecture"]


def test_refused_form_keeps_what_was_typed(room, organizer, colleague):
    day = bookable_day(2)
    BookingFactory(room=room, organizer=colleague, start=at(day, 10), end=at(day, 11))

    response = logged_in(organizer).post(book_url(room), booking_data(day, title="Club tricot", note="Thé"))

    page = soup(response)
    assert page.find(id="id_title")["value"] == "Club tricot"
    assert page.find(id="id_date")["value"] == day.isoformat()
    assert page.find(id="id_note").get_text().strip() == "Thé"


def prefilled(response) -> tuple[str, str, str]:
    form = soup(response)
    return tuple(form.find(id=f"id_{name}").get("value", "") for name in ("date", "start", "end"))


def test_a_link_fills_in_the_slot_of_the_booking_form(room, organizer):
    day = bookable_day(2)

    response = logged_in(organizer).get(f"{book_url(room)}?date={day.isoformat()}&start=14:00&end=15:30")

    assert response.status_code == 200
    assert prefilled(response) == (day.isoformat(), "14:00", "15:30")


@pytest.mark.parametrize(("query", "expected"), [
    ("date={day}&start=14:00&end=13:00", ("{day}", "14:00", "")),
    ("date={day}&end=13:00", ("{day}", "", "")),
    ("date=1500-03-10&start=14:00&end=15:00", ("", "14:00", "15:00")),
    ("date=demain&start=midi&end=", ("", "", "")),
], ids=["end_before_start", "end_without_start", "year_1500", "words"])
def test_a_link_fills_in_only_what_makes_sense(room, organizer, query, expected):
    day = bookable_day(2).isoformat()

    response = logged_in(organizer).get(f"{book_url(room)}?{query.format(day=day)}")

    assert response.status_code == 200
    assert prefilled(response) == tuple(value.format(day=day) for value in expected)


def test_unknown_room_is_not_found(organizer):
    client = logged_in(organizer)

    assert client.get("/salles/nope/reserver/").status_code == 404
    assert client.post("/salles/nope/reserver/", booking_data(bookable_day(2))).status_code == 404
    assert Booking.objects.count() == 0


def test_booking_form_of_an_inactive_room_is_not_found(room, organizer):
    room.active = False
    room.save()

    response = logged_in(organizer).post(book_url(room), booking_data(bookable_day(2)))

    assert response.status_code == 404
    assert Booking.objects.count() == 0


# --- bad input --------------------------------------------------------------------------------

def _in_years(years: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=365 * years)


BAD_INPUT = {
    "end_before_start": (lambda day: {"start": "11:00", "end": "10:00"},
                         "end", lambda: _("The end must be after the start.")),
    "end_equal_to_start": (lambda day: {"start": "11:00", "end": "11:00"},
                           "end", lambda: _("The end must be after the start.")),
    "past_date": (lambda day: {"date": (timezone.localdate() - dt.timedelta(days=2)).isoformat()},
                  "start", lambda: _("This time is in the past.")),
    "date_three_years_ahead": (lambda day: {"date": _in_years(3).isoformat()}, "start",
                               lambda: _("Bookings open %(days)d days ahead at most.")
                               % {"days": settings.BOOKING_HORIZON_DAYS}),
    "series_until_three_years_later": (
        lambda day: {"frequency": "weekly", "until": (day + dt.timedelta(days=3 * 365)).isoformat()}, "until",
        lambda: _("A series lasts one year and %(count)d dates at most.")
        % {"count": settings.BOOKING_SERIES_MAX_OCCURRENCES}),
    "text_for_a_date": (lambda day: {"date": "demain"}, "date", lambda: _("Enter a date, e.g. 2025-03-14.")),
    "text_for_a_time": (lambda day: {"start": "midi"}, "start", lambda: _("Enter a time, e.g. 14:30.")),
    "text_for_the_end_of_a_series": (lambda day: {"frequency": "weekly", "until": "à Noël"}, "until",
                                     lambda: _("Enter a date, e.g. 2025-03-14.")),
    # Dates no one means, which used to overflow datetime (500) on their way to the database.
    "series_from_year_9999": (lambda day: {"date": "9999-12-31", "frequency": "weekly", "count": "2"}, "date",
                              lambda: _("Enter a date, e.g. 2025-03-14.")),
    "series_from_midnight_of_year_1": (lambda day: {"date": "0001-01-01", "start": "00:00", "end": "01:00",
                                                    "frequency": "daily", "count": "2"}, "date",
                                       lambda: _("Enter a date, e.g. 2025-03-14.")),
    "series_until_year_9999": (lambda day: {"frequency": "monthly", "until": "9999-12-31"}, "until",
                               lambda: _("Enter a date, e.g. 2025-03-14.")),
    "attendees_over_capacity": (lambda day: {"attendees": "13"}, "attendees",
                                lambda: _("This room holds %(capacity)d people at most.") % {"capacity": 12}),
    "missing_title": (lambda day: {"title": ""}, "title", lambda: str(Field.default_error_messages["required"])),
    "blank_title": (lambda day: {"title": "   "}, "title", lambda: str(Field.default_error_messages["required"])),
    "series_with_no_end": (lambda day: {"frequency": "weekly"}, "until",
                           lambda: _("Say when the series ends: a last date or a number of dates.")),
    "series_with_two_ends": (lambda day: {"frequency": "weekly", "count": "3",
                                          "until": (day + dt.timedelta(days=30)).isoformat()},
                             "count", lambda: _("Give a last date or a number of dates, not both.")),
}


@pytest.mark.parametrize("case", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_an_error_next_to_its_field_and_saves_nothing(room, organizer, case):
    changes, field, message = case
    day = bookable_day(2)

    response = logged_in(organizer).post(book_url(room), booking_data(day, **changes(day)))

    assert response.status_code == 400
    assert field_errors(response, field) == [message()]
    assert Booking.objects.count() == 0
    assert BookingSeries.objects.count() == 0


def test_bad_input_says_so_at_the_top_of_the_form(room, organizer):
    response = logged_in(organizer).post(book_url(room), booking_data(bookable_day(2), date="demain"))

    assert form_errors(response) == [_("Please correct the errors below.")]


# --- a series ---------------------------------------------------------------------------------


@pytest.fixture
def series_request(room, organizer, colleague):
    """Five Tuesdays-or-so at 10:00–11:30, the third one already taken by a colleague."""
    first = bookable_day(2)
    taken = first + dt.timedelta(weeks=2)
    BookingFactory(room=room, organizer=colleague, title="Club lecture", start=at(taken, 10.5), end=at(taken, 12))
    data = booking_data(first, title="Atelier tablette", frequency="weekly", count="5")
    return {"first": first, "taken": taken, "data": data}


def test_series_preview_lists_every_date_and_names_the_taken_one(room, organizer, series_request):
    response = logged_in(organizer).post(book_url(room), series_request["data"])

    assert response.status_code == 200
    rows = soup(response).select("table.series-table tbody tr")
    dates = [row.th.get_text(strip=True) for row in rows]
    assert dates == [date_format(series_request["first"] + dt.timedelta(weeks=week), "l j F Y") for week in range(5)]
    [taken] = [row for row in rows if "series-row--taken" in row["class"]]
    assert taken.th.get_text(strip=True) == date_format(series_request["taken"], "l j F Y")
    assert "Club lecture" in taken.get_text() and "Loïc Riou" in taken.get_text()
    assert sum("series-row--free" in row["class"] for row in rows) == 4
    assert Booking.objects.filter(organizer=organizer).count() == 0  # nothing booked before confirming


def hidden_fields(response) -> dict[str, list[str]]:
    """The fields the preview carries to its confirmation, as the browser would send them."""
    form = soup(response).select_one("form.series-actions")
    data: dict[str, list[str]] = {}
    for field in form.find_all("input"):
        if field.get("type") == "hidden" and field.get("name"):
            data.setdefault(field["name"], []).append(field.get("value", ""))
    return data


def test_confirming_the_preview_books_the_free_dates_in_one_series(room, organizer, series_request):
    client = logged_in(organizer)
    preview = client.post(book_url(room), series_request["data"])

    response = client.post(book_url(room), {**hidden_fields(preview), "action": "confirm"})

    assert response.status_code == 302
    assert response.url == "/salles/reservations/"
    booked = list(Booking.objects.filter(organizer=organizer).order_by("start"))
    first, taken = series_request["first"], series_request["taken"]
    expected = [first + dt.timedelta(weeks=week) for week in range(5) if week != 2]
    assert [timezone.localtime(booking.start).date() for booking in booked] == expected
    assert {booking.series_id for booking in booked} == {BookingSeries.objects.get().pk}
    assert all(booking.title == "Atelier tablette" and booking.end == at(expected[index], 11.5)
               for index, booking in enumerate(booked))
    assert taken not in expected


def test_confirmed_series_says_which_date_was_skipped(room, organizer, series_request):
    client = logged_in(organizer)

    response = client.post(book_url(room), {**series_request["data"], "action": "confirm"}, follow=True)

    success, skipped = page_messages(response)
    assert success == ngettext("%(count)d date booked in %(room)s (« %(title)s »).",
                               "%(count)d dates booked in %(room)s (« %(title)s »).", 4) % {
        "count": 4, "room": "Salle de réunion", "title": "Atelier tablette"}
    assert date_format(series_request["taken"], "l j F Y") in skipped
    assert skipped == ngettext("Skipped because already taken: %(dates)s.",
                               "Skipped because already taken: %(dates)s.", 1) % {
        "dates": date_format(series_request["taken"], "l j F Y")}


def test_changing_the_series_from_the_preview_goes_back_to_the_filled_form(room, organizer, series_request):
    response = logged_in(organizer).post(book_url(room), {**series_request["data"], "action": "edit"})

    assert response.status_code == 200
    assert soup(response).find(id="id_title")["value"] == "Atelier tablette"
    assert Booking.objects.filter(organizer=organizer).count() == 0


def test_cancelling_from_the_preview_books_nothing(room, organizer, series_request):
    response = logged_in(organizer).post(book_url(room), {**series_request["data"], "action": "cancel"})

    assert response.status_code == 302
    assert response.url == room.get_absolute_url()
    assert Booking.objects.filter(organizer=organizer).count() == 0


def test_series_whose_every_date_is_taken_cannot_be_confirmed(room, organizer, colleague):
    first = bookable_day(2)
    for week in range(2):
        day = first + dt.timedelta(weeks=week)
        BookingFactory(room=room, organizer=colleague, start=at(day, 9), end=at(day, 12))
    data = booking_data(first, frequency="weekly", count="2")

    preview = logged_in(organizer).post(book_url(room), data)
    confirmed = logged_in(organizer).post(book_url(room), {**data, "action": "confirm"})

    assert preview.status_code == 200
    assert soup(preview).find("button", attrs={"value": "confirm"}) is None
    assert confirmed.status_code == 400
    assert form_errors(confirmed) == [_("No date of this series is free any more. Choose other dates.")]
    assert Booking.objects.filter(organizer=organizer).count() == 0


def test_a_title_typed_with_a_bidi_override_is_booked_without_it(room, organizer):
    day = bookable_day(2)
    response = logged_in(organizer).post(book_url(room), booking_data(day, title="\u202eAtelier\u200b numérique"))
    assert response.status_code == 302
    assert Booking.objects.get(room=room).title == "Atelier numérique"


def test_a_title_of_invisible_characters_only_is_refused_on_its_field(room, organizer):
    day = bookable_day(2)
    response = logged_in(organizer).post(book_url(room), booking_data(day, title="\u200b\u202e"))
    assert response.status_code == 400
    assert field_errors(response, "title")
    assert not Booking.objects.filter(room=room).exists()
