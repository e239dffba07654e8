"""Book a room (one date, or a series previewed date by date first), a booking's page, and
changing or cancelling it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intranet.models import Person

from .. import presenters, rules, services
from ..forms import SLOT_FIELDS, BookingCancelForm, BookingCreateForm, BookingEditForm
from ..models import BookingStatus, Room
from ..permissions import can_approve, can_book, can_manage_booking, can_see_history
from .common import (
    booking_or_404,
    can_view_bookings,
    person_or_403,
    refuse,
    render_page,
    room_or_404,
    status_of,
)


def _initial_from_query(query) -> dict:
    """The slot of a link from a room's week or the finder (`?date=…&start=…&end=…`), each value read by
    the booking form's own field (a date out of the years people mean is left out) and the end only
    after the start."""
    fields, initial = BookingCreateForm.base_fields, {}
    for name in SLOT_FIELDS:
        try:
            initial[name] = fields[name].clean(query.get(name))
        except ValidationError:
            continue
    if "end" in initial and initial["end"] <= initial.get("start", initial["end"]):
        del initial["end"]
    return initial


def book(request: HttpRequest, slug: str) -> HttpResponse:
    room = room_or_404(slug)
    if not can_book(request.user, room):
        raise PermissionDenied(_("Your role does not allow you to book this room."))
    person = person_or_403(request)
    if request.method != "POST":
        form = BookingCreateForm(initial=_initial_from_query(request.GET), room=room)
        return _book_form(request, room, form)
    action = request.POST.get("action", "")
    if action == "cancel":
        return redirect(room)
    form = BookingCreateForm(request.POST, room=room)
    if action == "edit" or not form.is_valid():
        return _book_form(request, room, form)
    if form.is_recurring:
        return _book_series(request, room, person, form, confirm=action == "confirm")
    data = form.cleaned_data
    try:
        booking = services.booking_create(
            room=room, organizer=person, start=form.start_at(), end=form.end_at(), title=data["title"],
            attendees=data["attendees"], note=data["note"], is_private=data["is_private"])
    except services.BookingRefused as refused:
        refuse(form, refused)
    except services.BookingConflict as conflict:
        form.add_error(None, presenters.conflict_message(conflict.blocking, request.user))
    else:
        details = {"room": room.name, "when": presenters.when(booking.start, booking.end)}
        if booking.status == BookingStatus.PENDING:
            messages.success(request, _("Your request for %(room)s, %(when)s, was sent for approval. "
                                        "You will get an email with the answer.") % details)
        else:
            messages.success(request, _("Room booked: %(room)s, %(when)s.") % details)
        return redirect(booking)
    return _book_form(request, room, form)


def _book_form(request, room: Room, form: BookingCreateForm) -> HttpResponse:
    return render_page(request, "calendar_sync/book.html", {"room": room, "form": form}, section="rooms",
                       status=status_of(form))


def _book_series(request, room: Room, person: Person, form: BookingCreateForm, *, confirm: bool) -> HttpResponse:
    if confirm:
        return _confirm_series(request, room, person, form)
    data = form.cleaned_data
    try:
        lines = services.series_preview(room=room, organizer=person, rule=form.rule(), attendees=data["attendees"])
    except services.BookingRefused as refused:
        refuse(form, refused)
        return _book_form(request, room, form)
    rows = [{
        "start": line.start, "end": line.end, "free": line.free, "problem": line.problem,
        "blocking": line.blocking,
        "blocking_title": line.blocking.title_for(request.user) if line.blocking else "",
    } for line in lines]
    free_count = sum(1 for line in lines if line.free)
    broken = [line for line in lines if line.problem and line.blocking is None]
    return render_page(request, "calendar_sync/series_preview.html", {
        "room": room, "form": form, "rows": rows, "free_count": free_count,
        "taken_count": len(lines) - free_count, "broken": bool(broken),
        "can_confirm": free_count > 0 and not broken,
    }, section="rooms")


def _confirm_series(request, room: Room, person: Person, form: BookingCreateForm) -> HttpResponse:
    data = form.cleaned_data
    try:
        result = services.booking_series_create(
            room=room, organizer=person, title=data["title"], rule=form.rule(), attendees=data["attendees"],
            note=data["note"], is_private=data["is_private"], skip_conflicts=True)
    except services.BookingRefused as refused:
        refuse(form, refused)
        return _book_form(request, room, form)
    except services.SeriesConflict:
        form.add_error(None, _("No date of this series is free any more. Choose other dates."))
        return _book_form(request, room, form)
    count = len(result.bookings)
    details = {"count": count, "room": room.name, "title": result.series.title}
    if result.bookings and result.bookings[0].status == BookingStatus.PENDING:
        messages.success(request, ngettext(
            "%(count)d request for %(room)s (« %(title)s ») was sent for approval.",
            "%(count)d requests for %(room)s (« %(title)s ») were sent for approval.", count) % details)
    else:
        messages.success(request, ngettext(
            "%(count)d date booked in %(room)s (« %(title)s »).",
            "%(count)d dates booked in %(room)s (« %(title)s »).", count) % details)
    if result.skipped:
        messages.warning(request, ngettext(
            "Skipped because already taken: %(dates)s.", "Skipped because already taken: %(dates)s.",
            len(result.skipped)) % {"dates": presenters.dates_label(line.start for line in result.skipped)})
    return redirect("calendar_sync:my_bookings")


def booking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    booking = booking_or_404(pk)
    user = request.user
    manages = can_manage_booking(user, booking)
    if not manages and not can_view_bookings(user, booking.room):
        raise PermissionDenied(_("Your role does not give access to the bookings of this room."))
    now = timezone.now()
    show_history = can_see_history(user, booking)
    return render_page(request, "calendar_sync/booking_detail.html", {
        "booking": booking,
        "title": booking.title_for(user),
        "note": booking.note_for(user),
        "show_history": show_history,
        "history": list(booking.log_entries.all()) if show_history else [],
        "can_edit": manages and booking.is_editable(now),
        "can_cancel": manages and booking.is_cancellable(now),
        "can_decide": booking.status == BookingStatus.PENDING and can_approve(user, booking.room),
        "when": presenters.when(booking.start, booking.end),
    }, section="my_bookings")


def _managed_booking(request: HttpRequest, pk: int, check, forbidden: str):
    """The booking to change or cancel, its manager's person and, when the rule `check` refuses it
    already, the redirect that says why. The service refuses it too; saying so before the form is
    filled in is kinder."""
    booking = booking_or_404(pk)
    if not can_manage_booking(request.user, booking):
        raise PermissionDenied(forbidden)
    person = person_or_403(request)
    try:
        check(booking, now=timezone.now())
    except services.BookingRefused as refused:
        messages.error(request, refused.message)
        return booking, person, redirect(booking)
    return booking, person, None


def booking_edit(request: HttpRequest, pk: int) -> HttpResponse:
    booking, person, refused = _managed_booking(
        request, pk, rules.check_editable,
        _("Only the organizer or the coordination can change this booking."))
    if refused:
        return refused
    start, end = timezone.localtime(booking.start), timezone.localtime(booking.end)
    initial = {"title": booking.title, "date": start.date(), "start": start.time(), "end": end.time(),
               "attendees": booking.attendees, "note": booking.note, "is_private": booking.is_private}
    form = BookingEditForm(request.POST or None, booking=booking, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        if all(value is None for value in changes.values()):
            messages.info(request, _("Nothing was changed."))
            return redirect(booking)
        try:
            changed = services.booking_update(booking=booking, by=person,
                                              scope=form.cleaned_data.get("scope", services.Scope.THIS), **changes)
        except services.BookingRefused as refused:
            refuse(form, refused)
        except services.BookingConflict as conflict:
            form.add_error(None, presenters.conflict_message(conflict.blocking, request.user))
        except services.SeriesConflict as conflict:
            form.add_error(None, presenters.series_conflict_message(conflict.conflicts, request.user))
        else:
            messages.success(request, ngettext(
                "The booking was changed.", "%(count)d dates of the series were changed.", len(changed),
            ) % {"count": len(changed)})
            return redirect(booking)
    return render_page(request, "calendar_sync/booking_edit.html", {
        "booking": booking, "title": booking.title_for(request.user), "form": form,
    }, section="my_bookings", status=status_of(form))


def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking, person, refused = _managed_booking(
        request, pk, rules.check_cancellable,
        _("Only the organizer or the coordination can cancel this booking."))
    if refused:
        return refused
    form = BookingCancelForm(request.POST or None, booking=booking)
    if request.method == "POST" and form.is_valid():
        try:
            cancelled = services.booking_cancel(booking=booking, by=person,
                                                scope=form.cleaned_data.get("scope", services.Scope.THIS),
                                                reason=form.cleaned_data["reason"].strip())
        except services.BookingRefused as refused:
            messages.error(request, refused.message)
            return redirect(booking)
        title = booking.title_for(request.user)
        if len(cancelled) == 1:
            done = _("Booking cancelled: « %(title)s », %(when)s.") % {
                "title": title, "when": presenters.when(booking.start, booking.end)}
        else:
            done = _("%(count)d dates of « %(title)s » were cancelled.") % {"count": len(cancelled), "title": title}
        messages.success(request, done)
        return redirect("calendar_sync:my_bookings")
    return render_page(request, "calendar_sync/booking_cancel.html", {
        "booking": booking, "title": booking.title_for(request.user), "form": form,
        "when": presenters.when(booking.start, booking.end),
    }, section="my_bookings", status=status_of(form))
