"""The calendar invitation of a convocation, parsed back as a calendar app reads it: METHOD, one
UID for the meeting's whole life, SEQUENCE rising with each change, the network's mailbox as
ORGANIZER and never as an ATTENDEE, times in UTC on both sides of a daylight-saving change, and
METHOD:CANCEL for a cancellation."""

import datetime as dt
from datetime import UTC

import pytest
from icalendar import Calendar

from calendar_sync.ical import event_component, itip_message
from calendar_sync.recurrence import aware
from governance.models import Convocation, ConvocationMethod, Meeting, MeetingStatus, MembershipRole
from governance.services.convocations import convocation_send
from governance.signals import meeting_changed
from intranet.roles import Role
from tests.calendar_sync.helpers import calendar_attachments, emails_to, the_event

from .factories import MeetingFactory


@pytest.fixture
def katell(member, body, join):
    person = member(Role.STAFF, first_name="Katell", last_name="Morvan", email="katell.morvan@reseau.test")
    join(body, person)
    return person


def invitations_to(person) -> list[Calendar]:
    return [calendar for message in emails_to(person.user.email) for calendar in calendar_attachments(message)]


def attendees_of(event) -> list:
    """icalendar gives one ATTENDEE as itself and several as a list."""
    found = event.get("ATTENDEE", [])
    return found if isinstance(found, list) else [found]


def change(meeting: Meeting, by, *, cancelled=False, **fields):
    """What the meeting services do: save the change with a raised SEQUENCE, then tell."""
    for name, value in fields.items():
        setattr(meeting, name, value)
    if cancelled:
        meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.save()
    meeting_changed.send(sender=Meeting, meeting=meeting, by=by, cancelled=cancelled)


def test_the_invitation_is_a_request_for_the_meeting(meeting, secretary, katell, committed):
    committed(convocation_send, meeting=meeting, by=secretary)

    [invitation] = invitations_to(katell)
    event = the_event(invitation)
    assert invitation["METHOD"] == "REQUEST"
    assert str(event["UID"]) == meeting.ical_uid
    assert event["SEQUENCE"] == 0
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["SUMMARY"]) == "COTECH — COTECH de printemps"
    assert str(event["LOCATION"]) == "Salle du conseil"
    assert "14:00 Bilan des animations (30 min)" in str(event["DESCRIPTION"])
    assert "14:30 Budget 2027 (45 min)" in str(event["DESCRIPTION"])


def test_the_attachment_says_it_is_a_request(meeting, secretary, katell, committed):
    committed(convocation_send, meeting=meeting, by=secretary)

    [message] = emails_to(katell.user.email)
    [(filename, _content, mimetype)] = message.attachments
    assert filename == "convocation.ics"
    assert mimetype == "text/calendar; method=REQUEST"


def test_the_organizer_is_the_networks_mailbox_and_each_member_an_attendee(meeting, secretary, katell, committed,
                                                                            settings):
    settings.DEFAULT_FROM_EMAIL = "Réseau des médiathèques <reseau@mediatheques.test>"
    committed(convocation_send, meeting=meeting, by=secretary)

    event = the_event(invitations_to(katell)[0])
    assert str(event["ORGANIZER"]) == "mailto:reseau@mediatheques.test"
    assert str(event["ORGANIZER"].params["CN"]) == "Réseau des médiathèques"
    attendees = {str(attendee): attendee.params for attendee in attendees_of(event)}
    assert set(attendees) == {f"mailto:{katell.user.email}", f"mailto:{secretary.user.email}"}
    assert "mailto:reseau@mediatheques.test" not in attendees
    params = attendees[f"mailto:{katell.user.email}"]
    assert (params["CN"], params["ROLE"], params["PARTSTAT"], params["RSVP"]) == (
        "Katell Morvan", "REQ-PARTICIPANT", "NEEDS-ACTION", "FALSE")


def test_a_member_whose_address_is_the_networks_mailbox_is_not_also_an_attendee(meeting, secretary, member, body,
                                                                                  join, committed, settings):
    settings.DEFAULT_FROM_EMAIL = "Réseau <reseau@mediatheques.test>"
    join(body, member(Role.COORDINATION, first_name="Boîte", email="reseau@mediatheques.test"))
    committed(convocation_send, meeting=meeting, by=secretary)

    event = the_event(invitations_to(secretary)[0])
    assert [str(attendee) for attendee in attendees_of(event)] == [f"mailto:{secretary.user.email}"]


