"""The circuit of a decision between bodies: referred up to the parent's next meeting, the parent's
ruling coming back to the origin's register and page once the parent's minutes are approved, the
whole way shown from either end, and a blocked referral explained and tried again from the page."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils.translation import gettext as _

from governance.models import DecisionOutcome, MembershipRole, Proposal, ProposalStatus
from governance.selectors.decisions import decision_circuit
from governance.services import decisions as services
from governance.services.proposals import proposal_accept
from intranet.roles import Role

from .factories import AgendaItemFactory, BodyFactory, DecisionFactory, MeetingFactory, ProposalFactory

pytestmark = pytest.mark.django_db

REGISTER = reverse("governance:register")


def text_of(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


@pytest.fixture
def referral(referring_body, copil, secretary, held_meeting, approve, member):
    """A COTECH decision of last week (minutes approved) referred to COPIL's meeting in three weeks,
    accepted on its agenda by the coordination (the proposals' own service)."""
    cotech_meeting = held_meeting(referring_body)
    copil_meeting = MeetingFactory(body=copil, days_ahead=21)
    origin = services.decision_record(meeting=cotech_meeting, by=secretary, outcome=DecisionOutcome.REFERRED,
                                      text="Le COTECH propose d'harmoniser les tarifs d'inscription.")
    approve(cotech_meeting)
    item = proposal_accept(proposal=Proposal.objects.get(origin_decision=origin), by=member(Role.COORDINATION))
    assert item.proposal.origin_decision == origin
    return origin, copil_meeting, item


def test_the_parent_ruling_comes_back_once_its_minutes_are_approved(referral, staff_user, client_as, member, clock,
                                                                    approve):
    origin, copil_meeting, item = referral
    clock.move_to("2026-03-31 16:30")  # the COPIL met that afternoon
    client_staff = client_as(staff_user)  # logged in now: a session from three weeks ago has expired
    services.decision_record(meeting=copil_meeting, by=member(Role.COORDINATION), item=item,
                             outcome=DecisionOutcome.ADOPTED, text="Le COPIL adopte des tarifs communs.")

    response = client_staff.get(origin.get_absolute_url())
    assert response.status_code == 200
    before = text_of(response)
    assert "COPIL-2026-01" not in before
    assert "Le COPIL adopte des tarifs communs." not in before
    assert "COPIL-2026-01" not in text_of(client_staff.get(REGISTER))

    approve(copil_meeting)
    page = text_of(client_staff.get(origin.get_absolute_url()))
    assert "COPIL-2026-01" in page
    assert "Le COPIL adopte des tarifs communs." in page
    row = BeautifulSoup(client_staff.get(REGISTER, {"q": "COTECH-2026-01"}).content, "html.parser").select(
        ".register-table tbody tr")
    assert len(row) == 1
    assert "COPIL-2026-01" in row[0].get_text(" ")
    assert _("Adopted") in row[0].get_text(" ")


def test_the_origin_page_says_where_the_referral_waits(referral, client_staff):
    origin, _copil_meeting, _item = referral
    page = text_of(client_staff.get(origin.get_absolute_url()))
    assert _("On the agenda of %(body)s, meeting of %(date)s: no ruling published yet") % {
        "body": "COPIL", "date": "31 mars 2026"} in page


def test_a_pending_referral_is_shown_waiting_for_review(referring_body, copil, secretary, held_meeting, approve,
                                                        client_staff):
    cotech_meeting = held_meeting(referring_body)
    MeetingFactory(body=copil, days_ahead=21)
    origin = services.decision_record(meeting=cotech_meeting, by=secretary, outcome=DecisionOutcome.REFERRED,
                                      text="Renvoi au COPIL.")
    approve(cotech_meeting)
    page = text_of(client_staff.get(origin.get_absolute_url()))
    assert _("Proposed to %(body)s for its meeting of %(date)s, waiting for review") % {
        "body": "COPIL", "date": "31 mars 2026"} in page


def test_a_rejected_referral_shows_the_reason(referral, client_staff):
    origin, _meeting, item = referral
    proposal = item.proposal
    item.delete()
    proposal.status, proposal.decision_reason = ProposalStatus.REJECTED, "Hors du champ du COPIL."
    proposal.save()
    page = text_of(client_staff.get(origin.get_absolute_url()))
    assert "Hors du champ du COPIL." in page


def test_the_parent_decision_page_shows_where_it_started(referral, staff_user, client_as, member, clock, approve):
    origin, copil_meeting, item = referral
    clock.move_to("2026-03-31 16:30")
    client_staff = client_as(staff_user)
    ruling = services.decision_record(meeting=copil_meeting, by=member(Role.COORDINATION), item=item,
                                      outcome=DecisionOutcome.ADOPTED, text="Le COPIL adopte des tarifs communs.")
    approve(copil_meeting)
    page = BeautifulSoup(client_staff.get(ruling.get_absolute_url()).content, "html.parser")
    circuit = page.select_one(".circuit")
    assert "COTECH-2026-01" in circuit.get_text(" ")
    assert circuit.find("a", string="COTECH-2026-01")["href"] == origin.get_absolute_url()
    row = BeautifulSoup(client_staff.get(REGISTER, {"q": "COPIL-2026-01"}).content, "html.parser").select_one(
        ".register-table tbody tr")
    assert _("Ruling on %(number)s, referred by %(body)s") % {"number": "COTECH-2026-01", "body": "COTECH"} in \
        " ".join(row.get_text(" ").split())


def test_the_circuit_walks_the_whole_way_from_either_end(held_meeting, approve):
    copil = BodyFactory(title="Comité de pilotage", short_name="COPIL")
    cotech = BodyFactory(title="Comité technique", short_name="COTECH", parent_body=copil)
    group = BodyFactory(title="Groupe Numérique", short_name="NUM", parent_body=cotech)
    levels = []
    previous = None
    for body, outcome in ((group, DecisionOutcome.REFERRED), (cotech, DecisionOutcome.REFERRED),
                          (copil, DecisionOutcome.ADOPTED)):
        meeting = held_meeting(body, days_ago=30 - 10 * len(levels))
        approve(meeting)
        item = None
        if previous is not None:
            proposal = ProposalFactory(meeting=meeting, origin_decision=previous, status=ProposalStatus.ACCEPTED)
            item = AgendaItemFactory(meeting=meeting, proposal=proposal)
        previous = DecisionFactory(meeting=meeting, item=item, outcome=outcome,
                                   number=f"{body.short_name}-2026-01")
        levels.append(previous)
    first, middle, last = levels

    from_start = decision_circuit(first)
    assert from_start.origins == ()
    assert [referral.decision for referral in from_start.referrals] == [first, middle]
    assert [referral.rulings for referral in from_start.referrals] == [(middle,), (last,)]
    assert from_start.ruling.rulings[-1].number == "COPIL-2026-01"

    from_end = decision_circuit(last)
    assert list(from_end.origins) == [first, middle]
    assert from_end.referrals == ()

    from_middle = decision_circuit(middle)
    assert list(from_middle.origins) == [first]
    assert [referral.rulings for referral in from_middle.referrals] == [(last,)]


def test_a_ruling_of_a_draft_is_not_part_of_the_circuit(held_meeting, approve):
    copil = BodyFactory(title="Comité de pilotage", short_name="COPIL")
    cotech = BodyFactory(title="Comité technique", short_name="COTECH", parent_body=copil)
    origin_meeting = held_meeting(cotech, days_ago=20)
    approve(origin_meeting)
    origin = DecisionFactory(meeting=origin_meeting, outcome=DecisionOutcome.REFERRED)
    parent_meeting = held_meeting(copil, days_ago=2)
    proposal = ProposalFactory(meeting=parent_meeting, origin_decision=origin, status=ProposalStatus.ACCEPTED)
    DecisionFactory(meeting=parent_meeting, item=AgendaItemFactory(meeting=parent_meeting, proposal=proposal))
    [referred] = decision_circuit(origin).referrals
    assert (referred.rulings, referred.state) == ((), "on_agenda")


# --- a blocked referral on the decision page ---------------------------------------------------------------


@pytest.fixture
def blocked(referring_body, secretary, held_meeting, approve):
    meeting = held_meeting(referring_body)
    decision = services.decision_record(meeting=meeting, by=secretary, outcome=DecisionOutcome.REFERRED,
                                        text="Renvoi au COPIL.")
    approve(meeting)
    return decision


def test_the_decision_page_says_why_a_referral_is_blocked(blocked, client_as, secretary, client_staff):
    reason = _("No meeting of %(body)s is planned.") % {"body": "COPIL"}
    runner_page = BeautifulSoup(client_as(secretary).get(blocked.get_absolute_url()).content, "html.parser")
    callout = runner_page.select_one(".callout--warning")
    assert reason in callout.get_text(" ")
    assert callout.find("button", string=_("Try again"))
    reader_page = BeautifulSoup(client_staff.get(blocked.get_absolute_url()).content, "html.parser")
    assert reason in reader_page.select_one(".callout--warning").get_text(" ")
    assert reader_page.find("button", string=_("Try again")) is None


def test_trying_again_from_the_page_refers_the_decision(blocked, client_as, secretary, copil):
    target = MeetingFactory(body=copil, days_ahead=30)
    response = client_as(secretary).post(reverse("governance:decision_escalate", args=[blocked.pk]), follow=True)
    assert Proposal.objects.get(origin_decision=blocked).meeting == target
    blocked.refresh_from_db()
    assert blocked.escalation_blocked == ""
    page = text_of(response)
    assert _("Decision %(number)s is now a proposal for the meeting of %(body)s on %(date)s.") % {
        "number": blocked.number, "body": "COPIL", "date": "9 avril 2026"} in page
    assert _("No meeting of %(body)s is planned.") % {"body": "COPIL"} not in page


def test_trying_again_too_early_says_why_and_changes_nothing(blocked, client_as, secretary):
    response = client_as(secretary).post(reverse("governance:decision_escalate", args=[blocked.pk]), follow=True)
    assert response.status_code == 200
    assert _("No meeting of %(body)s is planned.") % {"body": "COPIL"} in text_of(response)
    assert not Proposal.objects.exists()


def test_a_reader_who_does_not_run_the_body_cannot_try_again(blocked, client_as, member, join, copil):
    MeetingFactory(body=copil, days_ahead=30)
    plain = member(Role.REFERENTS)
    join(blocked.meeting.body, plain, MembershipRole.MEMBER)
    response = client_as(plain).post(reverse("governance:decision_escalate", args=[blocked.pk]))
    assert response.status_code == 403
    assert not Proposal.objects.exists()
