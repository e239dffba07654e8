"""The meeting services: a meeting in a room really books it, moves and frees it with the meeting,
refuses what the room's booking refuses (and then changes nothing), tells the convocations about a
new time, place or a cancellation; the agenda starts with the follow-up of actions and is edited
by who runs the body only."""

import datetime as dt

import pytest
from django.dispatch import receiver

from calendar_sync import services as booking_services
from calendar_sync.models import Booking, BookingStatus
from governance.errors import NotAllowed, Refused
from governance.models import AgendaItem, AgendaItemKind, Meeting, MeetingStatus, MembershipRole
from governance.services import meetings as services
from governance.signals import meeting_changed
from intranet.roles import Role
from tests.calendar_sync.factories import BookingFactory, RoomFactory

from .factories import AgendaItemFactory, MeetingFactory


@pytest.fixture
def signals():
    """Every meeting_changed sent during the test, as (meeting pk, cancelled, by)."""
    sent = []

    @receiver(meeting_changed)
    def record(sender, meeting, by, cancelled, **kwargs):
        sent.append((meeting.pk, cancelled, by.pk, kwargs.get("reason", "")))

    yield sent
    meeting_changed.disconnect(record)


@pytest.fixture
def plan(body, secretary, meeting_room, meeting_slot):
    """plan(**changes) -> a meeting of the COTECH planned by its secretary, in the room, in ten
    opening days from 14:00 to 16:00."""

    def make(**fields):
        values = {"body": body, "by": secretary, "title": "COTECH d'avril", "room": meeting_room,
                  **meeting_slot(10, 14, 16), **fields}
        return services.meeting_create(**values)

    return make


def test_a_meeting_in_a_room_really_books_it(plan, secretary, meeting_room, meeting_slot, member):
    meeting = plan()
    booking = Booking.objects.get(room=meeting_room)
    assert meeting.booking == booking
    assert (booking.start, booking.end) == (meeting.start, meeting.end)
    assert booking.title == "COTECH d'avril"
    assert booking.organizer == secretary
    assert booking.status == BookingStatus.CONFIRMED
    other = member(Role.STAFF, first_name="Loïc")
    with pytest.raises(booking_services.BookingConflict):
        booking_services.booking_create(room=meeting_room, organizer=other, title="Doublon", **meeting_slot(10, 15, 17))


def test_every_meeting_opens_with_the_follow_up_of_actions(plan):
    meeting = plan()
    [item] = meeting.items.all()
    assert item.is_action_review
    assert (item.position, item.duration_minutes, item.title) == (1, 10, "Suivi des actions")


def test_the_proposal_deadline_defaults_to_seven_days_before_at_the_same_time(plan):
    meeting = plan()
    assert meeting.proposal_deadline == meeting.start - dt.timedelta(days=7)


def test_a_deadline_after_the_start_is_refused(plan, meeting_slot):
    slot = meeting_slot(10, 14, 16)
    with pytest.raises(Refused, match="doit précéder le début de la réunion"):
        plan(proposal_deadline=slot["start"] + dt.timedelta(minutes=1))
    assert not Meeting.objects.exists()


def test_a_taken_room_refuses_the_meeting_naming_what_blocks_and_creates_nothing(plan, meeting_room, meeting_slot,
                                                                                 member):
    BookingFactory(room=meeting_room, organizer=member(Role.STAFF, first_name="Katell", last_name="Morvan"),
                   title="Atelier", **meeting_slot(10, 15, 17))
    with pytest.raises(Refused) as refused:
        plan()
    assert refused.value.message == ("La salle Salle Glenmor est déjà réservée de 15:00 à 17:00 (« Atelier », "
                                     "par Katell Morvan). Choisissez un autre horaire ou une autre salle.")
    assert not Meeting.objects.exists()
    assert not AgendaItem.objects.exists()
    assert Booking.objects.count() == 1


def test_a_booking_rule_refuses_the_meeting_with_the_rooms_name(plan, meeting_slot):
    with pytest.raises(Refused) as refused:
        plan(**meeting_slot(10, 18, 20))  # the room closes at 19:00
    assert refused.value.message.startswith("Salle Glenmor : ")
    assert "19:00" in refused.value.message
    assert not Meeting.objects.exists()


def test_a_meeting_needs_a_room_a_place_or_a_video_link(plan):
    with pytest.raises(Refused, match="lieu"):
        plan(room=None)
    meeting = plan(room=None, video_url="https://visio.example.fr/cotech")
    assert meeting.booking is None
    assert not Booking.objects.exists()


