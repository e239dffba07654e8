"""The dashboard shows the panels and quick links that the apps declare (intranet.hooks), each to
the roles it is meant for, and leaves out a panel with nothing to show."""

from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from wagtail import hooks

from intranet.dashboard import Panel, QuickLink
from intranet.hooks import DASHBOARD_PANELS, QUICK_LINKS
from intranet.roles import Role

pytestmark = pytest.mark.django_db

RECENT_PAGES = "intranet/panels/recent_pages.html"


def workshop_panel(request):
    return {"pages": [SimpleNamespace(url="/ateliers/", title="Atelier numérique", last_published_at=None)]}


def empty_panel(request):
    return None


def panel_titles(response) -> list[str]:
    page = BeautifulSoup(response.content, "html.parser")
    return [panel.h2.get_text(strip=True) for panel in page.select("section.panel")]


def quick_link_labels(response) -> list[str]:
    page = BeautifulSoup(response.content, "html.parser")
    return [link.get_text(strip=True) for link in page.select("#quick-links-title + ul a")]


@pytest.fixture
def panel_for_referents():
    panel = Panel("workshops", "Ateliers à préparer", RECENT_PAGES, workshop_panel, order=1,
                  roles=(Role.REFERENTS,))
    with hooks.register_temporarily(DASHBOARD_PANELS, lambda: [panel]):
        yield panel


def test_a_panel_an_app_declares_shows_on_the_dashboard_of_its_role(client_referent, panel_for_referents):
    response = client_referent.get("/")

    assert panel_titles(response)[0] == "Ateliers à préparer"
    assert "Atelier numérique" in response.text


def test_a_panel_for_one_role_is_not_shown_to_the_others(client_staff, panel_for_referents):
    response = client_staff.get("/")

    assert "Ateliers à préparer" not in panel_titles(response)
    assert "Atelier numérique" not in response.text


def test_a_panel_with_nothing_to_show_is_left_out(client_staff):
    with hooks.register_temporarily(DASHBOARD_PANELS, lambda: [Panel("empty", "Rien", RECENT_PAGES, empty_panel)]):
        response = client_staff.get("/")

    assert response.status_code == 200
    assert "Rien" not in panel_titles(response)


def test_the_quick_links_of_every_app_come_in_their_order(client_staff):
    assert quick_link_labels(client_staff.get("/")) == [
        "Réserver une salle", "Mes réservations", "Mes bénévoles", "Mes compétences", "Annuaire", "Mon profil",
        "Sécurité et authentification à deux facteurs"]


def test_a_quick_link_replaced_by_its_key_shows_instead_of_the_original(client_staff):
    with hooks.register_temporarily(QUICK_LINKS, lambda: [QuickLink("Mon compte", "profile", order=1)]):
        labels = quick_link_labels(client_staff.get("/"))

    assert labels[0] == "Mon compte"
    assert "Mon profil" not in labels


def test_a_quick_link_for_coordination_only_is_not_shown_to_staff(client_staff, client_coordination):
    link = QuickLink("Tableau de pilotage", "directory:people", order=1, roles=(Role.COORDINATION,))
    with hooks.register_temporarily(QUICK_LINKS, lambda: [link]):
        assert "Tableau de pilotage" in quick_link_labels(client_coordination.get("/"))
        assert "Tableau de pilotage" not in quick_link_labels(client_staff.get("/"))
