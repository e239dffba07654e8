"""The booking rules that do not need to look at other bookings. Each violation carries the form
field it belongs to and a translated message."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from intranet.models import Person

from .models import Booking, Room
from .opening import bookable_period, earliest_start
from .permissions import can_book


class BookingRefused(Exception):
    """A rule forbids this booking. `field` is the form field to attach the message to (or None)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def check(*, room: Room, organizer: Person, start: dt.datetime, end: dt.datetime, attendees: int,
          now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    if not room.active:
        raise BookingRefused(_("This room can no longer be booked."))
    if organizer.user is None or not can_book(organizer.user, room):
        raise BookingRefused(_("Your role does not allow you to book this room."))
    if end <= start:
        raise BookingRefused(_("The end must be after the start."), field="end")
    if start < now:
        raise BookingRefused(_("This time is in the past."), field="start")
    if start < earliest_start(now):
        raise BookingRefused(
            _("Book at least %(minutes)d minutes ahead.") % {"minutes": settings.BOOKING_MIN_NOTICE_MINUTES},
            field="start")
    if start > now + dt.timedelta(days=settings.BOOKING_HORIZON_DAYS):
        raise BookingRefused(
            _("Bookings open %(days)d days ahead at most.") % {"days": settings.BOOKING_HORIZON_DAYS},
            field="start")
    if end - start > dt.timedelta(hours=settings.BOOKING_MAX_DURATION_HOURS):
        raise BookingRefused(
            _("A booking lasts %(hours)d hours at most.") % {"hours": settings.BOOKING_MAX_DURATION_HOURS},
            field="end")
    local_start, local_end = timezone.localtime(start), timezone.localtime(end)
    if local_start.date() != local_end.date():
        raise BookingRefused(_("A booking starts and ends on the same day."), field="end")
    period = bookable_period(room, local_start.date())
    if period is None:
        raise BookingRefused(_("Rooms cannot be booked on %(day)s.") % {"day": date_format(local_start, "l")},
                             field="start")
    if start < period[0] or end > period[1]:
        raise BookingRefused(
            _("This room can be booked between %(opens)s and %(closes)s.")
            % {"opens": time_format(room.opens_at, "H:i"), "closes": time_format(room.closes_at, "H:i")},
            field="start")
    if attendees < 1:
        raise BookingRefused(_("At least one person attends."), field="attendees")
    if attendees > room.capacity:
        raise BookingRefused(
            _("This room holds %(capacity)d people at most.") % {"capacity": room.capacity}, field="attendees")


def check_editable(booking: Booking, *, now: dt.datetime) -> None:
    """Refuses a change of a booking that has started, ended or been cancelled."""
    if not booking.is_editable(now):
        raise BookingRefused(_("This booking has started, ended or been cancelled: it can no longer be changed."))


def check_cancellable(booking: Booking, *, now: dt.datetime) -> None:
    """Refuses to cancel a booking that is over or no longer holds its slot."""
    if not booking.is_cancellable(now):
        raise BookingRefused(_("This booking is over or already cancelled."))
