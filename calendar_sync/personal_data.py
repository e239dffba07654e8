"""calendar_sync's entry in « Mes données » (intranet.personal_data): the bookings one organises (and
their series), what one did in the bookings' history, the calendar feed's secret links, the .ics
files one imported, the network agenda's events one entered and the rooms one approves; what leaving
closes of them, and what is erased once the retention period is over.

Leaving: the feed links stop at once (the personal feed answers 404), every booking still to come
or under way is cancelled through `booking_cancel` (its history, CalDAV push and the organizer's
cancellation email with METHOD:CANCEL follow, after the commit), imports waiting for confirmation
are discarded, and the person no longer approves any room: a room that needs approval and had them
as its only approver goes to the successor (refused without one).

Kept afterwards: the past bookings and their history keep the organizer's name. They are the record
of who used a public room when (the premises' safety, damage, the sharing of rooms between the member
towns), which the rooms' owners must be able to answer for. CalDAV links and calendar subscriptions
belong to rooms and network calendars, never to a person: nothing of them is personal data.

Order 70: after governance (60), which hands the rooms of upcoming meetings over first."""

from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from intranet.departures import DepartureRefused
from intranet.models import Departure, Person
from intranet.personal_data import Change, PersonalData, Table, change, table

from .feeds.tokens import feed_token_revoke
from .models import (
    AgendaEvent,
    Booking,
    BookingAction,
    BookingLog,
    BookingSeries,
    BookingStatus,
    EventStatus,
    FeedToken,
    IcsImport,
    IcsImportStatus,
    Room,
)
from .permissions import can_manage_booking


def _labels(choices) -> dict:
    return dict(choices.choices)


# --- export ---------------------------------------------------------------------------------------------


def export(person: Person) -> list[Table]:
    """Every calendar_sync row about `person`: seven queries, whatever their number."""
    statuses, actions, events = _labels(BookingStatus), _labels(BookingAction), _labels(EventStatus)
    imports = _labels(IcsImportStatus)
    tables = [table("bookings", _("Rooms I booked"), {
        "room": _("Room"), "library": _("Library"), "title": _("Title"), "start": _("Start"), "end": _("End"),
        "status": _("Status"), "attendees": _("Expected attendees"), "note": _("Note"), "private": _("Private"),
        "series": _("Series"), "reason": _("Reason of the decision"), "created_at": _("Booked on")},
        ({"room": row["room__name"], "library": row["room__library__name"], "title": row["title"],
          "start": row["start"], "end": row["end"], "status": statuses.get(row["status"]),
          "attendees": row["attendees"], "note": row["note"], "private": row["is_private"],
          "series": row["series__title"] or "", "reason": row["decision_reason"], "created_at": row["created_at"]}
         for row in Booking.objects.filter(organizer=person).order_by("start", "pk")
         .values("room__name", "room__library__name", "title", "start", "end", "status", "attendees", "note",
                 "is_private", "series__title", "decision_reason", "created_at")))]

    tables.append(table("booking_series", _("My recurring bookings"), {
        "room": _("Room"), "title": _("Title"), "frequency": _("Frequency"), "rule": _("Recurrence rule"),
        "first_date": _("First date"), "start_time": _("Start time"), "end_time": _("End time"),
        "created_at": _("Booked on")},
        ({"room": series.room.name, "title": series.title, "frequency": series.frequency.label,
          "rule": series.rrule, "first_date": series.first_date, "start_time": series.start_time,
          "end_time": series.end_time, "created_at": series.created_at}
         for series in BookingSeries.objects.filter(organizer=person).select_related("room").order_by("first_date",
                                                                                                      "pk"))))

    # What the person did to bookings, theirs or others' (as an approver or for Coordination): the
    # title of someone else's private booking stays « Réservé », as the history's readers see it.
    tables.append(table("booking_history", _("What I did in the bookings"), {
        "at": _("When"), "action": _("Action"), "room": _("Room"), "booking": _("Booking"),
        "booking_start": _("Start"), "details": _("Details")},
        ({"at": row["at"], "action": actions.get(row["action"]), "room": row["booking__room__name"],
          "booking": row["booking__title"]
          if not row["booking__is_private"] or row["booking__organizer_id"] == person.pk else str(_("Reserved")),
          "booking_start": row["booking__start"], "details": row["details"]}
         for row in BookingLog.objects.filter(by=person).order_by("at", "pk")
         .values("at", "action", "booking__room__name", "booking__title", "booking__is_private",
                 "booking__organizer_id", "booking__start", "details"))))

    # The secret key of a feed link is a password: the export says when it was made and used, not what it is.
    tables.append(table("feed_tokens", _("My calendar feed links (their secret keys are not exported)"), {
        "created_at": _("Created on"), "last_used_at": _("Last used on"), "revoked_at": _("Revoked on")},
        FeedToken.objects.filter(person=person).order_by("created_at", "pk")
        .values("created_at", "last_used_at", "revoked_at")))

    tables.append(table("ics_imports", _("Calendar files I imported"), {
        "filename": _("File name"), "target": _("Imported into"), "status": _("Status"), "created_at": _("Uploaded on"),
        "done_at": _("Imported on")},
        ({"filename": row["filename"], "target": row["calendar__name"] or str(_("Room bookings")),
          "status": imports.get(row["status"]), "created_at": row["created_at"], "done_at": row["done_at"]}
         for row in IcsImport.objects.filter(created_by=person).order_by("created_at", "pk")
         .values("filename", "calendar__name", "status", "created_at", "done_at"))))

    tables.append(table("agenda_events", _("Events I entered in the network agenda"), {
        "calendar": _("Calendar"), "title": _("Title"), "start": _("Start"), "end": _("End"), "status": _("Status"),
        "created_at": _("Entered on")},
        ({"calendar": row["calendar__name"], "title": row["title"], "start": row["start"], "end": row["end"],
          "status": events.get(row["status"]), "created_at": row["created_at"]}
         for row in AgendaEvent.objects.filter(created_by=person).order_by("start", "pk")
         .values("calendar__name", "title", "start", "end", "status", "created_at"))))

    rooms = (Room.objects.filter(approvers=person.user).order_by("library__name", "name", "pk")
             .values("name", "library__name", "requires_approval")) if person.user_id else []
    tables.append(table("rooms_approved", _("Rooms whose requests I approve"), {
        "room": _("Room"), "library": _("Library"), "requires_approval": _("Approval required")},
        ({"room": row["name"], "library": row["library__name"], "requires_approval": row["requires_approval"]}
         for row in rooms)))
    return tables


