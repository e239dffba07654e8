"""Pulling a CalDAV collection into a network calendar, against a real Radicale server: a full sync,
then the changes by sync-token, and a refused token falling back to a full resync."""

import pytest

from calendar_sync.models import AgendaEvent, CalDAVLink, CalDAVObject
from calendar_sync.sync.caldav_pull import pull_link
from calendar_sync.sync.runner import sync_link

from .factories import NetworkCalendarFactory
from .sync_fixtures import *  # noqa: F403  (the Radicale fixtures)
from .sync_samples import calendar, vevent


@pytest.fixture
def pull(dav_server, collection):
    network_calendar = NetworkCalendarFactory(name="Agenda de la médiathèque")
    return CalDAVLink.objects.create(server=dav_server, calendar_url=collection.url, direction="pull",
                                     calendar=network_calendar)


def put_event(collection, name, uid, summary, start, **kwargs):
    response = collection.put(name, calendar(vevent(uid, summary, start, **kwargs)))
    assert response.status in (201, 204), response.status


def events(link, **filters):
    return dict(AgendaEvent.objects.filter(calendar=link.calendar, **filters).values_list("uid", "title"))


def run(link):
    link.refresh_from_db()
    return pull_link(link)


def test_a_first_pull_reads_the_whole_collection(pull, collection):
    put_event(collection, "conte.ics", "conte@dav", "Heure du conte", "20260317T130000Z")
    put_event(collection, "expo.ics", "expo@dav", "Exposition", "20260320T090000Z")
    report = run(pull)
    assert report.full and report.new == 2
    assert events(pull, source="caldav", status="CONFIRMED") == {"conte@dav": "Heure du conte",
                                                                  "expo@dav": "Exposition"}
    pull.refresh_from_db()
    assert pull.sync_token.startswith("http://radicale.org/ns/sync/")
    assert set(CalDAVObject.objects.filter(link=pull).values_list("uid", flat=True)) == {"conte@dav", "expo@dav"}


def test_the_next_pull_brings_only_the_changes_by_sync_token(pull, collection):
    put_event(collection, "conte.ics", "conte@dav", "Heure du conte", "20260317T130000Z")
    put_event(collection, "expo.ics", "expo@dav", "Exposition", "20260320T090000Z")
    put_event(collection, "atelier.ics", "atelier@dav", "Atelier", "20260321T090000Z")
    run(pull)
    first_token = CalDAVLink.objects.get(pk=pull.pk).sync_token
    put_event(collection, "conte.ics", "conte@dav", "Heure du conte (salle B)", "20260317T140000Z", sequence=1)
    put_event(collection, "club.ics", "club@dav", "Club lecture", "20260324T170000Z")
    assert collection.delete("expo.ics").status in (200, 204)
    report = run(pull)
    assert not report.full
    assert (report.new, report.updated, report.cancelled) == (1, 1, 1)
    assert events(pull, status="CONFIRMED") == {"conte@dav": "Heure du conte (salle B)", "club@dav": "Club lecture",
                                                "atelier@dav": "Atelier"}
    assert events(pull, status="CANCELLED") == {"expo@dav": "Exposition"}
    pull.refresh_from_db()
    assert pull.sync_token and pull.sync_token != first_token


def test_a_refused_sync_token_falls_back_to_a_full_resync(pull, collection):
    put_event(collection, "conte.ics", "conte@dav", "Heure du conte", "20260317T130000Z")
    put_event(collection, "expo.ics", "expo@dav", "Exposition", "20260320T090000Z")
    run(pull)
    assert collection.delete("expo.ics").status in (200, 204)
    CalDAVLink.objects.filter(pk=pull.pk).update(sync_token="http://radicale.org/ns/sync/expired")
    report = run(pull)
    assert report.full and report.cancelled == 1
    assert events(pull, status="CANCELLED") == {"expo@dav": "Exposition"}
    pull.refresh_from_db()
    assert pull.sync_token.startswith("http://radicale.org/ns/sync/") and not pull.sync_token.endswith("expired")
    assert list(CalDAVObject.objects.filter(link=pull).values_list("uid", flat=True)) == ["conte@dav"]


def test_nothing_changed_means_nothing_written(pull, collection):
    put_event(collection, "conte.ics", "conte@dav", "Heure du conte", "20260317T130000Z")
    run(pull)
    updated = AgendaEvent.objects.get().updated_at
    report = run(pull)
    assert not report.full and (report.new, report.updated, report.cancelled) == (0, 0, 0)
    assert AgendaEvent.objects.get().updated_at == updated


def test_a_pull_from_a_server_that_is_down_is_recorded(down_server):
    link = CalDAVLink.objects.create(server=down_server, calendar_url=down_server.url + "agenda/", direction="pull",
                                     calendar=NetworkCalendarFactory())
    outcome = sync_link(link)
    link.refresh_from_db()
    assert not outcome.ok and link.failures == 1 and link.last_error
    assert not AgendaEvent.objects.exists()
