"""Fixtures shared by the whole suite: the frozen clock, one account per role and a logged-in client
per role (also all five in turn), the demo network. Feature apps add their own fixtures in their
folder's conftest."""

import io
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from intranet.models import User
from intranet.roles import ALL_ROLES, Role
from tests import accounts
from tests.clock import frozen_clock

COMMITTING_FIXTURES = {"transactional_db", "live_server", "django_db_serialized_rollback"}


def pytest_collection_modifyitems(config, items):
    """Mark `serial` the tests that commit to the database (transactional_db, live_server,
    django_db(transaction=True)): they empty it when they end (the page tree the migrations made
    included), so scripts/test.sh runs them in one process after the parallel run of the others."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        commits = marker is not None and any(marker.kwargs.get(name) for name in ("transaction", "serialized_rollback"))
        if commits or COMMITTING_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.serial)


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


@pytest.fixture(autouse=True)
def clock():
    """Every test runs at a frozen "now" (tests/clock.py): a Tuesday morning, or INTRANET_TEST_NOW.
    Ask for `clock` to move it: clock.move_to("2026-12-31 23:59"), clock.shift(hours=1)."""
    with frozen_clock() as test_clock:
        yield test_clock


@pytest.fixture
def member(db):
    """member(Role.STAFF, first_name="Katell", email=..., library=...) -> a Person with an account in that role."""
    return accounts.member


@pytest.fixture
def make_member(member):
    """make_member(Role.STAFF, first_name="Katell", library=...) -> the account (User) of such a member."""

    def make(role: Role, **person_fields):
        return member(role, **person_fields).user

    return make


@pytest.fixture
def client_as():
    """client_as(user or person) -> a logged-in browser session of that account."""
    return accounts.logged_in


# The test's one account per role, with what the pages show of it, and the names of the fixtures that
# give the account and its logged-in client.
ROLE_ACCOUNTS = {
    Role.COORDINATION: ("coordination_user", "client_coordination", {"job_title": "Coordinatrice du réseau"}),
    Role.REFERENTS: ("referent_user", "client_referent", {"job_title": "Référente réseau"}),
    Role.STAFF: ("staff_user", "client_staff", {}),
    Role.VOLUNTEERS: ("volunteer_user", "client_volunteer", {"job_title": "Bénévole"}),
    Role.ELECTED: ("elected_user", "client_elected", {"job_title": "Adjointe à la culture"}),
}


@pytest.fixture
def account(member):
    """account(Role.STAFF) -> the test's account in that role: made on first use, the same one after
    (so `staff_user` and `client_staff` are one person)."""
    made = {}

    def get(role: Role):
        if role not in made:
            made[role] = member(role, **ROLE_ACCOUNTS[role][2]).user
        return made[role]

    return get


def _role_fixtures(role: Role):
    """The `<role>_user` and `client_<role>` fixtures of one role."""
    user_name, client_name, _fields = ROLE_ACCOUNTS[role]

    def user(account):
        return account(role)

    def client(account):
        return accounts.logged_in(account(role))

    user.__doc__, client.__doc__ = f"The test's {role} account.", f"A logged-in session of the test's {role} account."
    return pytest.fixture(user, name=user_name), pytest.fixture(client, name=client_name)


coordination_user, client_coordination = _role_fixtures(Role.COORDINATION)
referent_user, client_referent = _role_fixtures(Role.REFERENTS)
staff_user, client_staff = _role_fixtures(Role.STAFF)
volunteer_user, client_volunteer = _role_fixtures(Role.VOLUNTEERS)
elected_user, client_elected = _role_fixtures(Role.ELECTED)


@dataclass(frozen=True)
class RoleSession:
    role: Role
    user: User
    client: Client


@pytest.fixture(params=ALL_ROLES, ids=accounts.role_id)
def as_each_role(request, account) -> RoleSession:
    """The test runs once per role, as that role's account: `as_each_role.role`, `.user`, `.client`."""
    user = account(request.param)
    return RoleSession(role=request.param, user=user, client=accounts.logged_in(user))


@pytest.fixture
def demo_network(db):
    """The reference network of `seed_demo` (15 libraries, 136 people, the 5 demo accounts)."""
    call_command("seed_demo", "--force", stdout=io.StringIO())
