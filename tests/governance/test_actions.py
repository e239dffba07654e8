"""Action items: who gives them and to whom, « Mes actions » with the overdue ones marked in words,
marking one done with a note (the owner, not another member), reopening and cancelling, a body's
list, the dashboard panel, and constant queries."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.urls import reverse
from django.utils.translation import gettext as _

from governance.errors import NotAllowed, Refused
from governance.models import ActionItem, ActionReminder, ActionStatus, MembershipRole, ReadingRule
from governance.services import actions as services
from governance.views.actions import my_open_actions_panel
from intranet.models import HomePage
from intranet.roles import Role

from .factories import ActionItemFactory, BodyFactory, MeetingFactory

pytestmark = pytest.mark.django_db

MY_ACTIONS = reverse("governance:my_actions")


def text_of(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


@pytest.fixture
def owner(member, join, body):
    person = member(Role.REFERENTS, first_name="Maëlle", last_name="Riou")
    join(body, person)
    return person


# --- services ---------------------------------------------------------------------------------------------


def test_a_runner_gives_an_action_to_a_current_member(body, secretary, owner, clock):
    due = clock.today() + dt.timedelta(days=10)
    action = services.action_create(body=body, by=secretary, title="  Relancer les communes ", owner=owner,
                                    due_date=due)
    assert (action.title, action.owner, action.due_date, action.status) == (
        "Relancer les communes", owner, due, ActionStatus.OPEN)


def test_the_coordination_may_own_an_action_of_any_body(body, secretary, member, clock):
    coordinator = member(Role.COORDINATION)
    action = services.action_create(body=body, by=secretary, title="Valider le budget", owner=coordinator,
                                    due_date=clock.today())
    assert action.owner == coordinator


def test_a_former_member_or_an_outsider_cannot_own_an_action(body, secretary, member, join, clock):
    former = member(Role.STAFF)
    join(body, former, since=dt.date(2020, 1, 1), until=clock.today() - dt.timedelta(days=1))
    for person in (former, member(Role.STAFF)):
        with pytest.raises(Refused):
            services.action_create(body=body, by=secretary, title="Relancer", owner=person, due_date=clock.today())
    assert not ActionItem.objects.exists()


def test_a_due_date_in_the_past_is_refused(body, secretary, owner, clock):
    with pytest.raises(Refused) as refused:
        services.action_create(body=body, by=secretary, title="Relancer", owner=owner,
                               due_date=clock.today() - dt.timedelta(days=1))
    assert refused.value.message == _("The due date cannot be in the past.")


def test_a_plain_member_cannot_give_actions(body, owner, clock):
    with pytest.raises(NotAllowed):
        services.action_create(body=body, by=owner, title="Relancer", owner=owner, due_date=clock.today())


def test_an_action_keeps_its_past_due_date_when_its_title_changes(body, secretary, owner, clock):
    action = ActionItemFactory(body=body, owner=owner, due_date=clock.today() - dt.timedelta(days=5))
    services.action_update(action=action, by=secretary, title="Relancer les communes")
    action.refresh_from_db()
    assert action.title == "Relancer les communes"
    with pytest.raises(Refused):
        services.action_update(action=action, by=secretary, due_date=clock.today() - dt.timedelta(days=1))


def test_a_new_due_date_earns_a_new_reminder(body, secretary, owner, clock):
    action = ActionItemFactory(body=body, owner=owner)
    ActionReminder.objects.create(person=owner, action=action, kind=ActionReminder.DUE_SOON, key=str(action.pk))
    services.action_update(action=action, by=secretary, due_date=clock.today() + dt.timedelta(days=30))
    assert not ActionReminder.objects.exists()


def test_the_owner_marks_an_action_done_with_a_note(body, owner, clock):
    action = ActionItemFactory(body=body, owner=owner)
    services.action_complete(action=action, by=owner, note="Courrier envoyé le 9 mars.")
    action.refresh_from_db()
    assert (action.status, action.done_note, action.done_at) == (ActionStatus.DONE, "Courrier envoyé le 9 mars.",
                                                                 clock.now())
    with pytest.raises(Refused):
        services.action_complete(action=action, by=owner)


def test_another_member_cannot_mark_it_done_but_a_runner_can(body, owner, member, join, secretary):
    action = ActionItemFactory(body=body, owner=owner)
    colleague = member(Role.REFERENTS)
    join(body, colleague)
    with pytest.raises(NotAllowed):
        services.action_complete(action=action, by=colleague, note="Fait")
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    services.action_complete(action=action, by=secretary)
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_reopening_and_cancelling(body, owner, secretary):
    action = ActionItemFactory(body=body, owner=owner)
    services.action_complete(action=action, by=owner, note="Fait")
    services.action_reopen(action=action, by=owner)
    action.refresh_from_db()
    assert (action.status, action.done_at, action.done_note) == (ActionStatus.OPEN, None, "")
    with pytest.raises(NotAllowed):
        services.action_cancel(action=action, by=owner)
    services.action_cancel(action=action, by=secretary, note="Sans objet après le vote du COPIL.")
    action.refresh_from_db()
    assert action.status == ActionStatus.CANCELLED
    with pytest.raises(NotAllowed):  # only a runner reopens what a runner cancelled
        services.action_reopen(action=action, by=owner)


def test_an_open_action_of_a_past_meeting_stays_open_for_the_next_one(body, owner, held_meeting, approve, clock):
    past = held_meeting(body, days_ago=40)
    approve(past)
    action = ActionItemFactory(body=body, owner=owner, meeting=past, due_date=clock.today() - dt.timedelta(days=10))
    MeetingFactory(body=body)
    assert list(ActionItem.objects.open().filter(body=body)) == [action]


# --- « Mes actions » --------------------------------------------------------------------------------------


@pytest.fixture
def my_list(body, owner, clock, held_meeting):
    today = clock.today()
    late = ActionItemFactory(body=body, owner=owner, title="Envoyer le bilan", due_date=today - dt.timedelta(days=3),
                             meeting=held_meeting(body, days_ago=30))
    soon = ActionItemFactory(body=body, owner=owner, title="Préparer la revue", due_date=today + dt.timedelta(days=5))
    done = ActionItemFactory(body=body, owner=owner, title="Réserver la salle", status=ActionStatus.DONE,
                             done_at=clock.now(), done_note="Salle Aurore réservée.")
    ActionItemFactory(body=body, title="L'action d'un autre")
    return late, soon, done


def test_my_actions_marks_the_overdue_ones_in_words(client_as, owner, my_list):
    _late, _soon, _done = my_list
    page = BeautifulSoup(client_as(owner).get(MY_ACTIONS).content, "html.parser")
    cards = page.select(".action-list > li")
    assert [card.select_one(".action__title").get_text(" ", strip=True) for card in cards] == [
        f"Envoyer le bilan {_('Overdue')}", "Préparer la revue"]
    assert "action--overdue" in cards[0]["class"] and "action--overdue" not in cards[1]["class"]
    assert _("Was due on %(date)s") % {"date": "samedi 7 mars 2026"} in cards[0].get_text(" ")
    assert _("Due on %(date)s") % {"date": "dimanche 15 mars 2026"} in cards[1].get_text(" ")
    assert "L'action d'un autre" not in page.get_text()


def test_my_done_actions_are_listed_below_with_their_note(client_as, owner, my_list):
    page = BeautifulSoup(client_as(owner).get(MY_ACTIONS).content, "html.parser")
    done = page.find("h2", id="done-title").find_parent("section")
    assert "Réserver la salle" in done.get_text()
    assert "Salle Aurore réservée." in done.get_text()


def test_the_owner_marks_an_action_done_from_my_actions(client_as, owner, my_list):
    late, _soon, _done = my_list
    client = client_as(owner)
    response = client.post(reverse("governance:action_complete", args=[late.pk]),
                           {"note": "Bilan envoyé aux 14 communes.", "next": MY_ACTIONS}, follow=True)
    assert response.redirect_chain[-1][0] == MY_ACTIONS
    late.refresh_from_db()
    assert (late.status, late.done_note) == (ActionStatus.DONE, "Bilan envoyé aux 14 communes.")
    page = BeautifulSoup(response.content, "html.parser")
    assert "Envoyer le bilan" not in page.select_one(".action-list").get_text()
    assert "Bilan envoyé aux 14 communes." in page.find("h2", id="done-title").find_parent("section").get_text()


def test_another_member_cannot_mark_my_action_done(client_as, member, join, body, my_list):
    late, _soon, _done = my_list
    colleague = member(Role.REFERENTS)
    join(body, colleague)
    response = client_as(colleague).post(reverse("governance:action_complete", args=[late.pk]), {"note": "Fait"})
    assert response.status_code == 403
    late.refresh_from_db()
    assert late.status == ActionStatus.OPEN


def test_a_too_long_note_is_refused_and_nothing_changes(client_as, owner, my_list):
    late, _soon, _done = my_list
    response = client_as(owner).post(reverse("governance:action_complete", args=[late.pk]), {"note": "x" * 2001})
    assert response.status_code == 400
    late.refresh_from_db()
    assert late.status == ActionStatus.OPEN


def test_an_action_of_a_body_one_may_not_see_is_404(client_staff, clock):
    secret = BodyFactory(reading_rule=ReadingRule.MEMBERS)
    action = ActionItemFactory(body=secret)
    assert client_staff.get(reverse("governance:action_complete", args=[action.pk])).status_code == 404


def test_the_owner_reopens_a_done_action(client_as, owner, my_list):
    _late, _soon, done = my_list
    client_as(owner).post(reverse("governance:action_reopen", args=[done.pk]))
    done.refresh_from_db()
    assert done.status == ActionStatus.OPEN


def test_my_actions_without_a_directory_entry(client_as, db):
    from tests.factories import UserFactory

    response = client_as(UserFactory()).get(MY_ACTIONS)
    assert response.status_code == 200


def test_the_dashboard_panel_lists_my_open_actions_overdue_first(client_as, owner, my_list):
    page = BeautifulSoup(client_as(owner).get(HomePage.objects.get().url).content, "html.parser")
    panel = page.select_one(".panel--governance_my_actions")
    items = [" ".join(li.get_text(" ").split()) for li in panel.select("li")]
    assert items[0].startswith(f"Envoyer le bilan {_('Overdue')}")
    assert items[1].startswith("Préparer la revue")
    assert len(items) == 2


def test_the_dashboard_panel_is_not_shown_without_open_actions(client_as, member):
    page = BeautifulSoup(client_as(member(Role.STAFF)).get(HomePage.objects.get().url).content, "html.parser")
    assert page.select_one(".panel--governance_my_actions") is None


# --- a body's actions ---------------------------------------------------------------------------------------


def test_the_body_actions_list_is_for_who_sees_the_body(client_staff, client_volunteer, body, owner, my_list):
    url = reverse("governance:body_actions", args=[body.pk])
    page = text_of(client_staff.get(url))
    assert "Envoyer le bilan" in page and "Préparer la revue" in page
    assert "Réserver la salle" not in page
    assert "Réserver la salle" in text_of(client_staff.get(url, {"status": ActionStatus.DONE}))
    assert client_volunteer.get(url).status_code == 404


def test_a_runner_cancels_an_action_from_the_body_list(client_as, secretary, body, my_list):
    late, _soon, _done = my_list
    response = client_as(secretary).post(reverse("governance:action_cancel", args=[late.pk]),
                                         {"note": "Sans objet."})
    assert response.status_code == 302
    late.refresh_from_db()
    assert (late.status, late.done_note) == (ActionStatus.CANCELLED, "Sans objet.")


def test_a_plain_member_cannot_change_or_cancel_an_action(client_as, owner, my_list):
    late, _soon, _done = my_list
    client = client_as(owner)
    assert client.get(reverse("governance:action_edit", args=[late.pk])).status_code == 403
    assert client.post(reverse("governance:action_cancel", args=[late.pk])).status_code == 403


def test_a_runner_changes_an_action(client_as, secretary, body, my_list, member, join, clock):
    late, _soon, _done = my_list
    other = member(Role.REFERENTS, first_name="Yannick", last_name="Le Bihan")
    join(body, other, MembershipRole.REFERENT)
    due = clock.today() + dt.timedelta(days=7)
    response = client_as(secretary).post(reverse("governance:action_edit", args=[late.pk]), {
        "title": "Envoyer le bilan corrigé", "owner": other.pk, "due_date": due.isoformat(), "decision": ""})
    assert response.status_code == 302
    late.refresh_from_db()
    assert (late.title, late.owner, late.due_date) == ("Envoyer le bilan corrigé", other, due)


# --- constant queries ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("scale", [1, 10])
def test_my_actions_queries_do_not_grow_with_data(client_as, owner, body, clock, held_meeting, scale,
                                                  django_assert_max_num_queries):
    other_body = BodyFactory(title="Groupe Jeunesse")
    meeting = held_meeting(body)
    for n in range(3 * scale):
        ActionItemFactory(body=body if n % 2 else other_body, owner=owner, meeting=meeting,
                          due_date=clock.today() + dt.timedelta(days=n - 5))
        ActionItemFactory(body=body, owner=owner, status=ActionStatus.DONE, done_at=clock.now(), done_note="Fait")
    client = client_as(owner)
    with django_assert_max_num_queries(16):
        response = client.get(MY_ACTIONS)
    assert len(BeautifulSoup(response.content, "html.parser").select(".action-list > li")) == 3 * scale


@pytest.mark.parametrize("scale", [1, 10])
def test_the_body_actions_queries_do_not_grow_with_data(client_staff, body, owner, clock, scale,
                                                        django_assert_max_num_queries):
    for _n in range(3 * scale):
        ActionItemFactory(body=body, owner=owner, meeting=MeetingFactory(body=body))
    with django_assert_max_num_queries(16):
        assert client_staff.get(reverse("governance:body_actions", args=[body.pk])).status_code == 200


@pytest.mark.parametrize("scale", [1, 10])
def test_the_dashboard_panel_queries_do_not_grow_with_data(owner, body, clock, scale, django_assert_max_num_queries):
    for n in range(3 * scale):
        ActionItemFactory(body=body, owner=owner, due_date=clock.today() + dt.timedelta(days=n - 5))
    request = RequestFactory().get("/")
    request.user = owner.user
    with django_assert_max_num_queries(2):
        context = my_open_actions_panel(request)
    assert len(context["rows"]) == min(5, 3 * scale)
    assert context["more"] is (3 * scale > 5)
