"""The iCalendar invitations the organizer receives: one VEVENT per booking, a stable UID, SEQUENCE
raised on every change, UTC times, REQUEST then CANCEL (RFC 5545 / 5546)."""

import datetime as dt
from datetime import UTC

import pytest

from calendar_sync import services
from calendar_sync.models import Booking, Frequency
from calendar_sync.recurrence import RecurrenceRule

from .helpers import bookable_day, calendar_attachments, emails_to, the_event


@pytest.fixture
def booked(room, organizer, slot, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_create(room=room, organizer=organizer, title="Atelier numérique",
                                          note="Apporter son ordinateur.", **slot(2, 10, 11.5))
    return booking


def invitations_to(person):
    return [calendar for message in emails_to(person.user.email) for calendar in calendar_attachments(message)]


def utc(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def test_confirmation_carries_one_calendar_invitation(booked, organizer):
    [message] = emails_to(organizer.user.email)

    assert len(calendar_attachments(message)) == 1


def test_invitation_is_a_request_for_the_booking(booked, organizer):
    [invitation] = invitations_to(organizer)
    event = the_event(invitation)

    assert invitation["METHOD"] == "REQUEST"
    assert str(event["UID"]) == booked.ical_uid
    assert event["SEQUENCE"] == booked.sequence == 0
    assert str(event["SUMMARY"]) == "Atelier numérique"
    assert str(event["STATUS"]) == "CONFIRMED"


def test_invitation_times_are_the_bookings_in_utc(booked, organizer):
    event = the_event(invitations_to(organizer)[0])

    assert event.decoded("DTSTART") == booked.start
    assert event.decoded("DTEND") == booked.end
    assert event["DTSTART"].to_ical().decode() == utc(booked.start)
    assert event["DTEND"].to_ical().decode() == utc(booked.end)


def test_invitation_names_the_room_and_the_organizer(booked, organizer):
    event = the_event(invitations_to(organizer)[0])

    assert "Salle de réunion" in str(event["LOCATION"])
    assert str(event["ATTENDEE"]) == f"mailto:{organizer.user.email}"


def test_change_sends_a_new_request_with_the_same_uid_and_a_higher_sequence(booked, organizer, slot, mailoutbox,
                                                                            django_capture_on_commit_callbacks):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_update(booking=Booking.objects.get(pk=booked.pk), by=organizer, **slot(3, 14, 15))

    [invitation] = invitations_to(organizer)
    event = the_event(invitation)
    changed = Booking.objects.get(pk=booked.pk)
    assert invitation["METHOD"] == "REQUEST"
    assert str(event["UID"]) == booked.ical_uid
    assert event["SEQUENCE"] == changed.sequence == 1
    assert event.decoded("DTSTART") == slot(3, 14, 15)["start"]


def test_cancellation_sends_a_cancel_with_the_same_uid(booked, organizer, mailoutbox,
                                                       django_capture_on_commit_callbacks):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=Booking.objects.get(pk=booked.pk), by=organizer)

    [cancel] = invitations_to(organizer)
    event = the_event(cancel)
    assert cancel["METHOD"] == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == booked.ical_uid
    assert event["SEQUENCE"] == Booking.objects.get(pk=booked.pk).sequence == 1


def test_no_email_leaves_before_the_booking_is_committed(room, organizer, slot, mailoutbox,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.booking_create(room=room, organizer=organizer, title="Atelier", **slot(1, 10, 11))

    assert callbacks
    assert mailoutbox == []


def test_series_confirmation_invites_to_each_occurrence(room, organizer, mailoutbox,
                                                        django_capture_on_commit_callbacks):
    rule = RecurrenceRule(frequency=Frequency.WEEKLY, first_date=bookable_day(1), start_time=dt.time(10),
                          end_time=dt.time(11), count=3)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.booking_series_create(room=room, organizer=organizer, title="Club ados", rule=rule)

    [message] = mailoutbox
    uids = [str(the_event(calendar)["UID"]) for calendar in calendar_attachments(message)]
    assert uids == [booking.ical_uid for booking in result.bookings]
