"""The demo rooms and bookings of `seed_demo`: enough to show every feature, idempotent, and never a
double booking."""

import io

import pytest
from django.core.management import call_command

from calendar_sync.models import Booking, BookingSeries, Room


def seed_demo():
    call_command("seed_demo", "--force", stdout=io.StringIO())


@pytest.mark.usefixtures("demo_network_of_the_class")
class TestTheDemoRooms:
    """Seeded once for the class (tests/conftest.py); each test's changes are rolled back after it."""

    def test_seeding_twice_adds_nothing(self, demo_network):
        counts = (Room.objects.count(), Booking.objects.count(), BookingSeries.objects.count())

        seed_demo()

        assert (Room.objects.count(), Booking.objects.count(), BookingSeries.objects.count()) == counts

    def test_demo_has_about_twenty_rooms(self, demo_network):
        assert Room.objects.active().count() >= 18

    def test_demo_has_a_room_under_approval_with_an_approver(self, demo_network):
        assert Room.objects.filter(requires_approval=True, approvers__isnull=False).exists()

    def test_demo_has_pending_requests_to_approve(self, demo_network):
        assert Booking.objects.filter(status="pending", room__requires_approval=True).exists()

    def test_demo_has_a_weekly_series(self, demo_network):
        series = BookingSeries.objects.filter(rrule__startswith="FREQ=WEEKLY;")

        assert series.exists()
        assert all(item.bookings.count() > 1 for item in series)

    def test_demo_never_books_a_room_twice(self, demo_network):
        bookings = Booking.objects.active().order_by("room_id", "start").values_list("room_id", "start", "end")
        overlaps, last_end = [], {}
        for room_id, start, end in bookings:
            if room_id in last_end and start < last_end[room_id]:
                overlaps.append((room_id, start))
            last_end[room_id] = max(end, last_end.get(room_id, end))

        assert Booking.objects.active().count() > 100
        assert overlaps == []
