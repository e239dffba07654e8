"""Bringing a CalDAV collection into a network calendar.

The sync-collection REPORT (RFC 6578) with the token kept from the last run gives what changed and
what was deleted since; the changes go through import_into_calendar (source CALDAV), the deletions
cancel the events (the calendar apps that read our feeds then drop them). When the server refuses
the token (expired, unknown: RFC 6578 3.2) or there is none yet, the whole collection is read again
with a fresh token and imported with prune_missing, so that what disappeared meanwhile is cancelled.
CalDAVObject rows remember which UID each href holds: a deletion names only the href."""

import datetime as dt
from dataclasses import dataclass

from caldav.lib import error as dav_error
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar

from ..ical import PRODID
from ..importing import ImportRefused, import_into_calendar
from ..models import AgendaEvent, CalDAVDirection, CalDAVObject, EventSource, EventStatus
from .caldav_client import collection_url, dav_client
from .errors import SyncError


@dataclass
class PullReport:
    full: bool = False  # a full resync (no token, or the token was refused)
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    cancelled: int = 0
    skipped: int = 0

    def __str__(self):
        kind = _("full resync") if self.full else _("changes since the last sync")
        return _("%(kind)s: %(new)s new, %(updated)s updated, %(cancelled)s cancelled, %(unchanged)s unchanged") % {
            "kind": kind, "new": self.new, "updated": self.updated, "cancelled": self.cancelled,
            "unchanged": self.unchanged}


def _uid_of(data: str) -> tuple[str, Calendar] | None:
    try:
        calendar = Calendar.from_ical(data)
    except ValueError:
        return None
    for component in calendar.walk("VEVENT"):
        if component.get("UID"):
            return str(component.get("UID")), calendar
    return None


def merged_document(calendars: list[Calendar]) -> bytes:
    """One VCALENDAR holding the events of all the objects (their time zones once each)."""
    merged = Calendar()
    merged.add("PRODID", PRODID)
    merged.add("VERSION", "2.0")
    zones = set()
    for calendar in calendars:
        for component in calendar.subcomponents:
            if component.name == "VTIMEZONE":
                if str(component.get("TZID")) in zones:
                    continue
                zones.add(str(component.get("TZID")))
            if component.name in ("VTIMEZONE", "VEVENT"):
                merged.add_component(component)
    return merged.to_ical()


def _collection(link):
    client = dav_client(link.server)
    return client.calendar(url=collection_url(link))


MULTIGET_BATCH = 100


def _read(collection, token: str):
    """(the sync-collection result, full?): objects listed with their ETags, not loaded yet."""
    if token:
        try:
            return collection.get_objects_by_sync_token(token, load_objects=False, disable_fallback=True), False
        except dav_error.DAVError:
            pass  # the token is refused (RFC 6578 3.2: DAV:valid-sync-token): read everything again
    return collection.get_objects_by_sync_token(None, load_objects=False), True


def _canonical(url) -> str:
    return str(url.canonical()) if hasattr(url, "canonical") else str(url)


def _load(collection, listed: list) -> list:
    """The listed objects with their data: one calendar-multiget REPORT per hundred objects rather
    than a GET each (500 objects: a second instead of fifteen); one by one if the server refuses it."""
    loaded = []
    for start in range(0, len(listed), MULTIGET_BATCH):
        batch = listed[start:start + MULTIGET_BATCH]
        try:
            loaded += collection.multiget([obj.url for obj in batch])
        except dav_error.DAVError:
            for obj in batch:
                try:
                    obj.load()
                    loaded.append(obj)
                except dav_error.NotFoundError:
                    pass  # deleted meanwhile: the next sync reports it
    return loaded


@transaction.atomic
def _apply(link, *, objects: list[tuple[str, str, str, Calendar]], deleted: set[str], token: str, full: bool,
           now: dt.datetime) -> PullReport:
    report = PullReport(full=full)
    calendar = link.calendar
    if objects or full:
        imported = import_into_calendar(calendar=calendar, data=merged_document([cal for *_x, cal in objects]),
                                        source=EventSource.CALDAV, prune_missing=full,
                                        filename=link.calendar_url)
        report.new, report.updated, report.unchanged = imported.new, imported.updated, imported.unchanged
        report.cancelled, report.skipped = imported.cancelled, imported.skipped
    kept = {row.href: row for row in CalDAVObject.objects.filter(link=link)}
    gone = [kept[href] for href in deleted if href in kept]
    if gone:
        report.cancelled += (AgendaEvent.objects
                             .filter(calendar=calendar, source=EventSource.CALDAV, uid__in=[row.uid for row in gone])
                             .exclude(status=EventStatus.CANCELLED)
                             .update(status=EventStatus.CANCELLED, cancelled_at=now, updated_at=now,
                                     sequence=F("sequence") + 1))
        CalDAVObject.objects.filter(pk__in=[row.pk for row in gone]).delete()
    if full:
        present = {href for href, *_rest in objects}
        CalDAVObject.objects.filter(link=link).exclude(href__in=present).delete()
    for href, uid, etag, _cal in objects:
        CalDAVObject.objects.update_or_create(link=link, uid=uid, defaults={"href": href, "etag": etag,
                                                                            "pushed_at": now})
    link.sync_token = token
    link.save(update_fields=["sync_token"])
    return report


def pull_link(link, *, now: dt.datetime | None = None) -> PullReport:
    if link.direction != CalDAVDirection.PULL or link.calendar_id is None:
        raise SyncError(_("This CalDAV calendar is published, not brought in."))
    now = now or timezone.now()
    collection = _collection(link)
    result, full = _read(collection, link.sync_token)
    deleted = {_canonical(url) for url in result.deleted_urls}
    listed = {_canonical(obj.url): obj for obj in result if _canonical(obj.url) not in deleted}
    objects = []
    for obj in _load(collection, list(listed.values())):
        href = _canonical(obj.url)
        if not obj.data:
            continue
        found = _uid_of(obj.data)
        if found is None:
            continue  # not an event (a task, a journal) or unreadable: the import would skip it too
        uid, calendar = found
        props = getattr(obj, "props", None) or getattr(listed.get(href), "props", None) or {}
        objects.append((href, uid, str(props.get("{DAV:}getetag", "")), calendar))
    try:
        return _apply(link, objects=objects, deleted=deleted, token=str(result.sync_token or ""), full=full,
                      now=now)
    except ImportRefused as exc:
        raise SyncError(exc.message) from exc
