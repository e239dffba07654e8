"""iCalendar (RFC 5545) objects as calendar apps expect them in invitations (iTIP, RFC 5546): a
stable UID per event, SEQUENCE raised on every change, times in UTC (no VTIMEZONE needed, so Outlook
cannot misplace them), the network's mailbox as ORGANIZER and never also an ATTENDEE.

The project's one iCalendar writer: `event_component` writes any event and `itip_message` wraps
events in one message; bookings (`booking_event`, `invitation`) and the meetings of governance
(its convocations) both go through them."""

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from .models import Booking, BookingStatus

PRODID = "-//Intranet du reseau des mediatheques//calendar_sync//FR"

ICAL_STATUS = {
    BookingStatus.CONFIRMED: "CONFIRMED",
    BookingStatus.PENDING: "TENTATIVE",
    BookingStatus.CANCELLED: "CANCELLED",
    BookingStatus.REJECTED: "CANCELLED",
}


def _address(email: str, name: str = "", **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


def event_component(*, uid: str, sequence: int, start: datetime, end: datetime, summary: str,
                    organizer_email: str, organizer_name: str = "", location: str = "", description: str = "",
                    status: str = "CONFIRMED", attendees: Iterable[tuple[str, str]] = (),
                    attendee_partstat: str = "NEEDS-ACTION", attendee_rsvp: bool | None = False,
                    url: str = "", classification: str = "", dtstamp: datetime | None = None) -> Event:
    """One VEVENT. `start`, `end` and `dtstamp` are aware datetimes, written in UTC. `attendees`:
    (email, name) pairs, each an ATTENDEE (ROLE=REQ-PARTICIPANT, PARTSTAT=`attendee_partstat`,
    RSVP=`attendee_rsvp` unless None); the organizer's own address is left out of them (RFC 5546:
    the organizer is not an attendee of its own invitation), as are empty and repeated addresses."""
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", (dtstamp or timezone.now()).astimezone(UTC))
    event.add("dtstart", start.astimezone(UTC))
    event.add("dtend", end.astimezone(UTC))
    event.add("sequence", sequence)
    event.add("summary", summary)
    if location:
        event.add("location", location)
    event.add("status", status)
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    if classification:
        event.add("class", classification)
    event.add("organizer", _address(organizer_email, organizer_name))
    seen = {organizer_email.strip().lower()}
    for email, name in attendees:
        key = (email or "").strip().lower()
        if not key or key in seen:
            continue
        seen.add(key)
        params = {"role": "REQ-PARTICIPANT", "partstat": attendee_partstat}
        if attendee_rsvp is not None:
            params["rsvp"] = "TRUE" if attendee_rsvp else "FALSE"
        event.add("attendee", _address(email.strip(), name, **params))
    return event


def itip_message(events: Sequence[Event] | Iterable[Event], method: str) -> str:
    """One iTIP message (METHOD:REQUEST, CANCEL...) holding the events given."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical().decode()


def location_of(booking: Booking) -> str:
    room = booking.room
    address = " ".join(room.library.address.split()) if room.library.address else room.library.commune
    return f"{room.name}, {room.library.name} — {address}"


def booking_event(booking: Booking, *, organizer_email: str, organizer_name: str = "") -> Event:
    """The booking's organizer is its one attendee, who has already accepted (they booked it)."""
    organizer = booking.organizer
    attendees = [(organizer.user.email, organizer.full_name)] if organizer.user_id else []
    return event_component(
        uid=booking.ical_uid, sequence=booking.sequence, start=booking.start, end=booking.end,
        summary=booking.title, location=location_of(booking), description=booking.note,
        status=ICAL_STATUS[booking.status], classification="PRIVATE" if booking.is_private else "",
        organizer_email=organizer_email, organizer_name=organizer_name, attendees=attendees,
        attendee_partstat="ACCEPTED", attendee_rsvp=None)


def invitation(bookings: Iterable[Booking], *, method: str, organizer_email: str, organizer_name: str = "") -> str:
    """One iTIP message (METHOD:REQUEST or CANCEL) with one VEVENT per booking given."""
    return itip_message([booking_event(booking, organizer_email=organizer_email, organizer_name=organizer_name)
                         for booking in bookings], method)
