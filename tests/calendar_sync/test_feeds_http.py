"""What calendar apps get over HTTP: ETag and Last-Modified, 304 without building the document,
HEAD, a new ETag after a change, constant query counts, and a room of 5,000 bookings fast."""

import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils.http import http_date

from calendar_sync import services
from calendar_sync.models import Booking
from calendar_sync.recurrence import RecurrenceRule, aware

from .factories import AgendaEventFactory, BookingFactory, NetworkCalendarFactory, feed_url

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


@pytest.fixture
def room_feed(room, organizer):
    BookingFactory(room=room, organizer=organizer, title="Réunion", start=paris(2026, 3, 12, 10),
                   end=paris(2026, 3, 12, 11))
    return feed_url(organizer, "salle", room.slug)


def test_a_feed_has_its_etag_last_modified_and_private_cache_control(room_feed):
    response = Client().get(room_feed)
    assert response["ETag"].startswith('"') and response["ETag"].endswith('"')
    assert not response["ETag"].startswith('W/')
    assert response["Last-Modified"] == http_date(paris(2026, 3, 10, 9).timestamp())
    assert response["Cache-Control"].startswith("private")
    assert response["Content-Disposition"].startswith("inline")


def test_if_none_match_gives_304_without_building_the_document(room_feed, django_assert_max_num_queries):
    etag = Client().get(room_feed)["ETag"]
    cache.clear()  # a 304 must not need the cached document either
    with django_assert_max_num_queries(5):
        response = Client().get(room_feed, headers={"if-none-match": etag})
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag


def test_if_modified_since_gives_304(room_feed):
    last_modified = Client().get(room_feed)["Last-Modified"]
    assert Client().get(room_feed, headers={"if-modified-since": last_modified}).status_code == 304
    earlier = http_date(paris(2026, 3, 1).timestamp())
    assert Client().get(room_feed, headers={"if-modified-since": earlier}).status_code == 200


def test_head_answers_the_headers(room_feed):
    response = Client().head(room_feed)
    assert response.status_code == 200 and response.content == b""
    assert response["Content-Type"] == "text/calendar; charset=utf-8" and response["ETag"]


def test_the_etag_changes_after_a_booking_changes_and_the_new_title_is_served(clock, room, organizer, room_feed):
    etag = Client().get(room_feed)["ETag"]
    booking = Booking.objects.get(room=room)
    clock.shift(minutes=5)
    services.booking_update(booking=booking, by=organizer, title="Réunion déplacée")
    response = Client().get(room_feed, headers={"if-none-match": etag})
    assert response.status_code == 200 and response["ETag"] != etag
    assert "SUMMARY:Réunion déplacée" in response.content.decode()


def test_the_etag_changes_when_a_booking_is_added(clock, room, organizer, room_feed):
    etag = Client().get(room_feed)["ETag"]
    BookingFactory(room=room, organizer=organizer, title="Nouvelle", start=paris(2026, 3, 13, 10),
                   end=paris(2026, 3, 13, 11))
    assert Client().get(room_feed, headers={"if-none-match": etag}).status_code == 200


def test_the_personal_feed_answers_304_too(organizer, room_feed):
    url = feed_url(organizer)
    etag = Client().get(url)["ETag"]
    assert Client().get(url, headers={"if-none-match": etag}).status_code == 304


def _fill(room, organizer, scale: int):
    bookings = [Booking(room=room, organizer=organizer, title=f"Atelier {n}", start=aware(day, dt.time(10)),
                        end=aware(day, dt.time(11)))
                for n, day in enumerate(dt.date(2026, 3, 11) + dt.timedelta(days=k) for k in range(5 * scale))]
    Booking.objects.bulk_create(bookings)
    for n in range(scale):
        # Tuesday to Friday, at 14:00, 16:00 or 17:00: no two series meet.
        hour = (14, 16, 17)[n // 4]
        rule = RecurrenceRule(frequency="weekly", first_date=dt.date(2026, 9, 1) + dt.timedelta(days=n % 4),
                              start_time=dt.time(hour), end_time=dt.time(hour, 45), count=4)
        services.booking_series_create(room=room, organizer=organizer, title=f"Série {n}", rule=rule)


@pytest.mark.parametrize("scale", [1, 10])
def test_room_and_library_feed_queries_do_not_grow(room, organizer, scale, django_assert_max_num_queries):
    _fill(room, organizer, scale)
    for url in (feed_url(organizer, "salle", room.slug), feed_url(organizer, "bibliotheque", room.library.slug)):
        cache.clear()
        with django_assert_max_num_queries(10):
            assert Client().get(url).status_code == 200


@pytest.mark.parametrize("scale", [1, 10])
def test_calendar_and_personal_feed_queries_do_not_grow(organizer, scale, room, django_assert_max_num_queries):
    from tests.governance.factories import BodyFactory, MeetingFactory, MembershipFactory

    _fill(room, organizer, scale)
    calendar_row = NetworkCalendarFactory()
    body = BodyFactory()
    MembershipFactory(body=body, person=organizer)
    for n in range(3 * scale):
        AgendaEventFactory(calendar=calendar_row, start=paris(2026, 3, 12, 10) + dt.timedelta(days=n))
        MeetingFactory(body=body, start=paris(2026, 4, 1, 9) + dt.timedelta(days=n),
                       end=paris(2026, 4, 1, 10) + dt.timedelta(days=n))
    for url in (feed_url(organizer, "agenda", calendar_row.slug), feed_url(organizer),
                feed_url(organizer, "instance", body.slug)):
        cache.clear()
        with django_assert_max_num_queries(14):
            assert Client().get(url).status_code == 200


def test_a_room_feed_of_5000_bookings_is_fast(room, organizer):
    first = dt.date(2026, 3, 11)
    slots = ((9, 10), (11, 12), (14, 15))
    Booking.objects.bulk_create([
        Booking(room=room, organizer=organizer, title=f"Atelier {n}", start=aware(first + dt.timedelta(days=n // 3),
                dt.time(slots[n % 3][0])), end=aware(first + dt.timedelta(days=n // 3), dt.time(slots[n % 3][1])))
        for n in range(5000)])
    url = feed_url(organizer, "salle", room.slug)
    cache.clear()
    # CPU time: five helpers share two CPUs, and the wall clock would measure them too.
    started = time.process_time()
    response = Client().get(url)
    cold = time.process_time() - started
    assert response.status_code == 200 and response.content.count(b"BEGIN:VEVENT") == 5000
    started = time.process_time()
    assert Client().get(url, headers={"if-none-match": response["ETag"]}).status_code == 304
    not_modified = time.process_time() - started
    print(f"room feed of 5,000 bookings: {cold * 1000:.0f} ms CPU cold, 304 in {not_modified * 1000:.1f} ms CPU")
    # Loose bounds for a shared test machine: `make bench` prints the real medians.
    assert cold < 1.0, cold
    assert not_modified < 0.1, not_modified
