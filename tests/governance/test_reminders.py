"""`send_reminders` about action items: three days before the due date, once per action; a weekly
digest of overdue open actions, once per person and ISO week whatever day it runs; nothing for done
or cancelled actions, nothing twice."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from governance.action_reminders import iso_week
from governance.models import ActionReminder, ActionStatus
from intranet.notifications import KIND_HEADER
from intranet.roles import Role

from .factories import ActionItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """send() -> the emails about action items that one run of `send_reminders` sent (other apps remind of
    other things: the skills map asks people without skills to fill them in)."""

    def run():
        before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", stdout=io.StringIO())
        return [message for message in mail.outbox[before:]
                if message.extra_headers[KIND_HEADER].startswith("governance/")]

    return run


@pytest.fixture
def owner(member):
    return member(Role.REFERENTS, first_name="Maëlle", last_name="Riou", email="maelle.riou@reseau.test")


def due_in(days: int, clock) -> dt.date:
    return clock.today() + dt.timedelta(days=days)


def test_a_reminder_goes_to_the_owner_three_days_before_the_due_date(send, owner, body, clock):
    ActionItemFactory(body=body, owner=owner, title="Envoyer le bilan aux communes", due_date=due_in(3, clock))
    ActionItemFactory(body=body, owner=owner, title="Plus tard", due_date=due_in(4, clock))
    [message] = send()
    assert message.to == ["maelle.riou@reseau.test"]
    assert message.subject == _("Action due in %(days)s days: %(title)s") % {
        "days": 3, "title": "Envoyer le bilan aux communes"}
    assert "Envoyer le bilan aux communes" in message.body
    assert "Plus tard" not in message.body
    assert "/gouvernance/actions/" in message.body


def test_the_reminder_is_not_sent_twice_the_same_day_or_the_next(send, owner, body, clock):
    action = ActionItemFactory(body=body, owner=owner, due_date=due_in(3, clock))
    assert len(send()) == 1
    assert send() == []
    clock.shift(days=1)
    assert send() == []
    assert ActionReminder.objects.filter(kind=ActionReminder.DUE_SOON, key=str(action.pk), person=owner).count() == 1


def test_an_action_four_days_away_is_reminded_the_next_day(send, owner, body, clock):
    ActionItemFactory(body=body, owner=owner, due_date=due_in(4, clock))
    assert send() == []
    clock.shift(days=1)
    assert len(send()) == 1


def test_a_day_the_command_did_not_run_is_caught_up(send, owner, body, clock):
    ActionItemFactory(body=body, owner=owner, title="Relancer", due_date=due_in(1, clock))
    [message] = send()
    assert message.subject == _("Action due tomorrow: %(title)s") % {"title": "Relancer"}


@pytest.mark.parametrize("status", [ActionStatus.DONE, ActionStatus.CANCELLED])
def test_nothing_is_sent_for_done_or_cancelled_actions(send, owner, body, clock, status):
    done_at = clock.now() if status == ActionStatus.DONE else None
    ActionItemFactory(body=body, owner=owner, due_date=due_in(3, clock), status=status, done_at=done_at)
    ActionItemFactory(body=body, owner=owner, due_date=due_in(-3, clock), status=status, done_at=done_at)
    assert send() == []
    assert not ActionReminder.objects.exists()


def test_the_weekly_digest_lists_every_overdue_action_of_the_owner(send, owner, member, body, clock):
    ActionItemFactory(body=body, owner=owner, title="Envoyer le bilan", due_date=due_in(-2, clock))
    ActionItemFactory(body=body, owner=owner, title="Réserver la salle", due_date=due_in(-20, clock))
    other = member(Role.STAFF, email="loic.hamon@reseau.test")
    ActionItemFactory(body=body, owner=other, title="Mettre à jour le portail", due_date=due_in(-1, clock))
    messages = {message.to[0]: message for message in send()}
    assert set(messages) == {"maelle.riou@reseau.test", "loic.hamon@reseau.test"}
    digest = messages["maelle.riou@reseau.test"]
    assert digest.subject == ngettext("%(counter)s overdue action", "%(counter)s overdue actions", 2) % {"counter": 2}
    assert "Envoyer le bilan" in digest.body and "Réserver la salle" in digest.body
    assert "Mettre à jour le portail" not in digest.body
    assert ActionReminder.objects.filter(person=owner, kind=ActionReminder.OVERDUE_DIGEST, key="2026-W11").exists()


def test_the_digest_goes_once_a_week_whatever_day_the_command_runs(send, owner, body, clock):
    ActionItemFactory(body=body, owner=owner, due_date=due_in(-2, clock))
    assert len(send()) == 1  # Tuesday 10 March, week 11
    assert send() == []
    clock.shift(days=1)  # Wednesday
    assert send() == []
    clock.move_to("2026-03-15 23:30")  # Sunday, still week 11
    assert send() == []
    clock.move_to("2026-03-16 07:00")  # Monday, week 12
    [message] = send()
    assert message.to == ["maelle.riou@reseau.test"]
    clock.move_to("2026-03-20 07:00")  # Friday, week 12
    assert send() == []


def test_the_digest_stops_once_the_action_is_done(send, owner, body, clock):
    action = ActionItemFactory(body=body, owner=owner, due_date=due_in(-2, clock))
    assert len(send()) == 1
    action.status, action.done_at = ActionStatus.DONE, clock.now()
    action.save()
    clock.shift(days=7)
    assert send() == []


def test_an_owner_without_an_account_or_inactive_gets_nothing(send, body, clock):
    from tests.factories import PersonFactory

    ActionItemFactory(body=body, owner=PersonFactory(user=None), due_date=due_in(3, clock))
    ActionItemFactory(body=body, owner=PersonFactory(active=False), due_date=due_in(-3, clock))
    assert send() == []


def test_the_week_key_is_the_iso_week():
    assert iso_week(dt.date(2026, 3, 10)) == "2026-W11"
    assert iso_week(dt.date(2027, 1, 1)) == "2026-W53"
