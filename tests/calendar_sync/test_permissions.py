"""Who may book which room: the filter that lists rooms to book says what can_book says, room by room."""

import pytest
from django.contrib.auth.models import Group

from calendar_sync.models import Room
from calendar_sync.permissions import can_book, rooms_bookable_by
from intranet.roles import Role

from .factories import RoomFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.name.lower())
def test_the_rooms_bookable_by_someone_are_those_can_book_accepts(role, account, library):
    RoomFactory(name="Salle du personnel", library=library)
    for_volunteers = RoomFactory(name="Salle des bénévoles", library=library)
    for_volunteers.allowed_groups.add(Group.objects.get(name=Role.VOLUNTEERS))
    for_elected = RoomFactory(name="Salle du conseil", library=library)
    for_elected.allowed_groups.add(Group.objects.get(name=Role.ELECTED))
    RoomFactory(name="Salle fermée", library=library, active=False)
    user = account(role)

    assert set(rooms_bookable_by(user)) == {room for room in Room.objects.all() if can_book(user, room)}
    assert rooms_bookable_by(user).exists()


def test_nobody_logged_out_books_a_room(room):
    from django.contrib.auth.models import AnonymousUser

    assert not rooms_bookable_by(AnonymousUser()).exists()