def test_a_meeting_cannot_be_planned_in_the_past(plan, clock):
    now = clock.move_to("2026-03-10 09:00")
    with pytest.raises(Refused, match="passé"):
        plan(room=None, place="Mairie", start=now - dt.timedelta(hours=2), end=now - dt.timedelta(hours=1))


def test_only_who_runs_the_body_plans_its_meetings(body, member, join, meeting_slot):
    plain_member = member(Role.STAFF, first_name="Loïc")
    join(body, plain_member, MembershipRole.MEMBER)
    with pytest.raises(NotAllowed):
        services.meeting_create(body=body, by=plain_member, title="Réunion", place="Mairie",
                                **meeting_slot(10, 14, 16))
    assert not Meeting.objects.exists()


def test_coordination_plans_a_meeting_of_any_body(body, member, meeting_slot):
    coordinator = member(Role.COORDINATION, first_name="Anne")
    meeting = services.meeting_create(body=body, by=coordinator, title="Réunion", place="Mairie",
                                      **meeting_slot(10, 14, 16))
    assert meeting.created_by == coordinator


def test_moving_the_meeting_moves_its_booking_and_tells_the_convocations(plan, secretary, meeting_slot, signals):
    meeting = plan()
    new = meeting_slot(11, 9, 11)
    services.meeting_update(meeting=meeting, by=secretary, **new)
    meeting.refresh_from_db()
    booking = Booking.objects.get(pk=meeting.booking_id)
    assert (booking.start, booking.end) == (new["start"], new["end"])
    assert booking.status == BookingStatus.CONFIRMED
    assert meeting.sequence == 1
    assert signals == [(meeting.pk, False, secretary.pk, "")]


def test_the_default_deadline_follows_the_meeting(plan, secretary, meeting_slot):
    meeting = plan()
    new = meeting_slot(11, 9, 11)
    services.meeting_update(meeting=meeting, by=secretary, **new)
    meeting.refresh_from_db()
    assert meeting.proposal_deadline == new["start"] - dt.timedelta(days=7)


def test_moving_onto_a_taken_slot_changes_nothing(plan, secretary, meeting_room, meeting_slot, member, signals):
    meeting = plan()
    BookingFactory(room=meeting_room, organizer=member(Role.STAFF), title="Club lecture", **meeting_slot(11, 9, 10))
    with pytest.raises(Refused, match="Club lecture"):
        services.meeting_update(meeting=meeting, by=secretary, title="Nouveau titre", **meeting_slot(11, 9, 11))
    meeting.refresh_from_db()
    booking = Booking.objects.get(pk=meeting.booking_id)
    assert (meeting.title, meeting.start, meeting.sequence) == ("COTECH d'avril", booking.start, 0)
    assert booking.start == meeting_slot(10, 14, 16)["start"]
    assert signals == []


def test_a_new_room_is_booked_and_the_old_one_freed(plan, secretary, meeting_room, meeting_library, meeting_slot,
                                                    member, signals):
    meeting = plan()
    old_booking = meeting.booking
    other_room = RoomFactory(name="Salle Anjela Duval", library=meeting_library)
    services.meeting_update(meeting=meeting, by=secretary, room=other_room)
    meeting.refresh_from_db()
    old_booking.refresh_from_db()
    assert old_booking.status == BookingStatus.CANCELLED
    assert meeting.room == other_room
    assert meeting.booking.room == other_room
    assert meeting.booking.status == BookingStatus.CONFIRMED
    assert signals == [(meeting.pk, False, secretary.pk, "")]
    # The old room is free again at that time.
    booking_services.booking_create(room=meeting_room, organizer=member(Role.STAFF), title="Atelier",
                                    **meeting_slot(10, 14, 16))


def test_a_taken_new_room_keeps_the_old_booking(plan, secretary, meeting_room, meeting_library, meeting_slot,
                                                member):
    meeting = plan()
    other_room = RoomFactory(name="Salle Anjela Duval", library=meeting_library)
    BookingFactory(room=other_room, organizer=member(Role.STAFF), title="Heure du conte", **meeting_slot(10, 13, 15))
    with pytest.raises(Refused, match="Salle Anjela Duval"):
        services.meeting_update(meeting=meeting, by=secretary, room=other_room)
    meeting.refresh_from_db()
    assert meeting.room == meeting_room
    assert meeting.booking.status == BookingStatus.CONFIRMED
    assert not Booking.objects.filter(room=other_room, title="COTECH d'avril").exists()


