"""Twenty people book the same room at the same instant: exactly one gets it, the others hear that
the slot is taken, and the database never holds two bookings at once in the room.

Real transactions and real threads, each with its own database connection: on SQLite the file
test database and its IMMEDIATE transactions, on PostgreSQL the room lock and the exclusion
constraint."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection

from calendar_sync import services
from calendar_sync.models import Booking, Room
from intranet.models import Person
from intranet.roles import Role

from .helpers import at, bookable_day

THREADS = 20

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def organizers(make_person) -> list[Person]:
    return [make_person(Role.STAFF, first_name=f"Agent {n}") for n in range(THREADS)]


def book_all_at_once(room: Room, organizers: list[Person], slots: list[tuple[dt.datetime, dt.datetime]]):
    """Each thread loads its room and organizer as a request would, waits for the others, then books.
    Returns (bookings made, conflicts, any other exception)."""
    barrier = threading.Barrier(THREADS)
    lock = threading.Lock()
    made, conflicts, errors = [], [], []

    def attempt(organizer_pk: int, start: dt.datetime, end: dt.datetime) -> None:
        try:
            own_room = Room.objects.get(pk=room.pk)
            organizer = Person.objects.select_related("user").get(pk=organizer_pk)
            barrier.wait(timeout=30)
            booking = services.booking_create(room=own_room, organizer=organizer, title=f"Réunion de {organizer}",
                                              start=start, end=end, notify=True)
        except services.BookingConflict as conflict:
            with lock:
                conflicts.append(conflict)
        except BaseException as exc:  # anything else is a bug the test must show
            with lock:
                errors.append(repr(exc))
        else:
            with lock:
                made.append(booking)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(organizer.pk, start, end))
               for organizer, (start, end) in zip(organizers, slots, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a booking thread hung"
    return made, conflicts, errors


def test_twenty_people_booking_the_same_slot_get_it_once(room, organizers):
    day = bookable_day(2)
    slot = (at(day, 10), at(day, 11))

    made, conflicts, errors = book_all_at_once(room, organizers, [slot] * THREADS)

    assert errors == []
    assert len(made) == 1
    assert len(conflicts) == THREADS - 1
    assert {conflict.blocking.pk for conflict in conflicts if conflict.blocking} <= {made[0].pk}
    assert list(Booking.objects.filter(room=room).active().values_list("pk", flat=True)) == [made[0].pk]
    assert [message.to for message in mail.outbox] == [[made[0].organizer.user.email]]


def test_twenty_people_booking_overlapping_slots_never_share_the_room(room, organizers):
    # Each one hour long, each starting five minutes after the previous one.
    day = bookable_day(2)
    slots = [(at(day, 10) + dt.timedelta(minutes=5 * n), at(day, 11) + dt.timedelta(minutes=5 * n))
             for n in range(THREADS)]

    made, conflicts, errors = book_all_at_once(room, organizers, slots)

    assert errors == []
    assert made
    assert len(made) + len(conflicts) == THREADS
    active = list(Booking.objects.filter(room=room).active().order_by("start"))
    assert sorted(b.pk for b in active) == sorted(b.pk for b in made)
    overlapping = [(a.title, b.title) for i, a in enumerate(active) for b in active[i + 1:]
                   if a.start < b.end and b.start < a.end]
    assert overlapping == []
