"""An .ics file applied as room bookings (the coordination moving an old shared agenda over): each
event matched to a room by its LOCATION, each occurrence booked through booking_create so that its
rules and its conflict check apply (a conflict is reported, never double-booked). Idempotent: a
booking remembers the imported UID (+ occurrence) as its ical_uid, so a re-import finds it."""

import datetime as dt
import unicodedata
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from intranet.errors import NotAllowed

from .. import services
from ..events import CalendarEvent
from ..expansion import expand
from ..models import ACTIVE_STATUSES, Booking, Room
from ..permissions import can_import_bookings, can_see_private_details
from ..rules import BookingRefused
from .reader import Budget, ParsedEvent, read_calendar
from .report import ImportReport


def _normal(text: str) -> str:
    """Room and library names compared without case, accents or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(char for char in decomposed if not unicodedata.combining(char)).split())


class RoomMatcher:
    """Finds a room from a LOCATION: « Salle de réunion », « Salle de réunion, Médiathèque X »,
    « Salle de réunion (Médiathèque X) » or « Salle de réunion - Médiathèque X ». A name alone must be
    unique in the network. The active rooms are read once."""

    def __init__(self):
        self.by_name: dict[str, list[Room]] = {}
        self.by_name_and_library: dict[tuple[str, str], Room] = {}
        for room in Room.objects.active().select_related("library").prefetch_related("allowed_groups"):
            self.by_name.setdefault(_normal(room.name), []).append(room)
            self.by_name_and_library[(_normal(room.name), _normal(room.library.name))] = room

    def match(self, location: str) -> tuple[Room | None, str]:
        """(room, "") or (None, why not)."""
        place = location.strip()
        if not place:
            return None, _("No place (LOCATION) to find the room from.")
        for separator in (",", " - ", " – ", "("):
            name, found, library = place.partition(separator)
            if found:
                room = self.by_name_and_library.get((_normal(name), _normal(library.rstrip(")"))))
                if room is not None:
                    return room, ""
        rooms = self.by_name.get(_normal(place), [])
        if len(rooms) == 1:
            return rooms[0], ""
        if rooms:
            return None, _("Several libraries have a room named « %(place)s »: write « room, library ».") % {
                "place": place}
        return None, _("No room matches the place « %(place)s ».") % {"place": place}


def _calendar_event(event: ParsedEvent) -> CalendarEvent:
    return CalendarEvent(uid=event.uid, title=event.title, start=event.start, end=event.end, all_day=event.all_day,
                         rrule=event.rrule, exdates=tuple(dt.datetime.fromisoformat(v) for v in event.exdates),
                         rdates=tuple(dt.datetime.fromisoformat(v) for v in event.rdates),
                         recurrence_id=event.recurrence_id, sequence=event.sequence,
                         cancelled=event.status == "CANCELLED", private=event.private, location=event.location,
                         description=event.description)


def booking_uid(uid: str, recurrence_id: dt.datetime | None) -> str:
    """The ical_uid of the booking made from an event (a single one: its UID; an occurrence: its UID
    and the start it has in the rule), so that a re-import recognises it."""
    if recurrence_id is None:
        return uid[:255]
    return f"{uid[:230]}#{recurrence_id.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"


def _occurrences(events: list[ParsedEvent], *, now: dt.datetime, report: ImportReport) -> list[CalendarEvent]:
    """Every occurrence to book: single events as they are, recurring ones expanded from now to the
    import horizon, CALENDAR_IMPORT_MAX_OCCURRENCES per series at most."""
    horizon = now + dt.timedelta(days=settings.CALENDAR_IMPORT_HORIZON_DAYS)
    limit = settings.CALENDAR_IMPORT_MAX_OCCURRENCES
    items = [_calendar_event(event) for event in events]
    singles = [item for item in items if not item.rrule and not item.rdates and item.recurrence_id is None]
    recurring_uids = {item.uid for item in items if item.rrule or item.rdates}
    series = [item for item in items if item.uid in recurring_uids]
    expanded = expand(series, now, horizon, limit=limit)
    counts = Counter(item.uid for item in expanded)
    for item in series:
        if item.recurrence_id is None and counts[item.uid] >= limit:
            report.warnings.append(_("« %(title)s » repeats more than %(limit)d times before the horizon: only the "
                                     "first %(limit)d occurrences are booked.") % {"title": item.title,
                                                                                 "limit": limit})
    # Overrides of a series that is not in the file are booked as single events.
    orphans = [item for item in items if item.recurrence_id is not None and item.uid not in recurring_uids]
    return sorted(singles + expanded + orphans, key=lambda item: (item.start, item.title))


def _label(item: CalendarEvent, room: Room | None = None) -> str:
    start = timezone.localtime(item.start)
    where = f" — {room.name} ({room.library.name})" if room else ""
    return f"« {item.title} » ({start:%d/%m/%Y %H:%M}){where}"


@transaction.atomic
def import_bookings(*, data: bytes, by, dry_run: bool = False, filename: str = "", progress=None) -> ImportReport:
    """Book the events of `data` (.ics bytes) in the rooms their LOCATION names, as `by` (a Person of
    the coordination, the organizer of them all). Conflicts and refused slots are reported, the rest
    booked; `dry_run` rolls everything back. Raises ImportRefused (nothing written) or NotAllowed."""
    if by is None or not can_import_bookings(by.user):
        raise NotAllowed(_("Only the coordination imports calendar files as room bookings."))
    budget = Budget()
    parsed = read_calendar(data, budget=budget)
    report = ImportReport(dry_run=dry_run, events_read=len(parsed.events), warnings=list(parsed.warnings),
                          calendar_name=str(_("Room bookings")))
    for label, reason in parsed.skipped:
        report.skip(label, reason)
    now = timezone.now()
    occurrences = _occurrences(parsed.events, now=now, report=report)
    uids = [booking_uid(item.uid, item.recurrence_id) for item in occurrences]
    existing = {}
    for chunk in range(0, len(uids), 500):  # bounded IN lists, whatever the database
        existing.update({booking.ical_uid: booking for booking in Booking.objects.filter(
            ical_uid__in=uids[chunk:chunk + 500]).select_related("room__library", "organizer")})
    matcher = RoomMatcher()
    total = len(occurrences)
    for done, (item, uid) in enumerate(zip(occurrences, uids, strict=True), start=1):
        if done % 20 == 0:
            budget.check()
            if progress:
                progress(done, total)
        room, why = matcher.match(item.location)
        if room is None:
            report.skip(_label(item), why)
            continue
        label = _label(item, room)
        booking = existing.get(uid)
        if booking is not None:
            _already_imported(booking, item, room, label, by=by, report=report)
            continue
        if item.cancelled:
            report.skip(label, _("Cancelled in the file: not booked."))
            continue
        try:
            booking = services.booking_create(
                room=room, organizer=by, start=item.start, end=item.end, title=item.title,
                note=" ".join(strip_tags(item.description).split())[:2000], is_private=item.private, by=by,
                notify=False)
        except services.BookingConflict as conflict:
            blocking = conflict.blocking
            shown = (blocking.title if can_see_private_details(by.user, blocking) else _("Booked")) if blocking else ""
            report.conflict(label, str(room), item.start, shown)
            continue
        except BookingRefused as refused:
            report.skip(label, refused.message)
            continue
        # The imported UID, so that the next import of the same file finds this booking.
        Booking.objects.filter(pk=booking.pk).update(ical_uid=uid)
        existing[uid] = booking
        report.add("new", label, item.start)
    if progress:
        progress(total, total)
    report.duration = round(budget.elapsed, 3)
    if dry_run:
        transaction.set_rollback(True)
    return report


def _already_imported(booking: Booking, item: CalendarEvent, room: Room, label: str, *, by, report) -> None:
    if item.cancelled:
        if booking.status in ACTIVE_STATUSES and booking.is_cancellable(timezone.now()):
            services.booking_cancel(booking=booking, by=by, reason=_("Cancelled in the imported calendar."))
            report.add("cancelled", label, item.start)
        else:
            report.add("unchanged", label, item.start)
        return
    if (booking.room_id, booking.start, booking.end) == (room.pk, item.start, item.end):
        report.add("unchanged", label, item.start)
        return
    report.skip(label, _("Already imported, at another time or in another room: change the booking itself."))
