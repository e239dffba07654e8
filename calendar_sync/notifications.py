"""Emails about bookings: the organizer gets an iCalendar invitation (METHOD:REQUEST) when a
booking is confirmed or changed and METHOD:CANCEL when it goes away; approvers get requests;
requesters get the outcome. Sent after commit through intranet.notifications."""

from django.conf import settings
from django.contrib.auth.models import Group

from intranet.notifications import Attachment, network_sender, send_templated_email
from intranet.roles import Role

from .ical import invitation
from .models import Booking


def _mailbox() -> tuple[str, str]:
    sender = network_sender()
    if "<" in sender:
        name, address = sender.rsplit("<", 1)
        return address.rstrip(">").strip(), name.strip()
    return sender, ""


def _ics_attachments(bookings: list[Booking], method: str) -> list[Attachment]:
    email, name = _mailbox()
    return [
        Attachment(
            filename=f"reservation-{booking.pk}.ics" if method == "REQUEST" else f"annulation-{booking.pk}.ics",
            content=invitation([booking], method=method, organizer_email=email, organizer_name=name),
            mimetype=f"text/calendar; method={method}",
        )
        for booking in bookings
    ]


def _context(bookings: list[Booking], **extra) -> dict:
    first = bookings[0]
    return {"booking": first, "bookings": bookings, "room": first.room, "organizer": first.organizer,
            "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"), **extra}


def _organizer_email(bookings: list[Booking]) -> list[str]:
    user = bookings[0].organizer.user
    return [user.email] if user else []


def bookings_confirmed(bookings: list[Booking], *, approved: bool = False) -> None:
    if bookings:
        send_templated_email(to=_organizer_email(bookings), template="calendar_sync/email/booking_confirmed",
                             context=_context(bookings, approved=approved),
                             attachments=_ics_attachments(bookings, "REQUEST"))


def booking_changed(bookings: list[Booking]) -> None:
    if bookings:
        send_templated_email(to=_organizer_email(bookings), template="calendar_sync/email/booking_changed",
                             context=_context(bookings), attachments=_ics_attachments(bookings, "REQUEST"))


def bookings_cancelled(bookings: list[Booking], *, was_confirmed: bool = True) -> None:
    if bookings:
        send_templated_email(to=_organizer_email(bookings), template="calendar_sync/email/booking_cancelled",
                             context=_context(bookings),
                             attachments=_ics_attachments(bookings, "CANCEL") if was_confirmed else ())


def booking_rejected(booking: Booking) -> None:
    send_templated_email(to=_organizer_email([booking]), template="calendar_sync/email/booking_rejected",
                         context=_context([booking]))


def approval_requested(bookings: list[Booking]) -> None:
    """To the room's approvers (the coordination when the room names none), and a receipt to the
    organizer."""
    if not bookings:
        return
    room = bookings[0].room
    approvers = [user.email for user in room.approvers.all() if user.is_active]
    if not approvers:
        coordination = Group.objects.filter(name=Role.COORDINATION.value).first()
        approvers = list(coordination.user_set.filter(is_active=True).values_list("email", flat=True)) \
            if coordination else []
    send_templated_email(to=approvers, template="calendar_sync/email/approval_requested",
                         context=_context(bookings))
    send_templated_email(to=_organizer_email(bookings), template="calendar_sync/email/booking_pending",
                         context=_context(bookings))
