"""Subscriptions: a remote .ics URL whose events fill a network calendar, refreshed by
`sync_calendars`. A conditional GET (ETag, Last-Modified) through the safe fetcher; a 304 changes
nothing but the time of the last sync; new content goes through import_into_calendar (source
SUBSCRIBED, prune_missing: what left the file is cancelled), and the validators are kept only with
the import that went with them."""

from django.db import transaction
from django.utils.translation import gettext as _

from ..importing import ImportRefused, import_into_calendar
from ..models import EventSource
from .errors import SyncError
from .net import fetch


def refresh_subscription(subscription) -> str:
    """Bring the subscription's calendar in step with its URL; what happened, in words. Raises
    SyncError (runner.sync_subscription records it on the row)."""
    from .runner import record_success
    from .triggers import calendar_changed

    if not subscription.active:
        raise SyncError(_("This subscription is switched off."))
    fetched = fetch(subscription.url, etag=subscription.etag, last_modified=subscription.last_modified)
    if fetched.not_modified:
        record_success(subscription)
        return _("Not modified since the last sync.")
    try:
        with transaction.atomic():
            report = import_into_calendar(calendar=subscription.calendar, data=fetched.content,
                                          source=EventSource.SUBSCRIBED, prune_missing=True,
                                          filename=subscription.url)
            record_success(subscription, etag=fetched.etag[:255], last_modified=fetched.last_modified[:64])
            if report.changes:
                calendar_changed(subscription.calendar_id)
    except ImportRefused as exc:
        raise SyncError(exc.message) from exc
    return _("%(new)s new, %(updated)s updated, %(cancelled)s cancelled, %(unchanged)s unchanged") % {
        "new": report.new, "updated": report.updated, "cancelled": report.cancelled, "unchanged": report.unchanged}