@pytest.mark.parametrize(("day", "utc_start", "utc_end"), [
    # Winter time (UTC+1) the week before the change of Sunday 29 March 2026, summer time (UTC+2) after.
    (dt.date(2026, 3, 24), "20260324T130000Z", "20260324T150000Z"),
    (dt.date(2026, 3, 31), "20260331T120000Z", "20260331T140000Z"),
], ids=["winter-time", "summer-time"])
def test_times_are_written_in_utc_on_both_sides_of_the_daylight_saving_change(clock, body, secretary, katell,
                                                                            committed, day, utc_start, utc_end):
    clock.move_to("2026-03-10 09:00")  # a fortnight before, whatever INTRANET_TEST_NOW says
    start = aware(day, dt.time(14))
    meeting = MeetingFactory(body=body, start=start, end=start + dt.timedelta(hours=2))
    committed(convocation_send, meeting=meeting, by=secretary)

    event = the_event(invitations_to(katell)[0])
    assert event["DTSTART"].to_ical().decode() == utc_start
    assert event["DTEND"].to_ical().decode() == utc_end
    assert event.decoded("DTSTART") == meeting.start
    assert "TZID" not in event["DTSTART"].params  # no floating nor zone-bound time to misread


def test_a_change_of_time_sends_a_request_with_the_same_uid_and_a_higher_sequence(meeting, secretary, katell,
                                                                                committed, mailoutbox):
    committed(convocation_send, meeting=meeting, by=secretary)
    mailoutbox.clear()
    later = meeting.start + dt.timedelta(days=1)

    committed(change, meeting=meeting, by=secretary, start=later, end=later + dt.timedelta(hours=2))

    [message] = emails_to(katell.user.email)
    assert message.subject.startswith("Modifié : COTECH de printemps")
    invitation = calendar_attachments(message)[0]
    event = the_event(invitation)
    assert invitation["METHOD"] == "REQUEST"
    assert str(event["UID"]) == meeting.ical_uid
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == later
    update = Convocation.objects.get(meeting=meeting, method=ConvocationMethod.UPDATE)
    assert (update.sequence, update.recipients.count()) == (1, 2)


def test_each_change_raises_the_sequence_again(meeting, secretary, katell, committed, mailoutbox):
    committed(convocation_send, meeting=meeting, by=secretary)
    committed(change, meeting=meeting, by=secretary, place="Médiathèque de Kerbréhat")
    committed(change, meeting=meeting, by=secretary, place="Salle polyvalente")

    sequences = [the_event(calendar)["SEQUENCE"] for calendar in invitations_to(katell)]
    uids = {str(the_event(calendar)["UID"]) for calendar in invitations_to(katell)}
    assert sequences == [0, 1, 2]
    assert uids == {meeting.ical_uid}
    assert str(the_event(invitations_to(katell)[-1])["LOCATION"]) == "Salle polyvalente"


def test_a_cancellation_sends_a_cancel_with_the_same_uid(meeting, secretary, katell, committed, mailoutbox):
    committed(convocation_send, meeting=meeting, by=secretary)
    mailoutbox.clear()

    committed(change, meeting=meeting, by=secretary, cancelled=True)

    [message] = emails_to(katell.user.email)
    assert message.subject.startswith("Annulé : COTECH de printemps")
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("annulation.ics", "text/calendar; method=CANCEL")
    cancel = Calendar.from_ical(content)
    event = the_event(cancel)
    assert cancel["METHOD"] == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == meeting.ical_uid
    assert event["SEQUENCE"] == 1
    assert Convocation.objects.filter(meeting=meeting, method=ConvocationMethod.CANCEL).count() == 1


def test_a_meeting_never_convened_sends_nothing_when_it_changes(meeting, secretary, katell, committed, mailoutbox):
    committed(change, meeting=meeting, by=secretary, place="Ailleurs")
    committed(change, meeting=meeting, by=secretary, cancelled=True)

    assert mailoutbox == []
    assert not Convocation.objects.filter(meeting=meeting).exists()


def test_a_guest_is_convened_as_an_attendee_too(meeting, secretary, member, body, join, committed):
    guest = member(Role.ELECTED, first_name="Annaïg")
    join(body, guest, MembershipRole.GUEST)
    committed(convocation_send, meeting=meeting, by=secretary)

    assert len(invitations_to(guest)) == 1


# --- the writer itself ------------------------------------------------------------------------------


def test_the_writer_writes_any_event_and_leaves_the_organizer_out_of_the_attendees():
    start = dt.datetime(2026, 10, 24, 12, 0, tzinfo=UTC)
    event = event_component(
        uid="evenement-1@test", sequence=3, start=start, end=start + dt.timedelta(hours=1), summary="Atelier",
        organizer_email="Reseau@Test.fr", organizer_name="Réseau", url="https://intranet.test/x",
        attendees=[("reseau@test.fr", "Réseau"), ("a@test.fr", "Anne"), ("a@test.fr", "Anne"), ("", "Sans adresse")],
        dtstamp=start)

    parsed = the_event(Calendar.from_ical(itip_message([event], "PUBLISH")))
    assert [str(attendee) for attendee in attendees_of(parsed)] == ["mailto:a@test.fr"]
    assert parsed["SEQUENCE"] == 3
    assert str(parsed["URL"]) == "https://intranet.test/x"
    assert parsed["DTSTAMP"].to_ical().decode() == "20261024T120000Z"
    assert "LOCATION" not in parsed
