"""The core's registries that feature apps fill without the core importing them: records found by
the site's search (SEARCH_SOURCES), sections of a person's directory page (PERSON_SECTIONS), and
pages an app's own rule hides (HIDDEN_PAGES) from the site's search and the Wagtail admin."""

import copy

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail import hooks

from intranet.hooks import HIDDEN_PAGES, PERSON_SECTIONS, SEARCH_SOURCES
from intranet.page_permissions import HiddenPages
from intranet.people import PersonSection
from intranet.roles import Role, has_role
from intranet.search import SearchHit, SearchSource
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def headings(html: str) -> list[str]:
    return [tag.get_text(strip=True) for tag in BeautifulSoup(html, "html.parser").find_all("h2")]


def section_of(html: str, heading: str):
    """The <section> whose <h2> reads `heading`, or None."""
    for title in BeautifulSoup(html, "html.parser").find_all("h2"):
        if title.get_text(strip=True) == heading:
            return title.find_parent("section")
    return None


# --- SEARCH_SOURCES ------------------------------------------------------------------------------

def minutes_source(user, text, *, limit):
    """A source of "minutes" that staff may read: one hit for « navette », nothing else."""
    if "navette" not in text or not has_role(user, Role.STAFF, Role.REFERENTS, Role.COORDINATION):
        return []
    return [SearchHit(title="Compte rendu du COTECH de février", url="/gouvernance/reunions/12/",
                      kind="Compte rendu", summary="Bilan des tournées de la navette documentaire.")][:limit]


@pytest.fixture
def with_minutes_source():
    source = SearchSource("test_minutes", "Comptes rendus", minutes_source, order=1)
    with hooks.register_temporarily(SEARCH_SOURCES, lambda: [source]):
        yield source


def test_a_search_source_shows_its_hits_in_a_section_of_its_own(client_staff, with_minutes_source):
    response = client_staff.get(reverse("search"), {"q": "navette"})
    section = section_of(response.text, "Comptes rendus")
    assert section is not None
    link = section.find("a")
    assert (link.get_text(strip=True), link["href"]) == ("Compte rendu du COTECH de février",
                                                         "/gouvernance/reunions/12/")
    assert "Bilan des tournées de la navette documentaire." in section.get_text()
    assert "Compte rendu" in [badge.get_text(strip=True) for badge in section.select(".badge")]


def test_a_search_source_that_finds_nothing_shows_no_section(client_staff, with_minutes_source):
    response = client_staff.get(reverse("search"), {"q": "désherbage"})
    assert response.status_code == 200
    assert "Comptes rendus" not in headings(response.text)


def test_a_search_source_shows_nothing_to_a_reader_it_keeps_out(client_volunteer, with_minutes_source):
    response = client_volunteer.get(reverse("search"), {"q": "navette"})
    assert "Comptes rendus" not in headings(response.text)
    assert "Compte rendu du COTECH de février" not in response.text


# --- PERSON_SECTIONS ------------------------------------------------------------------------------

@pytest.fixture
def section_template(settings, tmp_path):
    """A section template of a would-be app, in a templates folder of the test's own."""
    folder = tmp_path / "templates" / "tests"
    folder.mkdir(parents=True)
    (folder / "skills_section.html").write_text(
        '<ul class="skills">{% for skill in section.skills %}<li>{{ skill }}</li>{% endfor %}</ul>', encoding="utf-8")
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path / "templates"]
    settings.TEMPLATES = templates
    return "tests/skills_section.html"


def skills_for(person, viewer):
    """Shown to Coordination only; nothing for anyone else."""
    if not has_role(viewer, Role.COORDINATION):
        return None
    return {"skills": [f"Catalogage ({person.first_name})", "Médiation numérique"]}


@pytest.fixture
def with_skills_section(section_template):
    section = PersonSection("test_skills", "Compétences", section_template, skills_for, order=1)
    with hooks.register_temporarily(PERSON_SECTIONS, lambda: [section]):
        yield section


def test_a_person_section_is_shown_on_the_directory_page(client_coordination, member, with_skills_section):
    person = member(Role.STAFF, first_name="Katell")
    response = client_coordination.get(person.get_absolute_url())
    section = section_of(response.text, "Compétences")
    assert section is not None
    assert [item.get_text() for item in section.select("ul.skills li")] == ["Catalogage (Katell)",
                                                                             "Médiation numérique"]


def test_a_person_section_without_context_is_not_shown(client_staff, member, with_skills_section):
    person = member(Role.STAFF, first_name="Katell")
    response = client_staff.get(person.get_absolute_url())
    assert response.status_code == 200
    assert "Compétences" not in headings(response.text)
    assert "Médiation numérique" not in response.text


# --- HIDDEN_PAGES ---------------------------------------------------------------------------------

HIDDEN_TITLE = "Protocole de médiation confidentiel"


@pytest.fixture
def app_hidden_page():
    """A page that an app's own rule keeps from everyone but Coordination (no Wagtail restriction)."""
    StandardPageFactory(title="Protocole pour accueillir les classes", summary="Un protocole ouvert à tous.")
    page = StandardPageFactory(title=HIDDEN_TITLE, summary="Un protocole réservé.")
    rule = HiddenPages("test_hidden", lambda user: [] if has_role(user, Role.COORDINATION) else [page.path])
    with hooks.register_temporarily(HIDDEN_PAGES, lambda: [rule]):
        yield page


def test_a_page_an_app_hides_is_not_found_by_the_site_search(client_referent, app_hidden_page):
    response = client_referent.get(reverse("search"), {"q": "protocole"})
    assert "Protocole pour accueillir les classes" in response.text
    assert HIDDEN_TITLE not in response.text


def test_a_page_an_app_hides_is_not_in_the_admin_explorer_of_a_referent(client_referent, app_hidden_page):
    listing = client_referent.get(reverse("wagtailadmin_explore", args=[app_hidden_page.get_parent().pk]))
    assert listing.status_code == 200
    assert "Protocole pour accueillir les classes" in listing.text
    assert HIDDEN_TITLE not in listing.text
    assert client_referent.get(reverse("wagtailadmin_pages:edit", args=[app_hidden_page.pk])).status_code == 404


def test_coordination_still_meets_a_page_an_app_hides_from_others(client_coordination, app_hidden_page):
    listing = client_coordination.get(reverse("wagtailadmin_explore", args=[app_hidden_page.get_parent().pk]))
    assert HIDDEN_TITLE in listing.text
    assert HIDDEN_TITLE in client_coordination.get(reverse("search"), {"q": "protocole"}).text
