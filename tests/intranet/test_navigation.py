"""The main navigation shows the entries the apps declare (intranet.hooks), each to its roles."""

import pytest
from bs4 import BeautifulSoup
from wagtail import hooks

from intranet.hooks import NAVIGATION
from intranet.navigation import NavItem
from intranet.roles import Role

pytestmark = pytest.mark.django_db


def nav_labels(response) -> list[str]:
    page = BeautifulSoup(response.content, "html.parser")
    return [link.get_text(strip=True) for link in page.select("nav.main-nav a")]


def test_the_navigation_lists_the_entries_of_every_app_in_their_order(client_staff):
    assert nav_labels(client_staff.get("/")) == ["Accueil", "Tutoriels", "Parcours", "Compétences", "Instances",
                                                 "Salles & agenda", "Documents", "Annuaire"]


def test_the_entry_of_the_current_section_is_marked_current(client_staff):
    page = BeautifulSoup(client_staff.get("/annuaire/").content, "html.parser")

    assert [link.get_text(strip=True) for link in page.select('nav.main-nav a[aria-current="page"]')] == ["Annuaire"]


def test_an_entry_for_coordination_only_is_not_shown_to_staff(client_staff, client_coordination):
    item = NavItem("steering", "Pilotage", "directory:people", order=5, roles=(Role.COORDINATION,))
    with hooks.register_temporarily(NAVIGATION, lambda: [item]):
        assert "Pilotage" in nav_labels(client_coordination.get("/"))
        assert "Pilotage" not in nav_labels(client_staff.get("/"))
