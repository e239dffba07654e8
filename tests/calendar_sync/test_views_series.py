"""Recurring bookings through the pages: a series that reaches too far is refused on the field
that makes it too long; a monthly series on the last weekday of the month."""

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from calendar_sync.models import Booking, BookingSeries
from calendar_sync.recurrence import WEEKDAY_CODES

from .helpers import bookable_day, field_errors, logged_in, text_of


def series_data(day: dt.date, **fields) -> dict:
    return {"title": "Atelier tablette", "date": day.isoformat(), "start": "10:00", "end": "11:30",
            "attendees": "8", "note": "", "frequency": "weekly", "interval": "1", "monthly_mode": "day_of_month",
            "until": "", "count": "", **fields}


def test_a_weekly_series_of_sixty_dates_is_refused_on_its_number_of_dates(room, organizer):
    first = bookable_day(2)

    response = logged_in(organizer).post(f"/salles/{room.slug}/reserver/", series_data(first, count="60"))

    assert response.status_code == 400
    assert field_errors(response, "count") == [_(
        "%(count)d dates would take the series to %(last)s, more than a year after its first date: "
        "give fewer dates.") % {"count": 60, "last": date_format(first + dt.timedelta(weeks=59), "j F Y")}]
    assert not Booking.objects.exists()
    assert not BookingSeries.objects.exists()


def last_weekday_of_month(day: dt.date) -> bool:
    return (day + dt.timedelta(weeks=1)).month != day.month


def test_a_monthly_series_on_the_last_weekday_is_booked_and_shown_as_monthly(room, organizer):
    # The first opening day that is the last of its weekday in its month (within five weeks).
    first = next(day for day in (bookable_day(n) for n in range(2, 40)) if last_weekday_of_month(day))
    client = logged_in(organizer)
    data = series_data(first, frequency="monthly", monthly_mode="last_weekday", count="3")
    preview = client.post(f"/salles/{room.slug}/reserver/", data)
    assert preview.status_code == 200

    response = client.post(f"/salles/{room.slug}/reserver/", {**data, "action": "confirm"})

    assert response.status_code == 302
    booked = [timezone.localtime(b.start).date() for b in Booking.objects.order_by("start")]
    assert len(booked) == 3
    assert all(day.weekday() == first.weekday() and last_weekday_of_month(day) for day in booked)
    assert [day.month for day in booked] == [(first.month + n - 1) % 12 + 1 for n in range(3)]
    series = BookingSeries.objects.get()
    assert series.rrule == f"FREQ=MONTHLY;INTERVAL=1;BYDAY=-1{WEEKDAY_CODES[first.weekday()]};COUNT=3"
    page = client.get(Booking.objects.order_by("start").first().get_absolute_url())
    assert _("One date of a recurring booking (%(freq)s).") % {"freq": _("Every month").lower()} in text_of(page)
