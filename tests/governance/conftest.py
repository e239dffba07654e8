"""Fixtures of the governance tests: a body of each reading rule, members by role, and private
attachments kept in a temporary folder."""

import pytest

from governance.models import MembershipRole, ReadingRule
from intranet.roles import Role

from .factories import BodyFactory, MembershipFactory


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def body(db):
    """The technical committee: all staff read its approved minutes."""
    return BodyFactory(title="Comité technique", short_name="COTECH", kind="technical",
                       reading_rule=ReadingRule.STAFF)


@pytest.fixture
def make_body(db):
    return BodyFactory


@pytest.fixture
def join(db):
    """join(body, person, role=MembershipRole.MEMBER) -> the membership, current since a year."""

    def make(body, person, role=MembershipRole.MEMBER, **fields):
        return MembershipFactory(body=body, person=person, role=role, **fields)

    return make


@pytest.fixture
def secretary(member, body, join):
    person = member(Role.STAFF, first_name="Nolwenn")
    join(body, person, MembershipRole.SECRETARY)
    return person


@pytest.fixture
def chair(member, body, join):
    person = member(Role.REFERENTS, first_name="Yann")
    join(body, person, MembershipRole.CHAIR)
    return person


# --- meetings -----------------------------------------------------------------------------------

@pytest.fixture
def meeting_library(db):
    """A library whose rooms are bookable 08:30–19:00."""
    from tests.factories import LibraryFactory

    return LibraryFactory(name="Médiathèque de Kerbréhat", commune="Kerbréhat")


@pytest.fixture
def meeting_room(meeting_library):
    from tests.calendar_sync.factories import RoomFactory

    return RoomFactory(name="Salle Glenmor", library=meeting_library, capacity=12)


@pytest.fixture
def meeting_slot():
    """meeting_slot(days_ahead, start_h, end_h) -> {"start": ..., "end": ...} on a future day rooms open."""
    from tests.calendar_sync.helpers import make_slot

    return make_slot


# --- convocations and answers -----------------------------------------------------------------------


@pytest.fixture
def meeting(body):
    """The COTECH in three weeks, 14:00–16:00, with two agenda items (30 then 45 minutes)."""
    from .factories import AgendaItemFactory, MeetingFactory

    meeting = MeetingFactory(body=body, title="COTECH de printemps")
    AgendaItemFactory(meeting=meeting, position=1, title="Bilan des animations", duration_minutes=30)
    AgendaItemFactory(meeting=meeting, position=2, title="Budget 2027", duration_minutes=45)
    return meeting


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """committed(service, **kwargs): calls a service and runs what it left for after the commit (the
    emails), as a request would."""

    def run(function, /, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


@pytest.fixture
def proposer(member, body, join):
    """A referent who sits on the COTECH."""
    person = member(Role.REFERENTS, first_name="Gwenaëlle", last_name="Le Gall", email="gwenaelle@reseau.test")
    join(body, person, MembershipRole.REFERENT)
    return person


# --- decisions/actions: a parent body to refer to, meetings already held, approved minutes ----------


@pytest.fixture
def copil(db):
    """The steering committee, parent of the technical committee (`referring_body`)."""
    return BodyFactory(title="Comité de pilotage", short_name="COPIL", kind="steering",
                       reading_rule=ReadingRule.STAFF)


@pytest.fixture
def referring_body(body, copil):
    """The technical committee (`body`) with COPIL as its parent body."""
    body.parent_body = copil
    body.save()
    return body


@pytest.fixture
def held_meeting(db):
    """held_meeting(body, days_ago=7) -> a meeting of `body` that took place `days_ago` days ago."""
    from .factories import MeetingFactory

    def make(body, days_ago=7, **fields):
        return MeetingFactory(body=body, days_ahead=-days_ago, **fields)

    return make


@pytest.fixture
def approve(db):
    """approve(meeting) -> approved minutes for the meeting (its decisions become public)."""
    from governance.models import MinutesStatus

    from .factories import MinutesFactory

    def make(meeting, **fields):
        return MinutesFactory(meeting=meeting, status=MinutesStatus.APPROVED, **fields)

    return make
