"""The room pages read at awkward moments, by moving the suite's frozen clock: across midnight, across
the two daylight-saving nights of Europe/Paris, on 31 December, and at the end of the last year one
can navigate to. Each test says where it puts the clock, so none depends on where the suite starts."""

import datetime as dt
from urllib.parse import urljoin

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from calendar_sync import services
from calendar_sync.models import Frequency
from calendar_sync.recurrence import RecurrenceRule

from .factories import BookingFactory
from .helpers import at, logged_in, soup

D = dt.date.fromisoformat


# --- what the pages show ----------------------------------------------------------------------


def follow(client, response, rel: str):
    """Open the link of the page's navigation marked rel="prev" or rel="next", as a reader would."""
    link = soup(response).select_one(f".week-nav a[rel={rel}]")
    assert link is not None, f"no {rel} link"
    return client.get(urljoin(response.wsgi_request.get_full_path(), link["href"]))


def week_title(response) -> str:
    return soup(response).find(id="week-title").get_text(" ", strip=True)


def expected_week_title(monday: dt.date) -> str:
    return _("Week of %(start)s to %(end)s") % {"start": date_format(monday, "j F"),
                                                "end": date_format(monday + dt.timedelta(days=6), "j F Y")}


def today_columns(response) -> list[str]:
    """The dates of the week's columns marked as today."""
    return [th.select_one(".week__date").get_text(strip=True) for th in soup(response).select("thead th.week__today")]


def week_grid(response) -> dict[str, dict[str, str]]:
    """Hour row ("14:00") -> day column ("31 mars") -> what the cell says."""
    page = soup(response)
    days = [th.select_one(".week__date").get_text(strip=True) for th in page.select("table.week thead th")[1:]]
    return {row.th.get_text(strip=True): dict(zip(days, (td.get_text(" ", strip=True) for td in row.find_all("td")),
                                                  strict=True))
            for row in page.select("table.week tbody tr")}


def free_slots(response) -> list[str]:
    return [item.get_text(" ", strip=True) for item in soup(response).find(id="free-title").find_next("ul")("li")]


def day_heading(response) -> str:
    return soup(response).h1.get_text(" ", strip=True)


def rooms_on(day: dt.date) -> str:
    return _("Rooms on %(day)s") % {"day": date_format(day, "l j F Y")}


def my_rows(response) -> dict[str, list[str]]:
    """Title -> the actions its row offers (the hrefs of its links after the title)."""
    return {row.th.a.get_text(strip=True): [link["href"] for link in row.select("td.actions a")]
            for row in soup(response).select("table.bookings-table tbody tr")}


def occupancy_months(response) -> list[str]:
    table = soup(response).find(id="occupancy-title").find_next("table")
    return [th.get_text(strip=True) for th in table.select("thead th")[1:]]


def weekly_at_two(first: dt.date, count: int) -> RecurrenceRule:
    return RecurrenceRule(frequency=Frequency.WEEKLY, first_date=first, start_time=dt.time(14),
                          end_time=dt.time(15), count=count)


# --- across midnight --------------------------------------------------------------------------


def test_the_day_view_turns_to_the_new_day_at_midnight(clock, room, organizer):
    clock.move_to("2026-03-10 23:59")
    client = logged_in(organizer)
    before = client.get(reverse("calendar_sync:day"))
    clock.shift(minutes=2)
    after = client.get(reverse("calendar_sync:day"))

    assert day_heading(before) == rooms_on(D("2026-03-10"))
    assert day_heading(after) == rooms_on(D("2026-03-11"))
    assert soup(after).select_one('.week-nav [aria-current="date"]').get_text(strip=True) == _("Today")


def test_yesterdays_page_leads_back_to_the_new_today(clock, room, organizer):
    clock.move_to("2026-03-10 23:59")
    client = logged_in(organizer)
    tuesday_url = client.get(reverse("calendar_sync:day")).wsgi_request.path + "?date=2026-03-10"
    clock.shift(minutes=2)

    tuesday = client.get(tuesday_url)  # read again after midnight: no longer today's page
    back = soup(tuesday).select_one(".week-nav").find("a", string=_("Today"))

    assert day_heading(tuesday) == rooms_on(D("2026-03-10"))
    assert back is not None
    assert day_heading(client.get(urljoin(tuesday_url, back["href"]))) == rooms_on(D("2026-03-11"))


