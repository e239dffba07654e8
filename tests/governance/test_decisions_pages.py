"""The page where a meeting's runners record its decisions and actions: who reaches it, recording,
changing and deleting a decision, the lock of approved minutes, giving an action; the site's search
of decisions; constant queries of the recording and decision pages."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils.translation import gettext as _

from governance.models import ActionItem, Decision, DecisionOutcome, MembershipRole, ReadingRule
from intranet.roles import Role

from .factories import AgendaItemFactory, BodyFactory, DecisionFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def page_of(meeting) -> str:
    return reverse("governance:meeting_decisions", args=[meeting.pk])


def text_of(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def decision_data(**fields) -> dict:
    return {"form": "decision", "decision-text": "Le comité adopte le plan de formation.",
            "decision-outcome": DecisionOutcome.ADOPTED, "decision-item": "", **fields}


@pytest.fixture
def meeting(body, held_meeting):
    return held_meeting(body)


@pytest.fixture
def runner(client_as, secretary):
    return client_as(secretary)


def test_the_secretary_records_a_decision_on_an_agenda_item(runner, meeting):
    item = AgendaItemFactory(meeting=meeting, title="Plan de formation 2026")
    response = runner.post(page_of(meeting), decision_data(**{"decision-item": item.pk}), follow=True)
    decision = Decision.objects.get()
    assert (decision.number, decision.item) == ("COTECH-2026-01", item)
    page = text_of(response)
    assert _("Decision %(number)s recorded.") % {"number": "COTECH-2026-01"} in page
    assert "Le comité adopte le plan de formation." in page
    assert "Plan de formation 2026" in page


def test_a_decision_without_text_is_refused_and_nothing_is_saved(runner, meeting):
    response = runner.post(page_of(meeting), decision_data(**{"decision-text": "  "}))
    assert response.status_code == 400
    assert not Decision.objects.exists()
    assert BeautifulSoup(response.content, "html.parser").select_one(".field--error textarea")


def test_a_blocked_referral_is_said_when_recorded(runner, meeting):
    response = runner.post(page_of(meeting), decision_data(**{"decision-outcome": DecisionOutcome.REFERRED}),
                           follow=True)
    assert _("It could not be referred yet: %(reason)s") % {
        "reason": _("%(body)s has no parent body to refer its decisions to.") % {"body": "COTECH"}} in text_of(response)


def test_a_member_who_does_not_run_the_body_gets_403(client_as, member, join, body, meeting):
    plain = member(Role.REFERENTS)
    join(body, plain, MembershipRole.MEMBER)
    client = client_as(plain)
    assert client.get(page_of(meeting)).status_code == 403
    assert client.post(page_of(meeting), decision_data()).status_code == 403
    assert not Decision.objects.exists()


def test_who_may_not_see_the_body_gets_404(client_staff, held_meeting):
    secret = BodyFactory(title="Cellule", reading_rule=ReadingRule.MEMBERS)
    assert client_staff.get(page_of(held_meeting(secret))).status_code == 404


def test_the_secretary_changes_a_decision(runner, meeting, secretary):
    decision = DecisionFactory(meeting=meeting, number="COTECH-2026-01", text="Ancien texte.")
    url = reverse("governance:decision_edit", args=[meeting.pk, decision.pk])
    assert "Ancien texte." in runner.get(url).content.decode()
    response = runner.post(url, {"text": "Texte corrigé en séance.", "outcome": DecisionOutcome.POSTPONED,
                                 "item": ""}, follow=True)
    decision.refresh_from_db()
    assert (decision.text, decision.outcome) == ("Texte corrigé en séance.", DecisionOutcome.POSTPONED)
    assert _("Decision %(number)s changed.") % {"number": "COTECH-2026-01"} in text_of(response)


def test_the_secretary_deletes_a_decision(runner, meeting):
    decision = DecisionFactory(meeting=meeting, number="COTECH-2026-01")
    url = reverse("governance:decision_delete", args=[meeting.pk, decision.pk])
    assert runner.get(url).status_code == 200
    runner.post(url)
    assert not Decision.objects.exists()


def test_a_decision_of_another_meeting_is_404(runner, meeting, body, held_meeting):
    other = DecisionFactory(meeting=held_meeting(body, days_ago=30))
    assert runner.get(reverse("governance:decision_edit", args=[meeting.pk, other.pk])).status_code == 404


def test_approved_minutes_close_the_recording(runner, meeting, approve):
    decision = DecisionFactory(meeting=meeting, number="COTECH-2026-01", text="Texte approuvé.")
    approve(meeting)
    page = BeautifulSoup(runner.get(page_of(meeting)).content, "html.parser")
    assert page.find("button", string=_("Record the decision")) is None
    assert page.find("a", href=reverse("governance:decision_edit", args=[meeting.pk, decision.pk])) is None
    assert runner.post(page_of(meeting), decision_data()).status_code == 400
    response = runner.post(reverse("governance:decision_edit", args=[meeting.pk, decision.pk]),
                           {"text": "Autre.", "outcome": DecisionOutcome.ADOPTED, "item": ""})
    assert response.status_code == 400
    assert runner.post(reverse("governance:decision_delete", args=[meeting.pk, decision.pk])).status_code == 400
    decision.refresh_from_db()
    assert decision.text == "Texte approuvé."


# --- actions given at the meeting ---------------------------------------------------------------------


def action_data(owner, due, **fields) -> dict:
    return {"form": "action", "action-title": "Envoyer le compte rendu aux communes", "action-owner": owner.pk,
            "action-due_date": due.isoformat(), "action-decision": "", **fields}


def test_the_secretary_gives_an_action_to_a_member(runner, meeting, member, join, body, clock):
    owner = member(Role.REFERENTS, first_name="Maëlle", last_name="Riou")
    join(body, owner)
    decision = DecisionFactory(meeting=meeting, number="COTECH-2026-01")
    due = clock.today() + dt.timedelta(days=14)
    response = runner.post(page_of(meeting), action_data(owner, due, **{"action-decision": decision.pk}),
                           follow=True)
    action = ActionItem.objects.get()
    assert (action.owner, action.due_date, action.meeting, action.decision, action.body) == (
        owner, due, meeting, decision, body)
    page = text_of(response)
    assert "Envoyer le compte rendu aux communes" in page
    assert "Maëlle Riou" in page


def test_the_owner_select_lists_current_members_and_the_coordination(runner, meeting, member, join, body):
    join(body, member(Role.REFERENTS, first_name="Maëlle", last_name="Riou"))
    join(body, member(Role.STAFF, first_name="Loïc", last_name="Hamon"), since=dt.date(2019, 1, 1),
         until=dt.date(2020, 1, 1))
    member(Role.COORDINATION, first_name="Anne", last_name="Le Goff")
    member(Role.STAFF, first_name="Erwan", last_name="Tanguy")
    page = BeautifulSoup(runner.get(page_of(meeting)).content, "html.parser")
    names = [option.get_text() for option in page.select("#id_action-owner option")]
    assert "Maëlle Riou" in names and "Anne Le Goff" in names
    assert "Loïc Hamon" not in names and "Erwan Tanguy" not in names


def test_an_action_for_someone_outside_the_body_or_due_in_the_past_is_refused(runner, meeting, member, join, body,
                                                                              clock):
    outsider = member(Role.STAFF)
    assert runner.post(page_of(meeting), action_data(outsider, clock.today())).status_code == 400
    owner = member(Role.REFERENTS)
    join(body, owner)
    response = runner.post(page_of(meeting), action_data(owner, clock.today() - dt.timedelta(days=1)))
    assert response.status_code == 400
    assert _("The due date cannot be in the past.") in text_of(response)
    assert not ActionItem.objects.exists()


# --- the site's search --------------------------------------------------------------------------------------


def test_the_site_search_finds_the_decisions_the_reader_may_read(client_staff, body, held_meeting, approve):
    public = held_meeting(body)
    approve(public)
    DecisionFactory(meeting=public, number="COTECH-2026-01", text="Harmonisation des tarifs publiée.")
    DecisionFactory(meeting=held_meeting(body, days_ago=2), number="COTECH-2026-02",
                    text="Harmonisation des tarifs en brouillon.")
    secret = BodyFactory(title="Cellule", short_name="CELL", reading_rule=ReadingRule.MEMBERS)
    hidden = held_meeting(secret)
    approve(hidden)
    DecisionFactory(meeting=hidden, number="CELL-2026-01", text="Harmonisation des tarifs confidentielle.")
    page = text_of(client_staff.get(reverse("search"), {"q": "harmonisation tarifs"}))
    assert "COTECH-2026-01" in page
    assert "COTECH-2026-02" not in page and "brouillon" not in page
    assert "CELL-2026-01" not in page and "confidentielle" not in page


# --- constant queries ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("scale", [1, 10])
def test_the_recording_page_queries_do_not_grow_with_data(runner, meeting, body, member, join, scale,
                                                          django_assert_max_num_queries):
    for n in range(scale):
        owner = member(Role.REFERENTS)
        join(body, owner)
        item = AgendaItemFactory(meeting=meeting)
        decision = DecisionFactory(meeting=meeting, item=item, number=f"COTECH-2026-{2 * n + 1:02d}")
        DecisionFactory(meeting=meeting, number=f"COTECH-2026-{2 * n + 2:02d}", outcome=DecisionOutcome.REFERRED,
                        escalation_blocked="Pas de réunion prévue de COPIL.")
        ActionItem.objects.create(body=body, meeting=meeting, decision=decision, title="Action", owner=owner,
                                  due_date=meeting.start.date() + dt.timedelta(days=30))
    with django_assert_max_num_queries(22):
        assert runner.get(page_of(meeting)).status_code == 200


@pytest.mark.parametrize("scale", [1, 10])
def test_the_decision_page_queries_do_not_grow_with_data(client_staff, body, held_meeting, approve, member, scale,
                                                         django_assert_max_num_queries):
    meeting = held_meeting(body)
    approve(meeting)
    decision = DecisionFactory(meeting=meeting, number="COTECH-2026-01")
    for _n in range(3 * scale):
        ActionItem.objects.create(body=body, meeting=meeting, decision=decision, title="Action",
                                  owner=member(Role.STAFF), due_date=meeting.start.date())
        DecisionFactory(meeting=meeting)
    MeetingFactory(body=body)
    with django_assert_max_num_queries(20):
        response = client_staff.get(decision.get_absolute_url())
    assert response.status_code == 200
    assert text_of(response).count("Action —") == 3 * scale
