"""Subscriptions to remote .ics files, refreshed against a local HTTP server, and `sync_calendars`."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from calendar_sync.models import AgendaEvent, CalendarSubscription
from calendar_sync.sync.runner import sync_all, sync_subscription

from .factories import NetworkCalendarFactory
from .sync_samples import calendar, vevent
from .sync_servers import LocalHTTPServer, Route

V1 = calendar(vevent("conte@mediatheques.example", "Heure du conte", "20260317T130000Z"),
              vevent("expo@mediatheques.example", "Exposition Gwenn ha du", "20260320T090000Z"))
V2 = calendar(vevent("conte@mediatheques.example", "Heure du conte (salle B)", "20260317T140000Z", sequence=1))


@pytest.fixture
def server():
    with LocalHTTPServer() as running:
        yield running


@pytest.fixture
def private_urls(settings):
    settings.CALENDAR_SYNC_ALLOW_PRIVATE_URLS = True


class Remote:
    """The remote calendar: its content and ETag, answering 304 to a matching If-None-Match."""

    def __init__(self, server, body: str, etag: str):
        self.body, self.etag = body, etag
        server.routes["/agenda.ics"] = Route(handler=self.answer)

    def answer(self, handler):
        if handler.headers.get("If-None-Match") == self.etag:
            return Route(status=304, headers={"ETag": self.etag})
        return Route(body=self.body.encode(), headers={"ETag": self.etag, "Content-Type": "text/calendar"})


@pytest.fixture
def subscription(db, server, private_urls):
    return CalendarSubscription.objects.create(calendar=NetworkCalendarFactory(name="Actions culturelles"),
                                               url=server.url("/agenda.ics"))


def titles(calendar_, **filters):
    return sorted(AgendaEvent.objects.filter(calendar=calendar_, **filters).values_list("title", flat=True))


def test_a_refresh_imports_the_remote_events_and_keeps_the_etag(subscription, server):
    Remote(server, V1, '"v1"')
    outcome = sync_subscription(subscription)
    assert outcome.ok
    assert titles(subscription.calendar, source="subscribed") == ["Exposition Gwenn ha du", "Heure du conte"]
    subscription.refresh_from_db()
    assert subscription.etag == '"v1"' and subscription.last_synced_at is not None and subscription.failures == 0


def test_a_304_changes_nothing_but_the_time_of_the_last_sync(subscription, server, clock):
    Remote(server, V1, '"v1"')
    sync_subscription(subscription)
    before = {event.uid: event.updated_at for event in AgendaEvent.objects.all()}
    clock.shift(hours=1)
    subscription.refresh_from_db()
    first_sync = subscription.last_synced_at
    outcome = sync_subscription(subscription)
    assert outcome.ok and outcome.message == "Pas de changement depuis la dernière synchronisation."
    assert server.requests[-1][1]["If-None-Match"] == '"v1"'
    assert {event.uid: event.updated_at for event in AgendaEvent.objects.all()} == before
    subscription.refresh_from_db()
    assert subscription.last_synced_at > first_sync


def test_new_content_updates_and_cancels_what_left_the_file(subscription, server):
    remote = Remote(server, V1, '"v1"')
    sync_subscription(subscription)
    remote.body, remote.etag = V2, '"v2"'
    assert sync_subscription(subscription).ok
    assert titles(subscription.calendar, status="CONFIRMED") == ["Heure du conte (salle B)"]
    assert titles(subscription.calendar, status="CANCELLED") == ["Exposition Gwenn ha du"]
    subscription.refresh_from_db()
    assert subscription.etag == '"v2"'


def test_a_broken_file_is_recorded_and_changes_nothing(subscription, server):
    remote = Remote(server, V1, '"v1"')
    sync_subscription(subscription)
    remote.body, remote.etag = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n", '"v3"'
    outcome = sync_subscription(subscription)
    assert not outcome.ok
    subscription.refresh_from_db()
    assert subscription.failures == 1 and subscription.last_error == outcome.message
    assert subscription.etag == '"v1"'  # the next run fetches it again
    assert titles(subscription.calendar, status="CONFIRMED") == ["Exposition Gwenn ha du", "Heure du conte"]


def test_a_private_address_is_recorded_as_refused_when_the_setting_is_off(subscription, server, settings):
    settings.CALENDAR_SYNC_ALLOW_PRIVATE_URLS = False
    Remote(server, V1, '"v1"')
    outcome = sync_subscription(subscription)
    subscription.refresh_from_db()
    assert not outcome.ok and "réseau privé" in subscription.last_error and subscription.failures == 1
    assert not AgendaEvent.objects.exists() and server.requests == []


def test_sync_calendars_runs_each_and_fails_only_when_everything_failed(subscription, server, capsys):
    Remote(server, V1, '"v1"')
    broken = CalendarSubscription.objects.create(calendar=NetworkCalendarFactory(name="Fermetures"),
                                                 url=server.url("/missing.ics"))
    call_command("sync_calendars")
    out = capsys.readouterr().out
    assert "1 of 2 calendar(s) in step, 1 failed." in out and "404" in out
    broken.refresh_from_db()
    assert broken.failures == 1
    subscription.delete()
    with pytest.raises(CommandError, match="All 1 calendar"):
        call_command("sync_calendars")
    broken.refresh_from_db()
    assert broken.failures == 2  # tried again, and recorded again


def test_sync_all_leaves_out_switched_off_subscriptions(subscription, server):
    Remote(server, V1, '"v1"')
    subscription.active = False
    subscription.save()
    assert sync_all().outcomes == []
