"""Front-end pages of rooms and bookings: parse the request, call a selector or a service, answer
in words. Rules live in rules/services; permissions in permissions; reads in selectors."""

import datetime as dt
from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from intranet.exports import csv_response
from intranet.models import Person
from intranet.roles import STAFF_ROLES, Role, has_role
from intranet.selectors import person_for_user

from . import charts, rules, selectors, services
from .forms import (
    BookingCancelForm,
    BookingCreateForm,
    BookingEditForm,
    DayForm,
    OccupancyForm,
    RejectForm,
    RoomFinderForm,
    is_navigable,
)
from .models import Booking, BookingStatus, Room
from .opening import earliest_start, is_open_day
from .permissions import can_approve, can_book, can_manage_booking, can_see_history
from .recurrence import aware

BOOKINGS_PER_PAGE = 20
APPROVALS_PER_PAGE = 20
OCCUPANCY_MONTHS = 3


# --- helpers ---------------------------------------------------------------------------------

def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment)


def when(start: dt.datetime, end: dt.datetime) -> str:
    """« lundi 10 mars 2025, 14:00–16:00 »."""
    start, end = _local(start), _local(end)
    return _("%(day)s, %(start)s–%(end)s") % {
        "day": date_format(start, "l j F Y"), "start": time_format(start, "H:i"), "end": time_format(end, "H:i")}


def conflict_message(blocking: Booking | None, user) -> str:
    if blocking is None:
        return _("This slot has just been taken by someone else. Choose another time.")
    return _("This slot is already taken: « %(title)s » from %(start)s to %(end)s by %(organizer)s.") % {
        "title": blocking.title_for(user), "start": time_format(_local(blocking.start), "H:i"),
        "end": time_format(_local(blocking.end), "H:i"), "organizer": blocking.organizer.full_name}


def series_conflict_message(conflicts, user) -> str:
    if not conflicts:
        return _("Some dates have just been taken by someone else. Look at the room's week and try again.")
    dates = "; ".join(
        _("%(when)s (« %(title)s » by %(organizer)s)") % {
            "when": when(start, end), "title": blocking.title_for(user), "organizer": blocking.organizer.full_name}
        for start, end, blocking in conflicts)
    return ngettext("This date is already taken: %(dates)s.", "These dates are already taken: %(dates)s.",
                    len(conflicts)) % {"dates": dates}


def _iso(moment: dt.datetime) -> str:
    return _local(moment).isoformat(timespec="minutes")


def book_url(room: Room, start: dt.datetime | None = None, end: dt.datetime | None = None) -> str:
    url = reverse("calendar_sync:book", kwargs={"slug": room.slug})
    if start and end:
        url += "?" + urlencode({"debut": _iso(start), "fin": _iso(end)})
    return url


def _parse_date(value: str | None) -> dt.date | None:
    try:
        day = dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None
    return day if is_navigable(day) else None


def _parse_moment(value: str | None) -> dt.datetime | None:
    """An ISO datetime from a link (`?debut=2025-03-10T14:00+01:00`); a `+` decoded as a space by
    a hand-typed URL is put back."""
    value = (value or "").strip()
    if "T" in value:
        value = value.replace(" ", "+")
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if not is_navigable(moment):
        return None
    if timezone.is_naive(moment):
        return aware(moment.date(), moment.time())
    return _local(moment)


def _room_or_404(slug: str) -> Room:
    try:
        return selectors.room_by_slug(slug)
    except Room.DoesNotExist as exc:
        raise Http404(_("No such room.")) from exc


def _booking_or_404(pk: int) -> Booking:
    try:
        return selectors.booking_detail(pk)
    except Booking.DoesNotExist as exc:
        raise Http404(_("No such booking.")) from exc


def _person_or_403(request: HttpRequest) -> Person:
    person = person_for_user(request.user)
    if person is None:
        raise PermissionDenied(_("Your account is not linked to an entry of the directory."))
    return person


def _can_view_bookings(user, room: Room) -> bool:
    """Booking pages are for staff, and for whoever may book the room."""
    return has_role(user, *STAFF_ROLES) or can_book(user, room)


