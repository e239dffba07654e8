"""The legal pages: the accessibility statement, the privacy notice and the volunteers' notice, public,
in French and English, well structured, with the data protection officer from the network settings."""

import re
from itertools import pairwise

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Site

from intranet.models import NetworkSettings
from tests.html import duplicate_ids

pytestmark = pytest.mark.django_db

LEGAL_PAGES = ["accessibility", "privacy", "privacy_volunteers"]
TITLES = {
    ("accessibility", "fr"): "Déclaration d'accessibilité", ("accessibility", "en"): "Accessibility statement",
    ("privacy", "fr"): "Données personnelles", ("privacy", "en"): "Privacy notice",
    ("privacy_volunteers", "fr"): "Données personnelles des bénévoles",
    ("privacy_volunteers", "en"): "Volunteers' personal data",
}


def page(client, name: str, language: str = "fr") -> BeautifulSoup:
    if language != "fr":
        client.cookies["django_language"] = language
    response = client.get(reverse(name))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def network_settings(**values) -> NetworkSettings:
    settings = NetworkSettings.for_site(Site.objects.get(is_default_site=True))
    for field, value in values.items():
        setattr(settings, field, value)
    settings.save()
    return settings


def test_the_volunteers_notice_has_its_address():
    assert reverse("privacy_volunteers") == "/confidentialite/benevoles/"


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("name", LEGAL_PAGES)
def test_a_legal_page_opens_without_login_with_its_title_one_h1_and_headings_in_order(client, name, language):
    html = page(client, name, language)
    title = TITLES[name, language]
    assert html.title.get_text(strip=True).startswith(f"{title} ·")
    assert [h1.get_text(strip=True) for h1 in html.find_all("h1")] == [title]
    levels = [int(heading.name[1]) for heading in html.main.find_all(re.compile("^h[1-6]$"))]
    assert all(following <= level + 1 for level, following in pairwise(levels)), levels
    assert html.main.article["lang"] == language
    assert duplicate_ids(str(html)) == []
    for table in html.main.find_all("table"):
        assert table.caption is not None and table.find("th", scope="col") is not None


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_footer_links_the_volunteers_notice_on_every_page(client_staff, language):
    html = page(client_staff, "directory:people", language)
    footer_links = {a["href"] for a in html.footer.find_all("a")}
    assert {reverse("accessibility"), reverse("privacy"), reverse("privacy_volunteers")} <= footer_links


def test_the_footer_gives_the_conformity_state_of_the_statement(client_staff):
    html = page(client_staff, "directory:people")
    link = html.footer.find("a", href=reverse("accessibility"))
    assert link.get_text(strip=True) == "Accessibilité\u00a0: partiellement conforme"


@pytest.mark.parametrize(("language", "wording"), [("fr", "notice d'information destinée aux bénévoles"),
                                                   ("en", "privacy notice for volunteers")])
def test_the_privacy_notice_links_the_volunteers_notice(client, language, wording):
    html = page(client, "privacy", language)
    link = html.main.find("a", href=reverse("privacy_volunteers"))
    assert link is not None and " ".join(link.get_text().split()) == wording


@pytest.mark.parametrize("name", ["privacy", "privacy_volunteers"])
def test_the_data_protection_officer_of_the_settings_is_shown(client, name):
    network_settings(dpo_name="Service juridique de l'agglomération", dpo_email="dpo@agglo.example",
                     dpo_address="Hôtel d'agglomération\n1 rue du Port\n29000 Ormeau")
    html = page(client, name)
    contact = html.main.find(class_="dpo-contact")
    assert "Service juridique de l'agglomération" in contact.get_text()
    assert html.main.find("a", href="mailto:dpo@agglo.example") is not None
    address = html.main.find("address")
    assert [line.strip() for line in address.stripped_strings] == ["Hôtel d'agglomération", "1 rue du Port",
                                                                   "29000 Ormeau"]


@pytest.mark.parametrize("name", ["privacy", "privacy_volunteers"])
def test_without_a_data_protection_officer_the_notice_says_where_to_write(client, name):
    network_settings(dpo_name="", dpo_email="", dpo_address="", support_email="coordination@reseau.example")
    html = page(client, name)
    contact = " ".join(html.main.find(class_="dpo-contact").get_text().split())
    assert contact.startswith("Écrivez au délégué à la protection des données de l'agglomération")
    assert html.main.find("address") is None
    assert html.main.find(class_="dpo-contact").find("a", href="mailto:coordination@reseau.example") is not None


@pytest.mark.parametrize("name", ["privacy", "privacy_volunteers"])
def test_the_notices_give_the_retention_period_of_the_settings(client, settings, name):
    settings.DEPARTED_RETENTION_DAYS = 90
    text = " ".join(page(client, name).main.get_text().split())  # split() takes the no-break spaces too
    assert "90 jours après votre départ" in text or "90 jours plus tard" in text
    assert "180 jours" not in text


def test_the_privacy_notice_covers_every_processing_with_its_legal_basis(client):
    html = page(client, "privacy")
    processings = [h3.get_text(strip=True) for h3 in html.main.find_all("h3")]
    assert processings == [
        "Annuaire et comptes", "Tutoriels, avis et confirmations de lecture des procédures",
        "Parcours de formation et tutorat", "Carte des compétences", "Instances, comptes rendus et décisions",
        "Salles, agendas, abonnements et synchronisation CalDAV", "Documents et import du Drive",
        "Sécurité, journaux et double authentification",
    ]
    text = " ".join(html.main.get_text().split())
    for basis in ("6.1.e", "6.1.c", "6.1.b", "6.1.a"):
        assert basis in text
    assert html.main.find("a", href="https://www.cnil.fr/fr/adresser-une-plainte") is not None


def test_the_volunteers_notice_says_showing_skills_by_name_is_their_consent(client):
    text = " ".join(page(client, "privacy_volunteers").main.get_text().split())
    assert "Les montrer repose sur votre consentement (article 6.1.a du RGPD)" in text
    assert "masquées tant que vous n'avez pas choisi de les montrer avec votre nom" in text


def test_the_accessibility_statement_says_partially_compliant_and_lists_the_recourse(client):
    html = page(client, "accessibility")
    text = " ".join(html.main.get_text().split())
    assert ("est partiellement conforme avec le référentiel général d'amélioration de l'accessibilité (RGAA), "
            "version 4.1") in text
    assert "le 2 décembre 2026" in text
    assert html.main.find("a", href="https://formulaire.defenseurdesdroits.fr/") is not None
    assert "Libre réponse 71120" in text
    assert "Aucun test avec un lecteur d'écran" in text

