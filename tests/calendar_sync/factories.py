"""factory_boy factories of the room booking tests. Self-contained on purpose: the suite-wide
tests/factories.py lives on another branch. Bookings made here skip the services (and so the
rules): use them for the data a test stands on, never for the behaviour it checks."""

import datetime as dt

import factory
from django.contrib.auth.models import Group
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from calendar_sync.models import Booking, BookingStatus, Equipment, Room, RoomEquipment
from intranet.models import Library, Person, PersonKind, User


class LibraryFactory(DjangoModelFactory):
    class Meta:
        model = Library

    name = factory.Sequence(lambda n: f"Médiathèque de Kerbréhat n° {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    commune = "Kerbréhat"
    address = "5 rue de l'Église\n29900 Kerbréhat"
    rooms_open_from = dt.time(8, 30)
    rooms_open_until = dt.time(19, 0)


class UserFactory(DjangoModelFactory):
    """An account; `UserFactory(roles=["Personnel"])` puts it in those groups. Saving an account
    gives it a directory entry (intranet.signals), which PersonFactory completes."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    first_name = "Katell"
    last_name = factory.Sequence(lambda n: f"Le Gall {n}")
    email = factory.Sequence(lambda n: f"agent.{n}@reseau.test")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            # The groups come from a data migration; get_or_create keeps the factory usable after a
            # transactional test flushed the tables.
            self.groups.add(*(Group.objects.get_or_create(name=str(role))[0] for role in extracted))


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.SelfAttribute("user.first_name")
    last_name = factory.SelfAttribute("user.last_name")
    user = factory.SubFactory(UserFactory)
    library = factory.SubFactory(LibraryFactory)
    kind = PersonKind.PROFESSIONAL
    job_title = "Bibliothécaire"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        user = kwargs.get("user")
        person = model_class.objects.filter(user=user).first() if user is not None else None
        if person is None:
            return super()._create(model_class, *args, **kwargs)
        for name, value in kwargs.items():
            setattr(person, name, value)
        person.save()
        return person


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
