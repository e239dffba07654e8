"""The sync's admin screens: for the coordination only, addresses checked by the fetch guard, CalDAV
passwords stored encrypted and never shown; and where the passwords come from."""

import socket

import pytest
from django.contrib.auth.models import Permission

from calendar_sync.models import CalDAVLink, CalDAVServer, CalendarSubscription
from calendar_sync.sync.credentials import encrypt_password, server_password
from calendar_sync.sync.errors import SyncError

from .factories import NetworkCalendarFactory, RoomFactory
from .helpers import text_of

SUBSCRIPTIONS = "/admin/snippets/calendar_sync/calendarsubscription/"
SERVERS = "/admin/snippets/calendar_sync/caldavserver/"
LINKS = "/admin/snippets/calendar_sync/caldavlink/"


@pytest.fixture
def public_dns(monkeypatch):
    """agenda.example.org resolves to a public address (and nothing is fetched)."""
    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if host.endswith("example.org"):
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 443))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def test_coordination_lists_subscriptions_with_their_last_sync_and_error(client_coordination):
    CalendarSubscription.objects.create(calendar=NetworkCalendarFactory(name="Fermetures"),
                                        url="https://agenda.example.org/fermetures.ics", failures=2,
                                        last_error="Le serveur a répondu par l'erreur 404.")
    response = client_coordination.get(SUBSCRIPTIONS)
    assert response.status_code == 200
    page = text_of(response)
    assert "Fermetures" in page and "Le serveur a répondu par l'erreur 404." in page


@pytest.mark.parametrize("path", [SUBSCRIPTIONS, SERVERS, LINKS])
def test_staff_with_admin_access_cannot_open_the_sync_screens(path, client_as, colleague):
    colleague.user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin",
                                                               codename="access_admin"))
    response = client_as(colleague)
    assert response.get(path).status_code in (302, 403)
    assert response.get(path).status_code != 200


def test_a_subscription_to_a_private_address_is_refused(client_coordination, settings):
    settings.CALENDAR_SYNC_ALLOW_PRIVATE_URLS = False
    calendar = NetworkCalendarFactory()
    response = client_coordination.post(SUBSCRIPTIONS + "add/", {"calendar": calendar.pk,
                                                                 "url": "http://127.0.0.1:8000/admin.ics",
                                                                 "active": "on"})
    assert response.status_code == 200
    assert "réseau privé" in response.content.decode()
    assert not CalendarSubscription.objects.exists()


def test_a_subscription_to_a_public_address_is_created(client_coordination, settings, public_dns):
    settings.CALENDAR_SYNC_ALLOW_PRIVATE_URLS = False
    calendar = NetworkCalendarFactory()
    response = client_coordination.post(SUBSCRIPTIONS + "add/", {"calendar": calendar.pk,
                                                                 "url": "https://agenda.example.org/a.ics",
                                                                 "active": "on"})
    assert response.status_code == 302
    assert CalendarSubscription.objects.get().url == "https://agenda.example.org/a.ics"


def test_a_caldav_password_is_stored_encrypted_and_never_shown(client_coordination, public_dns):
    response = client_coordination.post(SERVERS + "add/", {"name": "Nextcloud", "url": "https://dav.example.org/",
                                                           "username": "intranet", "password": "s3cret-app-pass",
                                                           "password_env": "", "active": "on"})
    assert response.status_code == 302
    server = CalDAVServer.objects.get()
    assert server.password_encrypted and "s3cret-app-pass" not in server.password_encrypted
    assert server_password(server) == "s3cret-app-pass"
    edit = client_coordination.get(f"{SERVERS}edit/{server.pk}/").content.decode()
    assert "s3cret-app-pass" not in edit and server.password_encrypted not in edit
    # Saving again without typing it keeps the stored password.
    client_coordination.post(f"{SERVERS}edit/{server.pk}/", {"name": "Nextcloud", "url": "https://dav.example.org/",
                                                             "username": "intranet", "password": "",
                                                             "password_env": "", "active": "on"})
    server.refresh_from_db()
    assert server_password(server) == "s3cret-app-pass"


def test_a_link_needs_one_target_and_a_room_is_only_pushed(client_coordination, public_dns, room):
    server = CalDAVServer.objects.create(name="Nextcloud", url="https://dav.example.org/", username="intranet")
    response = client_coordination.post(LINKS + "add/", {"server": server.pk,
                                                         "calendar_url": "https://dav.example.org/salle/",
                                                         "direction": "pull", "room": room.pk, "active": "on"})
    assert response.status_code == 200 and "être publiées" in response.content.decode()
    response = client_coordination.post(LINKS + "add/", {"server": server.pk,
                                                         "calendar_url": "https://dav.example.org/salle/",
                                                         "direction": "push", "active": "on"})
    assert response.status_code == 200 and "une salle ou un agenda du réseau" in response.content.decode()
    response = client_coordination.post(LINKS + "add/", {"server": server.pk,
                                                         "calendar_url": "https://dav.example.org/salle/",
                                                         "direction": "push", "room": room.pk, "active": "on"})
    assert response.status_code == 302
    assert CalDAVLink.objects.get().room == room


def test_the_password_comes_from_the_environment_when_named(monkeypatch):
    server = CalDAVServer(name="Nextcloud", url="https://dav.example.org/", username="intranet",
                          password_env="NEXTCLOUD_APP_PASSWORD")
    monkeypatch.setenv("NEXTCLOUD_APP_PASSWORD", "from-env")
    assert server_password(server) == "from-env"
    monkeypatch.delenv("NEXTCLOUD_APP_PASSWORD")
    with pytest.raises(SyncError, match="NEXTCLOUD_APP_PASSWORD"):
        server_password(server)


def test_a_password_encrypted_with_another_key_is_reported(settings):
    server = CalDAVServer(name="Nextcloud", url="https://dav.example.org/", username="intranet",
                          password_encrypted=encrypt_password("s3cret"))
    assert server_password(server) == "s3cret"
    settings.CALDAV_ENCRYPTION_KEY = "another key"
    with pytest.raises(SyncError):
        server_password(server)


def test_the_listing_of_links_keeps_its_query_count(client_coordination, django_assert_max_num_queries, room):
    server = CalDAVServer.objects.create(name="Nextcloud", url="https://dav.example.org/", username="intranet")

    def make(count):
        for number in range(count):
            CalDAVLink.objects.create(server=server, calendar_url=f"https://dav.example.org/s{number}/",
                                      direction="push", room=RoomFactory(library=room.library))

    make(1)
    with django_assert_max_num_queries(25):
        assert client_coordination.get(LINKS).status_code == 200
    make(9)
    with django_assert_max_num_queries(25):
        assert client_coordination.get(LINKS).status_code == 200
