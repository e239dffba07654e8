"""Reads of action items: a person's, a body's and a meeting's, and who may own one. Each at a
constant number of queries."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from intranet.models import Person
from intranet.roles import Role

from ..models import ActionItem, ActionStatus, BodyPage, Meeting, Membership

RELATED = ("body", "meeting", "decision", "owner")


def open_actions_of(person: Person) -> QuerySet[ActionItem]:
    """The person's open actions across bodies, the earliest due (so the overdue ones) first."""
    return ActionItem.objects.open().filter(owner=person).select_related(*RELATED).order_by("due_date", "pk")


def closed_actions_of(person: Person) -> QuerySet[ActionItem]:
    """The person's done actions, the latest first."""
    return (ActionItem.objects.filter(owner=person, status=ActionStatus.DONE).select_related(*RELATED)
            .order_by("-done_at", "-pk"))


def body_actions(body: BodyPage, *, status: str = ActionStatus.OPEN) -> QuerySet[ActionItem]:
    actions = ActionItem.objects.filter(body=body, status=status).select_related(*RELATED)
    if status == ActionStatus.OPEN:
        return actions.order_by("due_date", "pk")
    return actions.order_by("-done_at", "-due_date", "-pk")


def meeting_actions(meeting: Meeting) -> list[ActionItem]:
    """The actions decided at a meeting, in the order they were recorded."""
    return list(ActionItem.objects.filter(meeting=meeting).select_related(*RELATED).order_by("pk"))


def owner_choices(body: BodyPage) -> list[Person]:
    """Who may own an action of the body: its current members and the Coordination, one query."""
    members = Membership.objects.serving(timezone.localdate()).filter(body=body).values("person_id")
    return list(Person.objects.filter(active=True)
                .filter(Q(pk__in=members) | Q(user__groups__name=Role.COORDINATION.value, user__is_active=True))
                .distinct().only("pk", "first_name", "last_name").order_by("last_name", "first_name", "pk"))