def _is_approver(user) -> bool:
    """Coordination and referents always reach the queue (it may be empty); anyone else only if
    they approve some room."""
    return has_role(user, Role.COORDINATION, Role.REFERENTS) or user.approved_rooms.exists()


def _refuse(form, refused: services.BookingRefused) -> None:
    form.add_error(refused.field if refused.field in form.fields else None, refused.message)


def _render(request: HttpRequest, template: str, context: dict, *, section: str, status: int = 200) -> HttpResponse:
    context = {
        **context,
        "section": section,
        "show_approvals": has_role(request.user, Role.COORDINATION, Role.REFERENTS),
        "show_occupancy": has_role(request.user, Role.COORDINATION),
    }
    return render(request, template, context, status=status)


def _cleaned_or_fallback(form) -> dict:
    """The valid part of a navigation form (GET): its bad fields are left out, not fatal."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return form.cleaned_data


def _hhmm(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


# --- rooms and availability -------------------------------------------------------------------

ROOMS_PER_PAGE = 12


def rooms(request: HttpRequest) -> HttpResponse:
    form = RoomFinderForm(request.GET or None)
    filters = {}
    if form.is_bound:
        form.is_valid()
        filters = form.filters()
    slot = form.slot() if form.is_bound else None
    found = Paginator(selectors.matching_rooms(**filters), ROOMS_PER_PAGE).get_page(request.GET.get("page"))
    cards = [{
        "room": room,
        "can_book": can_book(request.user, room),
        "book_url": book_url(room, *slot) if slot else book_url(room),
    } for room in found]
    query = request.GET.copy()
    query.pop("page", None)
    return _render(request, "calendar_sync/rooms.html", {
        "form": form, "cards": cards, "slot": slot, "searched": form.is_bound, "rooms_page": found,
        "room_count": found.paginator.count, "query": query.urlencode(),
    }, section="rooms", status=400 if form.errors else 200)


def room_week(request: HttpRequest, slug: str) -> HttpResponse:
    room = _room_or_404(slug)
    today = timezone.localdate()
    monday = selectors.week_start_of(_parse_date(request.GET.get("semaine")) or today)
    week = selectors.week_view(room=room, monday=monday)
    user = request.user
    may_book = can_book(user, room)
    may_view = _can_view_bookings(user, room)
    with_bookings = {index for _hour, slots in week.rows for index, slot in enumerate(slots) if slot.bookings}
    # Closed days (Sunday) are left out unless something is booked on them (an import, say).
    shown = [index for index, day in enumerate(week.days) if is_open_day(day) or index in with_bookings]
    day_labels = {index: date_format(week.days[index], "l j F") for index in shown}
    book_label = _("book %(day)s %(start)s–%(end)s")
    rows = []
    for row_index, (hour, slots) in enumerate(week.rows):
        cells = []
        for index in shown:
            slot, day = slots[index], week.days[index]
            cell_start = aware(day, hour)
            items = [{
                "booking": booking,
                "title": booking.title_for(user),
                "continued": row_index > 0 and booking.start < cell_start,
                "pending": booking.status == BookingStatus.PENDING,
                "url": booking.get_absolute_url() if may_view else "",
            } for booking in slot.bookings]
            bookable = may_book and slot.bookable
            # Labels are formatted here once per day and hour: date filters and blocktranslate in
            # 70 cells were half of the page's time.
            label = book_label % {"day": day_labels[index], "start": _hhmm(slot.start), "end": _hhmm(slot.end)}
            cells.append({"day": day, "start": slot.start, "end": slot.end, "items": items, "label": label,
                          "book_url": book_url(room, slot.start, slot.end) if bookable else ""})
        rows.append({"hour": hour, "cells": cells})
    free_slots = selectors.next_free_slots(room=room, after=earliest_start(timezone.now()), limit=5)
    return _render(request, "calendar_sync/room.html", {
        "room": room,
        "days": [week.days[index] for index in shown],
        "rows": rows,
        "monday": monday,
        "sunday": monday + dt.timedelta(days=6),
        "previous_week": (monday - dt.timedelta(days=7)).isoformat(),
        "next_week": (monday + dt.timedelta(days=7)).isoformat(),
        "is_this_week": monday == selectors.week_start_of(today),
        "today": today,
        "may_book": may_book,
        "free_slots": [{"start": start, "end": end, "url": book_url(room, start, end)} for start, end in free_slots],
        "approvers": [approver.get_full_name() or approver.email for approver in room.approvers.all()],
    }, section="rooms")


# --- booking --------------------------------------------------------------------------------

def _initial_from_query(query) -> dict:
    start, end = _parse_moment(query.get("debut")), _parse_moment(query.get("fin"))
    initial = {}
    if start:
        initial.update(date=start.date(), start=start.time())
        if end and end.date() == start.date() and end > start:
            initial["end"] = end.time()
    return initial


def book(request: HttpRequest, slug: str) -> HttpResponse:
    room = _room_or_404(slug)
    if not can_book(request.user, room):
        raise PermissionDenied(_("Your role does not allow you to book this room."))
    person = _person_or_403(request)
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
        _refuse(form, refused)
    except services.BookingConflict as conflict:
        form.add_error(None, conflict_message(conflict.blocking, request.user))
    else:
        details = {"room": room.name, "when": when(booking.start, booking.end)}
        if booking.status == BookingStatus.PENDING:
            messages.success(request, _("Your request for %(room)s, %(when)s, was sent for approval. "
                                        "You will get an email with the answer.") % details)
        else:
            messages.success(request, _("Room booked: %(room)s, %(when)s.") % details)
        return redirect(booking)
    return _book_form(request, room, form)


def _book_form(request, room: Room, form: BookingCreateForm) -> HttpResponse:
    return _render(request, "calendar_sync/book.html", {"room": room, "form": form}, section="rooms",
                   status=400 if form.is_bound and form.errors else 200)


def _book_series(request, room: Room, person: Person, form: BookingCreateForm, *, confirm: bool) -> HttpResponse:
    data, rule = form.cleaned_data, form.rule()
    if confirm:
        try:
            result = services.booking_series_create(
                room=room, organizer=person, title=data["title"], rule=rule, attendees=data["attendees"],
                note=data["note"], is_private=data["is_private"], skip_conflicts=True)
        except services.BookingRefused as refused:
            _refuse(form, refused)
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
                len(result.skipped)) % {"dates": ", ".join(date_format(_local(line.start), "l j F Y")
                                                           for line in result.skipped)})
        return redirect("calendar_sync:my_bookings")
    try:
        lines = services.series_preview(room=room, organizer=person, rule=rule, attendees=data["attendees"])
    except services.BookingRefused as refused:
        _refuse(form, refused)
        return _book_form(request, room, form)
    rows = [{
        "start": line.start, "end": line.end, "free": line.free, "problem": line.problem,
        "blocking": line.blocking,
        "blocking_title": line.blocking.title_for(request.user) if line.blocking else "",
    } for line in lines]
    free_count = sum(1 for line in lines if line.free)
    broken = [line for line in lines if line.problem and line.blocking is None]
    return _render(request, "calendar_sync/series_preview.html", {
        "room": room, "form": form, "rows": rows, "free_count": free_count,
        "taken_count": len(lines) - free_count, "broken": bool(broken),
        "can_confirm": free_count > 0 and not broken,
    }, section="rooms")


# --- my bookings and a booking ----------------------------------------------------------------

def my_bookings(request: HttpRequest) -> HttpResponse:
    person = person_for_user(request.user)
    past = request.GET.get("passees") == "1"
    page = rows = None
    if person is not None:
        page = Paginator(selectors.bookings_of(person, upcoming=not past), BOOKINGS_PER_PAGE).get_page(
            request.GET.get("page"))
        now = timezone.now()
        rows = [{"booking": booking, "title": booking.title_for(request.user),
                 "can_edit": booking.is_editable(now), "can_cancel": booking.is_cancellable(now)} for booking in page]
    return _render(request, "calendar_sync/my_bookings.html", {
        "person": person, "past": past, "page_obj": page, "rows": rows, "query": "passees=1" if past else "",
    }, section="my_bookings")


def booking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking_or_404(pk)
    user = request.user
    manages = can_manage_booking(user, booking)
    if not manages and not _can_view_bookings(user, booking.room):
        raise PermissionDenied(_("Your role does not give access to the bookings of this room."))
    now = timezone.now()
    show_history = can_see_history(user, booking)
    return _render(request, "calendar_sync/booking_detail.html", {
        "booking": booking,
        "title": booking.title_for(user),
        "note": booking.note_for(user),
        "show_history": show_history,
        "history": list(booking.log_entries.all()) if show_history else [],
        "can_edit": manages and booking.is_editable(now),
        "can_cancel": manages and booking.is_cancellable(now),
        "can_decide": booking.status == BookingStatus.PENDING and can_approve(user, booking.room),
        "when": when(booking.start, booking.end),
    }, section="my_bookings")


def booking_edit(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking_or_404(pk)
    if not can_manage_booking(request.user, booking):
        raise PermissionDenied(_("Only the organizer or the coordination can change this booking."))
    person = _person_or_403(request)
    try:  # the service refuses it too; saying so before the form is filled in is kinder
        rules.check_editable(booking, now=timezone.now())
    except services.BookingRefused as refused:
        messages.error(request, refused.message)
        return redirect(booking)
    start, end = _local(booking.start), _local(booking.end)
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
            _refuse(form, refused)
        except services.BookingConflict as conflict:
            form.add_error(None, conflict_message(conflict.blocking, request.user))
        except services.SeriesConflict as conflict:
            form.add_error(None, series_conflict_message(conflict.conflicts, request.user))
        else:
            messages.success(request, ngettext(
                "The booking was changed.", "%(count)d dates of the series were changed.", len(changed),
            ) % {"count": len(changed)})
            return redirect(booking)
    return _render(request, "calendar_sync/booking_edit.html", {
        "booking": booking, "title": booking.title_for(request.user), "form": form,
    }, section="my_bookings", status=400 if form.errors else 200)


def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking_or_404(pk)
    if not can_manage_booking(request.user, booking):
        raise PermissionDenied(_("Only the organizer or the coordination can cancel this booking."))
    person = _person_or_403(request)
    try:  # the service refuses it too; saying so before the form is filled in is kinder
        rules.check_cancellable(booking, now=timezone.now())
    except services.BookingRefused as refused:
        messages.error(request, refused.message)
        return redirect(booking)
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
                "title": title, "when": when(booking.start, booking.end)}
        else:
            done = _("%(count)d dates of « %(title)s » were cancelled.") % {"count": len(cancelled), "title": title}
        messages.success(request, done)
        return redirect("calendar_sync:my_bookings")
    return _render(request, "calendar_sync/booking_cancel.html", {
        "booking": booking, "title": booking.title_for(request.user), "form": form,
        "when": when(booking.start, booking.end),
    }, section="my_bookings", status=400 if form.errors else 200)


# --- approvals --------------------------------------------------------------------------------

def _reject_form(pk: int, data=None) -> RejectForm:
    # Several reject forms share the page: their ids carry the booking's pk.
    return RejectForm(data, auto_id=f"id_%s_{pk}")


def _approvals_page(request, *, forms: dict | None = None, status: int = 200) -> HttpResponse:
    page = Paginator(selectors.pending_for_approver(request.user), APPROVALS_PER_PAGE).get_page(
        request.GET.get("page"))
    forms = forms or {}
    user = request.user
    items = [{"booking": booking, "title": booking.title_for(user), "note": booking.note_for(user),
              "when": when(booking.start, booking.end), "series_pending": booking.series_pending or 0,
              "reject_form": forms.get(booking.pk) or _reject_form(booking.pk)} for booking in page]
    return _render(request, "calendar_sync/approvals.html", {"page_obj": page, "items": items},
                   section="approvals", status=status)


def approvals(request: HttpRequest) -> HttpResponse:
    if not _is_approver(request.user):
        raise PermissionDenied(_("You approve the bookings of no room."))
    return _approvals_page(request)


def _back_to_queue(request) -> HttpResponse:
    page = request.GET.get("page", "")
    url = reverse("calendar_sync:approvals")
    return redirect(f"{url}?{urlencode({'page': page})}" if page.isdigit() and page != "1" else url)


def _reject_again(request, booking: Booking, form: RejectForm) -> HttpResponse:
    """The queue again with this request's reason field in error (and focused: no script needed)."""
    form.fields["reason"].widget.attrs["autofocus"] = True
    messages.error(request, _("« %(title)s » was not rejected: %(error)s") % {
        "title": booking.title_for(request.user), "error": " ".join(form.errors.get("reason", []))})
    return _approvals_page(request, forms={booking.pk: form}, status=400)


