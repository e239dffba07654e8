"""The minutes' cycle and the attendance list, through the services: draft -> submitted -> approved
at the body's next meeting by its chair or Coordination, locked once approved, corrections as new
versions; who was there, and who represented whom."""

import pytest

from governance.errors import NotAllowed, Refused
from governance.models import Attendance, AttendanceStatus, ItemMinutes, MembershipRole, Minutes, MinutesStatus
from governance.services import minutes as services
from intranet.roles import Role

from .factories import AgendaItemFactory, MeetingFactory, PersonFactory


@pytest.fixture
def held(body):
    """Last Tuesday's COTECH, 14:00-16:00, with two items."""
    meeting = MeetingFactory(body=body, title="COTECH du 3 mars", days_ahead=-7)
    AgendaItemFactory(meeting=meeting, title="Budget des acquisitions", position=1, duration_minutes=30)
    AgendaItemFactory(meeting=meeting, title="Portail commun", position=2, duration_minutes=45)
    return meeting


@pytest.fixture
def next_meeting(body):
    """Next Tuesday's COTECH, 14:00: where last week's minutes are approved."""
    return MeetingFactory(body=body, title="COTECH du 17 mars", days_ahead=7)


def items_of(meeting):
    return list(meeting.items.order_by("position"))


def submitted_minutes(meeting, secretary, text="Le budget est présenté."):
    first = items_of(meeting)[0]
    minutes = services.minutes_save(meeting=meeting, by=secretary, summary="Séance ouverte à 14 h.",
                                    items={first.pk: text})
    return services.minutes_submit(minutes=minutes, by=secretary)


# --- The cycle ------------------------------------------------------------------------------------

def test_minutes_go_from_draft_to_approved_at_the_next_meeting_by_the_chair(held, next_meeting, secretary, chair,
                                                                           clock):
    first, second = items_of(held)
    draft = services.minutes_save(meeting=held, by=secretary, summary="<p>Séance ouverte à 14 h.</p>",
                                  items={first.pk: "<p>Le budget est <strong>présenté</strong>.</p>", second.pk: ""})
    assert (draft.version, draft.status) == (1, MinutesStatus.DRAFT)
    assert dict(draft.items.values_list("item__title", "text")) == {
        "Budget des acquisitions": "<p>Le budget est <strong>présenté</strong>.</p>"}

    submitted = services.minutes_submit(minutes=draft, by=secretary)
    assert submitted.status == MinutesStatus.SUBMITTED

    clock.move_to("2026-03-17 14:20")
    approved = services.minutes_approve(minutes=submitted, by=chair, at_meeting=next_meeting)

    approved.refresh_from_db()
    assert approved.status == MinutesStatus.APPROVED
    assert approved.approved_on.isoformat() == "2026-03-17"
    assert approved.approved_by == chair
    assert approved.approved_at_meeting == next_meeting
    assert approved.is_locked


def test_the_secretary_cannot_approve_the_minutes(held, next_meeting, secretary, clock):
    minutes = submitted_minutes(held, secretary)
    clock.move_to("2026-03-17 14:20")
    with pytest.raises(NotAllowed):
        services.minutes_approve(minutes=minutes, by=secretary, at_meeting=next_meeting)
    assert Minutes.objects.get(pk=minutes.pk).status == MinutesStatus.SUBMITTED


def test_coordination_approves_the_minutes_of_any_body(held, next_meeting, secretary, member, clock):
    coordinator = member(Role.COORDINATION, first_name="Soizic")
    minutes = submitted_minutes(held, secretary)
    clock.move_to("2026-03-17 16:30")
    assert services.minutes_approve(minutes=minutes, by=coordinator, at_meeting=next_meeting).status == "approved"


def test_approval_before_the_next_meeting_is_refused_with_its_date(held, next_meeting, secretary, chair):
    minutes = submitted_minutes(held, secretary)
    with pytest.raises(Refused) as refused:
        services.minutes_approve(minutes=minutes, by=chair, at_meeting=next_meeting)
    assert refused.value.message == ("Le compte rendu sera approuvé lors de la prochaine réunion de l'instance, "
                                     "le mardi 17 mars 2026.")
    assert Minutes.objects.get(pk=minutes.pk).status == MinutesStatus.SUBMITTED


