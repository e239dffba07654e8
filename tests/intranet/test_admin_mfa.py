"""One login for everything: Wagtail's own login page hands over to the site's (allauth) login, and the
administration opens only to a session that passed the second factor (TOTP)."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from intranet.roles import Role
from intranet.settings import base as base_settings
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

# allauth's own French catalog (allauth/locale/fr).
TOO_MANY_ATTEMPTS_FR = "Trop de tentatives de connexion échouées. Veuillez réessayer ultérieurement."
WRONG_CREDENTIALS_FR = "L’adresse e-mail ou le mot de passe sont incorrects."


@pytest.fixture(autouse=True)
def _admin_mfa_required(settings):
    settings.INTRANET_REQUIRE_ADMIN_MFA = True  # as in production


def add_totp_device(user) -> str:
    """Give `user` a TOTP authenticator through allauth's own API; returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def current_code(secret: str) -> str:
    """The code an authenticator app shows now (allauth's own algorithm). The suite's clock is
    frozen (tests/clock.py), so the server checks it in the same window."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def split(url: str) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(url)
    return parts.path, parse_qs(parts.query)


def admin_opens(client: Client) -> bool:
    response = client.get("/admin/")
    return response.status_code == 200 and response.resolver_match.url_name == "wagtailadmin_home"


def log_in_with_password(client: Client, user, next_url: str = "/admin/"):
    return client.post(reverse("account_login"),
                       {"login": user.email, "password": DEFAULT_PASSWORD, "next": next_url})


@pytest.fixture
def coordinator_with_totp(coordination_user):
    return coordination_user, add_totp_device(coordination_user)


def test_credentials_posted_to_wagtails_login_do_not_open_the_admin(client, coordinator_with_totp):
    user, _secret = coordinator_with_totp
    response = client.post("/admin/login/", {"username": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert split(response.url) == ("/comptes/login/", {"next": ["/admin/"]})
    followed = client.get(response.url)
    assert followed.status_code == 200
    assert not followed.context["user"].is_authenticated  # the password was never checked there
    assert not admin_opens(client)


@pytest.mark.parametrize(("asked", "kept"), [
    ("/admin/pages/", "/admin/pages/"),
    ("/admin/users/?q=anne", "/admin/users/?q=anne"),
    ("https://evil.example/admin/", "/admin/"),
    ("//evil.example/", "/admin/"),
    ("", "/admin/"),
])
def test_wagtails_login_page_sends_to_the_site_login_with_a_safe_next_only(client, asked, kept):
    response = client.get("/admin/login/", {"next": asked} if asked else {})
    assert response.status_code == 302
    assert split(response.url) == ("/comptes/login/", {"next": [kept]})


def test_anonymous_visitor_of_the_admin_is_sent_to_the_site_login(client):
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert split(response.url) == ("/comptes/login/", {"next": ["/admin/pages/"]})


def test_password_alone_stops_at_the_totp_stage(client, coordinator_with_totp):
    user, _secret = coordinator_with_totp
    response = log_in_with_password(client, user)
    assert response.status_code == 302
    assert urlsplit(response.url).path == reverse("mfa_authenticate")
    assert not admin_opens(client)


def test_password_and_the_right_code_open_the_admin(client, coordinator_with_totp):
    user, secret = coordinator_with_totp
    log_in_with_password(client, user)
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert admin_opens(client)


def test_logging_out_and_back_in_without_the_code_does_not_reopen_the_admin(client, coordinator_with_totp):
    user, secret = coordinator_with_totp
    log_in_with_password(client, user)
    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert admin_opens(client)

    logout = client.post("/admin/logout/")  # the administration's own "Log out" button
    assert logout.status_code == 302
    assert not client.get(reverse("account_login")).context["user"].is_authenticated

    client.post("/admin/login/", {"username": user.email, "password": DEFAULT_PASSWORD})
    assert not admin_opens(client)
    log_in_with_password(client, user)
    assert not admin_opens(client)


def test_admin_logout_page_goes_to_the_site_logout(client_coordination):
    response = client_coordination.get("/admin/logout/")
    assert response.status_code == 302
    assert response.url == reverse("account_logout")


@pytest.fixture(params=["coordination", "referent", "superuser"])
def admin_user(request, make_member):
    if request.param == "superuser":
        return UserFactory(is_superuser=True, is_staff=True)
    return make_member(Role.COORDINATION if request.param == "coordination" else Role.REFERENTS)


def test_a_session_that_skipped_the_code_is_sent_to_reauthenticate(admin_user, client_as):
    secret = add_totp_device(admin_user)
    client = client_as(admin_user)  # a login that recorded no second factor
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert split(response.url) == (reverse("mfa_reauthenticate"), {"next": ["/admin/pages/"]})
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Saisissez le code de votre application d'authentification pour ouvrir l'administration."]
    assert not admin_opens(client)

    confirmed = client.post(reverse("mfa_reauthenticate"), {"code": current_code(secret), "next": "/admin/"})
    assert confirmed.status_code == 302
    assert confirmed.url == "/admin/"
    assert admin_opens(client)


def test_a_wrong_code_on_reauthentication_keeps_the_admin_closed(coordinator_with_totp, client_as):
    user, secret = coordinator_with_totp
    client = client_as(user)
    wrong = f"{(int(current_code(secret)) + 1) % 10**6:06d}"
    response = client.post(reverse("mfa_reauthenticate"), {"code": wrong, "next": "/admin/"})
    assert response.status_code == 200
    assert "Code incorrect." in response.text
    assert not admin_opens(client)


def test_an_admin_without_a_device_is_sent_to_set_one_up(admin_user, client_as):
    client = client_as(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    messages = list(get_messages(response.wsgi_request))
    assert [message.level_tag for message in messages] == ["warning"]
    assert str(messages[0]) == "Activez l'authentification à deux facteurs avant d'ouvrir l'administration."


def test_staff_without_admin_access_is_not_asked_for_a_second_factor(client_staff):
    response = client_staff.get("/admin/")
    assert response.status_code in {302, 403}
    if response.status_code == 302:
        assert urlsplit(response.url).path not in {reverse("mfa_activate_totp"), reverse("mfa_reauthenticate")}


def test_mfa_is_not_asked_when_the_setting_is_off(settings, client_coordination):
    settings.INTRANET_REQUIRE_ADMIN_MFA = False  # dev and test defaults: demo accounts one click away
    assert admin_opens(client_coordination)


def test_right_password_on_wagtails_login_after_a_lockout_does_not_log_in(settings, client, coordination_user):
    """Wrong passwords go to allauth's login, whose limits count them; the sixth attempt is refused
    with allauth's French message, and Wagtail's login is no side door around the lockout."""
    settings.ACCOUNT_RATE_LIMITS = base_settings.ACCOUNT_RATE_LIMITS
    handed_over = client.post("/admin/login/", {"username": coordination_user.email, "password": "pas-le-bon"})
    assert handed_over.status_code == 302
    assert urlsplit(handed_over.url).path == reverse("account_login")

    wrong = {"login": coordination_user.email, "password": "pas-le-bon"}
    for _attempt in range(5):
        assert WRONG_CREDENTIALS_FR in client.post(reverse("account_login"), wrong).text
    refused = client.post(reverse("account_login"), {**wrong, "password": DEFAULT_PASSWORD})
    assert refused.status_code == 200
    assert TOO_MANY_ATTEMPTS_FR in refused.text
    assert not refused.context["user"].is_authenticated

    client.post("/admin/login/", {"username": coordination_user.email, "password": DEFAULT_PASSWORD})
    assert not client.get(reverse("account_login")).context["user"].is_authenticated
    assert not admin_opens(client)
