"""Helpers of the room booking tests: future opening days and times, sent emails and their
calendar invitations."""

import datetime as dt
import email.mime.base

from django.conf import settings
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from calendar_sync.recurrence import aware


def bookable_day(days_ahead: int) -> dt.date:
    """The days_ahead-th day after today on which rooms open (Sundays are not counted)."""
    assert days_ahead >= 1
    day, counted = timezone.localdate(), 0
    while counted < days_ahead:
        day += dt.timedelta(days=1)
        if day.weekday() not in settings.BOOKING_CLOSED_WEEKDAYS:
            counted += 1
    return day


def at(day: dt.date, hour: float) -> dt.datetime:
    """An aware local time: at(day, 9.5) is 09:30 in the network's zone."""
    return aware(day, dt.time(int(hour), round(hour % 1 * 60)))


def make_slot(days_ahead: int, start_h: float, end_h: float) -> dict[str, dt.datetime]:
    """{"start": ..., "end": ...} on a future opening day, for `**slot(1, 10, 11)`."""
    day = bookable_day(days_ahead)
    return {"start": at(day, start_h), "end": at(day, end_h)}


def emails_to(address: str) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if address in message.to]


def calendar_attachments(message: mail.EmailMessage) -> list[Calendar]:
    """The text/calendar attachments of a message, parsed. Django keeps attachments as
    (filename, content, mimetype) tuples (a namedtuple since 5.2) or as MIME objects."""
    found = []
    for attachment in message.attachments:
        if isinstance(attachment, email.mime.base.MIMEBase):
            mimetype, content = attachment.get_content_type(), attachment.get_payload(decode=True)
        else:
            _filename, content, mimetype = attachment
        if mimetype.split(";")[0].strip() == "text/calendar":
            found.append(Calendar.from_ical(content))
    return found


def the_event(calendar: Calendar):
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    return events[0]
