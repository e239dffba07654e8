"""Templated emails (HTML + text, optional attachments) sent through Django's mail API.

Rendering happens now, in the caller's language and with the caller's data; delivery is a
django-tasks task enqueued once the transaction commits, so a rolled-back write sends nothing and a
slow mail server never slows a page (immediate backend by default, database queue in production).

A template name "intranet/email/invitation" means three files:
  intranet/email/invitation_subject.txt, intranet/email/invitation.txt, intranet/email/invitation.html
"""

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from html import unescape

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes | str
    mimetype: str


def network_sender() -> str:
    """The network's mailbox when the site setting has one, else DEFAULT_FROM_EMAIL."""
    from wagtail.models import Site

    from .models import NetworkSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site:
        network = NetworkSettings.for_site(site)
        if network.mailbox:
            return f"{network.network_name} <{network.mailbox}>"
    return settings.DEFAULT_FROM_EMAIL


def render_email(template: str, context: dict) -> tuple[str, str, str]:
    """Emails are written in the network's language (French), whoever triggers them: a command
    or a coordinator browsing in English must not send English mail to the network."""
    with translation.override(settings.LANGUAGE_CODE):
        # Templates autoescape; plain text has no markup, so its entities are turned back.
        subject = " ".join(unescape(render_to_string(f"{template}_subject.txt", context)).split())
        text = unescape(render_to_string(f"{template}.txt", context))
        html = render_to_string(f"{template}.html", context)
    return subject, text, html


KIND_HEADER = "X-Intranet-Email"


def send_templated_email(*, to: Sequence[str], template: str, context: dict,
                         attachments: Sequence[Attachment] = (), reply_to: Sequence[str] = ()) -> None:
    recipients = [address for address in to if address]
    if not recipients:
        return
    subject, text, html = render_email(template, context)
    payload = {
        "subject": subject,
        "text": text,
        "html": html,
        "to": recipients,
        "reply_to": list(reply_to),
        "from_email": network_sender(),
        # Which kind of message it is, for people's mail filters (and for tests that look for one kind).
        "headers": {KIND_HEADER: template},
        "attachments": [
            {
                "filename": attachment.filename,
                "mimetype": attachment.mimetype,
                "content_b64": base64.b64encode(
                    attachment.content.encode() if isinstance(attachment.content, str) else attachment.content
                ).decode(),
            }
            for attachment in attachments
        ],
    }
    transaction.on_commit(lambda: deliver_email.enqueue(**payload))


@task()
def deliver_email(*, subject: str, text: str, html: str, to: list[str], from_email: str,
                  reply_to: list[str], attachments: list[dict], headers: dict | None = None) -> int:
    message = EmailMultiAlternatives(subject=subject, body=text, from_email=from_email, to=to,
                                     reply_to=reply_to or None, headers=headers or None)
    message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(attachment["filename"], base64.b64decode(attachment["content_b64"]),
                       attachment["mimetype"])
    return message.send()