# --- leave ----------------------------------------------------------------------------------------------


def _hand_rooms_over(person: Person, successor: Person | None) -> list[Change]:
    """The person approves no room any more. A room that needs approval and had them as its only
    approver is handed to the successor (Coordination approves every room, but a room's own
    approver is who knows its requests); without a successor the departure is refused."""
    user = person.user
    if user is None:
        return []
    rooms = list(Room.objects.filter(approvers=user).prefetch_related("approvers").order_by("name", "pk"))
    if not rooms:
        return []
    alone = [room for room in rooms if room.requires_approval and room.active
             and not any(other.pk != user.pk and other.is_active for other in room.approvers.all())]
    changes: list[Change] = []
    if alone:
        if successor is None or successor.user_id is None:
            names = ", ".join(room.name for room in alone)
            if successor is None:
                raise DepartureRefused(ngettext(
                    "%(name)s is the only approver of the room %(rooms)s: name someone to take the requests over.",
                    "%(name)s is the only approver of the rooms %(rooms)s: name someone to take the requests over.",
                    len(alone)) % {"name": person.full_name, "rooms": names})
            raise DepartureRefused(_("%(name)s has no account and cannot approve room requests: name someone with "
                                     "one.") % {"name": successor.full_name})
        for room in alone:
            room.approvers.add(successor.user_id)
        changes += change("calendar_sync.rooms_handed", ngettext(
            "%(count)d room whose requests %(name)s now approves",
            "%(count)d rooms whose requests %(name)s now approves", len(alone))
            % {"count": len(alone), "name": successor.full_name}, len(alone))
    Room.approvers.through.objects.filter(user_id=user.pk).delete()
    changes += change("calendar_sync.approver_removed", ngettext(
        "No longer approves the requests of %(count)d room", "No longer approves the requests of %(count)d rooms",
        len(rooms)) % {"count": len(rooms)}, len(rooms))
    return changes


def _cancel_open_bookings(departure: Departure) -> int:
    """Every booking of the person still holding a slot and not over, through booking_cancel: one
    call per series (scope « all ») and per single booking. Cancelled in the name of whoever
    recorded the departure when they may (Coordination), else of the organizer. The service sends
    the organizer the cancellation of what was confirmed (after the commit: a dry run sends nothing)."""
    from .services import Scope, booking_cancel

    person, now = departure.person, departure.left_at
    reason = _("%(name)s has left the network.") % {"name": person.full_name}
    open_bookings = list(Booking.objects.cancellable(now).filter(organizer=person)
                         .select_related("room__library", "organizer__user").order_by("start", "pk"))
    recorder = departure.recorded_by
    cancelled, series_done = 0, set()
    for booking in open_bookings:
        if booking.series_id is not None and booking.series_id in series_done:
            continue
        by = recorder if recorder is not None and recorder.user_id and can_manage_booking(recorder.user, booking) \
            else person
        scope = Scope.ALL if booking.series_id is not None else Scope.THIS
        cancelled += len(booking_cancel(booking=booking, by=by, scope=scope, reason=reason))
        if booking.series_id is not None:
            series_done.add(booking.series_id)
    return cancelled


