"""What `make bench` measures of the rooms: the week view, the finder, "Mes réservations", and
booking_create with 100,000 bookings in the database (DESIGN §7: the conflict check must stay
constant as bookings grow). Declared in calendar_sync/wagtail_hooks.py (intranet.hooks.BENCHMARKS)."""

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from intranet.benchmarks import DEFAULT_USER
from intranet.models import Person

from .models import Booking, Room
from .recurrence import aware

BOOKINGS_FOR_CREATE_BENCHMARK = 100_000
TRAINING_ROOM = "Salle de formation numérique"
HISTORY_ORGANIZER = "coordination@demo.test"


def _training_room() -> Room:
    return Room.objects.filter(name=TRAINING_ROOM).order_by("pk").first()


def _next_tuesday() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=(1 - today.weekday()) % 7 or 7)


def room_week() -> str:
    return _training_room().get_absolute_url()


def room_finder() -> str:
    query = {"date": _next_tuesday().isoformat(), "start": "14:00", "end": "16:00", "capacity": 12,
             "equipment": "videoprojecteur"}
    return f"{reverse('calendar_sync:rooms')}?{urlencode(query)}"


def my_bookings() -> str:
    return reverse("calendar_sync:my_bookings")


def _fill_history(total: int) -> None:
    """Past bookings (hourly, in every room, going back in time) until the database holds
    `total`: a few years of a busy network."""
    missing = total - Booking.objects.count()
    if missing <= 0:
        return
    rooms = list(Room.objects.order_by("pk"))
    # Someone else than the benchmark's user, so "Mes réservations" measures a normal person.
    organizer = Person.objects.get(user__email=HISTORY_ORGANIZER)
    earliest = Booking.objects.order_by("start").values_list("start", flat=True).first() or timezone.now()
    day = timezone.localdate(earliest) - dt.timedelta(days=1)
    batch = []
    while missing > 0:
        if day.weekday() < 6:
            for room in rooms:
                for hour in range(9, 18, 2):
                    if missing <= 0:
                        break
                    batch.append(Booking(room=room, organizer=organizer, title="Historique", attendees=2,
                                         start=aware(day, dt.time(hour)), end=aware(day, dt.time(hour + 1))))
                    missing -= 1
        if len(batch) >= 5000 or missing <= 0:
            Booking.objects.bulk_create(batch)
            batch = []
        day -= dt.timedelta(days=1)


def booking_create_100k():
    from .services import booking_create

    _fill_history(BOOKINGS_FOR_CREATE_BENCHMARK)
    room = _training_room()
    organizer = Person.objects.get(user__email=DEFAULT_USER)
    day = _next_tuesday() + dt.timedelta(weeks=20)
    # A slot kept free on purpose: each call is rolled back, so it stays free.
    Booking.objects.filter(room=room, start__date=day).delete()

    def create():
        booking_create(room=room, organizer=organizer, start=aware(day, dt.time(18)), end=aware(day, dt.time(19)),
                       title="Benchmark")

    return create

