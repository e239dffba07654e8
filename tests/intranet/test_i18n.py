"""French by default whatever the browser says; English on request through the footer's switch."""

import re

import pytest

pytestmark = pytest.mark.django_db


def html_lang(response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.text)
    assert match, "the page has no <html lang>"
    return match.group(1)


def test_login_page_is_french_for_an_english_browser(client):
    response = client.get("/comptes/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert html_lang(response) == "fr"
    assert response["Content-Language"] == "fr"


def test_dashboard_is_french_for_an_english_browser(client_staff):
    assert html_lang(client_staff.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")) == "fr"


def test_allauth_messages_are_in_french_by_default(client):
    # allauth's own French catalog: the reset page's title ("Password Reset") is not one of ours.
    response = client.get("/comptes/password/reset/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Réinitialisation du mot de passe" in response.text


def test_footer_offers_english_on_french_pages(client_staff):
    response = client_staff.get("/annuaire/")
    assert re.search(r'<form action="/langue/" method="post" class="language-form">', response.text)
    assert '<button type="submit" name="language" value="en" lang="en">English</button>' in response.text


def test_choosing_english_switches_the_interface(client_staff):
    response = client_staff.post("/langue/", {"language": "en", "next": "/annuaire/"})
    assert response.status_code == 302
    assert response.url == "/annuaire/"
    page = client_staff.get("/annuaire/")
    assert html_lang(page) == "en"
    assert '<button type="submit" name="language" value="fr" lang="fr">Français</button>' in page.text


def test_choosing_english_works_before_login(client):
    client.post("/langue/", {"language": "en", "next": "/comptes/login/"})
    assert html_lang(client.get("/comptes/login/")) == "en"


def test_going_back_to_french(client_staff):
    client_staff.post("/langue/", {"language": "en", "next": "/"})
    client_staff.post("/langue/", {"language": "fr", "next": "/"})
    assert html_lang(client_staff.get("/")) == "fr"
