"""What `manage.py send_reminders` sends about action items (intranet.reminders):

- « due soon »: one email per open action to its owner, from three days before its due date (a
  day the cron missed is caught up the next), once per action and owner;
- « overdue »: once a week, whatever day the command runs first that week, one email per owner
  listing their open actions past their due date.

What was sent is recorded (ActionReminder, unique per person, kind and key), so running the
command again the same day, the next day or twice at once sends nothing more. Done and cancelled
actions are never reminded."""

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse

from intranet.reminders import Reminder, ReminderProvider

from .models import ActionItem, ActionReminder

DUE_SOON_DAYS = 3
DUE_SOON_TEMPLATE = "governance/email/action_due_soon"
OVERDUE_TEMPLATE = "governance/email/actions_overdue"


def iso_week(day: dt.date) -> str:
    """« 2026-W11 »: the key of a week's digest."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _reachable(actions):
    """Open actions whose owner can be written to."""
    return actions.open().filter(owner__active=True, owner__user__is_active=True).exclude(owner__user__email="")


def _context(**extra) -> dict:
    return {"site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"), "my_actions_url": reverse("governance:my_actions"),
            **extra}


def due_soon(today: dt.date) -> Iterator[Reminder]:
    already = ActionReminder.objects.filter(action=OuterRef("pk"), person=OuterRef("owner"),
                                            kind=ActionReminder.DUE_SOON)
    actions = (_reachable(ActionItem.objects.filter(due_date__gte=today,
                                                    due_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS)))
               .exclude(Exists(already)).select_related("owner__user", "body", "meeting").order_by("due_date", "pk"))
    for action in actions:
        _reminder, created = ActionReminder.objects.get_or_create(
            person=action.owner, kind=ActionReminder.DUE_SOON, key=str(action.pk), defaults={"action": action})
        if created:  # else another run got there first
            yield Reminder(to=[action.owner.user.email], template=DUE_SOON_TEMPLATE,
                           context=_context(action=action, owner=action.owner,
                                            days_left=(action.due_date - today).days))


def overdue_digests(today: dt.date) -> Iterator[Reminder]:
    week = iso_week(today)
    already = ActionReminder.objects.filter(person=OuterRef("owner"), kind=ActionReminder.OVERDUE_DIGEST, key=week)
    actions = (_reachable(ActionItem.objects.filter(due_date__lt=today)).exclude(Exists(already))
               .select_related("owner__user", "body").order_by("owner_id", "due_date", "pk"))
    by_owner: dict[int, list[ActionItem]] = {}
    for action in actions:
        by_owner.setdefault(action.owner_id, []).append(action)
    for owned in by_owner.values():
        owner = owned[0].owner
        _reminder, created = ActionReminder.objects.get_or_create(person=owner, kind=ActionReminder.OVERDUE_DIGEST,
                                                                  key=week)
        if created:
            yield Reminder(to=[owner.user.email], template=OVERDUE_TEMPLATE,
                           context=_context(actions=owned, owner=owner, today=today))


def due_reminders(today: dt.date) -> Iterator[Reminder]:
    yield from due_soon(today)
    yield from overdue_digests(today)


PROVIDER = ReminderProvider("governance_actions", due_reminders, order=60)