def test_approval_at_the_meeting_itself_or_another_body_is_refused(held, next_meeting, secretary, chair, make_body,
                                                                  clock):
    minutes = submitted_minutes(held, secretary)
    clock.move_to("2026-03-17 15:00")
    other_body_meeting = MeetingFactory(body=make_body(title="COPIL"), days_ahead=-1)
    for wrong in (held, other_body_meeting):
        with pytest.raises(Refused) as refused:
            services.minutes_approve(minutes=minutes, by=chair, at_meeting=wrong)
        assert "réunion de l'instance" in refused.value.message
    assert Minutes.objects.get(pk=minutes.pk).status == MinutesStatus.SUBMITTED


def test_approval_with_no_next_meeting_says_none_is_planned(held, secretary, chair):
    minutes = submitted_minutes(held, secretary)
    with pytest.raises(Refused) as refused:
        services.minutes_approve(minutes=minutes, by=chair, at_meeting=None)
    assert "aucune n'est encore prévue" in refused.value.message


def test_a_draft_is_submitted_before_it_is_approved(held, next_meeting, secretary, chair, clock):
    draft = services.minutes_save(meeting=held, by=secretary, summary="Brouillon", items={})
    clock.move_to("2026-03-17 14:20")
    with pytest.raises(Refused):
        services.minutes_approve(minutes=draft, by=chair, at_meeting=next_meeting)


def test_submitted_minutes_return_to_draft_and_can_be_changed_again(held, secretary):
    minutes = submitted_minutes(held, secretary)
    with pytest.raises(Refused) as refused:
        services.minutes_save(meeting=held, by=secretary, summary="Changé", items={})
    assert "attente d'approbation" in refused.value.message

    services.minutes_return_to_draft(minutes=minutes, by=secretary)
    changed = services.minutes_save(meeting=held, by=secretary, summary="Changé", items={})
    assert (changed.pk, changed.status, changed.summary) == (minutes.pk, MinutesStatus.DRAFT, "Changé")


def test_minutes_of_a_meeting_not_started_cannot_be_submitted(body, secretary):
    meeting = MeetingFactory(body=body, days_ahead=3)
    draft = services.minutes_save(meeting=meeting, by=secretary, summary="Ordre du jour préparé", items={})
    with pytest.raises(Refused) as refused:
        services.minutes_submit(minutes=draft, by=secretary)
    assert "vendredi 13 mars 2026 à 14:00" in refused.value.message


def test_a_member_who_does_not_run_the_body_cannot_write_minutes(held, member, join, body):
    referent = member(Role.REFERENTS, first_name="Gwen")
    join(body, referent, MembershipRole.REFERENT)
    with pytest.raises(NotAllowed):
        services.minutes_save(meeting=held, by=referent, summary="Coucou", items={})
    assert not Minutes.objects.exists()


def test_minutes_of_a_cancelled_meeting_are_refused(held, secretary):
    held.status = "cancelled"
    held.save()
    with pytest.raises(Refused):
        services.minutes_save(meeting=held, by=secretary, summary="…", items={})


def test_the_html_of_the_minutes_is_cleaned(held, secretary):
    first = items_of(held)[0]
    draft = services.minutes_save(
        meeting=held, by=secretary, summary='<p onclick="steal()">Bonjour</p><script>alert(1)</script>',
        items={first.pk: '<img src="file:///etc/passwd"><a href="javascript:alert(1)">lien</a>'})
    assert draft.summary == "<p>Bonjour</p>&lt;script&gt;alert(1)&lt;/script&gt;"
    text = ItemMinutes.objects.get(minutes=draft).text
    assert "<img" not in text and "javascript:" not in text


