"""What every answer carries for the browser's protection (Content-Security-Policy), what a failed
CSRF check shows, and typed text cleaned of invisible characters on the site and in the admin."""

import re

import pytest
from django.test import Client

from intranet.models import Library, Person
from tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


@pytest.mark.parametrize("path", ["/comptes/login/", "/health/", "/accessibilite/"])
def test_public_pages_carry_a_strict_content_security_policy(client, path):
    rules = policy(client.get(path))
    assert rules["default-src"] == ["'self'"]
    assert rules["script-src"] == ["'self'"]
    assert rules["object-src"] == ["'none'"]
    assert rules["frame-ancestors"] == ["'self'"]
    assert rules["base-uri"] == ["'self'"]
    assert rules["form-action"] == ["'self'"]


def test_no_policy_allows_inline_script_or_another_origin_on_the_site(client_staff):
    header = client_staff.get("/").headers["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert "http" not in header and "*" not in header


def test_the_admin_allows_its_own_inline_scripts_but_still_no_other_origin(client_coordination):
    response = client_coordination.get("/admin/")
    assert response.status_code == 200
    rules = policy(response)
    assert rules["script-src"] == ["'self'", "'unsafe-inline'"]
    assert rules["default-src"] == ["'self'"]
    assert "http" not in response["Content-Security-Policy"]


def test_site_pages_have_no_inline_script_or_style_attribute(client_staff, demo_network):
    for path in ["/", "/annuaire/", "/salles/", "/salles/jour/", "/profil/"]:
        html = client_staff.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)", html), path
        assert not re.search(r"\sstyle=\"", html), path
        assert not re.search(r"\son[a-z]+=\"", html), path


# --- CSRF failure ---------------------------------------------------------------------------


def test_a_failed_csrf_check_explains_in_french_and_leads_back_to_the_form(staff_user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff_user)
    response = browser.post("/profil/", {"phone": "06"}, HTTP_REFERER="http://testserver/profil/")
    assert response.status_code == 403
    assert "Le formulaire n’a pas pu être envoyé" in response.text
    assert "rien n’a été enregistré" in response.text
    assert 'href="http://testserver/profil/"' in response.text
    assert "Revenir au formulaire" in response.text
    assert '<main' in response.text  # the site's layout, not Django's bare page
    assert Person.objects.get(user=staff_user).phone != "06"


def test_a_failed_csrf_check_never_links_to_another_site(staff_user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff_user)
    response = browser.post("/profil/", {"phone": "06"}, HTTP_REFERER="https://evil.example/profil/")
    assert response.status_code == 403
    assert "evil.example" not in response.text
    assert 'href="/"' in response.text


def test_the_login_form_failing_its_csrf_check_shows_the_same_page():
    response = Client(enforce_csrf_checks=True).post("/comptes/login/", {"login": "a@b.test", "password": "x"})
    assert response.status_code == 403
    assert "Le formulaire n’a pas pu être envoyé" in response.text


# --- invisible characters -------------------------------------------------------------------


def test_profile_strips_bidi_overrides_and_zero_width_characters(client_staff, staff_user):
    response = client_staff.post("/profil/", {"phone": "06\u200b 12", "job_title": "\u202eMédiatrice\u2069",
                                              "bio": "Ligne 1\n\u200dLigne 2"})
    assert response.status_code == 302
    person = Person.objects.get(user=staff_user)
    assert (person.phone, person.job_title, person.bio) == ("06 12", "Médiatrice", "Ligne 1\nLigne 2")


def test_admin_forms_strip_invisible_characters_from_names(client_coordination):
    library = LibraryFactory(name="Médiathèque de Lanmarec")
    edit_url = f"/admin/snippets/intranet/library/edit/{library.pk}/"
    form = client_coordination.get(edit_url)
    assert form.status_code == 200
    response = client_coordination.post(edit_url, {
        "name": "Médiathèque\u202e de Lanmarec\u200b", "slug": library.slug, "commune": "Lan\u2066marec",
        "address": "", "phone": "", "email": "", "opening_hours": "Mardi\u200b : 10 h",
        "rooms_open_from": "08:30", "rooms_open_until": "19:00",
    })
    assert response.status_code == 302, response.text[:500]
    library.refresh_from_db()
    assert (library.name, library.commune, library.opening_hours) == (
        "Médiathèque de Lanmarec", "Lanmarec", "Mardi : 10 h")
    assert Library.objects.filter(slug=library.slug).count() == 1
