"""CalDAV push of rooms' bookings and network calendars against a real Radicale server."""

import datetime as dt

import pytest
from django.db import connection

from calendar_sync import services
from calendar_sync.models import Booking, CalDAVLink, CalDAVObject
from calendar_sync.recurrence import RecurrenceRule
from calendar_sync.sync import caldav_push, triggers
from calendar_sync.sync.runner import sync_link

from .factories import AgendaEventFactory, BookingFactory, NetworkCalendarFactory
from .sync_fixtures import *  # noqa: F403  (the Radicale fixtures)

UTC = dt.UTC


@pytest.fixture
def room_link(dav_server, collection, room):
    return CalDAVLink.objects.create(server=dav_server, calendar_url=collection.url, direction="push", room=room)


def push(link):
    link.refresh_from_db()
    return caldav_push.push_link(link)


def test_bookings_are_created_on_the_server_by_uid_and_their_etags_kept(room_link, collection, room, organizer, slot):
    first = BookingFactory(room=room, organizer=organizer, title="Comité de lecture", **slot(1, 10, 11))
    second = BookingFactory(room=room, organizer=organizer, title="Formation Koha", **slot(2, 14, 16))
    report = push(room_link)
    assert (report.created, report.updated, report.deleted) == (2, 0, 0)
    events = collection.events()
    assert set(events) == {first.ical_uid, second.ical_uid}
    assert str(events[first.ical_uid][0]["SUMMARY"]) == "Comité de lecture"
    assert events[second.ical_uid][0].decoded("DTSTART") == second.start
    for row in CalDAVObject.objects.filter(link=room_link):
        assert row.etag and row.etag == collection.get(row.href).headers["ETag"]


def test_a_private_booking_is_pushed_as_reserved_without_its_note(room_link, collection, room, organizer, slot):
    booking = BookingFactory(room=room, organizer=organizer, title="Entretien annuel de Yann", note="Salaire",
                             is_private=True, **slot(1, 10, 11))
    push(room_link)
    vevent = collection.events()[booking.ical_uid][0]
    assert str(vevent["SUMMARY"]) == "Réservé"
    assert "Salaire" not in str(vevent.get("DESCRIPTION", "")) and "Yann" not in vevent.to_ical().decode()


def test_an_unchanged_booking_is_not_sent_again(room_link, collection, room, organizer, slot):
    BookingFactory(room=room, organizer=organizer, **slot(1, 10, 11))
    push(room_link)
    etag = CalDAVObject.objects.get(link=room_link).etag
    report = push(room_link)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert CalDAVObject.objects.get(link=room_link).etag == etag


def test_a_changed_booking_updates_its_object_and_a_cancelled_one_is_deleted(room_link, collection, room, organizer,
                                                                              slot):
    kept = BookingFactory(room=room, organizer=organizer, title="Réunion", **slot(1, 10, 11))
    dropped = BookingFactory(room=room, organizer=organizer, title="Atelier", **slot(1, 14, 15))
    push(room_link)
    href = CalDAVObject.objects.get(uid=kept.ical_uid).href
    old_etag = CalDAVObject.objects.get(uid=kept.ical_uid).etag
    services.booking_update(booking=kept, by=organizer, title="Réunion des référents")
    services.booking_cancel(booking=Booking.objects.get(pk=dropped.pk), by=organizer)
    report = push(room_link)
    assert (report.updated, report.deleted) == (1, 1)
    events = collection.events()
    assert set(events) == {kept.ical_uid}
    assert str(events[kept.ical_uid][0]["SUMMARY"]) == "Réunion des référents"
    row = CalDAVObject.objects.get(link=room_link)
    assert row.href == href and row.etag != old_etag and row.etag == collection.get(href).headers["ETag"]
    assert collection.get(href.replace(kept.ical_uid.split("@")[0], dropped.ical_uid.split("@")[0])).status == 404


def test_a_412_is_answered_by_rereading_the_object_and_writing_again(room_link, collection, room, organizer, slot):
    booking = BookingFactory(room=room, organizer=organizer, title="Réunion", **slot(1, 10, 11))
    push(room_link)
    row = CalDAVObject.objects.get(link=room_link)
    # Someone edits the event in their calendar app: the server's ETag is no longer ours.
    changed_there = collection.get(row.href).raw.replace("SUMMARY:Réunion", "SUMMARY:Changé ailleurs")
    assert collection.client.put(row.href, changed_there, {"Content-Type": "text/calendar"}).status in (201, 204)
    assert collection.get(row.href).headers["ETag"] != row.etag
    services.booking_update(booking=booking, by=organizer, title="Réunion du réseau")
    report = push(room_link)
    assert (report.updated, report.conflicts) == (1, 1)
    assert str(collection.events()[booking.ical_uid][0]["SUMMARY"]) == "Réunion du réseau"
    row.refresh_from_db()
    assert row.etag == collection.get(row.href).headers["ETag"]


def test_an_object_deleted_on_the_server_is_written_again_after_a_412(room_link, collection, room, organizer, slot):
    booking = BookingFactory(room=room, organizer=organizer, title="Réunion", **slot(1, 10, 11))
    push(room_link)
    assert collection.client.delete(CalDAVObject.objects.get(link=room_link).href).status in (200, 204)
    services.booking_update(booking=booking, by=organizer, title="Réunion déplacée")
    report = push(room_link)
    assert report.conflicts == 1
    assert str(collection.events()[booking.ical_uid][0]["SUMMARY"]) == "Réunion déplacée"


