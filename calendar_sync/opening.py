"""When a room can be booked: on the days rooms open (settings.BOOKING_CLOSED_WEEKDAYS, Python
weekdays, 0 = Monday) and within the room's hours (its own, else its library's). The one answer
that the booking rules, the week grid, the free slots, the occupancy report, the forms and the
pages give."""

import datetime as dt

from django.conf import settings
from django.utils.dates import WEEKDAYS
from django.utils.formats import time_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from .models import Room
from .recurrence import aware


def earliest_start(now: dt.datetime) -> dt.datetime:
    """The first moment a booking may start: the minimum notice after now."""
    return now + dt.timedelta(minutes=settings.BOOKING_MIN_NOTICE_MINUTES)


def open_weekdays() -> list[int]:
    """The Python weekdays (0 = Monday) on which rooms open."""
    closed = set(settings.BOOKING_CLOSED_WEEKDAYS)
    return [weekday for weekday in range(7) if weekday not in closed]


def is_open_day(day: dt.date) -> bool:
    return day.weekday() not in settings.BOOKING_CLOSED_WEEKDAYS


def bookable_period(room: Room, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
    """When the room can be booked on that day (aware, local wall clock); None on a closed day."""
    if not is_open_day(day):
        return None
    return aware(day, room.opens_at), aware(day, room.closes_at)


def open_days_label() -> str:
    """The days rooms open, in words: « du lundi au samedi », « lundi, mercredi et vendredi »."""
    weekdays = open_weekdays()
    if len(weekdays) == 7:
        return _("every day")
    if len(weekdays) >= 3 and weekdays[-1] - weekdays[0] == len(weekdays) - 1:
        return _("from %(first)s to %(last)s") % {"first": WEEKDAYS[weekdays[0]], "last": WEEKDAYS[weekdays[-1]]}
    return str(get_text_list([str(WEEKDAYS[weekday]) for weekday in weekdays], _("and")))


def opening_label(room: Room) -> str:
    """The room's bookable hours and days: « 08:30–19:00, du lundi au samedi »."""
    return _("%(opens)s–%(closes)s, %(days)s") % {
        "opens": time_format(room.opens_at, "H:i"), "closes": time_format(room.closes_at, "H:i"),
        "days": open_days_label()}
