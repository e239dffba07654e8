"""Reminder providers: what `manage.py send_reminders`, the single cron entry point, sends.

Each app declares its providers in its `wagtail_hooks.py` (`intranet.hooks.REMINDER_PROVIDERS`). A
provider's `due` takes `today` (a date) and returns the reminders that are due; it is responsible
for not sending the same reminder twice (e.g. by recording what it sent).
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


@dataclass(frozen=True)
class ReminderProvider:
    name: str
    due: Callable[[date], Iterable[Reminder]]
    order: int = 100

    @property
    def key(self) -> str:
        return self.name


def send_due_reminders(*, providers: Iterable[ReminderProvider], today: date,
                       on_progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Send what every provider says is due; returns the number sent per provider."""
    sent: dict[str, int] = {}
    for provider in providers:
        count = 0
        for reminder in provider.due(today):
            send_templated_email(to=reminder.to, template=reminder.template, context=reminder.context,
                                 attachments=reminder.attachments)
            count += 1
        sent[provider.name] = count
        if on_progress:
            on_progress(provider.name, count)
    return sent
