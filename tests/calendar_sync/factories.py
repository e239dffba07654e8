"""factory_boy factories of the room booking tests, on top of the suite-wide ones. Bookings made
here skip the services (and so the rules): use them for the data a test stands on, never for the
behaviour it checks."""


import datetime as dt

import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from calendar_sync.models import Booking, BookingStatus, Equipment, Room, RoomEquipment
from tests.factories import LibraryFactory, PersonFactory, UserFactory

__all__ = ["AgendaEventFactory", "BookingFactory", "EquipmentFactory", "FeedTokenFactory", "LibraryFactory",
           "NetworkCalendarFactory", "PersonFactory", "RoomFactory", "UserFactory"]


class EquipmentFactory(DjangoModelFactory):
    class Meta:
        model = Equipment
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Équipement {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class RoomFactory(DjangoModelFactory):
    class Meta:
        model = Room
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Salle de réunion {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    library = factory.SubFactory(LibraryFactory)
    capacity = 12

    @factory.post_generation
    def equipment(self, create, extracted, **kwargs):
        """RoomFactory(equipment=[video, pc]) gives the room one of each."""
        if create and extracted:
            RoomEquipment.objects.bulk_create([RoomEquipment(room=self, equipment=item) for item in extracted])


class BookingFactory(DjangoModelFactory):
    """A booking written straight to the table: no rule, no email, no history."""

    class Meta:
        model = Booking

    room = factory.SubFactory(RoomFactory)
    organizer = factory.SubFactory(PersonFactory)
    title = factory.Sequence(lambda n: f"Réunion {n}")
    status = BookingStatus.CONFIRMED


# --- the network agenda (calendars, events, feed tokens) -------------------------------------------

class NetworkCalendarFactory(DjangoModelFactory):
    class Meta:
        model = "calendar_sync.NetworkCalendar"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Agenda {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    audience = "staff"

    @factory.post_generation
    def reader_groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.reader_groups.set(extracted)


class AgendaEventFactory(DjangoModelFactory):
    """Skips the services: give `start`; `end` defaults to an hour later. A recurring one gets its
    `repeats_until` computed as the services would."""

    class Meta:
        model = "calendar_sync.AgendaEvent"

    calendar = factory.SubFactory(NetworkCalendarFactory)
    title = factory.Sequence(lambda n: f"Événement {n}")
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(hours=1))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        event = model_class(*args, **kwargs)
        if event.status == "CANCELLED" and event.cancelled_at is None:
            event.cancelled_at = event.start
        event.compute_repeats_until()
        event.save()
        return event


class FeedTokenFactory(DjangoModelFactory):
    class Meta:
        model = "calendar_sync.FeedToken"

    person = factory.SubFactory(PersonFactory)


# --- feeds family: a person's token and the URL of one of their feeds -------------------------------


def feed_url(person, scope: str | None = None, slug: str = "") -> str:
    """The path of `person`'s feed (their live token, created on first use): the personal one
    without a scope."""
    from django.urls import reverse

    from calendar_sync.feeds.tokens import feed_token_for

    token = feed_token_for(person)
    if scope is None:
        return reverse("agenda:feed_personal", kwargs={"key": token.key})
    return reverse("agenda:feed", kwargs={"key": token.key, "scope": scope, "slug": slug})


# --- agenda family: calendars of each audience --------------------------------------------------------

def network_calendar(name: str, audience: str, **fields):
    """A network calendar of the audience ("network", "staff", "groups") with a slug from its name."""
    return NetworkCalendarFactory(name=name, audience=audience, **fields)
