"""Rooms and bookings (rooms.py), the network agenda (agenda.py: calendars and their events), the
feeds' secret tokens and the imports (feeds.py), subscriptions and CalDAV links (sync.py)."""

from .agenda import (
    AgendaEvent,
    AgendaEventQuerySet,
    CalendarAudience,
    EventSource,
    EventStatus,
    NetworkCalendar,
    NetworkCalendarQuerySet,
)
from .feeds import FeedToken, FeedTokenQuerySet, IcsImport, IcsImportStatus
from .rooms import (
    ACTIVE_STATUSES,
    Booking,
    BookingAction,
    BookingLog,
    BookingQuerySet,
    BookingSeries,
    BookingStatus,
    Equipment,
    Frequency,
    MonthlyMode,
    Room,
    RoomEquipment,
    RoomQuerySet,
    new_ical_uid,
    overlap_q,
)
from .sync import CalDAVDirection, CalDAVLink, CalDAVObject, CalDAVServer, CalendarSubscription

__all__ = [
    "ACTIVE_STATUSES", "AgendaEvent", "AgendaEventQuerySet", "Booking", "BookingAction", "BookingLog",
    "BookingQuerySet", "BookingSeries", "BookingStatus", "CalDAVDirection", "CalDAVLink", "CalDAVObject",
    "CalDAVServer", "CalendarAudience", "CalendarSubscription", "Equipment", "EventSource", "EventStatus",
    "FeedToken", "FeedTokenQuerySet", "Frequency", "IcsImport", "IcsImportStatus", "MonthlyMode",
    "NetworkCalendar", "NetworkCalendarQuerySet", "Room", "RoomEquipment", "RoomQuerySet", "new_ical_uid",
    "overlap_q",
]