def test_the_week_view_marks_the_new_day_as_today_after_midnight(clock, room, organizer):
    clock.move_to("2026-03-10 23:59")
    client = logged_in(organizer)
    before = client.get(room.get_absolute_url())
    clock.shift(minutes=2)
    after = client.get(room.get_absolute_url())

    assert today_columns(before) == ["10 mars"]
    assert today_columns(after) == ["11 mars"]
    assert week_title(before) == week_title(after) == expected_week_title(D("2026-03-09"))


def test_this_week_turns_over_at_midnight_between_sunday_and_monday(clock, room, organizer):
    clock.move_to("2026-03-15 23:59")  # Sunday night: no room opens, the week is the one ending today
    client = logged_in(organizer)
    sunday = client.get(room.get_absolute_url())
    clock.shift(minutes=2)
    monday = client.get(room.get_absolute_url())

    assert week_title(sunday) == expected_week_title(D("2026-03-09"))
    assert week_title(monday) == expected_week_title(D("2026-03-16"))
    assert today_columns(monday) == ["16 mars"]
    assert free_slots(sunday)[0].startswith(date_format(D("2026-03-16"), "l j F") + ", 08:30")


def test_late_at_night_tomorrow_mornings_first_hour_is_free_to_book(clock, room, organizer):
    clock.move_to("2026-03-10 23:59")

    response = logged_in(organizer).get(room.get_absolute_url())

    grid = week_grid(response)
    assert grid["08:00"]["11 mars"].startswith(_("Free"))
    assert _("book %(day)s %(start)s–%(end)s") % {
        "day": date_format(D("2026-03-11"), "l j F"), "start": "08:30", "end": "09:00"} in grid["08:00"]["11 mars"]
    assert grid["18:00"]["10 mars"] == ""  # tonight's hours are over


def test_my_bookings_move_from_upcoming_to_past_as_the_clock_passes_them(clock, room, organizer):
    clock.move_to("2026-03-10 23:59")
    client = logged_in(organizer)
    BookingFactory(room=room, organizer=organizer, title="Comité du soir",
                             start=at(D("2026-03-10"), 17), end=at(D("2026-03-10"), 19))
    tomorrow = BookingFactory(room=room, organizer=organizer, title="Atelier du matin",
                              start=at(D("2026-03-11"), 9), end=at(D("2026-03-11"), 10))
    upcoming, past = reverse("calendar_sync:my_bookings"), reverse("calendar_sync:my_bookings") + "?past=1"
    change, cancel = (reverse(f"calendar_sync:booking_{action}", args=[tomorrow.pk]) for action in ("edit", "cancel"))

    assert my_rows(client.get(upcoming)) == {"Atelier du matin": [change, cancel]}
    assert list(my_rows(client.get(past))) == ["Comité du soir"]

    clock.move_to("2026-03-11 09:30")  # under way: it can still be cancelled, no longer changed
    assert my_rows(client.get(upcoming)) == {"Atelier du matin": [cancel]}

    clock.move_to("2026-03-11 10:01")
    assert my_rows(client.get(upcoming)) == {}
    assert list(my_rows(client.get(past))) == ["Atelier du matin", "Comité du soir"]


# --- across a daylight-saving night -----------------------------------------------------------


@pytest.mark.parametrize(("now", "first", "utc_hours"), [
    # Clocks go forward on Sunday 29 March 2026: 14:00 in Paris is 13:00Z before, 12:00Z after.
    ("2026-03-17 09:00", "2026-03-24", [13, 12, 12]),
    # Clocks go back on Sunday 25 October 2026: 14:00 in Paris is 12:00Z before, 13:00Z after.
    ("2026-10-13 09:00", "2026-10-20", [12, 13, 13]),
], ids=["spring", "autumn"])
def test_a_weekly_series_stays_at_14_00_local_across_the_change(clock, room, organizer, now, first, utc_hours):
    clock.move_to(now)
    booked = services.booking_series_create(room=room, organizer=organizer, title="Atelier hebdomadaire",
                                            rule=weekly_at_two(D(first), 3)).bookings

    assert [timezone.localtime(booking.start).time() for booking in booked] == [dt.time(14)] * 3
    assert [booking.start.astimezone(dt.UTC).hour for booking in booked] == utc_hours
    client = logged_in(organizer)
    for booking in booked:  # and each week shows it in the 14:00 row of its day
        day = timezone.localdate(booking.start)
        week = client.get(f"{room.get_absolute_url()}?week={day.isoformat()}")
        cell = week_grid(week)["14:00"][date_format(day, "j F")]
        assert "Atelier hebdomadaire" in cell and "14:00–15:00" in cell


