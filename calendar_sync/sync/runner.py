"""Running the sync: each subscription and CalDAV link on its own, its failure recorded on its row
(last_error, failures in a row) and never raised, so one broken server does not stop the others and
the next run (cron, or the next change) tries again."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import CalDAVDirection, CalDAVLink, CalendarSubscription
from .caldav_client import describe_error

log = logging.getLogger(__name__)
ERROR_LENGTH = 1000


@dataclass
class Outcome:
    label: str
    ok: bool
    message: str


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(1 for outcome in self.outcomes if not outcome.ok)

    @property
    def all_failed(self) -> bool:
        return bool(self.outcomes) and self.failed == len(self.outcomes)


def record_success(row, **fields) -> None:
    row.last_synced_at, row.last_error, row.failures = timezone.now(), "", 0
    for name, value in fields.items():
        setattr(row, name, value)
    row.save(update_fields=["last_synced_at", "last_error", "failures", *fields])


def record_failure(row, message: str) -> None:
    type(row).objects.filter(pk=row.pk).update(last_error=message[:ERROR_LENGTH], failures=F("failures") + 1)
    row.refresh_from_db(fields=["last_error", "failures"])


def sync_link(link: CalDAVLink) -> Outcome:
    from .caldav_pull import pull_link
    from .caldav_push import push_link

    label = _("CalDAV %(url)s") % {"url": link.calendar_url}
    try:
        report = push_link(link) if link.direction == CalDAVDirection.PUSH else pull_link(link)
    except Exception as exc:  # any failure of a server is recorded, and retried next run
        message = describe_error(exc)
        log.warning("CalDAV link %s failed: %s", link.pk, message)
        record_failure(link, message)
        return Outcome(label, False, message)
    record_success(link)
    if link.direction == CalDAVDirection.PULL:
        from .triggers import calendar_changed

        calendar_changed(link.calendar_id)  # a pulled calendar may be published elsewhere too
    return Outcome(label, True, str(report))


def sync_subscription(subscription: CalendarSubscription) -> Outcome:
    from .subscriptions import refresh_subscription

    label = _("Subscription %(calendar)s") % {"calendar": subscription.calendar}
    try:
        message = refresh_subscription(subscription)
    except Exception as exc:  # recorded on the row, retried next run
        message = describe_error(exc)
        log.warning("Subscription %s failed: %s", subscription.pk, message)
        record_failure(subscription, message)
        return Outcome(label, False, message)
    return Outcome(label, True, message)


def sync_all(*, progress: Callable[[Outcome], None] | None = None) -> Summary:
    """Every active subscription and CalDAV link (pulls before pushes: what comes in is published)."""
    summary = Summary()
    subscriptions = (CalendarSubscription.objects.filter(active=True, calendar__active=True)
                     .select_related("calendar").order_by("pk"))
    links = (CalDAVLink.objects.filter(active=True, server__active=True)
             .select_related("server", "room__library", "calendar").order_by("-direction", "pk"))
    for item, run in [*((subscription, sync_subscription) for subscription in subscriptions),
                      *((link, sync_link) for link in links)]:
        outcome = run(item)
        summary.outcomes.append(outcome)
        if progress:
            progress(outcome)
    return summary
