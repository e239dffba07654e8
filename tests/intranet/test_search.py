"""`/search/`: pages by their words, people by their names, Wagtail privacy respected."""

import re

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from intranet.roles import Role
from tests.factories import PersonFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def result_titles(html: str) -> list[str]:
    return re.findall(r'<li class="result">\s*<h3><a href="[^"]*">([^<]*)</a>', html)


def page_count_heading(html: str) -> str:
    """The announcement of the number of pages found (a live region of the results section)."""
    match = re.search(r'<section aria-labelledby="page-results">.*?role="status"[^>]*>(.*?)</', html, re.S)
    assert match, "the number of results is not announced"
    return match.group(1).strip()


@pytest.fixture
def charter():
    return StandardPageFactory(
        title="Charte informatique", summary="Les règles d'usage des postes.",
        body=[("paragraph", "<p>Les postes publics sont réinitialisés chaque soir par la navette.</p>")],
    )


def test_a_published_page_is_found_by_a_word_of_its_body(client_staff, charter):
    response = client_staff.get("/search/", {"q": "réinitialisés"})
    assert response.status_code == 200
    assert result_titles(response.text) == ["Charte informatique"]
    assert page_count_heading(response.text).startswith("1 ")
    assert charter.url in response.text


def test_a_draft_page_is_not_found(client_staff):
    StandardPageFactory(title="Brouillon de procédure", live=False, publish=False,
                        body=[("paragraph", "<p>Procédure de désherbage en préparation.</p>")])
    assert result_titles(client_staff.get("/search/", {"q": "désherbage"}).text) == []


def test_no_result_says_so(client_staff, charter):
    response = client_staff.get("/search/", {"q": "zythologie"})
    assert response.status_code == 200
    assert result_titles(response.text) == []
    heading = page_count_heading(response.text)
    assert heading.startswith("0 ")
    assert "zythologie" in heading


def test_empty_search_shows_the_form_and_no_results(client_staff, charter):
    response = client_staff.get("/search/", {"q": "   "})
    assert response.status_code == 200
    assert 'id="search-page-q"' in response.text
    assert 'id="page-results"' not in response.text
    assert result_titles(response.text) == []


@pytest.fixture
def coordination_only_page():
    page = StandardPageFactory(title="Budget prévisionnel de la coordination",
                               body=[("paragraph", "<p>Arbitrages budgétaires confidentiels.</p>")])
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name=Role.COORDINATION))
    return page


def test_a_page_restricted_to_coordination_is_hidden_from_staff(client_staff, coordination_only_page):
    response = client_staff.get("/search/", {"q": "budgétaires"})
    assert result_titles(response.text) == []
    assert "Budget prévisionnel" not in response.text


def test_a_page_restricted_to_coordination_is_shown_to_coordination(client_coordination, coordination_only_page):
    response = client_coordination.get("/search/", {"q": "budgétaires"})
    assert result_titles(response.text) == ["Budget prévisionnel de la coordination"]


def test_results_beyond_ten_are_on_page_two(client_staff):
    for number in range(12):
        StandardPageFactory(title=f"Inventaire annuel {number:02d}", publish=False,
                            body=[("paragraph", "<p>Le récolement des collections se fait en juin.</p>")])
    first = client_staff.get("/search/", {"q": "récolement"})
    second = client_staff.get("/search/", {"q": "récolement", "page": 2})
    assert page_count_heading(first.text).startswith("12 ")
    assert len(result_titles(first.text)) == 10
    assert 'rel="next"' in first.text
    assert second.status_code == 200
    assert len(result_titles(second.text)) == 2
    assert set(result_titles(first.text)).isdisjoint(result_titles(second.text))


def test_people_matching_the_query_are_listed(client_staff):
    gwen = PersonFactory(first_name="Gwenaëlle", last_name="Kerhervé", job_title="Médiatrice numérique")
    PersonFactory(first_name="Anne", last_name="Tanguy")
    response = client_staff.get("/search/", {"q": "kerhervé"})
    assert 'id="people-results"' in response.text
    people = re.findall(r'<a href="(/annuaire/personnes/\d+/)">([^<]*)</a>', response.text)
    assert people == [(gwen.get_absolute_url(), "Gwenaëlle Kerhervé")]


def test_demo_pages_are_found_by_search(demo_network, client_staff):
    response = client_staff.get("/search/", {"q": "navette"})
    titles = result_titles(response.text)
    assert "Informations pratiques de la coordination" in titles
    assert "Préparer une navette documentaire" in titles  # the tutorials' demo content
