"""Templated emails leave after the transaction commits; `send_reminders` runs every provider."""

import io

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Site

from intranet.hooks import REMINDER_PROVIDERS
from intranet.models import NetworkSettings
from intranet.notifications import KIND_HEADER, Attachment, send_templated_email
from intranet.reminders import Reminder, ReminderProvider

pytestmark = pytest.mark.django_db

ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Intranet//FR\r\nEND:VCALENDAR\r\n"


def invitation(to: str, **extra) -> dict:
    return {
        "to": [to], "template": "intranet/email/invitation",
        "context": {"user": {"first_name": "Katell", "email": to}, "set_password_url": "http://testserver/mdp/",
                    "site_url": "http://testserver/"},
        **extra,
    }


def test_email_is_sent_with_html_and_attachment_once_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_email(**invitation("katell@reseau.test",
                                          attachments=[Attachment("reunion.ics", ICS, "text/calendar")]))
        assert mail.outbox == []  # not before the commit
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["katell@reseau.test"]
    assert "http://testserver/mdp/" in message.body
    [(html, html_type)] = message.alternatives
    assert html_type == "text/html"
    assert 'href="http://testserver/mdp/"' in html
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("reunion.ics", "text/calendar")
    assert "BEGIN:VCALENDAR" in content


def test_each_email_says_which_kind_of_message_it_is_for_mail_filters(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_email(**invitation("katell@reseau.test"))
    assert mail.outbox[0].message()[KIND_HEADER] == "intranet/email/invitation"


def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with (django_capture_on_commit_callbacks(execute=True) as callbacks,
          pytest.raises(RuntimeError), transaction.atomic()):
        send_templated_email(**invitation("katell@reseau.test"))
        raise RuntimeError("the write failed")
    assert callbacks == []
    assert mail.outbox == []


def test_email_comes_from_the_default_sender_without_a_network_mailbox(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_email(**invitation("katell@reseau.test"))
    assert mail.outbox[0].from_email == settings.DEFAULT_FROM_EMAIL


def test_email_comes_from_the_network_mailbox_when_it_is_set(django_capture_on_commit_callbacks):
    network = NetworkSettings.for_site(Site.objects.get(is_default_site=True))
    network.network_name, network.mailbox = "Réseau de la Baie", "reseau@baie.test"
    network.save()
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_email(**invitation("katell@reseau.test"))
    assert mail.outbox[0].from_email == "Réseau de la Baie <reseau@baie.test>"


def test_no_recipient_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_templated_email(**invitation(""))
    assert callbacks == []
    assert mail.outbox == []


@pytest.fixture
def test_provider():
    """A reminder provider registered for one test only, through Wagtail's public API for hooks."""
    calls = []

    def due(today):
        calls.append(today)
        return [Reminder(to=[f"{name}@reseau.test"], template="intranet/email/invitation",
                         context={"user": {"first_name": name}, "set_password_url": "http://testserver/",
                                  "site_url": "http://testserver/"})
                for name in ("katell", "yann")]

    with hooks.register_temporarily(REMINDER_PROVIDERS, lambda: [ReminderProvider("zz-test-provider", due)]):
        yield calls


def test_send_reminders_sends_what_a_provider_says_is_due(test_provider, django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=out)
    assert sorted(message.to[0] for message in mail.outbox) == ["katell@reseau.test", "yann@reseau.test"]
    assert test_provider == [timezone.localdate()]
    output = out.getvalue()
    assert "zz-test-provider: 2 reminder(s) sent" in output
    assert "2 reminder(s) sent." in output.splitlines()
    assert output.rstrip().splitlines()[-1] == "0 departure(s) anonymised."  # then the anonymisation runs
