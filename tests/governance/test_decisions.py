"""Recording decisions (numbers per body and year, who, when, the lock of approved minutes) and the
referral of a decision to the parent body's next meeting, blocked and tried again."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from governance.errors import NotAllowed, Refused
from governance.models import (
    AgendaItemKind,
    Decision,
    DecisionOutcome,
    MembershipRole,
    MinutesStatus,
    Proposal,
    ProposalStatus,
)
from governance.services import decisions as services
from intranet.roles import Role

from .factories import AgendaItemFactory, BodyFactory, DecisionFactory, MeetingFactory, MinutesFactory

pytestmark = pytest.mark.django_db


def record(meeting, by, text="Le comité adopte le plan de formation.", outcome=DecisionOutcome.ADOPTED, **extra):
    return services.decision_record(meeting=meeting, by=by, text=text, outcome=outcome, **extra)


# --- numbers, who, when -----------------------------------------------------------------------------


def test_decisions_are_numbered_per_body_and_year(body, secretary, held_meeting, member, join):
    meeting = held_meeting(body)
    first, second = record(meeting, secretary), record(meeting, secretary)
    assert (first.number, second.number) == ("COTECH-2026-01", "COTECH-2026-02")

    other = BodyFactory(title="Groupe Jeunesse", slug="jeunesse")
    other_secretary = member(Role.STAFF)
    join(other, other_secretary, MembershipRole.SECRETARY)
    assert record(held_meeting(other), other_secretary).number == "JEUNESSE-2026-01"


def test_numbering_starts_again_each_year_and_follows_the_highest_number(body, secretary, held_meeting):
    last_year = held_meeting(body, days_ago=120)  # 10 November 2025
    assert record(last_year, secretary).number == "COTECH-2025-01"
    meeting = held_meeting(body)
    DecisionFactory(meeting=meeting, number="COTECH-2026-07")
    assert record(meeting, secretary).number == "COTECH-2026-08"


def test_a_decision_keeps_its_text_outcome_and_agenda_item(body, secretary, held_meeting):
    meeting = held_meeting(body)
    item = AgendaItemFactory(meeting=meeting, title="Plan de formation")
    decision = record(meeting, secretary, text="  Le plan est adopté.\u200b ", outcome=DecisionOutcome.POSTPONED,
                      item=item)
    decision.refresh_from_db()
    assert (decision.text, decision.outcome, decision.item) == ("Le plan est adopté.", "postponed", item)


@pytest.mark.parametrize("role", [MembershipRole.MEMBER, MembershipRole.REFERENT, MembershipRole.GUEST])
def test_only_the_runners_record_decisions(body, member, join, held_meeting, role):
    person = member(Role.REFERENTS)
    join(body, person, role)
    with pytest.raises(NotAllowed):
        record(held_meeting(body), person)
    assert not Decision.objects.exists()


def test_the_chair_and_the_coordination_record_decisions(body, chair, member, held_meeting):
    meeting = held_meeting(body)
    record(meeting, chair)
    record(meeting, member(Role.COORDINATION))
    assert Decision.objects.filter(meeting=meeting).count() == 2


def test_no_decision_before_the_meeting_has_started(body, secretary):
    with pytest.raises(Refused) as refused:
        record(MeetingFactory(body=body), secretary)
    assert refused.value.message == _("This meeting has not started yet: its decisions are recorded once it has "
                                      "begun.")
    assert not Decision.objects.exists()


def test_a_decision_is_recorded_once_the_meeting_has_begun(body, secretary, clock):
    now = clock.now()
    meeting = MeetingFactory(body=body, start=now - dt.timedelta(minutes=30), end=now + dt.timedelta(hours=1),
                             proposal_deadline=now - dt.timedelta(days=7))
    assert record(meeting, secretary).number == "COTECH-2026-01"


def test_an_empty_text_or_an_unknown_outcome_is_refused(body, secretary, held_meeting):
    meeting = held_meeting(body)
    with pytest.raises(Refused):
        record(meeting, secretary, text=" \u200b ")
    with pytest.raises(Refused):
        record(meeting, secretary, outcome="maybe")
    assert not Decision.objects.exists()


def test_an_item_of_another_meeting_is_refused(body, secretary, held_meeting):
    with pytest.raises(Refused):
        record(held_meeting(body), secretary, item=AgendaItemFactory(meeting=held_meeting(body, days_ago=30)))


# --- the lock of approved minutes ---------------------------------------------------------------------


def test_approved_minutes_lock_the_decisions(body, secretary, held_meeting, approve):
    meeting = held_meeting(body)
    decision = record(meeting, secretary)
    approve(meeting)
    with pytest.raises(Refused):
        record(meeting, secretary)
    with pytest.raises(Refused):
        services.decision_update(decision=decision, by=secretary, text="Autre texte.")
    with pytest.raises(Refused):
        services.decision_delete(decision=decision, by=secretary)
    decision.refresh_from_db()
    assert decision.text == "Le comité adopte le plan de formation."
    assert Decision.objects.filter(meeting=meeting).count() == 1


def test_a_correction_of_the_minutes_opens_the_decisions_again(body, secretary, held_meeting, approve):
    meeting = held_meeting(body)
    decision = record(meeting, secretary)
    approve(meeting, version=1)
    MinutesFactory(meeting=meeting, version=2, status=MinutesStatus.DRAFT)
    services.decision_update(decision=decision, by=secretary, text="Texte corrigé.")
    decision.refresh_from_db()
    assert decision.text == "Texte corrigé."


def test_submitted_minutes_do_not_lock_the_decisions(body, secretary, held_meeting):
    meeting = held_meeting(body)
    MinutesFactory(meeting=meeting, status=MinutesStatus.SUBMITTED)
    assert record(meeting, secretary).number == "COTECH-2026-01"


# --- the referral to the parent body ----------------------------------------------------------------------


def test_a_referred_decision_becomes_a_pending_proposal_of_the_parent_next_open_meeting(
        referring_body, copil, secretary, held_meeting, clock):
    now = clock.now()
    MeetingFactory(body=copil, days_ahead=3)  # its proposals closed four days ago
    target = MeetingFactory(body=copil, days_ahead=30)
    MeetingFactory(body=copil, days_ahead=60)
    decision = record(held_meeting(referring_body), secretary, text="Le comité propose d'harmoniser les tarifs.",
                      outcome=DecisionOutcome.REFERRED)
    proposal = Proposal.objects.get(origin_decision=decision)
    assert proposal.meeting == target
    assert (proposal.status, proposal.kind, proposal.proposer) == (ProposalStatus.PENDING, AgendaItemKind.DECISION,
                                                                   secretary)
    assert proposal.title == "COTECH-2026-01 — Le comité propose d'harmoniser les tarifs."
    assert "harmoniser les tarifs" in proposal.description
    assert decision.escalation_blocked == ""
    assert target.proposal_deadline > now


def test_a_referral_is_blocked_when_the_body_has_no_parent(body, secretary, held_meeting):
    decision = record(held_meeting(body), secretary, outcome=DecisionOutcome.REFERRED)
    assert decision.escalation_blocked == _("%(body)s has no parent body to refer its decisions to.") % {
        "body": "COTECH"}
    assert not Proposal.objects.exists()


def test_a_referral_is_blocked_when_the_parent_plans_no_meeting(referring_body, copil, secretary, held_meeting):
    MeetingFactory(body=copil, days_ahead=-3)  # past
    MeetingFactory(body=copil, days_ahead=30, status="cancelled")
    decision = record(held_meeting(referring_body), secretary, outcome=DecisionOutcome.REFERRED)
    assert decision.escalation_blocked == _("No meeting of %(body)s is planned.") % {"body": "COPIL"}
    assert not Proposal.objects.exists()


def test_a_referral_is_blocked_when_the_deadline_of_the_parent_next_meeting_has_passed(
        referring_body, copil, secretary, held_meeting):
    meeting = MeetingFactory(body=copil, days_ahead=3)
    decision = record(held_meeting(referring_body), secretary, outcome=DecisionOutcome.REFERRED)
    deadline = timezone.localtime(meeting.proposal_deadline)
    assert decision.escalation_blocked == _(
        "The deadline for proposals of the next meeting of %(body)s (%(date)s at %(time)s) has passed.") % {
        "body": "COPIL", "date": date_format(deadline, "DATE_FORMAT"), "time": "14:00"}
    assert "6 mars 2026" in decision.escalation_blocked


def test_a_blocked_referral_is_tried_again_once_the_parent_plans_a_meeting(
        referring_body, copil, secretary, held_meeting):
    decision = record(held_meeting(referring_body), secretary, outcome=DecisionOutcome.REFERRED)
    with pytest.raises(Refused) as refused:
        services.decision_escalate(decision=decision, by=secretary)
    assert refused.value.message == _("No meeting of %(body)s is planned.") % {"body": "COPIL"}

    target = MeetingFactory(body=copil, days_ahead=30)
    proposal = services.decision_escalate(decision=decision, by=secretary)
    decision.refresh_from_db()
    assert (proposal.meeting, proposal.origin_decision) == (target, decision)
    assert decision.escalation_blocked == ""
    with pytest.raises(Refused):  # once is enough
        services.decision_escalate(decision=decision, by=secretary)
    assert Proposal.objects.count() == 1


def test_a_retry_that_fails_again_stores_the_new_reason(referring_body, copil, secretary, held_meeting):
    decision = record(held_meeting(referring_body), secretary, outcome=DecisionOutcome.REFERRED)
    MeetingFactory(body=copil, days_ahead=3)
    with pytest.raises(Refused):
        services.decision_escalate(decision=decision, by=secretary)
    decision.refresh_from_db()
    assert "COPIL" in decision.escalation_blocked
    assert decision.escalation_blocked != _("No meeting of %(body)s is planned.") % {"body": "COPIL"}


def test_only_the_runners_of_the_origin_body_try_again(referring_body, copil, secretary, held_meeting, member, join):
    decision = record(held_meeting(referring_body), secretary, outcome=DecisionOutcome.REFERRED)
    MeetingFactory(body=copil, days_ahead=30)
    plain = member(Role.REFERENTS)
    join(referring_body, plain)
    with pytest.raises(NotAllowed):
        services.decision_escalate(decision=decision, by=plain)
    assert not Proposal.objects.exists()


def test_changing_a_decision_to_referred_sends_it_up(referring_body, copil, secretary, held_meeting):
    MeetingFactory(body=copil, days_ahead=30)
    decision = record(held_meeting(referring_body), secretary)
    services.decision_update(decision=decision, by=secretary, outcome=DecisionOutcome.REFERRED)
    assert Proposal.objects.get().origin_decision == decision


def test_a_decision_no_longer_referred_takes_back_its_pending_proposal(referring_body, copil, secretary,
                                                                       held_meeting):
    MeetingFactory(body=copil, days_ahead=30)
    decision = record(held_meeting(referring_body), secretary, outcome=DecisionOutcome.REFERRED)
    services.decision_update(decision=decision, by=secretary, outcome=DecisionOutcome.ADOPTED)
    assert not Proposal.objects.exists()


def test_the_text_of_a_pending_referral_follows_the_decision(referring_body, copil, secretary, held_meeting):
    MeetingFactory(body=copil, days_ahead=30)
    decision = record(held_meeting(referring_body), secretary, outcome=DecisionOutcome.REFERRED)
    services.decision_update(decision=decision, by=secretary, text="Texte précisé en séance.")
    assert Proposal.objects.get().title == "COTECH-2026-01 — Texte précisé en séance."


def test_a_referral_already_on_the_parent_agenda_stays(referring_body, copil, secretary, held_meeting):
    MeetingFactory(body=copil, days_ahead=30)
    decision = record(held_meeting(referring_body), secretary, outcome=DecisionOutcome.REFERRED)
    Proposal.objects.filter(origin_decision=decision).update(status=ProposalStatus.ACCEPTED)
    with pytest.raises(Refused):
        services.decision_update(decision=decision, by=secretary, outcome=DecisionOutcome.ADOPTED)
    with pytest.raises(Refused):
        services.decision_delete(decision=decision, by=secretary)
    decision.refresh_from_db()
    assert decision.outcome == DecisionOutcome.REFERRED


def test_deleting_a_referred_decision_withdraws_its_pending_proposal(referring_body, copil, secretary,
                                                                     held_meeting):
    MeetingFactory(body=copil, days_ahead=30)
    decision = record(held_meeting(referring_body), secretary, outcome=DecisionOutcome.REFERRED)
    services.decision_delete(decision=decision, by=secretary)
    assert not Decision.objects.exists()
    assert not Proposal.objects.exists()
