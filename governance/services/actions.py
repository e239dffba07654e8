"""Writes of action items: created by a body's runners (at a meeting, after a decision, or on their
own), done by their owner, reopened or cancelled.

- Owner: a current member of the body, or someone of the Coordination (who follows every body).
- Due date: not in the past when it is set or changed.
- Done: by the owner or a runner, with an optional note; reopened by the same people; cancelled
  by a runner only. An open action stays open from one meeting to the next: each meeting's
  « Suivi des actions » lists the body's open actions."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intranet.models import Person
from intranet.roles import Role
from intranet.text import clean_line, clean_text

from .. import permissions
from ..errors import NotAllowed, Refused
from ..models import ActionItem, ActionReminder, ActionStatus, BodyPage, Decision, Meeting, Membership

TITLE_MAX_LENGTH = 200
NOTE_MAX_LENGTH = 2000
_UNCHANGED = object()


class ActionRefused(Refused):
    """A rule of the actions refuses the change."""


def _user(person: Person | None):
    return person.user if person is not None and person.user_id else None


def _require_runner(by: Person, body: BodyPage) -> None:
    if _user(by) is None or not permissions.can_run(by.user, body):
        raise NotAllowed(_("Only the secretary, the chair or the coordination can manage the actions of this "
                           "body."))


def _require_owner_or_runner(by: Person, action: ActionItem) -> None:
    if by is not None and by.pk == action.owner_id:
        return
    if _user(by) is None or not permissions.can_run(by.user, action.body):
        raise NotAllowed(_("Only the owner of this action, the secretary, the chair or the coordination can "
                           "do this."))


def may_own(person: Person, body: BodyPage, on: dt.date) -> bool:
    """Current members of the body, and the Coordination."""
    if Membership.objects.serving(on).filter(body=body, person=person).exists():
        return True
    return person.user_id is not None and person.user.is_active and \
        person.user.groups.filter(name=Role.COORDINATION.value).exists()


def _check_owner(owner: Person, body: BodyPage, today: dt.date) -> None:
    if owner is None or not owner.active or not may_own(owner, body, today):
        raise ActionRefused(_("The owner of an action must be a current member of %(body)s or someone of the "
                              "coordination.") % {"body": body.label})


def _check_due_date(due_date: dt.date, today: dt.date) -> None:
    if due_date is None:
        raise ActionRefused(_("Give the action a due date."))
    if due_date < today:
        raise ActionRefused(_("The due date cannot be in the past."))


def _clean_title(title: str) -> str:
    cleaned = clean_line(title or "")
    if not cleaned:
        raise ActionRefused(_("Say what is to be done."))
    if len(cleaned) > TITLE_MAX_LENGTH:
        raise ActionRefused(_("The title of an action is limited to %(max)d characters.") % {"max": TITLE_MAX_LENGTH})
    return cleaned


def _clean_note(note: str) -> str:
    cleaned = clean_text(note or "")
    if len(cleaned) > NOTE_MAX_LENGTH:
        raise ActionRefused(_("The note is limited to %(max)d characters.") % {"max": NOTE_MAX_LENGTH})
    return cleaned


def _check_links(body: BodyPage, meeting: Meeting | None, decision: Decision | None) -> None:
    if meeting is not None and meeting.body_id != body.pk:
        raise ActionRefused(_("This meeting belongs to another body."))
    if decision is not None:
        if decision.meeting.body_id != body.pk:
            raise ActionRefused(_("This decision belongs to another body."))
        if meeting is not None and decision.meeting_id != meeting.pk:
            raise ActionRefused(_("This decision was taken at another meeting."))


def _locked(action: ActionItem) -> ActionItem:
    return ActionItem.objects.select_for_update(of=("self",)).select_related("body").get(pk=action.pk)


@transaction.atomic
def action_create(*, body: BodyPage, meeting: Meeting | None = None, decision: Decision | None = None,
                  by: Person, title: str, owner: Person, due_date: dt.date) -> ActionItem:
    _require_runner(by, body)
    today = timezone.localdate()
    title = _clean_title(title)
    _check_owner(owner, body, today)
    _check_due_date(due_date, today)
    _check_links(body, meeting, decision)
    if meeting is None and decision is not None:
        meeting = decision.meeting
    return ActionItem.objects.create(body=body, meeting=meeting, decision=decision, title=title, owner=owner,
                                     due_date=due_date)


@transaction.atomic
def action_update(*, action: ActionItem, by: Person, title: str | None = None, owner: Person | None = None,
                  due_date: dt.date | None = None, decision=_UNCHANGED) -> ActionItem:
    """Change what is to be done, by whom, by when, or the decision it follows (`decision=None`
    detaches it). A due date already past may stay as it is; a new one may not be in the past."""
    action = _locked(action)
    _require_runner(by, action.body)
    today = timezone.localdate()
    if title is not None:
        action.title = _clean_title(title)
    if owner is not None and owner.pk != action.owner_id:
        _check_owner(owner, action.body, today)
        action.owner = owner
    if due_date is not None and due_date != action.due_date:
        _check_due_date(due_date, today)
        action.due_date = due_date
        # A new due date deserves its own reminder three days before.
        action.reminders.filter(kind=ActionReminder.DUE_SOON).delete()
    if decision is not _UNCHANGED:
        _check_links(action.body, action.meeting, decision)
        action.decision = decision
    action.save()
    return action


@transaction.atomic
def action_complete(*, action: ActionItem, by: Person, note: str = "") -> ActionItem:
    action = _locked(action)
    _require_owner_or_runner(by, action)
    if action.status != ActionStatus.OPEN:
        raise ActionRefused(_("This action is not open: it was already done or cancelled."))
    action.status = ActionStatus.DONE
    action.done_at = timezone.now()
    action.done_note = _clean_note(note)
    action.save(update_fields=["status", "done_at", "done_note"])
    return action


@transaction.atomic
def action_reopen(*, action: ActionItem, by: Person) -> ActionItem:
    """Open again an action marked done (its owner or a runner) or cancelled (a runner)."""
    action = _locked(action)
    if action.status == ActionStatus.OPEN:
        raise ActionRefused(_("This action is already open."))
    if action.status == ActionStatus.CANCELLED:
        _require_runner(by, action.body)
    else:
        _require_owner_or_runner(by, action)
    action.status = ActionStatus.OPEN
    action.done_at = None
    action.done_note = ""
    action.save(update_fields=["status", "done_at", "done_note"])
    return action


@transaction.atomic
def action_cancel(*, action: ActionItem, by: Person, note: str = "") -> ActionItem:
    """A runner drops an open action (no longer relevant); the note says why."""
    action = _locked(action)
    _require_runner(by, action.body)
    if action.status != ActionStatus.OPEN:
        raise ActionRefused(_("This action is not open: it was already done or cancelled."))
    action.status = ActionStatus.CANCELLED
    action.done_note = _clean_note(note)
    action.save(update_fields=["status", "done_note"])
    return action
