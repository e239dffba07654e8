"""The pages around proposals: the reviewers' page of a meeting's proposals, a proposal's own page,
« Préparer la réunion », the links from the body page and the dashboard panel; who reaches each, what
it shows, and a number of queries that does not grow with the data."""

import datetime as dt
from html import unescape

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from governance.models import (
    Attachment,
    DecisionOutcome,
    MembershipRole,
    MinutesStatus,
    ProposalStatus,
    ReadingRule,
)
from governance.services import proposals as services
from intranet.roles import Role
from tests.html import dangling_references, duplicate_ids

from .factories import (
    ActionItemFactory,
    AgendaItemFactory,
    BodyFactory,
    DecisionFactory,
    MeetingFactory,
    MinutesFactory,
    ProposalFactory,
)
from .files import pdf_bytes, upload


def text_of(response) -> str:
    return unescape(response.content.decode())


def attach(owner_field: str, owner, name: str = "note.pdf") -> Attachment:
    attachment = Attachment(**{owner_field: owner}, name=name, content_type="application/pdf", size=len(pdf_bytes()))
    attachment.file.save(name, upload(name, pdf_bytes()), save=True)
    return attachment


# --- The review page ------------------------------------------------------------------------------

def test_the_review_page_lists_pending_proposals_with_their_forms_and_decided_ones(meeting, proposer, secretary,
                                                                                   client_as):
    waiting = ProposalFactory(meeting=meeting, proposer=proposer, title="Horaires d'été")
    attach("proposal", waiting, "horaires.pdf")
    ProposalFactory(meeting=meeting, proposer=proposer, title="Navette", status=ProposalStatus.REJECTED,
                    decision_reason="Relève du COPIL.", decided_by=secretary)
    response = client_as(secretary).get(reverse("governance:proposals", args=[meeting.pk]))
    assert response.status_code == 200
    page = text_of(response)
    pending_part, decided_part = page.split('id="decided-title"')
    assert "Horaires d'été" in pending_part and "horaires.pdf" in pending_part
    assert 'value="accept"' in pending_part and 'value="reject"' in pending_part
    assert "Navette" in decided_part and "Relève du COPIL." in decided_part
    assert _("Rejected") in decided_part
    assert not duplicate_ids(response.content)
    assert not dangling_references(response.content)


def test_the_review_page_offers_deferral_only_when_a_later_meeting_exists(meeting, proposer, secretary, client_as):
    ProposalFactory(meeting=meeting, proposer=proposer)
    url = reverse("governance:proposals", args=[meeting.pk])
    assert 'value="defer"' not in client_as(secretary).get(url).content.decode()
    MeetingFactory(body=meeting.body, days_ahead=50)
    assert 'value="defer"' in client_as(secretary).get(url).content.decode()


def test_the_review_page_is_for_reviewers(meeting, proposer, chair, client_as, client_coordination, client_staff,
                                          client_volunteer):
    url = reverse("governance:proposals", args=[meeting.pk])
    assert client_as(chair).get(url).status_code == 200
    assert client_coordination.get(url).status_code == 200
    assert client_as(proposer).get(url).status_code == 403  # a member, not a reviewer
    assert client_staff.get(url).status_code == 403  # sees the body, sits on it not
    assert client_volunteer.get(url).status_code == 404  # does not see the COTECH


# --- A proposal's page ----------------------------------------------------------------------------

def test_a_proposal_is_seen_by_its_proposer_and_the_reviewers_only(meeting, proposer, secretary, member, body, join,
                                                                  client_as, client_coordination, client_staff):
    proposal = ProposalFactory(meeting=meeting, proposer=proposer, title="Horaires d'été")
    colleague = member(Role.STAFF)
    join(body, colleague)
    url = reverse("governance:proposal", args=[proposal.pk])
    for allowed in (client_as(proposer), client_as(secretary), client_coordination):
        response = allowed.get(url)
        assert response.status_code == 200
        assert "Horaires d'été" in text_of(response)
    assert client_as(colleague).get(url).status_code == 404  # another member of the body
    assert client_staff.get(url).status_code == 404
    assert client_staff.get(reverse("governance:proposal", args=[999999])).status_code == 404


def test_the_proposer_reads_the_reason_of_a_refusal(meeting, proposer, secretary, client_as):
    proposal = ProposalFactory(meeting=meeting, proposer=proposer)
    services.proposal_reject(proposal=proposal, by=secretary, reason="Déjà traité en janvier.")
    page = text_of(client_as(proposer).get(reverse("governance:proposal", args=[proposal.pk])))
    assert "Déjà traité en janvier." in page
    assert _("Rejected") in page
    assert _("Withdraw my proposal") not in page


