"""Helpers of the room booking tests: future opening days and times, sent emails and their
calendar invitations, and what a page shows (errors next to their field, messages)."""

import datetime as dt
import email.mime.base

from bs4 import BeautifulSoup
from django.conf import settings
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from calendar_sync.recurrence import aware
from tests.accounts import logged_in  # noqa: F401 (the booking tests import it from here)


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


# --- pages ------------------------------------------------------------------------------------


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def field_errors(response, name: str, *, auto_id: str = "") -> list[str]:
    """The errors shown next to a field: the list Django links to it (id …_error, named by the
    control's aria-describedby), found in the same `.field` block as the control."""
    auto_id = auto_id or f"id_{name}"
    errors = soup(response).find(id=f"{auto_id}_error")
    if errors is None:
        return []
    block = errors.find_parent(class_="field")
    assert block is not None, f"the errors of {name} are not inside a field block"
    control = block.find(attrs={"name": name})
    assert control is not None, f"the errors of {name} are not next to its control"
    assert f"{auto_id}_error" in (control.get("aria-describedby") or "").split() or block.name == "fieldset", \
        f"the control {name} does not point to its errors"
    return [item.get_text(" ", strip=True) for item in errors.find_all("li")]


def form_errors(response) -> list[str]:
    """The errors at the top of a form (not tied to one field)."""
    return [p.get_text(" ", strip=True) for box in soup(response).select(".form-errors") for p in box.find_all("p")]


def page_messages(response) -> list[str]:
    """The flash messages shown at the top of the page."""
    return [p.get_text(" ", strip=True) for p in soup(response).select(".messages .message")]


def text_of(response) -> str:
    """What a reader sees of the page (markup and entities gone, spaces squeezed)."""
    return " ".join(soup(response).get_text(" ").split())
