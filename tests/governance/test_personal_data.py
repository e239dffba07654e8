"""Governance in « Mes données », leaving the network and the anonymisation after it
(governance.personal_data): the export holds the person's rows and nobody else's, at a constant
number of queries; leaving ends memberships, hands open actions, presented items and the rooms of
upcoming meetings to the successor (refused without one), withdraws pending proposals and clears the
answers to upcoming meetings; a dry run changes nothing; the anonymisation erases what is not a
record and keeps the minutes, decisions and attendance; someone who left is in no list of members,
no convocation and no body's feed."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from calendar_sync.models import BookingStatus
from governance import personal_data
from governance.models import (
    ActionItem,
    ActionReminder,
    ActionStatus,
    Answer,
    AnswerResponse,
    Attachment,
    Attendance,
    AttendanceStatus,
    Convocation,
    ConvocationMethod,
    ConvocationRecipient,
    Decision,
    Membership,
    MembershipRole,
    Minutes,
    MinutesStatus,
    Proposal,
    ProposalStatus,
)
from governance.models.meetings import private_storage
from governance.selectors.actions import owner_choices
from governance.selectors.bodies import current_members
from governance.selectors.convocations import convocation_recipients, voting_members
from governance.selectors.meetings import personal_meetings_between
from intranet.departures import DepartureRefused, departed_anonymise, person_anonymise, person_leave
from intranet.models import Departure
from intranet.roles import Role
from tests.calendar_sync.factories import BookingFactory

from .factories import (
    ActionItemFactory,
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
    MinutesFactory,
    ProposalFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaver(member, body, join):
    """Gwenaëlle, a referent who sits on the COTECH and leaves the network."""
    person = member(Role.REFERENTS, first_name="Gwenaëlle", last_name="Le Gall", email="gwenaelle@reseau.test")
    join(body, person, MembershipRole.REFERENT)
    return person


@pytest.fixture
def colleague(member, body, join):
    """Yann, who chairs the COTECH and stays."""
    person = member(Role.REFERENTS, first_name="Yann", last_name="Kervella", email="yann@reseau.test")
    join(body, person, MembershipRole.CHAIR)
    return person


@pytest.fixture
def successor(member, body, join):
    """Maël, a member of the COTECH who takes over."""
    person = member(Role.STAFF, first_name="Maël", last_name="Guéguen", email="mael@reseau.test")
    join(body, person, MembershipRole.MEMBER)
    return person


@pytest.fixture
def coordinator(member):
    return member(Role.COORDINATION, first_name="Anne", last_name="Tanguy")


def _convene(meeting, people):
    convocation = Convocation.objects.create(meeting=meeting, method=ConvocationMethod.REQUEST, sequence=0,
                                             sent_at=timezone.now() - dt.timedelta(days=30))
    ConvocationRecipient.objects.bulk_create([
        ConvocationRecipient(convocation=convocation, person=person, name=person.full_name, email=person.user.email)
        for person in people])
    return convocation


def give(person, other, body, *, scale=1, tag=""):
    """`person`'s governance rows, `scale` times over: a meeting held (attendance, decisions, minutes
    they wrote, convocation, answer), an upcoming one (answer, proposal, item, attachment), actions and
    a reminder. Titles carry `tag` so that a test can tell whose rows an export holds."""
    for index in range(scale):
        held = MeetingFactory(body=body, days_ahead=-7 - index, title=f"Réunion passée {tag}{index}")
        Attendance.objects.create(meeting=held, person=person, status=AttendanceStatus.PRESENT)
        DecisionFactory(meeting=held, number=f"{tag}D{index}", text=f"Décision {tag}{index}")
        MinutesFactory(meeting=held, written_by=person, approved_by=other, status=MinutesStatus.APPROVED)
        _convene(held, [person])
        Answer.objects.create(meeting=held, person=person, response=AnswerResponse.ATTENDING,
                              answered_at=timezone.now() - dt.timedelta(days=20))
        upcoming = MeetingFactory(body=body, days_ahead=20 + index, title=f"Réunion à venir {tag}{index}")
        AgendaItemFactory(meeting=upcoming, presenter=person, title=f"Point présenté {tag}{index}")
        proposal = ProposalFactory(meeting=upcoming, proposer=person, title=f"Proposition {tag}{index}")
        Attachment.objects.create(proposal=proposal, name=f"annexe-{tag}{index}.pdf", content_type="application/pdf",
                                  size=8, uploaded_by=person, file=ContentFile(b"%PDF-1.4", name="annexe.pdf"))
        action = ActionItemFactory(body=body, owner=person, title=f"Action {tag}{index}")
        ActionReminder.objects.create(person=person, action=action, kind=ActionReminder.DUE_SOON,
                                      key=str(action.pk))


def table(tables, name):
    return next(table for table in tables if table.name == name)


def titles(tables, name, column):
    return sorted(row[column] for row in table(tables, name).rows)


# --- export ---------------------------------------------------------------------------------------------


def test_the_export_holds_the_persons_rows_and_none_of_another_persons(leaver, colleague, body):
    give(leaver, colleague, body, tag="G")
    give(colleague, leaver, body, tag="Y")
    tables = personal_data.export(leaver)
    assert titles(tables, "memberships", "role") == ["Référent·e"]
    assert titles(tables, "proposals", "title") == ["Proposition G0"]
    assert titles(tables, "agenda_items", "title") == ["Point présenté G0"]
    assert titles(tables, "actions", "title") == ["Action G0"]
    assert titles(tables, "attachments", "name") == ["annexe-G0.pdf"]
    assert titles(tables, "attendance", "meeting") == ["Réunion passée G0"]
    assert titles(tables, "answers", "answer") == ["Sera présent·e"]
    assert titles(tables, "decisions", "decision") == ["Décision G0"]
    assert titles(tables, "convocations", "email") == ["gwenaelle@reseau.test"]
    assert table(tables, "reminders").rows[0]["action"] == "Action G0"
    # Minutes: those Gwenaëlle wrote (G) and those she approved (Yann's, Y), each said as such.
    minutes = {row["meeting"]: (row["wrote"], row["approved"]) for row in table(tables, "minutes").rows}
    assert minutes == {"Réunion passée G0": (True, False), "Réunion passée Y0": (False, True)}
    assert "Yann" not in str([table.rows for table in tables if table.name != "minutes"])


def test_the_export_labels_its_columns_in_french(leaver, colleague, body):
    give(leaver, colleague, body)
    assert table(personal_data.export(leaver), "actions").columns["due_date"] == "Échéance"


@pytest.mark.parametrize("scale", [1, 10])
def test_the_export_queries_do_not_grow_with_the_rows(leaver, colleague, body, scale, django_assert_max_num_queries):
    give(leaver, colleague, body, scale=scale)
    with django_assert_max_num_queries(16):
        tables = personal_data.export(leaver)
    assert len(table(tables, "proposals").rows) == scale
    assert len(table(tables, "decisions").rows) == scale


# --- leave ----------------------------------------------------------------------------------------------


def test_leaving_ends_memberships_and_hands_what_runs_to_the_successor(leaver, colleague, successor, coordinator, body,
                                                                       meeting, django_capture_on_commit_callbacks):
    future = Membership.objects.create(body=body, person=leaver, role=MembershipRole.MEMBER,
                                       since=timezone.localdate() + dt.timedelta(days=10))
    open_action = ActionItemFactory(body=body, owner=leaver)
    done = ActionItemFactory(body=body, owner=leaver, status=ActionStatus.DONE, done_at=timezone.now())
    item = AgendaItemFactory(meeting=meeting, presenter=leaver)
    pending = ProposalFactory(meeting=meeting, proposer=leaver)
    Answer.objects.create(meeting=meeting, person=leaver, response=AnswerResponse.ATTENDING,
                          answered_at=timezone.now())
    proxy = Answer.objects.create(meeting=meeting, person=colleague, response=AnswerResponse.PROXY, proxy_to=leaver,
                                  answered_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        report = person_leave(person=leaver, by=coordinator, successor=successor)

    membership = Membership.objects.get(person=leaver, role=MembershipRole.REFERENT)
    assert membership.until == timezone.localdate()
    assert not Membership.objects.filter(pk=future.pk).exists()
    assert ActionItem.objects.get(pk=open_action.pk).owner == successor
    assert ActionItem.objects.get(pk=done.pk).owner == leaver  # what is done stays theirs
    item.refresh_from_db()
    assert item.presenter == successor
    pending.refresh_from_db()
    assert pending.status == ProposalStatus.WITHDRAWN
    assert not Answer.objects.filter(person=leaver).exists()
    proxy.refresh_from_db()
    assert (proxy.response, proxy.proxy_to) == (AnswerResponse.EXCUSED, None)
    assert {key: report.count(key) for key in (
        "governance.memberships_ended", "governance.future_memberships_removed", "governance.actions_handed",
        "governance.items_handed", "governance.proposals_withdrawn", "governance.answers_removed",
        "governance.proxies_voided")} == dict.fromkeys((
            "governance.memberships_ended", "governance.future_memberships_removed", "governance.actions_handed",
            "governance.items_handed", "governance.proposals_withdrawn", "governance.answers_removed",
            "governance.proxies_voided"), 1)
    texts = [change.text for change in report.changes]
    assert "1 action ouverte confiée à Maël Guéguen" in texts
    assert mail.outbox == []  # nothing of governance is mailed when someone leaves


def test_a_person_with_open_actions_cannot_leave_without_a_successor(leaver, coordinator, body):
    ActionItemFactory(body=body, owner=leaver)
    with pytest.raises(DepartureRefused) as refused:
        person_leave(person=leaver, by=coordinator)
    assert "1 action ouverte" in refused.value.message
    assert not Departure.objects.filter(person=leaver).exists()
    assert Membership.objects.get(person=leaver).until is None


def test_the_successor_must_be_allowed_to_own_the_actions(leaver, coordinator, member, body):
    ActionItemFactory(body=body, owner=leaver)
    outsider = member(Role.STAFF, first_name="Erwan", last_name="Bihan")
    with pytest.raises(DepartureRefused) as refused:
        person_leave(person=leaver, by=coordinator, successor=outsider)
    assert "Erwan Bihan" in refused.value.message and "COTECH" in refused.value.message
    assert ActionItem.objects.get().owner == leaver


def test_someone_with_nothing_to_hand_over_leaves_without_a_successor(leaver, coordinator, meeting):
    AgendaItemFactory(meeting=meeting, presenter=leaver)
    report = person_leave(person=leaver, by=coordinator)
    assert report.count("governance.items_without_presenter") == 1
    assert report.count("governance.memberships_ended") == 1


def test_the_room_of_an_upcoming_meeting_stays_booked_in_the_successors_name(leaver, successor, coordinator, body,
                                                                            meeting, meeting_room,
                                                                            django_capture_on_commit_callbacks):
    booking = BookingFactory(room=meeting_room, organizer=leaver, start=meeting.start, end=meeting.end,
                             title=meeting.title)
    meeting.booking, meeting.room = booking, meeting_room
    meeting.save()
    with django_capture_on_commit_callbacks(execute=True):
        report = person_leave(person=leaver, by=coordinator, successor=successor)
    booking.refresh_from_db()
    assert (booking.organizer, booking.status) == (successor, BookingStatus.CONFIRMED)
    assert "Maël Guéguen" in booking.log_entries.get().details
    assert report.count("governance.meeting_rooms_handed") == 1
    assert report.count("calendar_sync.bookings_cancelled") == 0


def test_the_room_of_an_upcoming_meeting_needs_a_successor(leaver, coordinator, meeting, meeting_room):
    booking = BookingFactory(room=meeting_room, organizer=leaver, start=meeting.start, end=meeting.end)
    meeting.booking = booking
    meeting.save()
    with pytest.raises(DepartureRefused) as refused:
        person_leave(person=leaver, by=coordinator)
    assert "salle réservée pour 1 réunion à venir" in refused.value.message


def test_a_dry_run_lists_what_would_change_and_changes_nothing(leaver, colleague, successor, coordinator, body,
                                                               django_capture_on_commit_callbacks):
    give(leaver, colleague, body)
    before = {
        "memberships": list(Membership.objects.filter(person=leaver).values_list("until", flat=True)),
        "actions": list(ActionItem.objects.values_list("owner_id", flat=True)),
        "proposals": list(Proposal.objects.values_list("status", flat=True)),
        "answers": Answer.objects.count(),
    }
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = person_leave(person=leaver, by=coordinator, successor=successor, dry_run=True)
    assert report.count("governance.proposals_withdrawn") == 1
    assert report.count("governance.actions_handed") == 1
    assert before == {
        "memberships": list(Membership.objects.filter(person=leaver).values_list("until", flat=True)),
        "actions": list(ActionItem.objects.values_list("owner_id", flat=True)),
        "proposals": list(Proposal.objects.values_list("status", flat=True)),
        "answers": Answer.objects.count(),
    }
    assert not Departure.objects.exists()
    assert callbacks == [] and mail.outbox == []


# --- after leaving: in no list, no convocation, no feed -------------------------------------------------


def test_someone_who_left_is_no_longer_a_member_anywhere(leaver, colleague, successor, coordinator, body, meeting,
                                                         client_as):
    person_leave(person=leaver, by=coordinator, successor=successor)
    assert leaver not in [membership.person for membership in current_members(body)]
    assert leaver.pk not in {member.person.pk for member in convocation_recipients(meeting).convened}
    assert leaver not in voting_members(body)
    assert leaver not in owner_choices(body)
    page = client_as(colleague).get(reverse("governance:body_members", args=[body.pk]))
    assert page.status_code == 200
    assert "Le Gall" not in page.content.decode() and "Kervella" in page.content.decode()
    start = timezone.now()
    assert personal_meetings_between(leaver, start, start + dt.timedelta(days=60)) == []


def test_a_past_meetings_members_still_include_who_left_since(leaver, successor, coordinator, body, held_meeting):
    from governance.services.minutes import members_on

    past = held_meeting(body, days_ago=7)
    person_leave(person=leaver, by=coordinator, successor=successor)
    assert leaver.pk in {membership.person_id for membership in members_on(past)}


# --- anonymise ------------------------------------------------------------------------------------------


def test_the_anonymisation_erases_what_is_no_record_and_keeps_the_records(leaver, colleague, coordinator, successor,
                                                                          body, clock,
                                                                          django_capture_on_commit_callbacks):
    give(leaver, colleague, body)
    with django_capture_on_commit_callbacks(execute=True):
        person_leave(person=leaver, by=coordinator, successor=successor)
    [withdrawn] = Proposal.objects.filter(proposer=leaver, status=ProposalStatus.WITHDRAWN)
    file_name = withdrawn.attachments.get().file.name
    assert private_storage.exists(file_name)

    clock.shift(days=settings.DEPARTED_RETENTION_DAYS - 1)
    assert departed_anonymise() == []  # not due yet
    clock.shift(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        [report] = departed_anonymise()

    assert not Answer.objects.filter(person=leaver).exists()  # the past meeting's answer too
    assert not ActionReminder.objects.filter(person=leaver).exists()
    assert not Proposal.objects.filter(pk=withdrawn.pk).exists()
    assert not private_storage.exists(file_name)
    recipient = ConvocationRecipient.objects.get(person=leaver)
    assert (recipient.name, recipient.email) == ("Gwenaëlle Le Gall", "")
    # The records keep her name.
    assert Attendance.objects.get(person=leaver).status == AttendanceStatus.PRESENT
    assert Minutes.objects.get(written_by=leaver).status == MinutesStatus.APPROVED
    assert Decision.objects.count() == 1
    assert Membership.objects.filter(person=leaver).exists()
    assert ActionItem.objects.filter(owner=successor).count() == 1
    assert report.count("governance.answers_erased") == 1
    assert report.count("governance.withdrawn_proposals_erased") == 1
    assert report.count("governance.convocation_addresses_erased") == 1
    # Idempotent: nothing is left to erase, and the departure is not done twice.
    assert personal_data.anonymise(leaver) == []
    assert person_anonymise(departure=Departure.objects.get(person=leaver)).changes == []


def test_a_dry_run_of_the_anonymisation_keeps_the_files(leaver, colleague, coordinator, successor, body, clock,
                                                        django_capture_on_commit_callbacks):
    give(leaver, colleague, body)
    person_leave(person=leaver, by=coordinator, successor=successor)
    file_name = Attachment.objects.get(uploaded_by=leaver).file.name
    clock.shift(days=settings.DEPARTED_RETENTION_DAYS + 1)
    with django_capture_on_commit_callbacks(execute=True):
        [report] = departed_anonymise(dry_run=True)
    assert report.count("governance.withdrawn_proposals_erased") == 1
    assert private_storage.exists(file_name)
    assert Answer.objects.filter(person=leaver).exists()
