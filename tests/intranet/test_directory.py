"""The directory: people and libraries of the network, filters, and pages whose SQL query count does
not grow with the size of the network."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from intranet.caching import bump
from intranet.models import Library, NetworkSettings, Person, PersonKind, User
from tests.factories import FIRST_NAMES, LAST_NAMES, LibraryFactory, PersonFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

# DESIGN.md §7: every front-end page runs at most 25 queries, whatever the data volume.
QUERY_BUDGET = 25


def listed_people(html: str) -> list[str]:
    """The names in the directory table, as shown ("Last First")."""
    # Unescaped: a name such as « Guivarc'h » is written Guivarc&#x27;h in the HTML.
    names = re.findall(r'<th scope="row"><a href="/annuaire/personnes/\d+/">([^<]*)</a>', html)
    return [unescape(name) for name in names]


@pytest.fixture
def kerbrehat():
    return LibraryFactory(name="Médiathèque de Kerbréhat", slug="kerbrehat", commune="Kerbréhat")


@pytest.fixture
def plouvenec():
    return LibraryFactory(name="Médiathèque de Plouvenec", slug="plouvenec", commune="Plouvenec")


@pytest.fixture
def team(kerbrehat, plouvenec):
    return {
        "katell": PersonFactory(first_name="Katell", last_name="Le Dantec", library=kerbrehat,
                                job_title="Responsable jeunesse"),
        "yann": PersonFactory(first_name="Yann", last_name="Pennec", library=kerbrehat, kind=PersonKind.VOLUNTEER),
        "soizic": PersonFactory(first_name="Soizic", last_name="Trémel", library=plouvenec),
    }


def test_directory_lists_active_people_by_last_name(client_staff, team, staff_user):
    staff = staff_user.person
    response = client_staff.get("/annuaire/")
    assert response.status_code == 200
    expected = sorted(["Le Dantec Katell", "Pennec Yann", "Trémel Soizic", f"{staff.last_name} {staff.first_name}"])
    assert listed_people(response.text) == expected


def test_directory_filters_by_library(client_staff, team):
    response = client_staff.get("/annuaire/", {"library": "kerbrehat"})
    assert listed_people(response.text) == ["Le Dantec Katell", "Pennec Yann"]


def test_directory_filters_by_kind(client_staff, team):
    response = client_staff.get("/annuaire/", {"kind": PersonKind.VOLUNTEER})
    assert listed_people(response.text) == ["Pennec Yann"]


def test_directory_filters_by_name(client_staff, team):
    response = client_staff.get("/annuaire/", {"q": "dant"})
    assert listed_people(response.text) == ["Le Dantec Katell"]


def test_directory_filters_combine(client_staff, team):
    response = client_staff.get("/annuaire/", {"library": "kerbrehat", "kind": PersonKind.PROFESSIONAL})
    assert listed_people(response.text) == ["Le Dantec Katell"]


def test_directory_hides_inactive_people(client_staff, team):
    Person.objects.filter(pk=team["yann"].pk).update(active=False)
    response = client_staff.get("/annuaire/", {"library": "kerbrehat"})
    assert listed_people(response.text) == ["Le Dantec Katell"]


def test_person_page_shows_email_and_library(client_staff, team):
    katell = team["katell"]
    response = client_staff.get(katell.get_absolute_url())
    assert response.status_code == 200
    assert "<h1>Katell Le Dantec</h1>" in response.text
    assert f'href="mailto:{katell.user.email}"' in response.text
    assert "Médiathèque de Kerbréhat, Kerbréhat" in response.text
    assert "Responsable jeunesse" in response.text


def test_person_page_of_an_inactive_person_is_not_found(client_staff, team):
    Person.objects.filter(pk=team["yann"].pk).update(active=False)
    assert client_staff.get(team["yann"].get_absolute_url()).status_code == 404


def test_unknown_person_is_not_found(client_staff):
    assert client_staff.get("/annuaire/personnes/999999/").status_code == 404


def test_library_page_lists_its_people(client_staff, team, kerbrehat):
    response = client_staff.get(kerbrehat.get_absolute_url())
    assert response.status_code == 200
    assert "<h1>Médiathèque de Kerbréhat</h1>" in response.text
    names = re.findall(r'<th scope="row"><a href="/annuaire/personnes/\d+/">([^<]*)</a>', response.text)
    assert names == ["Katell Le Dantec", "Yann Pennec"]


def test_unknown_library_is_not_found(client_staff):
    assert client_staff.get("/annuaire/bibliotheques/mediatheque-fantome/").status_code == 404


# --- Query counts at 1x and 10x the reference network --------------------------------------------


class Network:
    """Grows a network to `scale` times 15 libraries, 130 people and 2 pages (bulk inserts, no signals).
    A tenth of the people work in the first library, so its page grows with the scale, and its first
    professional mentors its volunteers, so that person's page grows too."""

    def __init__(self):
        self.libraries: list[Library] = []
        self.people = 0
        self.pages = 0
        self.mentor: Person | None = None
        # A running site has its settings row (seed_demo or the admin makes it); creating it inside
        # the first request would show up as two extra queries on the second one.
        NetworkSettings.for_site(Site.objects.get(is_default_site=True))

    @property
    def first_library(self) -> Library:
        return self.libraries[0]

    def grow(self, scale: int) -> None:
        self.libraries += Library.objects.bulk_create([
            Library(name=f"Bibliothèque annexe n° {number}", slug=f"annexe-{number}", commune="Tréduan")
            for number in range(len(self.libraries), 15 * scale)
        ])
        numbers = range(self.people, 130 * scale)
        users = User.objects.bulk_create([
            User(email=f"agent.{number}@reseau.test", first_name=FIRST_NAMES[number % len(FIRST_NAMES)],
                 last_name=LAST_NAMES[number % len(LAST_NAMES)], password="!")
            for number in numbers
        ])
        Person.objects.bulk_create([
            Person(user=user, first_name=user.first_name, last_name=user.last_name,
                   library=self.first_library if number % 10 == 0 else self.libraries[number % len(self.libraries)],
                   kind=PersonKind.VOLUNTEER if number % 3 == 0 else PersonKind.PROFESSIONAL,
                   job_title="Bibliothécaire", phone="02 98 00 00 00")
            for number, user in zip(numbers, users, strict=True)
        ])
        self.people = 130 * scale
        self.mentor = self.mentor or Person.objects.filter(
            library=self.first_library, kind=PersonKind.PROFESSIONAL).order_by("pk").first()
        Person.objects.filter(library=self.first_library, kind=PersonKind.VOLUNTEER).update(mentor=self.mentor)
        for number in range(self.pages, 2 * scale):  # pages that the search finds too
            StandardPageFactory(title=f"Fiche Morvan {number}", publish=False,
                                body=[("paragraph", "<p>Procédure rédigée par Morvan.</p>")])
        self.pages = 2 * scale
        bump("libraries")  # bulk_create sends no signal: forget the cached library summaries, as seed_demo does


