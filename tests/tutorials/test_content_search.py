"""The site's search finds tutorials with their kind and summary, and never shows a page outside the
reader's audience; its number of queries does not grow with the hidden pages."""

import pytest
from django.db import connection

from intranet.roles import Role
from tests.tutorials.factories import TutorialFactory, make_tutorials
from tutorials.models import Audience

pytestmark = pytest.mark.django_db


@pytest.fixture
def navette_pages():
    return [
        TutorialFactory(title="Préparer une navette documentaire", kind="procedure", audience=Audience.STAFF,
                        summary="Les caisses du mardi et du vendredi."),
        TutorialFactory(title="Vider la boîte de retour avant la navette", kind="tutorial",
                        audience=Audience.VOLUNTEERS, summary="Les retours du matin."),
        TutorialFactory(title="La navette expliquée à tous", kind="reference", audience=Audience.EVERYONE,
                        summary="Deux passages par semaine."),
    ]


SEEN = {
    Role.COORDINATION: 3, Role.REFERENTS: 3, Role.STAFF: 3, Role.VOLUNTEERS: 2, Role.ELECTED: 1,
}


@pytest.mark.parametrize("role", SEEN, ids=lambda role: role.name.lower())
def test_search_follows_the_audience_rule(role, account, client_as, navette_pages):
    html = client_as(account(role)).get("/search/", {"q": "navette"}).content.decode()
    assert ("Préparer une navette documentaire" in html) == (SEEN[role] == 3)
    assert ("Vider la boîte de retour" in html) == (SEEN[role] >= 2)
    assert "La navette expliquée à tous" in html


def test_a_hit_shows_its_kind_and_summary(client_staff, navette_pages):
    html = client_staff.get("/search/", {"q": "navette"}).content.decode()
    assert '<span class="badge">Procédure</span>' in html
    assert "Les caisses du mardi et du vendredi." in html


def test_the_title_weighs_more_than_the_body(client_staff):
    TutorialFactory(title="Couvrir un livre", summary="Film plastique.",
                    body=[("text", "<p>Ranger la navette après avoir couvert.</p>")])
    TutorialFactory(title="Navette du vendredi", summary="Horaires.")
    titles = [page.title for page in client_staff.get("/search/", {"q": "navette"}).context["results_page"]]
    assert {"Couvrir un livre", "Navette du vendredi"} <= set(titles)  # the body is searched too
    if connection.vendor == "postgresql":  # production's ranking; SQLite's FTS5 bm25 weighs all columns alike
        assert titles[0] == "Navette du vendredi"


@pytest.mark.parametrize("scale", [1, 10])
def test_search_queries_do_not_grow_with_hidden_pages(scale, client_volunteer, navette_pages,
                                                      django_assert_max_num_queries):
    make_tutorials(3 * scale, audience=Audience.STAFF, summary="Une autre navette.")
    client_volunteer.get("/")
    with django_assert_max_num_queries(25):
        response = client_volunteer.get("/search/", {"q": "navette"})
    assert response.status_code == 200
    assert response.context["results_page"].paginator.count == 2