@require_POST
def approval_decide(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, whole_series=False)


@require_POST
def approval_decide_series(request: HttpRequest, pk: int) -> HttpResponse:
    """The same decision for every date of the request's series still awaiting one."""
    return _decide(request, pk, whole_series=True)


def _decided_message(booking: Booking, decided: list[Booking], *, approved: bool, user, whole_series: bool) -> str:
    details = {"title": booking.title_for(user), "room": booking.room.name, "when": when(booking.start, booking.end),
               "count": len(decided)}
    if not whole_series:
        return (_("Approved: « %(title)s », %(room)s, %(when)s. The organizer gets an email.") if approved else
                _("Rejected: « %(title)s », %(room)s, %(when)s. The organizer gets an email with your reason.")
                ) % details
    if approved:
        return ngettext("Approved: %(count)d date of « %(title)s », %(room)s. The organizer gets one email.",
                        "Approved: %(count)d dates of « %(title)s », %(room)s. The organizer gets one email.",
                        len(decided)) % details
    return ngettext(
        "Rejected: %(count)d date of « %(title)s », %(room)s. The organizer gets one email with your reason.",
        "Rejected: %(count)d dates of « %(title)s », %(room)s. The organizer gets one email with your reason.",
        len(decided)) % details


def _decide(request: HttpRequest, pk: int, *, whole_series: bool) -> HttpResponse:
    if not _is_approver(request.user):
        raise PermissionDenied(_("You approve the bookings of no room."))
    booking = _booking_or_404(pk)
    if not can_approve(request.user, booking.room):
        raise PermissionDenied(_("You do not approve the bookings of this room."))
    person = _person_or_403(request)
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            if whole_series:
                decided = services.booking_series_approve(booking=booking, by=person)
            else:
                decided = [services.booking_approve(booking=booking, by=person)]
        elif decision == "reject":
            form = _reject_form(pk, request.POST)
            if not form.is_valid():
                return _reject_again(request, booking, form)
            reason = form.cleaned_data["reason"]
            try:
                if whole_series:
                    decided = services.booking_series_reject(booking=booking, by=person, reason=reason)
                else:
                    decided = [services.booking_reject(booking=booking, by=person, reason=reason)]
            except services.BookingRefused as refused:
                form.add_error("reason", refused.message)
                return _reject_again(request, booking, form)
        else:
            messages.error(request, _("Choose to approve or to reject the request."))
            return _approvals_page(request, status=400)
    except services.BookingNotPending as exc:
        messages.warning(request, str(exc))
    else:
        messages.success(request, _decided_message(booking, decided, approved=decision == "approve",
                                                   user=request.user, whole_series=whole_series))
    return _back_to_queue(request)


