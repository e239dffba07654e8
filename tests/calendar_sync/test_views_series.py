"""Recurring bookings through the pages: a series that reaches too far is refused on the field
that makes it too long; a monthly series on the last weekday of the month; the approvals queue
decides a whole series at once."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Site

from calendar_sync import services
from calendar_sync.models import Booking, BookingSeries, BookingStatus, Frequency
from calendar_sync.recurrence import WEEKDAY_CODES, RecurrenceRule
from intranet.models import NetworkSettings

from .helpers import at, bookable_day, emails_to, field_errors, logged_in, page_messages, soup, text_of


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


# --- the approvals queue: one decision for a whole series ----------------------------------------


@pytest.fixture
def requested(approval_room, organizer):
    """Three weekly conferences awaiting approval, and a one-off request in the same room."""
    first = bookable_day(2)
    series = services.booking_series_create(
        room=approval_room, organizer=organizer, title="Conférences",
        rule=RecurrenceRule(frequency=Frequency.WEEKLY, first_date=first, start_time=dt.time(14),
                            end_time=dt.time(15), count=3)).bookings
    one_off = services.booking_create(room=approval_room, organizer=organizer, title="Spectacle", notify=False,
                                      start=at(first, 17), end=at(first, 18))
    return {"series": series, "one_off": one_off}


def statuses(bookings) -> list[str]:
    return [Booking.objects.get(pk=booking.pk).status for booking in bookings]


def series_buttons(item) -> list[str]:
    return [button.get_text(" ", strip=True) for button in item.select("button[formaction]")]


def queue_items(response) -> dict[str, list]:
    """The series buttons of each request of the queue, by the request's title."""
    items: dict[str, list] = {}
    for item in soup(response).select(".approval-list > li"):
        items.setdefault(item.h2.a.get_text(strip=True), []).append(series_buttons(item))
    return items


def test_the_queue_offers_to_decide_the_whole_series_of_a_series_request_only(requested, approver):
    response = logged_in(approver).get("/salles/approbations/")

    whole = [ngettext("Approve the whole series (%(counter)s date)", "Approve the whole series (%(counter)s dates)",
                      3) % {"counter": 3},
             ngettext("Reject the whole series (%(counter)s date)", "Reject the whole series (%(counter)s dates)",
                      3) % {"counter": 3}]
    items = queue_items(response)
    assert [[text.split(" — ")[0] for text in buttons] for buttons in items["Conférences"]] == [whole] * 3
    assert items["Spectacle"] == [[]]


def test_approving_the_whole_series_from_the_queue(requested, approver, organizer,
                                                   django_capture_on_commit_callbacks):
    client = logged_in(approver)
    url = f"/salles/approbations/{requested['series'][1].pk}/serie/"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "approve"})

    assert response.status_code == 302
    assert response.url == "/salles/approbations/"
    assert statuses(requested["series"]) == [BookingStatus.CONFIRMED] * 3
    assert statuses([requested["one_off"]]) == [BookingStatus.PENDING]
    assert len(emails_to(organizer.user.email)) == 1
    queue = client.get(response.url)
    assert page_messages(queue) == [ngettext(
        "Approved: %(count)d date of « %(title)s », %(room)s. The organizer gets one email.",
        "Approved: %(count)d dates of « %(title)s », %(room)s. The organizer gets one email.", 3)
        % {"count": 3, "title": "Conférences", "room": "Auditorium"}]
    assert list(queue_items(queue)) == ["Spectacle"]


def test_rejecting_the_whole_series_without_a_reason_is_an_error_on_that_request(requested, approver, mailoutbox):
    second = requested["series"][1]

    response = logged_in(approver).post(f"/salles/approbations/{second.pk}/serie/",
                                        {"decision": "reject", "reason": " "})

    assert response.status_code == 400
    assert field_errors(response, "reason", auto_id=f"id_reason_{second.pk}") == [
        _("Say why the request is rejected.")]
    assert statuses(requested["series"]) == [BookingStatus.PENDING] * 3
    assert mailoutbox == []


def test_rejecting_the_whole_series_with_a_reason_from_the_queue(requested, approver, organizer,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(approver).post(f"/salles/approbations/{requested['series'][0].pk}/serie/?page=1",
                                            {"decision": "reject", "reason": "Auditorium en travaux."})

    assert response.status_code == 302
    assert statuses(requested["series"]) == [BookingStatus.REJECTED] * 3
    [message] = emails_to(organizer.user.email)
    assert "Auditorium en travaux." in message.body


@pytest.mark.parametrize("who", ["organizer", "colleague"])
def test_only_approvers_decide_a_whole_series(requested, who, request):
    client = logged_in(request.getfixturevalue(who))

    response = client.post(f"/salles/approbations/{requested['series'][0].pk}/serie/", {"decision": "approve"})

    assert response.status_code == 403
    assert statuses(requested["series"]) == [BookingStatus.PENDING] * 3


def test_a_whole_series_decision_needs_a_post(requested, approver):
    response = logged_in(approver).get(f"/salles/approbations/{requested['series'][0].pk}/serie/")

    assert response.status_code == 405


def add_series_requests(room, organizer, numbers: range, first: dt.date) -> None:
    """A series of three pending weekly dates and a one-off request for each number, a quarter of an
    hour each, never overlapping (no rule is checked: straight to the table)."""
    for number in numbers:
        start = at(first, 9 + number % 10 * 0.5 + number // 10 * 0.25)
        series = BookingSeries.objects.create(room=room, organizer=organizer, title=f"Série {number}",
                                              rrule="FREQ=WEEKLY;COUNT=3", first_date=first,
                                              start_time=start.time(),
                                              end_time=(start + dt.timedelta(minutes=15)).time())
        Booking.objects.bulk_create([
            *[Booking(room=room, organizer=organizer, title=f"Série {number}", series=series,
                      status=BookingStatus.PENDING, start=start + dt.timedelta(weeks=week),
                      end=start + dt.timedelta(weeks=week, minutes=15)) for week in range(3)],
            Booking(room=room, organizer=organizer, title=f"Demande {number}", status=BookingStatus.PENDING,
                    start=start + dt.timedelta(days=1), end=start + dt.timedelta(days=1, minutes=15)),
        ])


def test_the_queue_with_series_runs_as_many_queries_at_10x_as_at_1x(approval_room, organizer, approver):
    client, first = logged_in(approver), bookable_day(2)
    # A running site has its settings row; making it inside a measured request would be noise.
    NetworkSettings.for_site(Site.objects.get(is_default_site=True))
    counts = []
    for numbers in (range(1), range(1, 10)):  # 1x, then 10x
        add_series_requests(approval_room, organizer, numbers, first)
        client.get("/salles/approbations/")  # warm the per-process caches, as a running server has them
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/salles/approbations/")
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1] <= 25
    assert response.context["page_obj"].paginator.count == 40
