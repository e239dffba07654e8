"""`manage.py seed_demo`: the reference network, idempotent, refused in production."""

import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from intranet.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from intranet.models import Library, Person, PersonKind, StandardPage, User
from intranet.roles import Role

pytestmark = pytest.mark.django_db


def network_counts() -> dict:
    people = Person.objects.all()
    return {
        "libraries": Library.objects.count(),
        "head offices": Library.objects.filter(is_head_office=True).count(),
        "people": people.count(),
        "accounts": User.objects.count(),
        "by kind": dict(people.values_list("kind").annotate(n=Count("pk")).order_by()),
        "by role": dict(Group.objects.annotate(n=Count("user")).values_list("name", "n")),
        "volunteers without mentor": people.filter(kind=PersonKind.VOLUNTEER, mentor__isnull=True).count(),
        "pages": StandardPage.objects.live().count(),
    }


REFERENCE_NETWORK = {
    "libraries": 15,
    "head offices": 1,
    "people": 136,
    "accounts": 136,
    # 90 professionals: 86 in the libraries (15 of them referents) + 4 at the coordination.
    "by kind": {PersonKind.PROFESSIONAL: 86, PersonKind.COORDINATION: 4, PersonKind.VOLUNTEER: 40,
                PersonKind.ELECTED: 6},
    "by role": {Role.COORDINATION: 4, Role.REFERENTS: 15, Role.STAFF: 71, Role.VOLUNTEERS: 40, Role.ELECTED: 6},
    "volunteers without mentor": 0,
    "pages": 3,
}


@pytest.mark.usefixtures("demo_network_of_the_class")
class TestTheDemoNetwork:
    """Seeded once for the class (tests/conftest.py); each test's changes are rolled back after it."""

    def test_demo_network_is_the_reference_network(self, demo_network):
        assert network_counts() == REFERENCE_NETWORK

    def test_seeding_twice_gives_the_same_network(self, demo_network):
        call_command("seed_demo", "--force", stdout=io.StringIO())
        assert network_counts() == REFERENCE_NETWORK

    def test_every_library_has_one_referent(self, demo_network):
        referents = Person.objects.filter(user__groups__name=Role.REFERENTS)
        assert sorted(referents.values_list("library__slug", flat=True)) == sorted(
            Library.objects.values_list("slug", flat=True))

    def test_mentors_are_professionals_of_the_volunteers_library(self, demo_network):
        volunteers = Person.objects.filter(kind=PersonKind.VOLUNTEER).select_related("mentor")
        assert {volunteer.mentor.kind for volunteer in volunteers} == {PersonKind.PROFESSIONAL}
        assert all(volunteer.mentor.library_id == volunteer.library_id for volunteer in volunteers)

    @pytest.mark.parametrize("role", list(Role))
    def test_demo_account_logs_in_with_the_documented_password(self, demo_network, role):
        client = Client()
        response = client.post(reverse("account_login"), {"login": DEMO_ACCOUNTS[role], "password": DEMO_PASSWORD})
        assert response.status_code == 302
        user = client.get("/").context["user"]
        assert user.email == DEMO_ACCOUNTS[role]
        assert list(user.groups.values_list("name", flat=True)) == [role.value]

    def test_the_demo_referent_edits_the_demo_standard_pages_in_the_admin(self, demo_network):
        from intranet.models import StandardIndexPage

        client = Client()
        client.post(reverse("account_login"), {"login": DEMO_ACCOUNTS[Role.REFERENTS], "password": DEMO_PASSWORD})
        section = StandardIndexPage.objects.get()
        charter = StandardPage.objects.get(slug="charte-informatique")
        assert charter.get_parent().pk == section.pk
        assert client.get(reverse("wagtailadmin_pages:edit", args=[charter.pk])).status_code == 200
        listing = client.get(reverse("wagtailadmin_explore", args=[section.pk]))
        assert "Charte informatique du réseau" in listing.content.decode()
        assert client.get("/pages-du-reseau/charte-informatique/").status_code == 200


def test_seeding_is_refused_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not Library.objects.exists()
    assert not Person.objects.exists()


def test_seeding_runs_without_force_when_debug_is_on(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    assert Library.objects.count() == 15


def test_scale_two_doubles_the_libraries_and_the_people(db):
    call_command("seed_demo", "--force", "--scale", "2", stdout=io.StringIO())
    # One head office for the whole network; the 14 branch libraries are doubled.
    assert Library.objects.filter(is_head_office=False).count() == 2 * 14
    assert Library.objects.filter(is_head_office=True).count() == 1
    assert Person.objects.count() == 2 * 136


def test_demo_pages_seeded_under_the_dashboard_move_into_the_section_and_keep_their_address(db):
    """A demo database seeded before « Pages du réseau » existed: seeding again moves its pages."""
    from intranet.demo import STANDARD_PAGES
    from intranet.models import HomePage

    home = HomePage.objects.get()
    spec = STANDARD_PAGES[0]
    old = StandardPage(title=spec["title"], slug=spec["slug"], summary=spec["summary"], body=spec["body"])
    home.add_child(instance=old)
    old.save_revision().publish()
    call_command("seed_demo", "--force", stdout=io.StringIO())
    moved = StandardPage.objects.get(slug=spec["slug"])
    assert moved.pk == old.pk
    assert moved.url == f"/pages-du-reseau/{spec['slug']}/"
    client = Client()
    client.post(reverse("account_login"), {"login": DEMO_ACCOUNTS[Role.STAFF], "password": DEMO_PASSWORD})
    response = client.get(f"/{spec['slug']}/")
    assert response.status_code == 301
    assert response.url == moved.url


def test_demo_pages_are_found_by_search_right_after_seeding_with_the_database_task_queue(db, settings):
    """Production queues Wagtail's index updates in the database until a worker runs them: a freshly
    seeded site must find its demo pages all the same."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("seed_demo", "--force", stdout=io.StringIO())
    client = Client()
    client.post(reverse("account_login"), {"login": DEMO_ACCOUNTS[Role.STAFF], "password": DEMO_PASSWORD})
    response = client.get("/search/", {"q": "navette"})
    titles = re.findall(r'<li class="result">\s*<h3><a href="[^"]*">([^<]*)</a>', response.text)
    assert "Informations pratiques de la coordination" in titles
    assert "Préparer une navette documentaire" in titles  # the tutorials, seeded without index signals