def test_a_network_calendar_is_pushed_as_one_object_per_uid(dav_server, collection):
    calendar = NetworkCalendarFactory(name="Actions culturelles")
    start = dt.datetime(2026, 3, 17, 13, 0, tzinfo=UTC)
    master = AgendaEventFactory(calendar=calendar, title="Heure du conte", start=start, rrule="FREQ=WEEKLY;COUNT=4")
    AgendaEventFactory(calendar=calendar, uid=master.uid, title="Heure du conte (salle B)",
                       recurrence_id=start + dt.timedelta(days=7), start=start + dt.timedelta(days=7, hours=1))
    AgendaEventFactory(calendar=calendar, title="Annulé", start=start, status="CANCELLED")
    link = CalDAVLink.objects.create(server=dav_server, calendar_url=collection.url, direction="push",
                                     calendar=calendar)
    report = push(link)
    assert report.created == 1
    components = collection.events()[master.uid]
    assert len(components) == 2 and {str(c["SUMMARY"]) for c in components} == {
        "Heure du conte", "Heure du conte (salle B)"}
    recurring = next(c for c in components if "RRULE" in c)
    assert recurring["RRULE"]["COUNT"] == [4]
    # Wall-clock time across the change to summer time (29 March): 14:00 Paris every week.
    assert recurring["DTSTART"].params["TZID"] == "Europe/Paris"


def test_a_booking_change_pushes_the_room_after_the_commit(room_link, collection, room, organizer, slot,
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_create(room=room, organizer=organizer, title="Réunion", **slot(1, 10, 11))
    assert set(collection.events()) == {booking.ical_uid}
    room_link.refresh_from_db()
    assert room_link.last_synced_at is not None and room_link.failures == 0


def test_a_series_pushes_its_room_once(room_link, room, organizer, slot, django_capture_on_commit_callbacks):
    first = slot(1, 10, 11)
    rule = RecurrenceRule(frequency="weekly", interval=1, first_date=first["start"].date(),
                          start_time=dt.time(10), end_time=dt.time(11), count=5)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = services.booking_series_create(room=room, organizer=organizer, title="Atelier", rule=rule)
    assert len(result.bookings) == 5
    assert [c.link_id for c in callbacks if isinstance(c, triggers._Push)] == [room_link.pk]


def test_a_server_that_is_down_never_blocks_a_booking(down_server, room, organizer, slot,
                                                      django_capture_on_commit_callbacks):
    link = CalDAVLink.objects.create(server=down_server, calendar_url=down_server.url + "salle/", direction="push",
                                     room=room)
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_create(room=room, organizer=organizer, title="Réunion", **slot(1, 10, 11))
    assert Booking.objects.filter(pk=booking.pk, status="confirmed").exists()
    link.refresh_from_db()
    assert link.failures == 1 and "joint" in link.last_error and link.last_synced_at is None
    outcome = sync_link(link)  # the next run tries again, and records it again
    link.refresh_from_db()
    assert not outcome.ok and link.failures == 2


def test_a_rolled_back_change_pushes_nothing(room_link, room, organizer, slot):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        services.booking_create(room=room, organizer=organizer, title="Réunion", **slot(1, 10, 11))
        assert triggers._pending() == {room_link.pk}
        raise RuntimeError
    assert not [func for _ids, func, *_rest in connection.run_on_commit if isinstance(func, triggers._Push)]


def test_an_event_change_pushes_its_calendar_after_the_commit(dav_server, collection,
                                                              django_capture_on_commit_callbacks):
    calendar = NetworkCalendarFactory(name="Formations")
    CalDAVLink.objects.create(server=dav_server, calendar_url=collection.url, direction="push", calendar=calendar)
    with django_capture_on_commit_callbacks(execute=True):
        event = AgendaEventFactory(calendar=calendar, title="Formation Koha",
                                   start=dt.datetime(2026, 3, 19, 8, 0, tzinfo=UTC))
    assert str(collection.events()[event.uid][0]["SUMMARY"]) == "Formation Koha"
    with django_capture_on_commit_callbacks(execute=True):
        event.delete()
    assert collection.events() == {}


def test_a_confirmed_import_pushes_its_calendar(dav_server, collection, coordinator,
                                                django_capture_on_commit_callbacks):
    from calendar_sync.models import IcsImport

    calendar = NetworkCalendarFactory(name="Fermetures")
    link = CalDAVLink.objects.create(server=dav_server, calendar_url=collection.url, direction="push",
                                     calendar=calendar)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        IcsImport.objects.create(created_by=coordinator, calendar=calendar, filename="a.ics", content=b"",
                                 status="previewed")
    assert not [c for c in callbacks if isinstance(c, triggers._Push)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        IcsImport.objects.create(created_by=coordinator, calendar=calendar, filename="a.ics", content=b"",
                                 status="done")
    assert [c.link_id for c in callbacks if isinstance(c, triggers._Push)] == [link.pk]