def test_an_item_of_another_meeting_is_refused(held, next_meeting, secretary):
    stranger = AgendaItemFactory(meeting=next_meeting)
    with pytest.raises(Refused):
        services.minutes_save(meeting=held, by=secretary, summary="", items={stranger.pk: "Hors sujet"})
    assert not Minutes.objects.exists()


# --- Locked versions and corrections ------------------------------------------------------------

@pytest.fixture
def approved(held, next_meeting, secretary, chair, clock):
    minutes = submitted_minutes(held, secretary, text="<p>Budget voté : 120 000 €.</p>")
    clock.move_to("2026-03-17 14:20")
    return services.minutes_approve(minutes=minutes, by=chair, at_meeting=next_meeting)


def test_approved_minutes_are_locked(approved, held, secretary):
    with pytest.raises(Refused) as refused:
        services.minutes_save(meeting=held, by=secretary, summary="Réécrit", items={})
    assert refused.value.message == ("La version 1 du compte rendu est approuvée et verrouillée : faites une "
                                     "correction pour la modifier.")
    assert Minutes.objects.get(pk=approved.pk).summary == "Séance ouverte à 14 h."


def test_a_correction_makes_version_2_with_the_approved_text(approved, held, secretary):
    correction = services.minutes_correct(minutes=approved, by=secretary, reason="Montant erroné au point 1.")

    assert (correction.version, correction.status) == (2, MinutesStatus.DRAFT)
    assert correction.correction_reason == "Montant erroné au point 1."
    assert correction.summary == approved.summary
    assert list(correction.items.values_list("text", flat=True)) == ["<p>Budget voté : 120 000 €.</p>"]
    assert Minutes.objects.get(pk=approved.pk).status == MinutesStatus.APPROVED  # still the one people read


def test_a_correction_needs_a_reason_and_only_one_at_a_time(approved, secretary):
    with pytest.raises(Refused):
        services.minutes_correct(minutes=approved, by=secretary, reason="   ")
    services.minutes_correct(minutes=approved, by=secretary, reason="Coquille")
    with pytest.raises(Refused):
        services.minutes_correct(minutes=approved, by=secretary, reason="Encore")
    assert Minutes.objects.filter(meeting=approved.meeting).count() == 2


def test_the_approved_version_is_superseded_when_its_correction_is_approved(approved, held, next_meeting,
                                                                            secretary, chair):
    correction = services.minutes_correct(minutes=approved, by=secretary, reason="Montant erroné au point 1.")
    first = items_of(held)[0]
    services.minutes_save(meeting=held, by=secretary, summary=correction.summary,
                          items={first.pk: "<p>Budget voté : 102 000 €.</p>"})
    services.minutes_submit(minutes=correction, by=secretary)
    services.minutes_approve(minutes=correction, by=chair, at_meeting=next_meeting)

    assert dict(Minutes.objects.filter(meeting=held).values_list("version", "status")) == {
        1: MinutesStatus.SUPERSEDED, 2: MinutesStatus.APPROVED}
    with pytest.raises(Refused):  # a superseded version is locked too
        services.minutes_correct(minutes=approved, by=secretary, reason="Encore")


# --- Attendance ---------------------------------------------------------------------------------

@pytest.fixture
def members(body, join):
    """Three more members of the COTECH and a guest."""
    people = {name: PersonFactory(first_name=name, last_name="Le Bihan") for name in ("Anne", "Bleuenn", "Corentin")}
    for person in people.values():
        join(body, person, MembershipRole.REFERENT)
    people["Invitée"] = PersonFactory(first_name="Invitée", last_name="Extérieure")
    join(body, people["Invitée"], MembershipRole.GUEST)
    return people