@pytest.mark.parametrize(("before", "after", "local_after"), [
    ("2026-03-29 01:59", dt.timedelta(minutes=2), dt.time(3, 1)),  # 02:00 does not exist that night
    ("2026-10-25 02:59", dt.timedelta(minutes=2), dt.time(2, 1)),  # 02:00-03:00 happens twice
], ids=["spring", "autumn"])
def test_the_week_of_the_change_keeps_its_hours_and_proposes_monday_morning(clock, room, organizer, before, after,
                                                                           local_after):
    clock.move_to(before)
    clock.shift(after)
    assert timezone.localtime().time() == local_after
    sunday = timezone.localdate()

    response = logged_in(organizer).get(room.get_absolute_url())

    monday = sunday + dt.timedelta(days=1)
    assert week_title(response) == expected_week_title(sunday - dt.timedelta(days=6))
    assert list(week_grid(response)) == [f"{hour:02}:00" for hour in range(8, 19)]
    assert free_slots(response)[0] == f"{date_format(monday, 'l j F')}, 08:30–19:00"


# --- on 31 December ---------------------------------------------------------------------------


def test_next_week_from_the_last_week_of_the_year_is_the_first_of_the_next(clock, room, organizer, colleague):
    clock.move_to("2026-12-31 23:59:59")
    BookingFactory(room=room, organizer=colleague, title="Vœux au personnel",
                   start=at(D("2027-01-04"), 10), end=at(D("2027-01-04"), 11))
    client = logged_in(organizer)

    this_week = client.get(room.get_absolute_url())
    next_week = follow(client, this_week, "next")

    assert week_title(this_week) == expected_week_title(D("2026-12-28"))
    assert today_columns(this_week) == ["31 décembre"]
    assert week_title(next_week) == expected_week_title(D("2027-01-04"))
    assert "Vœux au personnel" in week_grid(next_week)["10:00"]["4 janvier"]
    assert week_title(follow(client, next_week, "prev")) == expected_week_title(D("2026-12-28"))


def test_the_new_year_is_still_this_week(clock, room, organizer):
    clock.move_to("2026-12-31 23:59:59")
    client = logged_in(organizer)  # logged in at the new time: a session opened in March has expired
    clock.shift(seconds=2)

    response = client.get(room.get_absolute_url())

    assert week_title(response) == expected_week_title(D("2026-12-28"))
    assert today_columns(response) == ["1 janvier"]
    assert soup(response).select_one('.week-nav [aria-current="true"]').get_text(strip=True) == _("This week")


def test_the_occupancy_report_navigates_months_across_the_year(clock, room, coordinator):
    clock.move_to("2026-12-31 23:59:59")
    client = logged_in(coordinator)

    december = client.get(reverse("calendar_sync:occupancy"))
    january = follow(client, december, "next")

    assert occupancy_months(december) == ["décembre 2026", "janvier 2027", "février 2027"]
    assert occupancy_months(january) == ["janvier 2027", "février 2027", "mars 2027"]
    assert occupancy_months(follow(client, january, "prev")) == occupancy_months(december)
    assert occupancy_months(follow(client, december, "prev")) == ["novembre 2026", "décembre 2026", "janvier 2027"]


def test_the_day_view_steps_from_31_december_to_1_january(clock, room, organizer):
    clock.move_to("2026-12-31 23:59:59")
    client = logged_in(organizer)

    last_day = client.get(reverse("calendar_sync:day"))

    assert day_heading(last_day) == rooms_on(D("2026-12-31"))
    assert day_heading(follow(client, last_day, "next")) == rooms_on(D("2027-01-01"))


# --- the last year one can navigate to ----------------------------------------------------------


def test_the_last_week_of_the_last_navigable_year_opens_though_it_ends_the_year_after(clock, room, coordinator):
    # Dates in links are understood up to 2100 only; the week of 31 December 2100 ends in 2101.
    clock.move_to("2100-12-31 10:00")
    client = logged_in(coordinator)

    this_week = client.get(room.get_absolute_url())
    that_day = client.get(reverse("calendar_sync:day"))
    report = client.get(reverse("calendar_sync:occupancy"))

    assert week_title(this_week) == expected_week_title(D("2100-12-27"))
    assert today_columns(this_week) == ["31 décembre"]
    assert day_heading(that_day) == rooms_on(D("2100-12-31"))
    assert occupancy_months(report) == ["décembre 2100", "janvier 2101", "février 2101"]


def test_a_date_past_the_last_navigable_year_shows_this_week(clock, room, organizer):
    clock.move_to("2100-12-31 10:00")

    response = logged_in(organizer).get(f"{room.get_absolute_url()}?week=2101-01-04")

    assert response.status_code == 200
    assert week_title(response) == expected_week_title(D("2100-12-27"))
