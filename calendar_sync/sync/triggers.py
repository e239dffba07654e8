"""After a booking of a pushed room or an event of a pushed calendar changes, its CalDAV links are
pushed once the transaction commits (never inside it: a rolled-back change pushes nothing, and a
server that is down cannot fail the booking). Each link is enqueued once per transaction however
many rows changed (a series of fifty bookings, an import of two thousand events)."""

import logging

from django.db import connection, transaction

from ..models import CalDAVDirection, CalDAVLink

log = logging.getLogger(__name__)


class _Push:
    """The on_commit callback of one link; it is found again in the connection's pending callbacks
    to enqueue a link once (a rollback drops the callbacks with the changes)."""

    def __init__(self, link_id: int):
        self.link_id = link_id
        self.done = False

    def __call__(self):
        from .tasks import push_link

        self.done = True
        try:
            push_link.enqueue(self.link_id)
        except Exception:  # the queue itself is down: sync_calendars catches up
            log.exception("Could not enqueue the push of CalDAV link %s", self.link_id)


def _pending() -> set[int]:
    return {func.link_id for _ids, func, *_rest in connection.run_on_commit
            if isinstance(func, _Push) and not func.done}


def _schedule(links) -> None:
    link_ids = list(links.filter(direction=CalDAVDirection.PUSH, active=True, server__active=True)
                    .values_list("pk", flat=True))
    if not link_ids:
        return
    pending = _pending() if connection.in_atomic_block else set()
    for link_id in link_ids:
        if link_id not in pending:
            transaction.on_commit(_Push(link_id), robust=True)


def rooms_changed(room_ids) -> None:
    room_ids = set(room_ids) - {None}
    if room_ids:
        _schedule(CalDAVLink.objects.filter(room_id__in=room_ids))


def calendar_changed(calendar_id) -> None:
    if calendar_id is not None:
        _schedule(CalDAVLink.objects.filter(calendar_id=calendar_id))


def bookings_changed(bookings) -> None:
    """Called by the booking services for every change they log (create, update, cancel, decide)."""
    rooms_changed({booking.room_id for booking in bookings})
