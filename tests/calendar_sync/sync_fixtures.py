"""Fixtures of the CalDAV tests, imported by their modules: a real Radicale server on 127.0.0.1
(one per test module: started once, a fresh calendar collection per test), and the CalDAVServer row
pointing at it. The tests allow private URLs to reach it."""

import uuid

import caldav
import pytest
from icalendar import Calendar

from calendar_sync.models import CalDAVServer

from .sync_servers import RadicaleServer, free_port


@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    server = RadicaleServer(tmp_path_factory.mktemp("radicale")).start()
    yield server
    server.stop()


@pytest.fixture
def private_urls(settings):
    settings.CALENDAR_SYNC_ALLOW_PRIVATE_URLS = True
    settings.CALENDAR_SYNC_TIMEOUT_SECONDS = 5


class Collection:
    """A calendar collection on the Radicale server, read and changed behind the intranet's back."""

    def __init__(self, radicale: RadicaleServer, name: str):
        self.client = caldav.DAVClient(url=radicale.url, username="intranet", password="secret", timeout=5)
        self.calendar = self.client.principal().make_calendar(name=name, cal_id=name)
        self.url = str(self.calendar.url)

    def hrefs(self) -> set[str]:
        return {str(obj.url.canonical()) for obj in self.calendar.get_objects_by_sync_token(None)}

    def get(self, href: str):
        return self.client.request(href, "GET")

    def events(self) -> dict[str, list]:
        """{UID: [VEVENT, ...]} of every object of the collection."""
        found = {}
        for obj in self.calendar.get_objects_by_sync_token(None, load_objects=True):
            if not obj.data:  # just deleted: listed without data
                continue
            for component in Calendar.from_ical(obj.data).walk("VEVENT"):
                found.setdefault(str(component["UID"]), []).append(component)
        return found

    def put(self, name: str, ics: str):
        return self.client.put(self.url + name, ics, {"Content-Type": "text/calendar; charset=utf-8"})

    def delete(self, name: str):
        return self.client.delete(self.url + name)


@pytest.fixture
def collection(radicale, private_urls):
    return Collection(radicale, f"cal-{uuid.uuid4().hex[:12]}")


@pytest.fixture
def dav_server(db, radicale, private_urls):
    return CalDAVServer.objects.create(name="Radicale de test", url=radicale.url, username="intranet")


@pytest.fixture
def down_server(db, private_urls):
    """A server nobody listens on (a free port, closed again)."""
    return CalDAVServer.objects.create(name="Serveur éteint", url=f"http://127.0.0.1:{free_port()}/",
                                       username="intranet")
__all__ = ["collection", "dav_server", "down_server", "private_urls", "radicale"]