# --- day view ---------------------------------------------------------------------------------

def day(request: HttpRequest) -> HttpResponse:
    form = DayForm(request.GET or None, initial={"date": timezone.localdate()})
    today = timezone.localdate()
    cleaned = _cleaned_or_fallback(form)
    the_day = cleaned.get("date") or today
    library = cleaned.get("bibliotheque")
    # A bad date or library in a link falls back to today / the whole network, and says so.
    if "date" in form.errors:
        messages.warning(request, _("This date was not understood: here is today."))
    if "bibliotheque" in form.errors:
        messages.warning(request, _("Unknown library: here is the whole network."))
    rooms_of_day, by_room = selectors.day_view(day=the_day, library=library)
    user = request.user
    opens = min((room.opens_at for room in rooms_of_day), default=dt.time(8))
    closes = max((room.closes_at for room in rooms_of_day), default=dt.time(20))
    span = aware(the_day, closes) - aware(the_day, opens)
    window_start = aware(the_day, opens)

    def position(moment: dt.datetime) -> float:
        seconds = (moment - window_start).total_seconds() / span.total_seconds() if span else 0
        return round(min(max(seconds, 0), 1) * 1000, 1)

    # Booking pages are linked for staff only here: checking each room's groups would cost a query
    # per room (day_view does not prefetch them).
    link_bookings = has_role(user, *STAFF_ROLES)
    rows = []
    for room in rooms_of_day:
        items = []
        for booking in by_room.get(room.pk, []):
            left, right = position(booking.start), position(booking.end)
            items.append({"booking": booking, "title": booking.title_for(user),
                          "pending": booking.status == BookingStatus.PENDING,
                          "url": booking.get_absolute_url() if link_bookings else "",
                          "x": left, "width": max(right - left, 4)})
        rows.append({"room": room, "items": items})
    query = {"bibliotheque": library.slug} if library else {}
    return _render(request, "calendar_sync/day.html", {
        "form": DayForm(initial={"date": the_day, "bibliotheque": library}) if form.errors else form,
        "day": the_day, "rows": rows, "library": library, "is_today": the_day == today,
        # Hour marks above the timelines, as percentages of the day's widest opening.
        "hours": [{"time": dt.time(hour), "left": position(aware(the_day, dt.time(hour))) / 10}
                  for hour in range(opens.hour + (1 if opens.minute else 0), closes.hour + 1, 2)],
        "previous_url": "?" + urlencode({"date": (the_day - dt.timedelta(days=1)).isoformat(), **query}),
        "next_url": "?" + urlencode({"date": (the_day + dt.timedelta(days=1)).isoformat(), **query}),
        "today_url": "?" + urlencode({"date": today.isoformat(), **query}),
    }, section="day")


