"""What `make bench` measures of the feeds (DESIGN §7: a room's feed of 5,000 bookings in 200 ms,
and its 304): a room of the demo network filled with 5,000 bookings, fetched through the test
client with the token of the benchmark's user. "Cold": the cached document is dropped before each
call, so each one reads the rows and writes the whole document."""

import datetime as dt

from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from intranet.benchmarks import DEFAULT_USER
from intranet.models import Person

from ..models import Booking, Room
from ..recurrence import aware
from .documents import CACHE_PREFIX
from .tokens import feed_token_for

FEED_BOOKINGS = 5000
FEED_ROOM_SLUG = "salle-du-flux-banc-d-essai"
SLOTS = ((dt.time(9), dt.time(10)), (dt.time(11), dt.time(12)), (dt.time(14), dt.time(15)))


def _filled_room() -> Room:
    """A room of its own (the other benchmarks add bookings to the demo's rooms) holding exactly
    5,000 bookings, three a day from 300 days ago: all inside the feed's window."""
    room = Room.objects.filter(slug=FEED_ROOM_SLUG).first()
    if room is None:
        library = Room.objects.order_by("pk").first().library
        room = Room.objects.create(name="Salle du flux (banc d'essai)", slug=FEED_ROOM_SLUG, library=library,
                                   capacity=20)
    missing = FEED_BOOKINGS - Booking.objects.filter(room=room).count()
    if missing > 0:
        organizer = Person.objects.get(user__email=DEFAULT_USER)
        first = timezone.localdate() - dt.timedelta(days=300)
        batch = [Booking(room=room, organizer=organizer, title=f"Atelier {number}", attendees=2,
                         start=aware(first + dt.timedelta(days=number // 3), SLOTS[number % 3][0]),
                         end=aware(first + dt.timedelta(days=number // 3), SLOTS[number % 3][1]))
                 for number in range(FEED_BOOKINGS - missing, FEED_BOOKINGS)]
        Booking.objects.bulk_create(batch, batch_size=1000)
    return room


def _feed_url(room: Room) -> str:
    token = feed_token_for(Person.objects.get(user__email=DEFAULT_USER))
    return reverse("agenda:feed", kwargs={"key": token.key, "scope": "salle", "slug": room.slug})


def room_feed_5000():
    room = _filled_room()
    url, client = _feed_url(room), Client()
    etag = client.get(url)["ETag"]

    def fetch():
        cache.delete(CACHE_PREFIX + etag.strip('"'))
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    return fetch


def room_feed_5000_cached():
    """A calendar app without If-None-Match, nothing changed: the document comes from the cache."""
    room = _filled_room()
    url, client = _feed_url(room), Client()
    client.get(url)

    def fetch():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    return fetch


def room_feed_5000_not_modified():
    room = _filled_room()
    url, client = _feed_url(room), Client()
    etag = client.get(url)["ETag"]

    def fetch():
        response = client.get(url, headers={"if-none-match": etag})
        assert response.status_code == 304, response.status_code

    return fetch
