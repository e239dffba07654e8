"""calendar_sync in « Mes données », leaving the network and the anonymisation after it
(calendar_sync.personal_data): the export holds the person's bookings, series, history, feed links,
imports, events and rooms approved and nobody else's, at a constant number of queries; leaving
revokes the feed links at once, cancels what is still to come through booking_cancel (the organizer
told after the commit), discards waiting imports and hands the rooms they alone approved to the
successor (refused without one); a dry run changes and sends nothing; the anonymisation erases the
feed links, the imports and the notes and keeps the bookings' history with the organizer's name."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from calendar_sync import personal_data, services
from calendar_sync.models import (
    Booking,
    BookingAction,
    BookingLog,
    BookingStatus,
    FeedToken,
    Frequency,
    IcsImport,
    IcsImportStatus,
)
from calendar_sync.recurrence import RecurrenceRule
from calendar_sync.sources import visible_bookings
from intranet.departures import DepartureRefused, departed_anonymise, person_anonymise, person_leave
from intranet.models import Departure
from intranet.roles import Role

from .factories import AgendaEventFactory, BookingFactory, RoomFactory, feed_url
from .helpers import at, bookable_day, calendar_attachments, emails_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def successor(make_person):
    return make_person(Role.REFERENTS, first_name="Maël", last_name="Guéguen", email="mael@reseau.test")


def weekly(first: dt.date, count: int) -> RecurrenceRule:
    return RecurrenceRule(frequency=Frequency.WEEKLY, first_date=first, start_time=dt.time(10),
                          end_time=dt.time(11), count=count)


def give(person, room, *, scale=1, tag=""):
    """`person`'s rows, `scale` times over: past and future bookings (one with a note), a history
    entry, an import, an agenda event, a feed link (made on first use)."""
    now = timezone.now()
    for index in range(scale):
        past = BookingFactory(room=room, organizer=person, title=f"Passée {tag}{index}",
                              start=now - dt.timedelta(days=3 + index, hours=2), end=now - dt.timedelta(days=3 + index),
                              note=f"Clé chez {tag}")
        BookingLog.objects.create(booking=past, action=BookingAction.CREATED, by=person, details=f"Créée {tag}{index}")
        day = bookable_day(2 + index)
        BookingFactory(room=room, organizer=person, title=f"À venir {tag}{index}", start=at(day, 9), end=at(day, 10))
        IcsImport.objects.create(created_by=person, as_bookings=True, filename=f"agenda-{tag}{index}.ics",
                                 content=b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
        AgendaEventFactory(created_by=person, title=f"Événement {tag}{index}", start=now + dt.timedelta(days=index))
    feed_url(person)


def table(tables, name):
    return next(table for table in tables if table.name == name)


def column(tables, name, key):
    return sorted(str(row[key]) for row in table(tables, name).rows)


# --- export ---------------------------------------------------------------------------------------------


def test_the_export_holds_the_persons_rows_and_none_of_another_persons(organizer, colleague, room, approval_room,
                                                                       approver):
    give(organizer, room, tag="K")
    give(colleague, RoomFactory(library=room.library), tag="L")  # the exclusion constraint: another room
    services.booking_series_create(room=room, organizer=organizer, title="Atelier du jeudi",
                                   rule=weekly(bookable_day(10), 3))
    tables = personal_data.export(organizer)
    assert column(tables, "bookings", "title") == sorted(
        ["Passée K0", "À venir K0", "Atelier du jeudi", "Atelier du jeudi", "Atelier du jeudi"])
    assert column(tables, "booking_series", "title") == ["Atelier du jeudi"]
    assert "Créée K0" in column(tables, "booking_history", "details")
    assert not [row for row in table(tables, "booking_history").rows if "L0" in row["details"]]
    assert column(tables, "ics_imports", "filename") == ["agenda-K0.ics"]
    assert column(tables, "agenda_events", "title") == ["Événement K0"]
    [token] = table(tables, "feed_tokens").rows
    assert FeedToken.objects.get(person=organizer).key not in str(token)  # the secret stays out
    assert table(tables, "rooms_approved").rows == []
    assert column(personal_data.export(approver), "rooms_approved", "room") == ["Auditorium"]


def test_the_history_of_someone_elses_private_booking_keeps_its_title_hidden(colleague, approver, approval_room):
    private = BookingFactory(room=approval_room, organizer=colleague, title="Entretien RH", is_private=True,
                             status=BookingStatus.PENDING, start=at(bookable_day(3), 9), end=at(bookable_day(3), 10))
    BookingLog.objects.create(booking=private, action=BookingAction.APPROVED, by=approver)
    [row] = table(personal_data.export(approver), "booking_history").rows
    assert row["booking"] == "Réservé" and row["action"] == "Validée"


@pytest.mark.parametrize("scale", [1, 10])
def test_the_export_queries_do_not_grow_with_the_rows(organizer, room, scale, django_assert_max_num_queries):
    give(organizer, room, scale=scale)
    with django_assert_max_num_queries(7):
        tables = personal_data.export(organizer)
    assert len(table(tables, "bookings").rows) == 2 * scale


# --- leave ----------------------------------------------------------------------------------------------


def test_leaving_revokes_the_feed_and_cancels_what_is_still_to_come(organizer, coordinator, room,
                                                                    django_capture_on_commit_callbacks):
    give(organizer, room)
    series = services.booking_series_create(room=room, organizer=organizer, title="Atelier du jeudi",
                                            rule=weekly(bookable_day(10), 3))
    personal, room_feed = feed_url(organizer), feed_url(organizer, "salle", room.slug)
    assert Client().get(personal).status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = person_leave(person=organizer, by=coordinator)

    assert Client().get(personal).status_code == 404
    assert Client().get(room_feed).status_code == 404
    upcoming = Booking.objects.filter(organizer=organizer, end__gt=timezone.now())
    assert set(upcoming.values_list("status", flat=True)) == {BookingStatus.CANCELLED}
    assert Booking.objects.get(title="Passée 0").status == BookingStatus.CONFIRMED  # the past stays as it was
    cancelled = BookingLog.objects.filter(booking__in=series.bookings, action=BookingAction.CANCELLED)
    assert cancelled.count() == 3 and {entry.by for entry in cancelled} == {coordinator}
    assert "Katell Morvan a quitté le réseau." in cancelled.first().details
    assert report.count("calendar_sync.bookings_cancelled") == 4
    assert report.count("calendar_sync.feed_links_revoked") == 1
    assert report.count("calendar_sync.imports_discarded") == 1
    assert IcsImport.objects.get(created_by=organizer).status == IcsImportStatus.DISCARDED
    # The organizer is told, as booking_cancel always does: one email per cancellation, with METHOD:CANCEL.
    told = emails_to("katell.morvan@reseau.test")
    assert len(told) == 2
    assert {calendar_attachments(message)[0]["METHOD"] for message in told} == {"CANCEL"}
    assert not FeedToken.objects.filter(person=organizer, revoked_at__isnull=True).exists()


def test_nothing_gives_someone_who_left_a_new_feed_link(organizer, coordinator):
    from calendar_sync.feeds.tokens import feed_token_for

    person_leave(person=organizer, by=coordinator)
    organizer.refresh_from_db()
    assert feed_token_for(organizer) is None
    assert not FeedToken.objects.filter(person=organizer).exists()


def test_after_leaving_the_agenda_and_the_room_feed_show_nothing_new_of_them(organizer, coordinator, colleague, room):
    day = bookable_day(3)
    BookingFactory(room=room, organizer=organizer, title="Atelier Katell", start=at(day, 9), end=at(day, 10))
    person_leave(person=organizer, by=coordinator)
    start = timezone.now()
    shown = [event.title for event in visible_bookings(colleague.user, start, start + dt.timedelta(days=30))]
    assert "Atelier Katell" not in shown
    feed = Client().get(feed_url(colleague, "salle", room.slug)).content.decode()
    assert "Atelier Katell" in feed and "STATUS:CANCELLED" in feed  # kept a few days as cancelled, then gone


def test_a_pending_request_is_cancelled_without_an_email(organizer, coordinator, approval_room,
                                                         django_capture_on_commit_callbacks):
    day = bookable_day(4)
    request = services.booking_create(room=approval_room, organizer=organizer, title="Conférence", start=at(day, 14),
                                      end=at(day, 16), attendees=40, notify=False)
    assert request.status == BookingStatus.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        person_leave(person=organizer, by=coordinator)
    request.refresh_from_db()
    assert request.status == BookingStatus.CANCELLED
    assert mail.outbox == []  # a request was in nobody's calendar


def test_the_only_approver_of_a_room_hands_it_to_the_successor(approver, successor, coordinator, approval_room):
    other = RoomFactory(name="Salle annexe", library=approval_room.library)
    other.approvers.add(approver.user, successor.user)
    report = person_leave(person=approver, by=coordinator, successor=successor)
    assert list(approval_room.approvers.all()) == [successor.user]
    assert list(other.approvers.all()) == [successor.user]
    assert report.count("calendar_sync.rooms_handed") == 1
    assert report.count("calendar_sync.approver_removed") == 2


def test_the_only_approver_of_a_room_cannot_leave_without_a_successor(approver, coordinator, approval_room):
    with pytest.raises(DepartureRefused) as refused:
        person_leave(person=approver, by=coordinator)
    assert "Auditorium" in refused.value.message
    assert list(approval_room.approvers.all()) == [approver.user]
    assert not Departure.objects.exists()


def test_an_approver_among_others_leaves_without_a_successor(approver, colleague, coordinator, approval_room):
    approval_room.approvers.add(colleague.user)
    person_leave(person=approver, by=coordinator)
    assert list(approval_room.approvers.all()) == [colleague.user]


def test_a_dry_run_lists_what_would_change_and_changes_nothing(organizer, coordinator, room,
                                                               django_capture_on_commit_callbacks):
    give(organizer, room)
    personal = feed_url(organizer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = person_leave(person=organizer, by=coordinator, dry_run=True)
    assert report.count("calendar_sync.bookings_cancelled") == 1
    assert report.count("calendar_sync.feed_links_revoked") == 1
    assert callbacks == [] and mail.outbox == []
    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.CONFIRMED}
    assert not BookingLog.objects.filter(action=BookingAction.CANCELLED).exists()
    assert IcsImport.objects.get().status == IcsImportStatus.PREVIEWED
    assert Client().get(personal).status_code == 200


# --- anonymise ------------------------------------------------------------------------------------------


def test_the_anonymisation_erases_links_imports_and_notes_and_keeps_the_history(organizer, colleague, coordinator,
                                                                                room, clock):
    give(organizer, room)
    give(colleague, RoomFactory(library=room.library), tag="L")  # the exclusion constraint: another room
    person_leave(person=organizer, by=coordinator)
    clock.shift(days=settings.DEPARTED_RETENTION_DAYS + 1)
    [report] = departed_anonymise()

    assert not FeedToken.objects.filter(person=organizer).exists()
    assert not IcsImport.objects.filter(created_by=organizer).exists()
    past = Booking.objects.get(title="Passée 0")
    assert (past.organizer, past.note) == (organizer, "")
    assert past.log_entries.get(action=BookingAction.CREATED).by == organizer  # the history keeps the name
    assert Booking.objects.get(title="Passée L0").note == "Clé chez L"  # others' rows untouched
    assert FeedToken.objects.filter(person=colleague).exists()
    assert report.count("calendar_sync.feed_tokens_erased") == 1
    assert report.count("calendar_sync.imports_erased") == 1
    assert report.count("calendar_sync.booking_notes_erased") == 1
    assert report.count("calendar_sync.events_unnamed") == 1
    assert personal_data.anonymise(organizer) == []
    assert person_anonymise(departure=Departure.objects.get()).changes == []