def test_leaving_the_room_for_a_place_frees_it(plan, secretary, signals):
    meeting = plan()
    booking = meeting.booking
    services.meeting_update(meeting=meeting, by=secretary, room=None, place="Mairie de Kerbréhat")
    meeting.refresh_from_db()
    booking.refresh_from_db()
    assert meeting.booking is None
    assert booking.status == BookingStatus.CANCELLED
    assert len(signals) == 1


def test_a_new_title_alone_renames_the_booking_without_an_update(plan, secretary, signals):
    meeting = plan()
    services.meeting_update(meeting=meeting, by=secretary, title="COTECH exceptionnel")
    meeting.refresh_from_db()
    assert meeting.booking.title == "COTECH exceptionnel"
    assert meeting.sequence == 0
    assert signals == []


def test_the_chair_moves_a_meeting_the_secretary_booked(plan, chair, meeting_slot):
    meeting = plan()
    new = meeting_slot(12, 10, 12)
    services.meeting_update(meeting=meeting, by=chair, **new)
    meeting.refresh_from_db()
    assert meeting.booking.start == new["start"]


def test_cancelling_frees_the_room_and_tells_the_convocations(plan, secretary, meeting_room, meeting_slot, member,
                                                              signals):
    meeting = plan()
    services.meeting_cancel(meeting=meeting, by=secretary, reason="Quorum impossible")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert meeting.sequence == 1
    assert Booking.objects.get(pk=meeting.booking_id).status == BookingStatus.CANCELLED
    assert signals == [(meeting.pk, True, secretary.pk, "Quorum impossible")]
    booking_services.booking_create(room=meeting_room, organizer=member(Role.STAFF), title="Atelier",
                                    **meeting_slot(10, 14, 16))


def test_a_cancelled_meeting_no_longer_changes(plan, secretary, meeting_slot):
    meeting = plan()
    services.meeting_cancel(meeting=meeting, by=secretary)
    with pytest.raises(Refused, match="annulée"):
        services.meeting_update(meeting=meeting, by=secretary, title="Autre")
    with pytest.raises(Refused, match="annulée"):
        services.meeting_cancel(meeting=meeting, by=secretary)
    with pytest.raises(Refused, match="annulée"):
        services.agenda_item_add(meeting=meeting, by=secretary, title="Point", kind="information",
                                 duration_minutes=5)


def test_a_meeting_that_is_over_no_longer_changes_but_can_be_marked_held(body, secretary, clock):
    meeting = MeetingFactory(body=body, days_ahead=-1)
    with pytest.raises(Refused, match="terminée"):
        services.meeting_update(meeting=meeting, by=secretary, title="Autre")
    services.meeting_mark_held(meeting=meeting, by=secretary)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD


def test_a_meeting_is_marked_held_only_once_it_has_started(body, secretary):
    meeting = MeetingFactory(body=body)
    with pytest.raises(Refused, match="commencé"):
        services.meeting_mark_held(meeting=meeting, by=secretary)


def test_a_plain_member_cannot_change_or_cancel(plan, body, member, join):
    meeting = plan()
    plain_member = member(Role.REFERENTS, first_name="Maëlle")
    join(body, plain_member, MembershipRole.MEMBER)
    with pytest.raises(NotAllowed):
        services.meeting_update(meeting=meeting, by=plain_member, title="Autre")
    with pytest.raises(NotAllowed):
        services.meeting_cancel(meeting=meeting, by=plain_member)
    with pytest.raises(NotAllowed):
        services.agenda_item_add(meeting=meeting, by=plain_member, title="Point", kind="information",
                                 duration_minutes=5)
    meeting.refresh_from_db()
    assert (meeting.title, meeting.status, meeting.items.count()) == ("COTECH d'avril", MeetingStatus.PLANNED, 1)


# --- the agenda -------------------------------------------------------------------------------

@pytest.fixture
def meeting(body):
    meeting = MeetingFactory(body=body)
    AgendaItemFactory(meeting=meeting, position=1, title="Suivi des actions", duration_minutes=10,
                      is_action_review=True)
    return meeting


def titles(meeting) -> list[str]:
    return list(meeting.items.order_by("position").values_list("title", flat=True))


def test_items_are_added_at_the_end_with_their_description_cleaned(meeting, secretary):
    item = services.agenda_item_add(meeting=meeting, by=secretary, title="Budget 2027", kind=AgendaItemKind.DECISION,
                                    duration_minutes=30, presenter=secretary,
                                    description='<p onclick="x()">Voir <a href="javascript:alert(1)">ici</a></p>'
                                                "<script>alert(1)</script>")
    assert titles(meeting) == ["Suivi des actions", "Budget 2027"]
    assert item.position == 2
    assert "onclick" not in item.description and "javascript:" not in item.description
    assert "<script>" not in item.description


