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


# --- Agenda proposals and attachments ---------------------------------------------------------------

@pytest.fixture(autouse=True)
def _fresh_private_storage(_private_media):
    """The private storage is built once, on first use: rebuild it on each test's own folder."""
    from django.utils.functional import empty

    from governance.models.meetings import private_storage

    private_storage._wrapped = empty
    yield
    private_storage._wrapped = empty


@pytest.fixture
def meeting(body):
    """A COTECH meeting three weeks ahead (Tuesday 31 March 2026, 14:00), proposals open a week more."""
    from .factories import MeetingFactory

    return MeetingFactory(body=body, title="COTECH de mars")


@pytest.fixture
def proposer(member, body, join):
    """A referent who sits on the COTECH."""
    person = member(Role.REFERENTS, first_name="Gwenaëlle", last_name="Le Gall", email="gwenaelle@reseau.test")
    join(body, person, MembershipRole.REFERENT)
    return person