# The screens measured ("page" would clash with pytest-playwright's fixture of that name).
PAGES = {
    "directory": lambda network: "/annuaire/",
    "dashboard": lambda network: "/",
    "library": lambda network: network.first_library.get_absolute_url(),
    "mentor": lambda network: network.mentor.get_absolute_url(),
    "search": lambda network: "/search/?q=Morvan",
}


@pytest.mark.parametrize("scale", [1, 10])
@pytest.mark.parametrize("screen", PAGES)
def test_page_stays_within_the_query_budget(client_staff, screen, scale, django_assert_max_num_queries):
    network = Network()
    network.grow(scale)
    url = PAGES[screen](network)
    client_staff.get(url)  # warm the per-process caches (content types, site), as a running server has them
    with django_assert_max_num_queries(QUERY_BUDGET):
        assert client_staff.get(url).status_code == 200


def count_queries(client, url: str) -> int:
    client.get(url)  # warm the per-process caches, as above
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("screen", PAGES)
def test_page_runs_as_many_queries_at_10x_as_at_1x(client_staff, screen):
    network = Network()
    network.grow(1)
    at_1x = count_queries(client_staff, PAGES[screen](network))
    network.grow(10)
    at_10x = count_queries(client_staff, PAGES[screen](network))
    assert at_10x == at_1x