# --- occupancy report -------------------------------------------------------------------------

def occupancy_report(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, Role.COORDINATION):
        raise PermissionDenied(_("The occupancy report is for the coordination."))
    form = OccupancyForm(request.GET or None, initial={"mois": timezone.localdate().replace(day=1)})
    cleaned = _cleaned_or_fallback(form)
    this_month = timezone.localdate().replace(day=1)
    first_month = (cleaned.get("mois") or this_month).replace(day=1)
    library = cleaned.get("bibliotheque")
    rows = selectors.occupancy(first_month=first_month, months=OCCUPANCY_MONTHS, library=library)
    if request.GET.get("format") == "csv":
        return _occupancy_csv(rows, first_month)
    end = first_month + relativedelta(months=OCCUPANCY_MONTHS)
    per_library = selectors.bookings_per_library(start=first_month, end=end)
    table = [{
        "room": item.room,
        "months": [{"month": month, "booked": booked, "bookable": bookable,
                    "rate": charts.percent(charts.rate_of(booked, bookable))}
                   for month, booked, bookable in item.months],
    } for item in rows]
    query = {"mois": first_month.strftime("%Y-%m"), **({"bibliotheque": library.slug} if library else {})}
    return _render(request, "calendar_sync/occupancy.html", {
        "form": OccupancyForm(initial={"mois": first_month, "bibliotheque": library}) if form.errors else form,
        "first_month": first_month, "last_month": first_month + relativedelta(months=OCCUPANCY_MONTHS - 1),
        "library": library,
        "months": [month for month, _booked, _bookable in rows[0].months] if rows else [],
        "table": table, "chart": charts.occupancy_chart(rows),
        "per_library": per_library, "library_chart": charts.per_library_chart(per_library),
        "csv_url": "?" + urlencode({**query, "format": "csv"}),
        "previous_url": "?" + urlencode({**query, "mois": (first_month - relativedelta(months=1)).strftime("%Y-%m")}),
        "next_url": "?" + urlencode({**query, "mois": (first_month + relativedelta(months=1)).strftime("%Y-%m")}),
    }, section="occupancy")


def _occupancy_csv(rows: list[selectors.RoomOccupancy], first_month: dt.date) -> HttpResponse:
    return csv_response(
        filename=f"occupation-salles-{first_month:%Y-%m}.csv",
        header=[_("Room"), _("Library"), _("Month"), _("Booked hours"), _("Bookable hours"), _("Rate (%)")],
        rows=([item.room.name, item.room.library.name, f"{month:%Y-%m}", f"{booked:.1f}", f"{bookable:.1f}",
               f"{charts.rate_of(booked, bookable):.1f}"]
              for item in rows for month, booked, bookable in item.months),
    )
