"""Moderation of the « Tutoriels & procédures » section: referents add and edit but do not publish,
their changes wait for Coordination; nobody approves their own change (Wagtail #6995), even as a
member of Coordination; Coordination publishes directly. Rich text posted through the admin keeps
no script."""

import json

import pytest
from django.urls import reverse
from wagtail.models import TaskState

from intranet.roles import Role
from tests.tutorials.factories import TutorialFactory
from tutorials.models import OwnChangeRefusedApprovalTask, TutorialPage

pytestmark = pytest.mark.django_db


PLAIN_STATE = json.dumps({"blocks": [{"key": "k0a1b", "type": "unstyled", "depth": 0, "text": "Faire ceci.",
                                       "inlineStyleRanges": [], "entityRanges": [], "data": {}}], "entityMap": {}})


def edit_data(page: TutorialPage, *, body_html_state: str = PLAIN_STATE, **changes) -> dict:
    data = {
        "title": page.title, "slug": page.slug, "summary": page.summary, "kind": page.kind,
        "audience": page.audience, "topic": str(page.topic_id), "tags": "", "review_interval_months": "12",
        "owner_person": "", "last_reviewed": "", "change_summary": "", "body-count": "0",
    }
    data.update({"body-count": "1", "body-0-type": "text", "body-0-value": body_html_state,
                 "body-0-deleted": "", "body-0-order": "0", "body-0-id": ""})
    data.update(changes)
    return data


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


@pytest.fixture
def tutorial():
    return TutorialFactory(title="Prolonger un prêt")


def test_the_section_has_the_workflow_with_the_self_approval_refusing_task(tutorial):
    workflow = tutorial.get_workflow()
    task = workflow.tasks.get().specific
    assert isinstance(task, OwnChangeRefusedApprovalTask)
    assert {group.name for group in task.groups.all()} == {"Coordination"}


def test_a_referent_submits_and_the_page_stays_as_published(client_referent, tutorial):
    response = client_referent.post(edit_url(tutorial), edit_data(tutorial, title="Prolonger un prêt (2027)",
                                                               **{"action-submit": "Submit"}))
    assert response.status_code == 302
    tutorial.refresh_from_db()
    assert tutorial.title == "Prolonger un prêt"
    assert tutorial.current_workflow_state.status == tutorial.current_workflow_state.STATUS_IN_PROGRESS


def test_a_referent_cannot_publish(client_referent, tutorial):
    data = edit_data(tutorial, title="Publié sans relecture", **{"action-publish": "1"})
    client_referent.post(edit_url(tutorial), data)
    tutorial.refresh_from_db()
    assert tutorial.title == "Prolonger un prêt"


def test_coordination_publishes_directly(client_coordination, tutorial):
    response = client_coordination.post(edit_url(tutorial), edit_data(tutorial, title="Prolonger un prêt, version 2",
                                                                   **{"action-publish": "1"}))
    assert response.status_code == 302
    tutorial.refresh_from_db()
    assert tutorial.title == "Prolonger un prêt, version 2" and tutorial.live


def submitted_by(client, page) -> TaskState:
    client.post(edit_url(page), edit_data(page, title="Prolonger un prêt (relu)", **{"action-submit": "Submit"}))
    return TaskState.objects.filter(workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS).get()


def approve(client, page, task_state):
    return client.post(reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
                       {"comment": ""})


def test_a_coordinator_cannot_approve_their_own_submission(member, client_as, tutorial):
    author = client_as(member(Role.COORDINATION, first_name="Anne"))
    task_state = submitted_by(author, tutorial)
    response = approve(author, tutorial, task_state)
    # Refused as the admin refuses: 403, or back to the admin's home with a message.
    assert response.status_code == 403 or (response.status_code == 302 and response.url == reverse("wagtailadmin_home"))
    task_state.refresh_from_db()
    tutorial.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS and tutorial.title == "Prolonger un prêt"


def test_another_coordinator_approves_a_referents_submission(client_referent, client_coordination, tutorial):
    task_state = submitted_by(client_referent, tutorial)
    response = approve(client_coordination, tutorial, task_state)
    assert response.status_code in (200, 302)
    tutorial.refresh_from_db()
    assert tutorial.title == "Prolonger un prêt (relu)"


def test_the_submitter_is_not_offered_the_review_on_their_dashboard(member, tutorial):
    author = member(Role.COORDINATION, first_name="Anne").user
    colleague = member(Role.COORDINATION, first_name="Hervé").user
    submitted_by(client_for(author), tutorial)
    task = OwnChangeRefusedApprovalTask.objects.get()
    assert not task.get_task_states_user_can_moderate(author).exists()
    assert task.get_task_states_user_can_moderate(colleague).exists()


def client_for(user):
    from tests.accounts import logged_in

    return logged_in(user)


def test_rich_text_with_script_and_onerror_is_saved_and_shown_without_them(client_coordination, client_staff, tutorial):
    state = json.dumps({
        "blocks": [{"key": "a1b2c", "type": "unstyled", "depth": 0,
                    "text": "<script>alert(1)</script> voir le lien",
                    "inlineStyleRanges": [], "entityRanges": [{"offset": 34, "length": 4, "key": 0}],
                    "data": {"onerror": "alert(3)"}}],
        "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE",
                            "data": {"url": "javascript:alert(4)", "onerror": "alert(5)"}}},
    })
    response = client_coordination.post(edit_url(tutorial), edit_data(tutorial, body_html_state=state,
                                                                   **{"action-publish": "1"}))
    assert response.status_code == 302
    tutorial.refresh_from_db()
    stored = json.dumps(list(tutorial.body.raw_data))
    assert "voir" in stored
    for forbidden in ("<script", "onerror", "javascript:"):
        assert forbidden not in stored
    html = client_staff.get(tutorial.url).content.decode()
    body = html.split('class="tutorial__body"', 1)[1].split("</article>", 1)[0]
    assert "voir" in body
    for forbidden in ("<script", "onerror", "javascript:"):
        assert forbidden not in body


def test_a_referent_adds_a_page_that_waits_for_coordination(client_referent):
    from tests.tutorials.factories import TopicFactory
    from tutorials.models import TutorialIndexPage

    section = TutorialIndexPage.objects.get()
    draft = TutorialPage(title="Accueillir une classe", slug="accueillir-une-classe", summary="Le déroulé.",
                         kind="procedure", audience="everyone", topic=TopicFactory(name="Jeunesse"))
    url = reverse("wagtailadmin_pages:add", args=["tutorials", "tutorialpage", section.pk])
    assert client_referent.get(url).status_code == 200
    response = client_referent.post(url, edit_data(draft, **{"action-submit": "Submit"}))
    assert response.status_code == 302
    added = TutorialPage.objects.get(slug="accueillir-une-classe")
    assert not added.live
    assert added.current_workflow_state.status == added.current_workflow_state.STATUS_IN_PROGRESS