def test_a_plain_text_description_keeps_its_paragraphs(meeting, secretary):
    item = services.agenda_item_add(meeting=meeting, by=secretary, title="Budget", kind=AgendaItemKind.INFORMATION,
                                    duration_minutes=10, description="Premier point.\n\nSecond <point>.")
    assert item.description == "<p>Premier point.</p>\n\n<p>Second &lt;point&gt;.</p>"


@pytest.mark.parametrize("fields", [{"title": "  "}, {"duration_minutes": 0}, {"duration_minutes": 601},
                                    {"kind": "vote"}], ids=["title", "zero", "too-long", "kind"])
def test_bad_item_fields_are_refused(meeting, secretary, fields):
    with pytest.raises(Refused):
        services.agenda_item_add(meeting=meeting, by=secretary, **{
            "title": "Point", "kind": AgendaItemKind.INFORMATION, "duration_minutes": 10, **fields})
    assert titles(meeting) == ["Suivi des actions"]


def test_the_follow_up_of_actions_cannot_be_removed_or_renamed(meeting, secretary):
    review = meeting.items.get()
    with pytest.raises(Refused):
        services.agenda_item_delete(item=review, by=secretary)
    with pytest.raises(Refused):
        services.agenda_item_update(item=review, by=secretary, title="Autre chose")
    services.agenda_item_update(item=review, by=secretary, duration_minutes=20)
    review.refresh_from_db()
    assert (review.title, review.duration_minutes) == ("Suivi des actions", 20)


def test_removing_an_item_renumbers_the_others(meeting, secretary):
    first = services.agenda_item_add(meeting=meeting, by=secretary, title="A", kind="information", duration_minutes=5)
    services.agenda_item_add(meeting=meeting, by=secretary, title="B", kind="information", duration_minutes=5)
    services.agenda_item_delete(item=first, by=secretary)
    assert list(meeting.items.order_by("position").values_list("title", "position")) == [
        ("Suivi des actions", 1), ("B", 2)]


def test_items_move_up_and_down(meeting, secretary):
    a = services.agenda_item_add(meeting=meeting, by=secretary, title="A", kind="information", duration_minutes=5)
    b = services.agenda_item_add(meeting=meeting, by=secretary, title="B", kind="information", duration_minutes=5)
    services.agenda_item_move(item=b, by=secretary, direction="up")
    assert titles(meeting) == ["Suivi des actions", "B", "A"]
    services.agenda_item_move(item=a, by=secretary, direction="down")  # already last: stays
    services.agenda_item_move(item=b, by=secretary, direction="up")
    assert titles(meeting) == ["B", "Suivi des actions", "A"]
    assert list(meeting.items.order_by("position").values_list("position", flat=True)) == [1, 2, 3]
    with pytest.raises(Refused):
        services.agenda_item_move(item=a, by=secretary, direction="sideways")


def test_append_item_is_the_way_accepted_proposals_join_the_agenda(meeting):
    item = services.append_item(meeting, title="Proposition acceptée", kind=AgendaItemKind.DISCUSSION,
                                duration_minutes=20)
    assert (item.position, item.title) == (2, "Proposition acceptée")


def test_append_item_refuses_a_meeting_that_is_over(body):
    past = MeetingFactory(body=body, days_ahead=-3)
    with pytest.raises(Refused):
        services.append_item(past, title="Trop tard", kind=AgendaItemKind.DISCUSSION, duration_minutes=20)
    assert not past.items.exists()


def test_a_room_on_approval_holds_the_meeting_as_a_request(plan, meeting_library, member):
    approver = member(Role.REFERENTS, first_name="Gaëlle")
    auditorium = RoomFactory(name="Auditorium", library=meeting_library, capacity=120, requires_approval=True)
    auditorium.approvers.add(approver.user)
    meeting = plan(room=auditorium)
    assert meeting.booking.status == BookingStatus.PENDING
    assert meeting.booking.room == auditorium


def test_the_booking_counts_the_members_up_to_the_rooms_capacity(plan, body, join, member, meeting_library):
    for _index in range(5):
        join(body, member(Role.STAFF))
    small = RoomFactory(name="Petite salle", library=meeting_library, capacity=4)
    assert plan(room=small).booking.attendees == 4
    services_meeting = plan(room=RoomFactory(name="Grande salle", library=meeting_library, capacity=30))
    assert services_meeting.booking.attendees == 6  # the secretary and five members
