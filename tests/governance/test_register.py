"""The decision register: only decisions of approved minutes, of bodies the reader may see (the five
roles x the three reading rules), filters, search, pagination and a constant number of queries; the
decision page answers 404 likewise, except to the body's runners for a draft; the site's search."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils.translation import gettext as _

from governance.models import DecisionOutcome, MembershipRole, ReadingRule
from intranet.roles import Role
from tests.accounts import role_id

from .factories import BodyFactory, DecisionFactory, MembershipFactory

pytestmark = pytest.mark.django_db

REGISTER = reverse("governance:register")

# Who may read a body's decisions without sitting on it, by its reading rule.
READS_AS_NON_MEMBER = {
    ReadingRule.MEMBERS: {Role.COORDINATION},
    ReadingRule.STAFF: {Role.COORDINATION, Role.REFERENTS, Role.STAFF},
    ReadingRule.NETWORK: set(Role),
}


def numbers(response) -> list[str]:
    page = BeautifulSoup(response.content, "html.parser")
    return [cell.get_text(strip=True) for cell in page.select(".register-table tbody th")]


@pytest.fixture
def public_decision(held_meeting, approve):
    """public_decision(body, **fields) -> a decision of a past meeting whose minutes are approved."""

    def make(body, days_ago=7, meeting=None, **fields):
        if meeting is None:
            meeting = held_meeting(body, days_ago=days_ago)
            approve(meeting)
        return DecisionFactory(meeting=meeting, **fields)

    return make


def test_the_register_lists_decisions_of_approved_minutes_only(client_staff, body, held_meeting, public_decision):
    public_decision(body, number="COTECH-2026-01", text="Adoption du plan de formation.")
    DecisionFactory(meeting=held_meeting(body, days_ago=2), number="COTECH-2026-02", text="Brouillon de séance.")
    response = client_staff.get(REGISTER)
    assert response.status_code == 200
    assert numbers(response) == ["COTECH-2026-01"]
    page = response.content.decode()
    assert "Adoption du plan de formation." in page
    assert "Brouillon de séance." not in page


def test_each_row_shows_number_body_meeting_date_and_outcome(client_staff, body, public_decision):
    public_decision(body, number="COTECH-2026-03", outcome=DecisionOutcome.POSTPONED)
    page = BeautifulSoup(client_staff.get(REGISTER).content, "html.parser")
    row = [cell.get_text(" ", strip=True) for cell in page.select(".register-table tbody tr")[0].find_all(["th", "td"])]
    assert row[0] == "COTECH-2026-03"
    assert row[2] == "COTECH"
    assert row[3] == "3 mars 2026" or row[3] == "March 3, 2026"
    assert row[4] == _("Postponed")


@pytest.mark.parametrize("rule", list(ReadingRule), ids=str)
def test_the_register_shows_a_body_decisions_by_its_reading_rule(as_each_role, rule, public_decision):
    body = BodyFactory(title="Groupe Numérique", short_name="NUM", reading_rule=rule)
    decision = public_decision(body, number="NUM-2026-01")
    expected = as_each_role.role in READS_AS_NON_MEMBER[rule]
    assert numbers(as_each_role.client.get(REGISTER)) == (["NUM-2026-01"] if expected else [])
    assert as_each_role.client.get(decision.get_absolute_url()).status_code == (200 if expected else 404)
    choices = BeautifulSoup(as_each_role.client.get(REGISTER).content, "html.parser").select("#id_body option")
    assert ("Groupe Numérique" in [option.get_text() for option in choices]) is expected


@pytest.mark.parametrize("role", list(Role), ids=role_id)
def test_a_member_reads_the_decisions_of_a_members_only_body(account, client_as, role, public_decision):
    user = account(role)
    body = BodyFactory(title="Conférence des maires", short_name="CDM", reading_rule=ReadingRule.MEMBERS)
    MembershipFactory(body=body, person=user.person)
    decision = public_decision(body, number="CDM-2026-01")
    client = client_as(user)
    assert numbers(client.get(REGISTER)) == ["CDM-2026-01"]
    assert client.get(decision.get_absolute_url()).status_code == 200


def test_a_draft_decision_page_is_for_the_body_runners_only(client_as, body, secretary, member, join, held_meeting):
    decision = DecisionFactory(meeting=held_meeting(body), number="COTECH-2026-01", text="Texte en brouillon.")
    plain = member(Role.REFERENTS)
    join(body, plain)
    assert client_as(plain).get(decision.get_absolute_url()).status_code == 404
    assert client_as(member(Role.STAFF)).get(decision.get_absolute_url()).status_code == 404
    page = client_as(secretary).get(decision.get_absolute_url())
    assert page.status_code == 200
    assert "Texte en brouillon." in page.content.decode()
    assert _("Draft: not public until the minutes are approved") in page.content.decode()
    assert client_as(member(Role.COORDINATION)).get(decision.get_absolute_url()).status_code == 200


def test_a_guessed_decision_number_is_404(client_coordination):
    assert client_coordination.get(reverse("governance:decision", args=[999999])).status_code == 404


# --- filters, search, pagination --------------------------------------------------------------------------


@pytest.fixture
def two_bodies(body, make_body, public_decision):
    jeunesse = make_body(title="Groupe Jeunesse", short_name="JEU")
    public_decision(body, number="COTECH-2026-01", text="Harmonisation des tarifs d'inscription.",
                    outcome=DecisionOutcome.ADOPTED)
    public_decision(body, number="COTECH-2025-04", days_ago=120, text="Choix du prestataire de portail.",
                    outcome=DecisionOutcome.REJECTED)
    public_decision(jeunesse, number="JEU-2026-01", text="Prix des lecteurs ados : tarifs des lots.",
                    outcome=DecisionOutcome.REFERRED)
    return body, jeunesse


def test_the_register_filters_by_body(client_staff, two_bodies):
    body, jeunesse = two_bodies
    assert numbers(client_staff.get(REGISTER, {"body": jeunesse.pk})) == ["JEU-2026-01"]
    assert sorted(numbers(client_staff.get(REGISTER, {"body": body.pk}))) == ["COTECH-2025-04", "COTECH-2026-01"]


def test_the_register_filters_by_year(client_staff, two_bodies):
    assert numbers(client_staff.get(REGISTER, {"year": 2025})) == ["COTECH-2025-04"]
    page = BeautifulSoup(client_staff.get(REGISTER).content, "html.parser")
    assert [option["value"] for option in page.select("#id_year option")] == ["", "2026", "2025"]


def test_the_register_filters_by_outcome(client_staff, two_bodies):
    assert numbers(client_staff.get(REGISTER, {"outcome": DecisionOutcome.REJECTED})) == ["COTECH-2025-04"]


def test_the_register_searches_text_and_number(client_staff, two_bodies):
    assert sorted(numbers(client_staff.get(REGISTER, {"q": "tarifs"}))) == ["COTECH-2026-01", "JEU-2026-01"]
    assert numbers(client_staff.get(REGISTER, {"q": "TARIFS lots"})) == ["JEU-2026-01"]
    assert numbers(client_staff.get(REGISTER, {"q": "2025-04"})) == ["COTECH-2025-04"]
    response = client_staff.get(REGISTER, {"q": "introuvable"})
    assert numbers(response) == []
    assert _("No decision matches these filters.") in response.content.decode()


def test_filters_combine_and_a_bad_value_is_left_out(client_staff, two_bodies):
    body, _jeunesse = two_bodies
    assert numbers(client_staff.get(REGISTER, {"body": body.pk, "q": "tarifs"})) == ["COTECH-2026-01"]
    response = client_staff.get(REGISTER, {"body": "999999", "year": "deux-mille", "outcome": "maybe"})
    assert response.status_code == 200
    assert len(numbers(response)) == 3


def test_filtering_on_a_body_one_may_not_see_shows_nothing(client_staff, public_decision):
    secret = BodyFactory(title="Cellule", short_name="CELL", reading_rule=ReadingRule.MEMBERS)
    public_decision(secret, number="CELL-2026-01")
    assert numbers(client_staff.get(REGISTER, {"body": secret.pk})) == []
    assert numbers(client_staff.get(REGISTER, {"q": "CELL"})) == []


def test_the_register_pages_by_twenty_latest_first(client_staff, body, held_meeting, approve):
    meeting = held_meeting(body)
    approve(meeting)
    for n in range(1, 23):
        DecisionFactory(meeting=meeting, number=f"COTECH-2026-{n:02d}")
    first = numbers(client_staff.get(REGISTER))
    assert len(first) == 20 and first[0] == "COTECH-2026-22"
    assert numbers(client_staff.get(REGISTER, {"page": 2})) == ["COTECH-2026-02", "COTECH-2026-01"]


def test_the_page_links_keep_the_filters(client_staff, body, held_meeting, approve):
    meeting = held_meeting(body)
    approve(meeting)
    for n in range(1, 23):
        DecisionFactory(meeting=meeting, number=f"COTECH-2026-{n:02d}", outcome=DecisionOutcome.ADOPTED)
    page = BeautifulSoup(client_staff.get(REGISTER, {"outcome": "adopted"}).content, "html.parser")
    assert page.select_one('.pagination a[rel="next"]')["href"] == "?outcome=adopted&page=2"


# --- constant queries -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("scale", [1, 10])
def test_the_register_queries_do_not_grow_with_data(client_referent, referent_user, referring_body, copil,
                                                    held_meeting, approve, scale, django_assert_max_num_queries):
    from governance.models import AgendaItem, Proposal, ProposalStatus

    MembershipFactory(body=referring_body, person=referent_user.person, role=MembershipRole.MEMBER)
    for n in range(2 * scale):
        meeting = held_meeting(referring_body, days_ago=10 + n)
        approve(meeting)
        referred = DecisionFactory(meeting=meeting, outcome=DecisionOutcome.REFERRED, escalation_blocked="")
        DecisionFactory(meeting=meeting)
        parent = held_meeting(copil, days_ago=1 + n)
        approve(parent)
        proposal = Proposal.objects.create(meeting=parent, proposer=referent_user.person, title="Renvoi",
                                           origin_decision=referred, status=ProposalStatus.ACCEPTED)
        item = AgendaItem.objects.create(meeting=parent, title="Renvoi", proposal=proposal)
        DecisionFactory(meeting=parent, item=item, outcome=DecisionOutcome.ADOPTED)
    with django_assert_max_num_queries(20):
        response = client_referent.get(REGISTER, {"q": "comité"})
    assert response.status_code == 200
    assert len(numbers(response)) == min(20, 6 * scale)
