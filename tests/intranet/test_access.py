"""Who may open what: the whole site is behind login, the admin is for coordination and referents."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from intranet.models import User
from intranet.roles import Role
from tests.accounts import role_id
from tests.factories import LibraryFactory, PersonFactory

pytestmark = pytest.mark.django_db


def assert_redirects_to_login(response, wanted_next: str) -> None:
    assert response.status_code == 302
    target = urlsplit(response.url)
    assert target.path == reverse("account_login") == "/comptes/login/"
    assert parse_qs(target.query)["next"] == [wanted_next]


@pytest.mark.parametrize("path", ["/", "/annuaire/", "/search/?q=x", "/profil/"])
def test_anonymous_visitor_is_sent_to_login(client, path):
    assert_redirects_to_login(client.get(path), wanted_next=path)


def test_anonymous_visitor_cannot_open_a_person_page(client):
    person = PersonFactory()
    path = person.get_absolute_url()
    assert_redirects_to_login(client.get(path), wanted_next=path)


def test_anonymous_visitor_cannot_open_a_library_page(client):
    path = LibraryFactory().get_absolute_url()
    assert_redirects_to_login(client.get(path), wanted_next=path)


@pytest.mark.parametrize(
    "path", ["/comptes/login/", "/comptes/password/reset/", "/health/", "/accessibilite/", "/confidentialite/"]
)
def test_public_pages_open_without_login(client, path):
    assert client.get(path).status_code == 200


def test_static_files_are_served_without_login(settings):
    # WhiteNoise serves collected files in production; here it finds them through the finders.
    settings.WHITENOISE_USE_FINDERS = True
    response = Client().get("/static/intranet/css/intranet.css")  # a new client builds the middleware again
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")


def assert_no_admin_dashboard(response) -> None:
    assert response.status_code in {302, 403}
    if response.status_code == 302:
        assert urlsplit(response.url).path in {reverse("wagtailadmin_login"), reverse("account_login")}


@pytest.mark.parametrize("as_each_role", [Role.STAFF, Role.VOLUNTEERS, Role.ELECTED], indirect=True, ids=role_id)
def test_staff_volunteers_and_elected_officials_do_not_get_the_admin(as_each_role):
    assert_no_admin_dashboard(as_each_role.client.get("/admin/"))


@pytest.mark.parametrize("as_each_role", [Role.COORDINATION, Role.REFERENTS], indirect=True, ids=role_id)
def test_coordination_and_referents_open_the_admin(as_each_role):
    response = as_each_role.client.get("/admin/")
    assert response.status_code == 200
    assert response.resolver_match.url_name == "wagtailadmin_home"


def test_coordination_without_totp_is_sent_to_mfa_activation(settings, client_coordination):
    settings.INTRANET_REQUIRE_ADMIN_MFA = True
    response = client_coordination.get("/admin/")
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    assert [message.level_tag for message in get_messages(response.wsgi_request)] == ["warning"]


def test_public_signup_creates_no_account(client):
    before = User.objects.count()
    password = "Un-mot-de-passe-solide-42"
    response = client.post("/comptes/signup/",
                           {"email": "intrus@exemple.test", "password1": password, "password2": password})
    assert 'name="password1"' not in response.text  # the closed page, not a form to try again
    assert User.objects.count() == before
    assert not User.objects.filter(email="intrus@exemple.test").exists()