def test_attendance_is_recorded_with_who_represents_whom(held, secretary, members):
    anne, bleuenn, corentin, guest = members.values()
    services.attendance_record(meeting=held, by=secretary, entries=[
        (secretary, AttendanceStatus.PRESENT, None),
        (anne, AttendanceStatus.REMOTE, None),
        (bleuenn, AttendanceStatus.REPRESENTED, anne),
        (corentin, AttendanceStatus.EXCUSED, None),
        (guest, AttendanceStatus.PRESENT, None),
    ])
    recorded = {row.person.first_name: (row.status, row.represented_by) for row in Attendance.objects.filter(
        meeting=held)}
    assert recorded == {"Nolwenn": ("present", None), "Anne": ("remote", None), "Bleuenn": ("represented", anne),
                        "Corentin": ("excused", None), "Invitée": ("present", None)}


def test_recording_again_replaces_the_list(held, secretary, members):
    anne = members["Anne"]
    services.attendance_record(meeting=held, by=secretary, entries=[(anne, AttendanceStatus.ABSENT, None),
                                                                     (secretary, AttendanceStatus.PRESENT, None)])
    services.attendance_record(meeting=held, by=secretary, entries=[(anne, AttendanceStatus.PRESENT, None)])
    assert list(Attendance.objects.filter(meeting=held).values_list("person__first_name", "status")) == [
        ("Anne", "present")]


@pytest.mark.parametrize(("holder_status", "holder_name", "expected"), [
    (AttendanceStatus.EXCUSED, "Anne", "Anne Le Bihan n'est pas indiqué·e présent·e"),
    (AttendanceStatus.PRESENT, "Invitée", "par un membre de l'instance"),
    (None, "Bleuenn", "ne peut pas se représenter"),
])
def test_a_member_is_represented_only_by_another_member_present(held, secretary, members, holder_status,
                                                               holder_name, expected):
    holder, bleuenn = members[holder_name], members["Bleuenn"]
    entries = [(bleuenn, AttendanceStatus.REPRESENTED, holder)]
    if holder_status:
        entries.append((holder, holder_status, None))
    with pytest.raises(services.AttendanceRefused) as refused:
        services.attendance_record(meeting=held, by=secretary, entries=entries)
    assert expected in refused.value.message
    assert refused.value.person == bleuenn
    assert not Attendance.objects.exists()


def test_someone_who_is_not_a_member_is_refused(held, secretary):
    stranger = PersonFactory(first_name="Passant")
    with pytest.raises(services.AttendanceRefused) as refused:
        services.attendance_record(meeting=held, by=secretary, entries=[(stranger, AttendanceStatus.PRESENT, None)])
    assert "ni membre ni invité·e" in refused.value.message


def test_a_representative_requires_the_represented_status(held, secretary, members):
    anne, bleuenn = members["Anne"], members["Bleuenn"]
    with pytest.raises(services.AttendanceRefused):
        services.attendance_record(meeting=held, by=secretary, entries=[
            (anne, AttendanceStatus.PRESENT, None), (bleuenn, AttendanceStatus.EXCUSED, anne)])
    with pytest.raises(services.AttendanceRefused):
        services.attendance_record(meeting=held, by=secretary, entries=[(bleuenn, AttendanceStatus.REPRESENTED, None)])


def test_attendance_before_the_meeting_starts_is_refused(body, secretary):
    meeting = MeetingFactory(body=body, days_ahead=0)  # today, 14:00; it is 09:00
    with pytest.raises(Refused) as refused:
        services.attendance_record(meeting=meeting, by=secretary,
                                   entries=[(secretary, AttendanceStatus.PRESENT, None)])
    assert refused.value.message == ("Les présences sont relevées une fois la réunion commencée, le mardi 10 mars "
                                     "2026 à 14:00.")
    assert not Attendance.objects.exists()


def test_attendance_is_locked_with_approved_minutes(approved, held, secretary):
    with pytest.raises(Refused) as refused:
        services.attendance_record(meeting=held, by=secretary, entries=[(secretary, AttendanceStatus.PRESENT, None)])
    assert "verrouillé" in refused.value.message


def test_only_who_runs_the_body_records_attendance(held, members):
    with pytest.raises(NotAllowed):
        services.attendance_record(meeting=held, by=members["Anne"],
                                   entries=[(members["Anne"], AttendanceStatus.PRESENT, None)])

