"""iCalendar (RFC 5545) objects for bookings, as calendar apps expect them in invitations (iTIP,
RFC 5546): a stable UID per booking, SEQUENCE raised on every change, times in UTC (no VTIMEZONE
needed, so Outlook cannot misplace them), the network's mailbox as ORGANIZER."""

from collections.abc import Iterable
from datetime import UTC

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


def location_of(booking: Booking) -> str:
    room = booking.room
    address = " ".join(room.library.address.split()) if room.library.address else room.library.commune
    return f"{room.name}, {room.library.name} — {address}"


def booking_event(booking: Booking, *, organizer_email: str, organizer_name: str = "") -> Event:
    event = Event()
    event.add("uid", booking.ical_uid)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", booking.start.astimezone(UTC))
    event.add("dtend", booking.end.astimezone(UTC))
    event.add("sequence", booking.sequence)
    event.add("summary", booking.title)
    event.add("location", location_of(booking))
    event.add("status", ICAL_STATUS[booking.status])
    if booking.note:
        event.add("description", booking.note)
    if booking.is_private:
        event.add("class", "PRIVATE")
    organizer = vCalAddress(f"mailto:{organizer_email}")
    if organizer_name:
        organizer.params["cn"] = vText(organizer_name)
    event.add("organizer", organizer)
    if booking.organizer.user_id:
        attendee = vCalAddress(f"mailto:{booking.organizer.user.email}")
        attendee.params["cn"] = vText(booking.organizer.full_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("ACCEPTED")
        event.add("attendee", attendee)
    return event


def invitation(bookings: Iterable[Booking], *, method: str, organizer_email: str, organizer_name: str = "") -> str:
    """One iTIP message (METHOD:REQUEST or CANCEL) with one VEVENT per booking given."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    for booking in bookings:
        calendar.add_component(booking_event(booking, organizer_email=organizer_email,
                                             organizer_name=organizer_name))
    return calendar.to_ical().decode()
