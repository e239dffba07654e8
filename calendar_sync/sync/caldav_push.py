"""Publishing to a CalDAV collection: a room's bookings, or a network calendar's events.

One object per UID (RFC 4791 4.1): a booking is one VEVENT (a booking series is pushed as its
occurrences, each a Booking row with its own UID, as the intranet stores it); a network event is its
master with its changed occurrences. Objects are written with If-None-Match: * (new) or If-Match and
the ETag kept from the last write; a 412 (someone changed or removed it on the server) is answered by
re-reading the object's ETag and writing once more: the intranet holds the truth of what it pushes.
The fingerprint of each document is kept, so an unchanged event is not sent again, and what is no
longer to be published (cancelled, deleted) is deleted on the server.

Private bookings are pushed as « Réservé » with no note: nobody in particular reads a collection.

Each object is recorded as soon as the server took it (no transaction around network calls): a
failure half-way leaves the rows true to what the server holds, and the next run carries on."""

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..events import CalendarEvent
from ..feed_writer import utc, vevent, vtimezone
from ..ical import PRODID
from ..models import ACTIVE_STATUSES, AgendaEvent, Booking, CalDAVDirection, CalDAVObject, EventStatus
from ..sources import agenda_event, booking_event
from .caldav_client import collection_url, dav_client
from .errors import SyncError

OK = {200, 201, 204}


@dataclass
class PushReport:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    conflicts: int = 0  # 412s answered by re-reading

    def __str__(self):
        return _("%(created)s created, %(updated)s updated, %(deleted)s deleted, %(unchanged)s unchanged") % {
            "created": self.created, "updated": self.updated, "deleted": self.deleted, "unchanged": self.unchanged}


def object_document(events: list[CalendarEvent]) -> str:
    """The VCALENDAR of one object: a master and its overrides (one UID). DTSTAMP is the time of the
    last change, so that the same event gives the same document (and fingerprint) every run."""
    tzid = settings.TIME_ZONE
    stamps = [event.last_modified or event.created for event in events if event.last_modified or event.created]
    stamp = utc(max(stamps)) if stamps else utc(events[0].start)
    zoned = any(not event.all_day and (event.is_recurring or event.recurrence_id is not None) for event in events)
    return "".join(["BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", f"PRODID:{PRODID}\r\n", "CALSCALE:GREGORIAN\r\n",
                    vtimezone(tzid) if zoned else "", *(vevent(event, stamp=stamp, tzid=tzid) for event in events),
                    "END:VCALENDAR\r\n"])


def _since(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=settings.CALENDAR_FEED_PAST_DAYS)


def room_documents(room, *, now: dt.datetime) -> dict[str, str]:
    """{uid: document} of the room's active bookings, from CALENDAR_FEED_PAST_DAYS ago on."""
    bookings = (Booking.objects.filter(room=room, status__in=ACTIVE_STATUSES, end__gte=_since(now))
                .select_related("room__library").order_by("start"))
    # viewer None: nobody in particular, so a private booking reads « Réservé » with no note.
    return {booking.ical_uid: object_document([booking_event(booking, None)]) for booking in bookings}


def calendar_documents(calendar, *, now: dt.datetime) -> dict[str, str]:
    """{uid: document} of the calendar's events not cancelled, from CALENDAR_FEED_PAST_DAYS ago on:
    each master with its changed (or cancelled) occurrences."""
    since = _since(now)
    # repeats_until is the end of a recurring master's last occurrence (None with no end).
    rows = (AgendaEvent.objects.filter(calendar=calendar)
            .filter(Q(end__gte=since) | Q(repeats_until__gte=since) | (Q(repeats_until__isnull=True) & ~Q(rrule="")))
            .select_related("calendar").order_by("recurrence_id", "start", "pk"))
    masters, overrides = {}, defaultdict(list)
    for row in rows:
        if row.recurrence_id is None:
            if row.status != EventStatus.CANCELLED:
                masters[row.uid] = row
        else:
            overrides[row.uid].append(row)
    return {uid: object_document([agenda_event(master), *(agenda_event(row) for row in overrides[uid])])
            for uid, master in masters.items()}


def link_documents(link, *, now: dt.datetime) -> dict[str, str]:
    if link.room_id is not None:
        return room_documents(link.room, now=now)
    return calendar_documents(link.calendar, now=now)


def fingerprint(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


def object_href(link, uid: str) -> str:
    return collection_url(link) + quote(uid, safe="") + ".ics"


class Pusher:
    def __init__(self, link, client):
        self.link = link
        self.client = client
        self.report = PushReport()

    def _current_etag(self, href: str) -> str | None:
        """The ETag the server holds now (None: no such object), read again after a 412."""
        response = self.client.request(href, "GET")
        if response.status == 404:
            return None
        if response.status not in OK:
            raise SyncError(_("The CalDAV server answered %(status)s when reading %(href)s.")
                            % {"status": response.status, "href": href})
        return response.headers.get("ETag") or ""

    def _put(self, href: str, document: str, etag: str | None) -> str:
        for attempt in range(2):
            headers = {"Content-Type": "text/calendar; charset=utf-8"}
            headers.update({"If-Match": etag} if etag else {"If-None-Match": "*"})
            response = self.client.put(href, document, headers)
            if response.status in OK:
                return response.headers.get("ETag") or self._current_etag(href) or ""
            if response.status == 412 and attempt == 0:
                self.report.conflicts += 1
                etag = self._current_etag(href)
                continue
            raise SyncError(_("The CalDAV server answered %(status)s when writing %(href)s.")
                            % {"status": response.status, "href": href})
        raise AssertionError("unreachable")

    def _delete(self, href: str, etag: str) -> None:
        for attempt in range(2):
            response = self.client.delete(href, {"If-Match": etag} if etag else {})
            if response.status in OK or response.status == 404:  # gone already: what we wanted
                return
            if response.status == 412 and attempt == 0:
                self.report.conflicts += 1
                etag = self._current_etag(href)
                if etag is None:
                    return
                continue
            raise SyncError(_("The CalDAV server answered %(status)s when deleting %(href)s.")
                            % {"status": response.status, "href": href})

    def run(self, *, now: dt.datetime) -> PushReport:
        documents = link_documents(self.link, now=now)
        kept = {row.uid: row for row in CalDAVObject.objects.filter(link=self.link)}
        for uid, document in documents.items():
            print_ = fingerprint(document)
            row = kept.get(uid)
            if row is not None and row.fingerprint == print_:
                self.report.unchanged += 1
                continue
            href = row.href if row is not None else object_href(self.link, uid)
            etag = self._put(href, document, row.etag if row is not None else None)
            if row is None:
                CalDAVObject.objects.create(link=self.link, uid=uid, href=href, etag=etag, fingerprint=print_,
                                            pushed_at=now)
                self.report.created += 1
            else:
                row.etag, row.fingerprint, row.pushed_at = etag, print_, now
                row.save(update_fields=["etag", "fingerprint", "pushed_at"])
                self.report.updated += 1
        for uid, row in kept.items():
            if uid not in documents:
                self._delete(row.href, row.etag)
                row.delete()
                self.report.deleted += 1
        return self.report


def push_link(link, *, now: dt.datetime | None = None) -> PushReport:
    """Bring the server's collection in step with what the link publishes (SyncError, or the caldav
    library's and the network's errors, when it cannot: sync_link records them)."""
    if link.direction != CalDAVDirection.PUSH:
        raise SyncError(_("This CalDAV calendar is brought in, not published."))
    return Pusher(link, dav_client(link.server)).run(now=now or timezone.now())
