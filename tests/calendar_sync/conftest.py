"""Fixtures of the room booking tests: one library whose rooms are bookable 08:30–19:00, a room of
twelve seats, one person per role, and `slot(days_ahead, start_h, end_h)` for future times."""

import datetime as dt

import pytest

from intranet.roles import Role

from .factories import LibraryFactory, RoomFactory
from .helpers import make_slot


@pytest.fixture
def slot():
    return make_slot


@pytest.fixture
def library(db):
    return LibraryFactory(name="Médiathèque de Plouvenec", rooms_open_from=dt.time(8, 30),
                          rooms_open_until=dt.time(19, 0))


@pytest.fixture
def room(library):
    return RoomFactory(name="Salle de réunion", library=library, capacity=12)


@pytest.fixture
def make_person(member, library):
    """make_person(Role.STAFF, first_name="Yann") -> a Person of the library with an account in that role."""

    def make(role: Role, **fields):
        return member(role, **{"library": library, **fields})

    return make


@pytest.fixture
def organizer(make_person):
    return make_person(Role.STAFF, first_name="Katell", last_name="Morvan", email="katell.morvan@reseau.test")


@pytest.fixture
def colleague(make_person):
    """Another member of staff: not the organizer of anything the tests book."""
    return make_person(Role.STAFF, first_name="Loïc", last_name="Riou")


@pytest.fixture
def volunteer(make_person):
    return make_person(Role.VOLUNTEERS, first_name="Rozenn", last_name="Cariou")


@pytest.fixture
def coordinator(make_person):
    return make_person(Role.COORDINATION, first_name="Anne", last_name="Tanguy",
                       email="anne.tanguy@reseau.test")


@pytest.fixture
def approver(make_person):
    """A referent who approves the requests of `approval_room`."""
    return make_person(Role.REFERENTS, first_name="Gaëlle", last_name="Prigent",
                       email="gaelle.prigent@reseau.test")


@pytest.fixture
def approval_room(library, approver):
    room = RoomFactory(name="Auditorium", library=library, capacity=120, requires_approval=True)
    room.approvers.add(approver.user)
    return room
