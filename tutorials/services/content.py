"""Writes of the content family: marking a page as reviewed, and the moderation workflow of the
« Tutoriels & procédures » section."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intranet.roles import Role

from ..errors import NotAllowed
from ..models import OwnChangeRefusedApprovalTask, TutorialIndexPage, TutorialPage
from ..permissions import can_mark_reviewed

WORKFLOW_NAME = "Relecture des tutoriels par la coordination"
TASK_NAME = "Relecture par un autre membre de la coordination"


@transaction.atomic
def tutorial_mark_reviewed(*, page: TutorialPage, by, on: dt.date | None = None) -> TutorialPage:
    """The owner or Coordination confirms the page is still right: its last review becomes today and
    its next review date moves on.

    No new revision: a review changes no word readers see, and a revision would go through
    moderation (a referent owner would wait for Coordination to confirm that nothing changed). The
    live row is updated, and so are the stored revisions the editor and the next publication start
    from (the latest and the live one), so that publishing a later edit does not bring the old date
    back."""
    if not can_mark_reviewed(by, page):
        raise NotAllowed(_("Only the owner of the page and the coordination can mark it as reviewed."))
    page.last_reviewed = on or timezone.localdate()
    page.review_due = page.compute_review_due()
    TutorialPage.objects.filter(pk=page.pk).update(last_reviewed=page.last_reviewed, review_due=page.review_due)
    revision_ids = {page.latest_revision_id, page.live_revision_id} - {None}
    for revision in page.revisions.filter(pk__in=revision_ids):
        revision.content["last_reviewed"] = page.last_reviewed.isoformat()
        revision.save(update_fields=["content"])
    return page


@transaction.atomic
def ensure_review_workflow():
    """Idempotent: the section's workflow with its one task, approved by Coordination except by the
    change's author (the data migration makes it; seed_demo runs this again on an older database)."""
    from django.contrib.auth.models import Group
    from wagtail.models import Workflow, WorkflowPage, WorkflowTask

    section = TutorialIndexPage.objects.first()
    if section is None:
        return None
    task = OwnChangeRefusedApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = OwnChangeRefusedApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(Group.objects.get_or_create(name=Role.COORDINATION.value)[0])
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=section, defaults={"workflow": workflow})
    return workflow
