"""Fixtures shared by the whole suite: the frozen clock, one account per role and a logged-in client
per role (also all five in turn), the demo network. Feature apps add their own fixtures in their
folder's conftest."""

import io
import json
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections, transaction
from django.test import Client, override_settings
from django.utils import translation

from intranet.models import User
from intranet.roles import ALL_ROLES, Role
from tests import accounts, db_template
from tests.clock import frozen_clock

COMMITTING_FIXTURES = {"transactional_db", "live_server", "django_db_serialized_rollback"}
COMMITTING_MARKER_ARGS = ("transaction", "reset_sequences", "serialized_rollback")


def pytest_collection_modifyitems(config, items):
    """Mark `commits` the tests that commit to the database (transactional_db, live_server,
    django_db(transaction=True)): pytest-django empties the database when they end, page tree
    included, so `pytest_runtest_teardown` below puts back what the migrations had made."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        commits = marker is not None and any(marker.kwargs.get(name) for name in COMMITTING_MARKER_ARGS)
        if commits or COMMITTING_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.commits)


class MigratedData:
    """What the migrations put in each test database (Wagtail's page tree, the role groups and their
    permissions, the content types...), kept as Django's serialized-rollback snapshot, and the
    pytest-django blocker that lets a hook reach the database."""

    snapshots: dict[str, str] = {}
    blocker = None

    @staticmethod
    def take(alias: str) -> str:
        """The snapshot, content types first: loading a Wagtail page of a subclass looks up its
        content type (Page.__init__), which must then find the row the snapshot has, not add one."""
        objects = json.loads(connections[alias].creation.serialize_db_to_string())
        objects.sort(key=lambda obj: obj["model"] != "contenttypes.contenttype")
        return json.dumps(objects)

    @classmethod
    def restore(cls) -> None:
        """Empty each database and load back what the migrations had put in it, so the next test in
        this process (pytest-xdist mixes committing tests with the others) finds the database as a
        test database starts. pytest-django's flush has just emptied it but re-created the content
        types, permissions and role groups (post_migrate) under new keys: flush again without them,
        and forget the content types cached meanwhile. Neither flush resets the sequences, so the
        rows the next test makes still get new keys."""
        with cls.blocker.unblock():
            for alias, data in cls.snapshots.items():
                call_command("flush", database=alias, interactive=False, verbosity=0, reset_sequences=False,
                             inhibit_post_migrate=True)
                ContentType.objects.clear_cache()
                connections[alias].creation.deserialize_db_from_string(data)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, django_db_blocker):
    """With INTRANET_TEST_DB_TEMPLATE (tests/db_template.py), this process's test database starts as
    a copy of the migrated template rather than empty."""
    if db_template.template_name():
        with django_db_blocker.unblock():
            db_template.copy_to_test_database(db_template.template_name())


@pytest.fixture(scope="session")
def django_db_keepdb(request):
    """pytest-django opens the copy of the template as an existing test database (`--reuse-db`)."""
    return bool(request.config.getvalue("reuse_db") or db_template.template_name())


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """pytest-django's test databases, migrated, with a snapshot of what the migrations made."""
    with django_db_blocker.unblock():
        MigratedData.snapshots = {alias: MigratedData.take(alias) for alias in settings.DATABASES}
    MigratedData.blocker = django_db_blocker
    yield
    MigratedData.snapshots, MigratedData.blocker = {}, None
    if db_template.template_name() and not request.config.getvalue("reuse_db"):
        with django_db_blocker.unblock():  # the copy of the template: pytest-django keeps it
            for alias in settings.DATABASES:
                connections[alias].creation.destroy_test_db(verbosity=0)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)  # the test's fixtures are finalized: pytest-django has flushed the database
    finally:
        if nextitem is not None and MigratedData.snapshots and item.get_closest_marker("commits"):
            MigratedData.restore()


def pytest_configure(config):
    # WhiteNoise warns when STATIC_ROOT was never collected; the tests do not serve from it.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(autouse=True)
def _default_language():
    """Each request activates its own language and leaves it active on the thread; put the site's
    language back so a test that switched to English does not change the next one."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(scope="session", autouse=True)
def _private_files_of_the_run(tmp_path_factory):
    """Private files a test writes (the demo library's documents, attachments...) go to a folder of the
    run, never to var/private; the documents and governance tests narrow it to their own tmp_path."""
    with override_settings(PRIVATE_MEDIA_ROOT=tmp_path_factory.mktemp("private")):
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


def seed_demo_network() -> None:
    call_command("seed_demo", "--force", stdout=io.StringIO())


@pytest.fixture
def demo_network(request, db):
    """The reference network of `seed_demo` (15 libraries, 136 people, the 5 demo accounts): seeded
    for the test, or once for its class when the class uses `demo_network_of_the_class`."""
    if "demo_network_of_the_class" not in request.fixturenames:
        seed_demo_network()


@pytest.fixture(scope="class")
def demo_network_of_the_class(request, django_db_setup, django_db_blocker):
    """The demo network seeded once for all the tests of a class (`@pytest.mark.usefixtures(
    "demo_network_of_the_class")`), since seeding takes seconds: at the frozen clock and in the
    site's language, as a test would, in a transaction rolled back after the last test of the
    class. Each test's own transaction (pytest-django's) is a savepoint inside it, so what a test
    changes is rolled back after it as usual; no test outside the class sees the network."""
    assert request.cls is not None, "demo_network_of_the_class is for the tests of a class"
    with django_db_blocker.unblock():
        around_the_class = transaction.atomic()
        around_the_class.__enter__()
    try:
        with django_db_blocker.unblock(), frozen_clock(), translation.override(settings.LANGUAGE_CODE):
            seed_demo_network()
        cache.clear()
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            around_the_class.__exit__(None, None, None)
