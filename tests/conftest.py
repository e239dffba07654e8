"""Fixtures shared by the whole suite: one account per role, a logged-in client per role, the demo
network. Feature apps add their own fixtures in their folder's conftest."""

import io

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from intranet.models import PersonKind
from intranet.roles import Role
from tests.factories import PersonFactory

KIND_OF_ROLE = {
    Role.COORDINATION: PersonKind.COORDINATION,
    Role.REFERENTS: PersonKind.PROFESSIONAL,
    Role.STAFF: PersonKind.PROFESSIONAL,
    Role.VOLUNTEERS: PersonKind.VOLUNTEER,
    Role.ELECTED: PersonKind.ELECTED,
}


def pytest_configure(config):
    # WhiteNoise warns when STATIC_ROOT was never collected; the tests do not serve from it.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(autouse=True)
def _default_language():
    """Each request activates its own language and leaves it active on the thread; put the site's
    language back so a test that switched to English does not change the next one."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test's data is rolled back, but the local-memory cache would remember what it saw."""
    cache.clear()


@pytest.fixture
def make_member(db):
    """make_member(Role.STAFF, first_name="Katell", library=...) -> a User with its Person and role."""

    def make(role: Role, **person_fields):
        person_fields.setdefault("kind", KIND_OF_ROLE[role])
        return PersonFactory(user__roles=[role], **person_fields).user

    return make


@pytest.fixture
def coordination_user(make_member):
    return make_member(Role.COORDINATION, job_title="Coordinatrice du réseau")


@pytest.fixture
def referent_user(make_member):
    return make_member(Role.REFERENTS, job_title="Référente réseau")


@pytest.fixture
def staff_user(make_member):
    return make_member(Role.STAFF)


@pytest.fixture
def volunteer_user(make_member):
    return make_member(Role.VOLUNTEERS, job_title="Bénévole")


@pytest.fixture
def elected_user(make_member):
    return make_member(Role.ELECTED, job_title="Adjointe à la culture")


def logged_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_coordination(coordination_user):
    return logged_in_client(coordination_user)


@pytest.fixture
def client_referent(referent_user):
    return logged_in_client(referent_user)


@pytest.fixture
def client_staff(staff_user):
    return logged_in_client(staff_user)


@pytest.fixture
def client_volunteer(volunteer_user):
    return logged_in_client(volunteer_user)


@pytest.fixture
def client_elected(elected_user):
    return logged_in_client(elected_user)


@pytest.fixture
def demo_network(db):
    """The reference network of `seed_demo` (15 libraries, 136 people, the 5 demo accounts)."""
    call_command("seed_demo", "--force", stdout=io.StringIO())
