"""calendar_sync's own event sources (registered in wagtail_hooks.py under EVENT_SOURCES like the
other apps'): the events of the network calendars, and room bookings (optional in the agenda).

`agenda_event` and `booking_event` turn rows into calendar_sync.events.CalendarEvent, the one shape
the agenda, the dashboard and the feeds read. Both work on rows fetched with what they need
(`calendar`, `room__library`), so no query is made per event."""

import datetime as dt

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from .events import CalendarEvent
from .models import ACTIVE_STATUSES, AgendaEvent, Booking, BookingStatus, EventStatus
from .permissions import calendars_readable_by

NETWORK_EVENTS = "network_events"
ROOM_BOOKINGS = "room_bookings"


def _parse_moments(values) -> tuple[dt.datetime, ...]:
    return tuple(dt.datetime.fromisoformat(value) for value in values or ())


def _site_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def agenda_event(event: AgendaEvent) -> CalendarEvent:
    calendar = event.calendar
    return CalendarEvent(
        uid=event.uid, title=event.title, start=event.start, end=event.end, url=_site_url(event.get_absolute_url()),
        location=event.location, description=" ".join(strip_tags(event.description).split()),
        sequence=event.sequence, cancelled=event.status == EventStatus.CANCELLED,
        tentative=event.status == EventStatus.TENTATIVE, source=NETWORK_EVENTS, categories=(calendar.name,),
        all_day=event.all_day, rrule=event.rrule, exdates=_parse_moments(event.exdates),
        rdates=_parse_moments(event.rdates), recurrence_id=event.recurrence_id, last_modified=event.updated_at,
        created=event.created_at, colour=calendar.colour, calendar_label=calendar.name, library_id=event.library_id)


def network_events_between(user, start: dt.datetime, end: dt.datetime, *, calendars=None):
    """Masters and overrides of the readable calendars that may meet [start, end), cancelled masters
    left out: one query. A cancelled override is kept (cancelled) because it still takes the place of
    the occurrence it replaces; readers drop cancelled occurrences after expanding. `calendars`
    narrows to some of them (the agenda's filter)."""
    readable = calendars_readable_by(user)
    if calendars is not None:
        readable = readable.filter(pk__in=[calendar.pk for calendar in calendars])
    return (AgendaEvent.objects.filter(calendar__in=readable)
            .exclude(status=EventStatus.CANCELLED, recurrence_id__isnull=True).between(start, end)
            .select_related("calendar"))


def visible_network_events(user, start: dt.datetime, end: dt.datetime) -> list[CalendarEvent]:
    return [agenda_event(event) for event in network_events_between(user, start, end)]


def no_personal_events(person, start, end) -> list[CalendarEvent]:
    # Network events are nobody's own: the personal feed holds bookings, meetings and sessions.
    return []


def booking_location(booking: Booking) -> str:
    return f"{booking.room.name}, {booking.room.library.name}"


def booking_event(booking: Booking, viewer) -> CalendarEvent:
    """A booking as `viewer` may see it: « Réservé » and no note for a private booking they may
    not see (permissions.can_see_private_details, the one rule)."""
    room = booking.room
    return CalendarEvent(
        uid=booking.ical_uid, title=booking.title_for(viewer), start=booking.start, end=booking.end,
        url=_site_url(booking.get_absolute_url()), location=booking_location(booking),
        description=booking.note_for(viewer), sequence=booking.sequence,
        cancelled=booking.status not in ACTIVE_STATUSES, tentative=booking.status == BookingStatus.PENDING,
        source=ROOM_BOOKINGS, categories=(str(_("Room booking")),), private=booking.is_private,
        last_modified=booking.updated_at, created=booking.created_at, colour=room.colour,
        calendar_label=room.name, library_id=room.library_id)


def bookings_between(start: dt.datetime, end: dt.datetime):
    return (Booking.objects.active().filter(start__lt=end, end__gt=start)
            .select_related("room__library", "organizer"))


def visible_bookings(user, start: dt.datetime, end: dt.datetime) -> list[CalendarEvent]:
    """Every active booking of the period (titles as the user may see them). Optional in the
    agenda, where a library filter keeps it short."""
    return [booking_event(booking, user) for booking in bookings_between(start, end)]


def personal_bookings(person, start: dt.datetime, end: dt.datetime) -> list[CalendarEvent]:
    bookings = bookings_between(start, end).filter(organizer=person)
    viewer = person.user
    return [booking_event(booking, viewer) for booking in bookings]