# --- « Préparer la réunion » ----------------------------------------------------------------------

def test_the_prepare_page_gathers_what_a_member_needs(meeting, body, proposer, secretary, member, client_as, clock):
    colleague = member(Role.STAFF, first_name="Erwan")
    mine = ProposalFactory(meeting=meeting, proposer=proposer, title="Horaires d'été")
    ProposalFactory(meeting=meeting, proposer=colleague, title="Proposition d'Erwan")
    ActionItemFactory(body=body, owner=proposer, title="Envoyer le bilan des prêts")
    ActionItemFactory(body=body, owner=colleague, title="Action d'Erwan")
    ActionItemFactory(owner=proposer, title="Action d'une autre instance")
    january = MeetingFactory(body=body, days_ahead=-60, title="COTECH de janvier")
    MinutesFactory(meeting=january, status=MinutesStatus.APPROVED)
    DecisionFactory(meeting=january, number="COTECH-2026-01", text="Le comité adopte la charte d'accueil.",
                    outcome=DecisionOutcome.ADOPTED)
    february = MeetingFactory(body=body, days_ahead=-20, title="COTECH de février")
    MinutesFactory(meeting=february, status=MinutesStatus.SUBMITTED)
    DecisionFactory(meeting=february, number="COTECH-2026-02", text="Décision pas encore approuvée.")
    item = AgendaItemFactory(meeting=meeting, title="Budget 2027")
    attach("item", item, "budget-2027.pdf")
    attach("proposal", mine, "brouillon.pdf")  # still a proposal's: not a document of the agenda

    response = client_as(proposer).get(reverse("governance:meeting_prepare", args=[meeting.pk]))
    assert response.status_code == 200
    page = text_of(response)
    assert "Horaires d'été" in page and _("Waiting for review") in page
    assert "Proposition d'Erwan" not in page
    assert "Envoyer le bilan des prêts" in page
    assert "Action d'Erwan" not in page and "Action d'une autre instance" not in page
    assert "COTECH-2026-01" in page and "charte d'accueil" in page
    assert "COTECH-2026-02" not in page  # its minutes wait for approval
    assert "budget-2027.pdf" in page and "Budget 2027" in page
    assert "brouillon.pdf" not in page
    assert not duplicate_ids(response.content)
    assert not dangling_references(response.content)


def test_the_prepare_page_is_for_current_members(meeting, client_staff, client_coordination, client_volunteer):
    url = reverse("governance:meeting_prepare", args=[meeting.pk])
    assert client_staff.get(url).status_code == 403
    assert client_coordination.get(url).status_code == 403  # not a member of this body
    assert client_volunteer.get(url).status_code == 404


def test_the_prepare_page_says_when_proposals_are_closed(meeting, proposer, client_as, clock):
    clock.move_to(meeting.proposal_deadline + dt.timedelta(hours=1))
    page = text_of(client_as(proposer).get(reverse("governance:meeting_prepare", args=[meeting.pk])))
    assert reverse("governance:proposal_create", args=[meeting.pk]) not in page
    assert _("Proposals closed on %(deadline)s; please contact the secretariat.").split("%")[0] in page


# --- The body page and the dashboard --------------------------------------------------------------

def test_the_body_page_links_members_to_propose_and_prepare(meeting, proposer, secretary, client_as, client_staff):
    body_url = meeting.body.url
    page = client_as(proposer).get(body_url).content.decode()
    assert reverse("governance:proposal_create", args=[meeting.pk]) in page
    assert reverse("governance:meeting_prepare", args=[meeting.pk]) in page
    assert reverse("governance:proposals", args=[meeting.pk]) not in page
    assert reverse("governance:proposals", args=[meeting.pk]) in client_as(secretary).get(body_url).content.decode()
    outsider = client_staff.get(body_url).content.decode()
    assert reverse("governance:proposal_create", args=[meeting.pk]) not in outsider
    assert reverse("governance:meeting_prepare", args=[meeting.pk]) not in outsider


def test_the_body_page_stops_offering_to_propose_after_the_deadline(meeting, proposer, client_as, clock):
    clock.move_to(meeting.proposal_deadline + dt.timedelta(minutes=1))
    page = client_as(proposer).get(meeting.body.url).content.decode()
    assert reverse("governance:proposal_create", args=[meeting.pk]) not in page
    assert reverse("governance:meeting_prepare", args=[meeting.pk]) in page