def leave(departure: Departure) -> list[Change]:
    person = departure.person
    changes: list[Change] = []
    changes += _hand_rooms_over(person, departure.successor)

    revoked = feed_token_revoke(person=person)
    changes += change("calendar_sync.feed_links_revoked", ngettext(
        "%(count)d calendar feed link revoked", "%(count)d calendar feed links revoked", revoked)
        % {"count": revoked}, revoked)

    cancelled = _cancel_open_bookings(departure)
    changes += change("calendar_sync.bookings_cancelled", ngettext(
        "%(count)d upcoming room booking cancelled", "%(count)d upcoming room bookings cancelled", cancelled)
        % {"count": cancelled}, cancelled)

    # Nobody will confirm them: discarded as ics_import_discard does (the file goes, the row stays).
    discarded = (IcsImport.objects.filter(created_by=person, status=IcsImportStatus.PREVIEWED)
                 .update(status=IcsImportStatus.DISCARDED, content=b""))
    changes += change("calendar_sync.imports_discarded", ngettext(
        "%(count)d calendar file waiting for confirmation discarded",
        "%(count)d calendar files waiting for confirmation discarded", discarded) % {"count": discarded}, discarded)
    return changes


# --- anonymise ------------------------------------------------------------------------------------------


def anonymise(person: Person) -> list[Change]:
    """Erase what is not the bookings' record. Idempotent."""
    changes: list[Change] = []
    tokens = FeedToken.objects.filter(person=person).delete()[0]
    changes += change("calendar_sync.feed_tokens_erased", ngettext(
        "%(count)d calendar feed link erased", "%(count)d calendar feed links erased", tokens) % {"count": tokens},
        tokens)
    imports = IcsImport.objects.filter(created_by=person).delete()[0]
    changes += change("calendar_sync.imports_erased", ngettext(
        "%(count)d record of a calendar file import erased", "%(count)d records of calendar file imports erased",
        imports) % {"count": imports}, imports)
    # The note is what the organizer wrote to the approvers: not part of the record of who used the room.
    notes = Booking.objects.filter(organizer=person).exclude(note="").update(note="")
    changes += change("calendar_sync.booking_notes_erased", ngettext(
        "Note erased from %(count)d booking (the booking keeps the organizer's name)",
        "Notes erased from %(count)d bookings (the bookings keep the organizer's name)", notes) % {"count": notes},
        notes)
    events = AgendaEvent.objects.filter(created_by=person).update(created_by=None)
    changes += change("calendar_sync.events_unnamed", ngettext(
        "%(count)d event of the network agenda no longer says who entered it",
        "%(count)d events of the network agenda no longer say who entered them", events) % {"count": events}, events)
    return changes


PERSONAL_DATA_ENTRY = PersonalData(
    key="calendar_sync",
    title=gettext_lazy("Rooms and calendars"),
    holds=gettext_lazy(
        "The rooms you booked (times, title, note, status) and your recurring bookings; what you did in the "
        "bookings' history (created, changed, cancelled, approved, rejected); your calendar feed links (when made "
        "and last used, not their secret); the calendar files you imported; the events you entered in the network "
        "agenda; the rooms whose requests you approve."),
    purpose=gettext_lazy(
        "Share the network's rooms without double bookings, approve the requests, publish the network agenda and "
        "let each person follow it in their own calendar app."),
    legal_basis=gettext_lazy(
        "Public task of the member authorities (GDPR art. 6.1.e): the management of their premises and of the "
        "network's shared services."),
    retention=format_lazy(gettext_lazy(
        "When you leave, your calendar feed links stop working at once, your upcoming bookings are cancelled (you "
        "receive the cancellation), the files waiting for import are discarded and you no longer approve any room. "
        "{days} days later your feed links, your import records and the notes of your bookings are erased. Your "
        "past bookings and the bookings' history keep your name: they record who used a public room and when."),
        days=settings.DEPARTED_RETENTION_DAYS),
    export=export, leave=leave, anonymise=anonymise, order=70,
)

__all__ = ["PERSONAL_DATA_ENTRY", "anonymise", "export", "leave"]
