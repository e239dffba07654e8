"""Logging in by email, a wrong password, a forgotten password."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from intranet.roles import Role
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

# allauth's own French catalog (allauth/locale/fr): shown as is, whatever our catalog says.
WRONG_CREDENTIALS_FR = "L’adresse e-mail ou le mot de passe sont incorrects."
RESET_SUBJECT_FR = "E-mail de réinitialisation de mot de passe"


def welcome_title(html: str) -> str:
    match = re.search(r'<h1 id="welcome-title">(.*?)</h1>', html, re.S)
    assert match, "the dashboard greeting is missing"
    return match.group(1).strip()


def test_login_by_email_lands_on_the_dashboard_with_a_greeting(client, make_member):
    user = make_member(Role.STAFF, first_name="Rozenn", last_name="Quéré")
    response = client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD},
                           follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert response.status_code == 200
    assert response.context["user"] == user
    assert welcome_title(response.text).endswith("Rozenn")


def test_login_ignores_the_case_of_the_email(client, staff_user):
    response = client.post(reverse("account_login"), {"login": staff_user.email.upper(), "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"] == staff_user


def test_wrong_password_shows_allauths_french_error_and_keeps_the_visitor_out(client, staff_user):
    response = client.post(reverse("account_login"), {"login": staff_user.email, "password": "pas-le-bon"})
    assert response.status_code == 200
    assert WRONG_CREDENTIALS_FR in response.text
    assert not response.context["user"].is_authenticated
    assert client.get("/").status_code == 302  # still sent to the login page


def test_password_reset_sends_one_email_with_a_reset_link(client, staff_user):
    response = client.post(reverse("account_reset_password"), {"email": staff_user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [staff_user.email]
    assert message.subject == RESET_SUBJECT_FR
    assert "/comptes/password/reset/key/" in message.body
