"""Writes of rooms and bookings. Every rule lives here; views, admin and commands call these.

No double booking: the conflict check and the insert run in one transaction that holds the room
(PostgreSQL: a row lock on the room, and the exclusion constraint `booking_no_overlap` as the last
word; SQLite: the IMMEDIATE transaction takes the database's write lock at BEGIN)."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from intranet.models import Person
from intranet.text import clean_line, clean_text

from . import notifications, rules, selectors
from .models import (
    Booking,
    BookingAction,
    BookingLog,
    BookingSeries,
    BookingStatus,
    Room,
)
from .permissions import can_approve, can_manage_booking
from .recurrence import RecurrenceRule, RecurrenceTooLong, aware, occurrences
from .rules import BookingRefused
from .sync import triggers as sync_triggers

__all__ = [
    "BookingConflict", "BookingForbidden", "BookingNotPending", "BookingRefused", "SeriesConflict",
    "booking_approve", "booking_cancel", "booking_create", "booking_reject", "booking_series_approve",
    "booking_series_create", "booking_series_reject", "booking_update",
]


class BookingConflict(Exception):
    """The slot is taken; `blocking` is the booking in the way (None if it vanished meanwhile)."""

    def __init__(self, blocking: Booking | None):
        super().__init__(blocking)
        self.blocking = blocking


class SeriesConflict(Exception):
    """Some dates of a series change are taken: [(start, end, blocking booking)]."""

    def __init__(self, conflicts: list[tuple[dt.datetime, dt.datetime, Booking]]):
        super().__init__(conflicts)
        self.conflicts = conflicts


class BookingForbidden(PermissionDenied):
    pass


class BookingNotPending(Exception):
    """Only a booking awaiting approval can be approved or rejected."""


class Scope:
    THIS = "this"
    FOLLOWING = "following"
    ALL = "all"
    CHOICES = (THIS, FOLLOWING, ALL)


def _lock_room(room: Room) -> Room:
    # Serialises bookings of one room on PostgreSQL (a no-op on SQLite, whose IMMEDIATE
    # transaction already holds the write lock). Only the room's row: not its library's.
    return (Room.objects.select_for_update(of=("self",)).select_related("library")
            .prefetch_related("allowed_groups", "approvers").get(pk=room.pk))


def _log(bookings, action: str, by: Person | None, details: str = "") -> None:
    now = timezone.now()
    BookingLog.objects.bulk_create([BookingLog(booking=booking, action=action, by=by, at=now, details=details)
                                    for booking in bookings])
    # Every change of a booking is logged here: the rooms' CalDAV links are pushed after the commit.
    sync_triggers.bookings_changed(bookings)


def _describe(booking: Booking) -> str:
    start = timezone.localtime(booking.start)
    return (f"{booking.title} — {date_format(start, 'l j F Y')} "
            f"{date_format(start, 'H:i')}–{date_format(timezone.localtime(booking.end), 'H:i')}")


def _clean_title(title: str) -> str:
    """The title as it will show: without invisible characters, and never empty."""
    cleaned = clean_line(title)
    if not cleaned:
        raise BookingRefused(_("Give the booking a title."), field="title")
    return cleaned


def _initial_status(room: Room, organizer: Person) -> str:
    if room.requires_approval and not can_approve(organizer.user, room):
        return BookingStatus.PENDING
    return BookingStatus.CONFIRMED


def _after_create(bookings: list[Booking]) -> None:
    confirmed = [booking for booking in bookings if booking.status == BookingStatus.CONFIRMED]
    pending = [booking for booking in bookings if booking.status == BookingStatus.PENDING]
    notifications.bookings_confirmed(confirmed)
    notifications.approval_requested(pending)


@transaction.atomic
def booking_create(*, room: Room, organizer: Person, start: dt.datetime, end: dt.datetime, title: str,
                   attendees: int = 1, note: str = "", is_private: bool = False, by: Person | None = None,
                   notify: bool = True) -> Booking:
    room = _lock_room(room)
    rules.check(room=room, organizer=organizer, start=start, end=end, attendees=attendees)
    if blocking := selectors.first_overlap(room=room, start=start, end=end):
        raise BookingConflict(blocking)
    booking = Booking(room=room, organizer=organizer, start=start, end=end, title=_clean_title(title),
                      attendees=attendees, note=clean_text(note), is_private=is_private,
                      status=_initial_status(room, organizer))
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as exc:  # the exclusion constraint won a race the check could not see
        raise BookingConflict(selectors.first_overlap(room=room, start=start, end=end)) from exc
    _log([booking], BookingAction.CREATED, by or organizer, _describe(booking))
    if notify:
        _after_create([booking])
    return booking


@dataclass
class SeriesPreviewLine:
    start: dt.datetime
    end: dt.datetime
    blocking: Booking | None
    problem: str = ""

    @property
    def free(self) -> bool:
        return self.blocking is None and not self.problem


def series_preview(*, room: Room, organizer: Person, rule: RecurrenceRule, attendees: int = 1,
                   exclude_ids=()) -> list[SeriesPreviewLine]:
    """Each date of the rule with what stands in its way (a booking, or a rule such as the past).
    Two queries whatever the number of dates."""
    try:
        slots = occurrences(rule)
    except RecurrenceTooLong as exc:
        raise BookingRefused(exc.message, field=exc.field) from exc
    if not slots:
        raise BookingRefused(_("This rule gives no date."), field="until")
    taken = [booking for booking in selectors.active_bookings_between(room=room, start=slots[0][0], end=slots[-1][1])
             if booking.pk not in set(exclude_ids)]
    lines = []
    for start, end in slots:
        blocking = next((b for b in taken if b.start < end and b.end > start), None)
        problem = ""
        try:
            rules.check(room=room, organizer=organizer, start=start, end=end, attendees=attendees)
        except BookingRefused as refused:
            problem = refused.message
        lines.append(SeriesPreviewLine(start=start, end=end, blocking=blocking, problem=problem))
    return lines


@dataclass
class SeriesResult:
    series: BookingSeries
    bookings: list[Booking]
    skipped: list[SeriesPreviewLine] = field(default_factory=list)


@transaction.atomic
def booking_series_create(*, room: Room, organizer: Person, title: str, rule: RecurrenceRule,
                          attendees: int = 1, note: str = "", is_private: bool = False,
                          skip_conflicts: bool = True, by: Person | None = None) -> SeriesResult:
    """Book every free date of the rule. Taken dates are skipped (or, with skip_conflicts=False,
    refuse the whole series); a date that breaks a rule (past, hours) refuses the series."""
    room = _lock_room(room)
    lines = series_preview(room=room, organizer=organizer, rule=rule, attendees=attendees)
    broken = [line for line in lines if line.problem and line.blocking is None]
    if broken:
        raise BookingRefused(_("%(date)s: %(problem)s") % {
            "date": date_format(timezone.localtime(broken[0].start), "l j F Y"), "problem": broken[0].problem})
    conflicts = [line for line in lines if line.blocking is not None]
    if conflicts and not skip_conflicts:
        raise SeriesConflict([(line.start, line.end, line.blocking) for line in conflicts])
    free = [line for line in lines if line.blocking is None]
    if not free:
        raise SeriesConflict([(line.start, line.end, line.blocking) for line in conflicts])
    series = BookingSeries.objects.create(
        room=room, organizer=organizer, title=_clean_title(title), rrule=rule.to_rrule(), first_date=rule.first_date,
        start_time=rule.start_time, end_time=rule.end_time,
    )
    status = _initial_status(room, organizer)
    bookings = [Booking(room=room, organizer=organizer, start=line.start, end=line.end, title=series.title,
                        attendees=attendees, note=clean_text(note), is_private=is_private, series=series,
                        status=status)
                for line in free]
    try:
        with transaction.atomic():
            Booking.objects.bulk_create(bookings)
    except IntegrityError as exc:
        raise SeriesConflict([]) from exc
    bookings = list(series.bookings.select_related("room__library", "organizer__user").order_by("start"))
    _log(bookings, BookingAction.CREATED, by or organizer, _("Series: %(title)s") % {"title": series.title})
    _after_create(bookings)
    return SeriesResult(series=series, bookings=bookings, skipped=conflicts)


def _series_targets(booking: Booking, scope: str, *, now: dt.datetime) -> list[Booking]:
    if scope == Scope.THIS or booking.series_id is None:
        return [booking]
    # Occurrences that have started happened as they were (Booking.is_editable): changing their
    # times would break the "past" rule and refuse the whole edit.
    targets = Booking.objects.editable(now).filter(series_id=booking.series_id)
    if scope == Scope.FOLLOWING:
        targets = targets.filter(start__gte=booking.start)
    # Occurrences changed on their own keep their changes; the one the user is on is included.
    targets = targets.filter(is_exception=False) | Booking.objects.filter(pk=booking.pk)
    return list(targets.select_related("room__library", "organizer__user").order_by("start"))


@transaction.atomic
def booking_update(*, booking: Booking, by: Person, scope: str = Scope.THIS, title: str | None = None,
                   start: dt.datetime | None = None, end: dt.datetime | None = None,
                   attendees: int | None = None, note: str | None = None,
                   is_private: bool | None = None) -> list[Booking]:
    """Change one booking, or with a scope, the following / all occurrences of its series.
    For a series, a new start/end moves every occurrence to the same wall-clock times on its own
    date; only `this` can move a booking to another day."""
    if not can_manage_booking(by.user, booking):
        raise BookingForbidden(_("Only the organizer or the coordination can change this booking."))
    now = timezone.now()
    rules.check_editable(booking, now=now)
    title = _clean_title(title) if title is not None else None
    note = clean_text(note) if note is not None else None
    room = _lock_room(booking.room)
    targets = _series_targets(booking, scope, now=now)
    new_times = {}
    for target in targets:
        if start is None and end is None:
            new_times[target.pk] = (target.start, target.end)
        elif target.pk == booking.pk or scope == Scope.THIS:
            new_times[target.pk] = (start or target.start, end or target.end)
        else:
            day = timezone.localtime(target.start).date()
            new_start = aware(day, timezone.localtime(start).time()) if start else target.start
            new_end = aware(day, timezone.localtime(end).time()) if end else target.end
            new_times[target.pk] = (new_start, new_end)
    target_ids = [target.pk for target in targets]
    conflicts = []
    for target in targets:
        new_start, new_end = new_times[target.pk]
        if (new_start, new_end) != (target.start, target.end) or attendees is not None:
            rules.check(room=room, organizer=target.organizer, start=new_start, end=new_end,
                        attendees=attendees if attendees is not None else target.attendees)
        blocking = selectors.first_overlap(room=room, start=new_start, end=new_end, exclude_ids=target_ids)
        if blocking:
            conflicts.append((new_start, new_end, blocking))
    if conflicts:
        if len(targets) == 1:
            raise BookingConflict(conflicts[0][2])
        raise SeriesConflict(conflicts)
    for target in targets:
        target.start, target.end = new_times[target.pk]
        if title is not None:
            target.title = title
        if attendees is not None:
            target.attendees = attendees
        if note is not None:
            target.note = note
        if is_private is not None:
            target.is_private = is_private
        if scope == Scope.THIS and target.series_id:
            target.is_exception = True
        target.sequence += 1
        target.updated_at = timezone.now()  # bulk_update does not apply auto_now
    try:
        with transaction.atomic():
            Booking.objects.bulk_update(targets, ["start", "end", "title", "attendees", "note", "is_private",
                                                  "is_exception", "sequence", "updated_at"])
    except IntegrityError as exc:
        raise BookingConflict(None) from exc
    if scope == Scope.ALL and booking.series_id:
        BookingSeries.objects.filter(pk=booking.series_id).update(
            **({"title": title} if title is not None else {}),
            **({"start_time": timezone.localtime(start).time()} if start else {}),
            **({"end_time": timezone.localtime(end).time()} if end else {}),
        )
    _log(targets, BookingAction.UPDATED, by)
    notifications.booking_changed([t for t in targets if t.status == BookingStatus.CONFIRMED])
    return targets


@transaction.atomic
def booking_cancel(*, booking: Booking, by: Person, scope: str = Scope.THIS, reason: str = "") -> list[Booking]:
    if not can_manage_booking(by.user, booking):
        raise BookingForbidden(_("Only the organizer or the coordination can cancel this booking."))
    now = timezone.now()
    rules.check_cancellable(booking, now=now)
    if scope == Scope.THIS or booking.series_id is None:
        targets = [booking]
    else:
        # Cancelling a series cancels its exceptions too: nothing of it should stay in the room.
        targets = Booking.objects.cancellable(now).filter(series_id=booking.series_id)
        if scope == Scope.FOLLOWING:
            targets = targets.filter(start__gte=booking.start)
        targets = list(targets.select_related("room__library", "organizer__user").order_by("start"))
    was_confirmed = [target for target in targets if target.status == BookingStatus.CONFIRMED]
    for target in targets:
        target.status = BookingStatus.CANCELLED
        target.sequence += 1
        if scope == Scope.THIS and target.series_id:
            target.is_exception = True
        if reason:
            target.decision_reason = reason
        target.updated_at = timezone.now()  # bulk_update does not apply auto_now
    Booking.objects.bulk_update(targets, ["status", "sequence", "is_exception", "decision_reason", "updated_at"])
    _log(targets, BookingAction.CANCELLED, by, reason)
    notifications.bookings_cancelled(was_confirmed)
    return targets


def _requests_for_decision(*, booking: Booking, by: Person, whole_series: bool = False) -> list[Booking]:
    """What an approver's decision applies to, locked and checked to be theirs: the request, or with
    `whole_series` every date of its series still awaiting a decision (pending and not over)."""
    # Lock the booking rows only: PostgreSQL refuses FOR UPDATE on the nullable side of the outer
    # join to the organizer's account.
    rows = Booking.objects.select_for_update(of=("self",)).select_related("room__library", "organizer__user")
    booking = rows.get(pk=booking.pk)
    if not can_approve(by.user, booking.room):
        raise BookingForbidden(_("You do not approve the bookings of this room."))
    if whole_series and booking.series_id is not None:
        requests = list(rows.awaiting_decision(timezone.now()).filter(series_id=booking.series_id).order_by("start"))
        if not requests:
            raise BookingNotPending(_("No date of this series is awaiting approval any more."))
        return requests
    if booking.status != BookingStatus.PENDING:
        raise BookingNotPending(_("This booking is no longer awaiting approval."))
    return [booking]


def _decide(requests: list[Booking], *, status: str, by: Person, reason: str = "") -> list[Booking]:
    now = timezone.now()
    for request in requests:
        request.status = status
        request.sequence += 1
        if reason:
            request.decision_reason = reason
        request.updated_at = now  # bulk_update does not apply auto_now
    Booking.objects.bulk_update(requests, ["status", "sequence", "decision_reason", "updated_at"])
    _log(requests, BookingAction.APPROVED if status == BookingStatus.CONFIRMED else BookingAction.REJECTED, by,
         reason)
    return requests


def _rejection_reason(reason: str) -> str:
    reason = clean_text(reason)
    if not reason:
        raise BookingRefused(_("Say why the request is rejected."), field="reason")
    return reason


@transaction.atomic
def booking_approve(*, booking: Booking, by: Person) -> Booking:
    [booking] = _decide(_requests_for_decision(booking=booking, by=by), status=BookingStatus.CONFIRMED, by=by)
    notifications.bookings_confirmed([booking], approved=True)
    return booking


@transaction.atomic
def booking_reject(*, booking: Booking, by: Person, reason: str) -> Booking:
    requests = _requests_for_decision(booking=booking, by=by)
    [booking] = _decide(requests, status=BookingStatus.REJECTED, by=by, reason=_rejection_reason(reason))
    notifications.bookings_rejected([booking])
    return booking


@transaction.atomic
def booking_series_approve(*, booking: Booking, by: Person) -> list[Booking]:
    """Approve at once every date of the request's series still awaiting a decision; the organizer
    gets one email listing them (with an invitation for each)."""
    approved = _decide(_requests_for_decision(booking=booking, by=by, whole_series=True),
                       status=BookingStatus.CONFIRMED, by=by)
    notifications.bookings_confirmed(approved, approved=True)
    return approved


@transaction.atomic
def booking_series_reject(*, booking: Booking, by: Person, reason: str) -> list[Booking]:
    """Reject at once, for one reason, every date of the request's series still awaiting a decision;
    the organizer gets one email listing them with the reason."""
    requests = _requests_for_decision(booking=booking, by=by, whole_series=True)
    rejected = _decide(requests, status=BookingStatus.REJECTED, by=by, reason=_rejection_reason(reason))
    notifications.bookings_rejected(rejected)
    return rejected
