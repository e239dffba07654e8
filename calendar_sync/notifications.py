"""Emails about bookings: the organizer gets an iCalendar invitation (METHOD:REQUEST) when a
booking is confirmed or changed and METHOD:CANCEL when it goes away; approvers get requests;
requesters get the outcome. Sent after commit through intranet.notifications.

Private bookings: a body shows what its recipient may see (permissions.can_see_private_details,
through `viewer` in the context); a subject is read by anyone (lock screens, shared mailboxes,
forwarded threads), so for a private booking it names the room and the date, never the title."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.formats import date_format

from intranet.notifications import Attachment, network_sender, send_templated_email
from intranet.roles import Role

from .ical import invitation
from .models import Booking
from .permissions import can_see_private_details


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


def subject_detail(booking: Booking) -> str:
    """What a subject says after the room: the title, or the date when the booking is private."""
    if can_see_private_details(None, booking):
        return booking.title
    return date_format(timezone.localtime(booking.start), "l j F Y")


def _context(bookings: list[Booking], *, viewer, **extra) -> dict:
    """`viewer`: the recipient's account, whose rights decide what the body shows."""
    first = bookings[0]
    return {"booking": first, "bookings": bookings, "room": first.room, "organizer": first.organizer,
            "viewer": viewer, "subject_detail": subject_detail(first),
            "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"), **extra}


def _send_to_organizer(bookings: list[Booking], template: str, attachments=(), **extra) -> None:
    user = bookings[0].organizer.user
    if user is not None:
        send_templated_email(to=[user.email], template=template, context=_context(bookings, viewer=user, **extra),
                             attachments=attachments)


def bookings_confirmed(bookings: list[Booking], *, approved: bool = False) -> None:
    """The ICS keeps the title (the organizer may see it), with CLASS:PRIVATE for a private booking."""
    if bookings:
        _send_to_organizer(bookings, "calendar_sync/email/booking_confirmed",
                           attachments=_ics_attachments(bookings, "REQUEST"), approved=approved)


def booking_changed(bookings: list[Booking]) -> None:
    if bookings:
        _send_to_organizer(bookings, "calendar_sync/email/booking_changed",
                           attachments=_ics_attachments(bookings, "REQUEST"))


def bookings_cancelled(bookings: list[Booking]) -> None:
    """`bookings`: the cancelled ones that were confirmed (a pending request was in no calendar)."""
    if bookings:
        _send_to_organizer(bookings, "calendar_sync/email/booking_cancelled",
                           attachments=_ics_attachments(bookings, "CANCEL"))


def bookings_rejected(bookings: list[Booking]) -> None:
    """One email for the dates rejected at once (a whole series), with the reason."""
    if bookings:
        _send_to_organizer(bookings, "calendar_sync/email/booking_rejected")


def _approvers_of(room) -> list:
    approvers = [user for user in room.approvers.all() if user.is_active]
    if approvers:
        return approvers
    coordination = Group.objects.filter(name=Role.COORDINATION.value).first()
    return list(coordination.user_set.filter(is_active=True)) if coordination else []


def approval_requested(bookings: list[Booking]) -> None:
    """To each of the room's approvers (the coordination when the room names none), one email each
    so that each body follows its reader's rights, and a receipt to the organizer."""
    if not bookings:
        return
    for approver in _approvers_of(bookings[0].room):
        send_templated_email(to=[approver.email], template="calendar_sync/email/approval_requested",
                             context=_context(bookings, viewer=approver))
    _send_to_organizer(bookings, "calendar_sync/email/booking_pending")
