"""Reminder providers: the registry behind `manage.py send_reminders`, the single cron entry point.

A provider is a callable taking `today` (a date) and returning the reminders that are due. It is
responsible for not sending the same reminder twice (e.g. by recording what it sent).
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from .notifications import Attachment, send_templated_email


@dataclass(frozen=True)
class Reminder:
    to: Sequence[str]
    template: str
    context: dict = field(default_factory=dict)
    attachments: Sequence[Attachment] = ()


ReminderProvider = Callable[[date], Iterable[Reminder]]

_providers: dict[str, ReminderProvider] = {}


def register_reminder_provider(name: str, provider: ReminderProvider) -> None:
    _providers[name] = provider


def registered_providers() -> dict[str, ReminderProvider]:
    return dict(sorted(_providers.items()))


def send_due_reminders(*, today: date, on_progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Send what every provider says is due; returns the number sent per provider."""
    sent: dict[str, int] = {}
    for name, provider in registered_providers().items():
        count = 0
        for reminder in provider(today):
            send_templated_email(to=reminder.to, template=reminder.template, context=reminder.context,
                                 attachments=reminder.attachments)
            count += 1
        sent[name] = count
        if on_progress:
            on_progress(name, count)
    return sent