def panel_of(response) -> str:
    page = response.content.decode()
    if 'id="panel-proposals"' not in page:
        return ""
    return unescape(page.split('id="panel-proposals"', 1)[1].split("</section>", 1)[0])


def test_the_dashboard_lists_the_proposals_waiting_for_my_review(meeting, proposer, secretary, client_as,
                                                                 client_coordination):
    ProposalFactory(meeting=meeting, proposer=proposer, title="Horaires d'été")
    ProposalFactory(meeting=meeting, proposer=proposer, title="Déjà acceptée", status=ProposalStatus.ACCEPTED)
    other_body = BodyFactory(title="Groupe Jeunesse", reading_rule=ReadingRule.MEMBERS)
    ProposalFactory(meeting=MeetingFactory(body=other_body), title="Heure du conte")
    panel = panel_of(client_as(secretary).get("/"))
    assert "Horaires d'été" in panel
    assert "Déjà acceptée" not in panel
    assert "Heure du conte" not in panel  # not a body the secretary runs
    everything = panel_of(client_coordination.get("/"))
    assert "Horaires d'été" in everything and "Heure du conte" in everything


def test_a_member_who_reviews_nothing_gets_no_panel(meeting, proposer, client_as):
    ProposalFactory(meeting=meeting, proposer=proposer)
    assert panel_of(client_as(proposer).get("/")) == ""


# --- Queries that do not grow with the data --------------------------------------------------------

@pytest.fixture
def fill(meeting, body, proposer, secretary, member, join):
    """scale × (pending proposals with two documents, decided proposals, my proposals, my actions,
    decisions of the previous approved meeting, agenda items with a document), and scale proposals
    waiting in other bodies the secretary runs."""

    def make(scale: int) -> None:
        previous = MeetingFactory(body=body, days_ahead=-30)
        MinutesFactory(meeting=previous, status=MinutesStatus.APPROVED)
        for index in range(scale):
            colleague = member(Role.STAFF)
            join(body, colleague)
            waiting = ProposalFactory(meeting=meeting, proposer=colleague)
            attach("proposal", waiting, f"annexe-{index}.pdf")
            attach("proposal", waiting, f"budget-{index}.pdf")
            ProposalFactory(meeting=meeting, proposer=proposer, status=ProposalStatus.REJECTED,
                            decided_by=secretary, decision_reason="Non.")
            ProposalFactory(meeting=meeting, proposer=proposer)
            ActionItemFactory(body=body, owner=proposer)
            DecisionFactory(meeting=previous)
            attach("item", AgendaItemFactory(meeting=meeting), f"piece-{index}.pdf")
            other = BodyFactory()
            join(other, secretary, MembershipRole.SECRETARY)
            ProposalFactory(meeting=MeetingFactory(body=other))

    return make


@pytest.mark.parametrize("scale", [1, 10])
def test_the_review_page_queries_do_not_grow(fill, meeting, secretary, client_as, scale,
                                             django_assert_max_num_queries):
    fill(scale)
    client = client_as(secretary)
    with django_assert_max_num_queries(17):
        assert client.get(reverse("governance:proposals", args=[meeting.pk])).status_code == 200


@pytest.mark.parametrize("scale", [1, 10])
def test_the_prepare_page_queries_do_not_grow(fill, meeting, proposer, client_as, scale,
                                              django_assert_max_num_queries):
    fill(scale)
    client = client_as(proposer)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("governance:meeting_prepare", args=[meeting.pk])).status_code == 200


@pytest.mark.parametrize("scale", [1, 10])
def test_a_proposal_page_queries_do_not_grow(fill, meeting, proposer, client_as, scale,
                                             django_assert_max_num_queries):
    fill(scale)
    proposal = ProposalFactory(meeting=meeting, proposer=proposer)
    for index in range(scale):
        attach("proposal", proposal, f"doc-{index}.pdf")
    client = client_as(proposer)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("governance:proposal", args=[proposal.pk])).status_code == 200


@pytest.mark.parametrize("scale", [1, 10])
def test_the_dashboard_panel_queries_do_not_grow(fill, secretary, client_as, scale, django_assert_max_num_queries):
    fill(scale)
    client = client_as(secretary)
    client.get("/")  # warm the per-process caches (site, settings row, content types), as a running server has them
    with django_assert_max_num_queries(25):
        page = client.get("/")
    assert page.status_code == 200
    assert panel_of(page)
