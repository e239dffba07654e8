"""Imports of .ics files: into a network calendar (import_into_calendar, also what subscriptions
and CalDAV pulls use) or as room bookings (import_bookings). Both read the file with the same
guarded reader and answer an ImportReport; a file that cannot be imported raises ImportRefused
with a translated message, and nothing is written."""

from .reader import ImportRefused, ParsedCalendar, ParsedEvent, read_calendar
from .report import ImportReport
from .to_bookings import import_bookings
from .to_calendar import import_into_calendar

__all__ = ["ImportRefused", "ImportReport", "ParsedCalendar", "ParsedEvent", "import_bookings", "import_into_calendar",
           "read_calendar"]
