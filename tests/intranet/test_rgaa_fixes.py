"""What the RGAA audit found that an automated checker does not see, fixed in the templates and forms
(docs/accessibility/audit.md, « Corrigé pendant l'audit »)."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def test_the_profile_form_gives_the_autocomplete_purpose_of_phone_and_job_title(client_staff):
    # RGAA 11.13: the browser may fill in the person's own details.
    html = BeautifulSoup(client_staff.get(reverse("profile")).content, "html.parser")
    phone, job_title = html.find("input", attrs={"name": "phone"}), html.find("input", attrs={"name": "job_title"})
    assert (phone["type"], phone["autocomplete"]) == ("tel", "tel")
    assert job_title["autocomplete"] == "organization-title"


def test_the_totp_qr_code_says_what_it_is_rather_than_reading_out_the_secret(client, staff_user):
    # RGAA 1.3, found by the audit: allauth gives the QR code the secret itself as its alternative.
    client.post(reverse("account_login"), {"login": staff_user.email, "password": DEFAULT_PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    if response.status_code == 302:  # allauth asks for the password again before showing a secret
        client.post(response.url, {"password": DEFAULT_PASSWORD})
        response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    secret = html.find(id="authenticator_secret")["value"]
    qr_code = html.main.find("img")
    assert qr_code["alt"] == ("Code QR à scanner avec votre application d’authentification (le même secret est "
                              "écrit dans le champ ci-dessous)")
    assert secret not in qr_code["alt"]
