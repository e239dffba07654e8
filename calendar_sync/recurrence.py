"""Dates of a recurring booking, on python-dateutil's reading of RFC 5545 rules. Pure functions: no
database, easy to test.

A series is stored as an RRULE (RecurrenceRule.to_rrule, on BookingSeries.rrule) read from its
first occurrence (DTSTART: the first date at the start time, in the network's zone), so that an
iCalendar feed can publish it as one RRULE and the dates booked here are the dates any calendar
computes from it.

Times are wall-clock in the network's time zone: the rule gives dates, each date gets the series'
local start and end times, so a weekly 14:00 booking stays at 14:00 local across the
daylight-saving changes (its UTC time moves by an hour), which is what people expect and what
Outlook and Google show.
"""

import dataclasses
import datetime as dt
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Frequency, MonthlyMode

# RFC 5545 weekday codes, by ISO weekday - 1 (MO = Monday = ISO 1).
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclasses.dataclass(frozen=True)
class RecurrenceRule:
    frequency: str
    first_date: dt.date
    start_time: dt.time
    end_time: dt.time
    interval: int = 1
    weekdays: tuple[int, ...] = ()  # ISO weekdays, 1 = Monday; empty = the first date's weekday
    monthly_mode: str = MonthlyMode.DAY_OF_MONTH
    until: dt.date | None = None
    count: int | None = None

    @property
    def first_start(self) -> dt.datetime:
        """The DTSTART the rule is read from: the first date at the start time, local wall clock."""
        return aware(self.first_date, self.start_time)

    def to_rrule(self) -> str:
        """The rule in RFC 5545 form, the value of an RRULE property read from `first_start`:
        `FREQ=WEEKLY;INTERVAL=1;WKST=MO;BYDAY=TU,TH;UNTIL=20270630T215959Z` or `...;COUNT=12`.

        UNTIL is the end of the last day in UTC: RFC 5545 (3.3.10) asks for a UTC time when DTSTART
        is a local time with a TZID, and calendars reading a bare date as its midnight would drop
        the last date; the end of the day keeps it whatever the series' start time becomes."""
        if self.until is not None and self.count is not None:
            return self._first_ending().to_rrule()
        if self.frequency not in Frequency.values:
            raise ValueError(f"Unknown frequency {self.frequency!r}")
        parts = [f"FREQ={self.frequency.upper()}", f"INTERVAL={self.interval}"]
        weekday = WEEKDAY_CODES[self.first_date.weekday()]
        if self.frequency == Frequency.WEEKLY:
            days = sorted(set(self.weekdays)) or [self.first_date.isoweekday()]
            # Weeks start on Monday, as they do in France (and as RFC 5545 assumes by default).
            parts += ["WKST=MO", "BYDAY=" + ",".join(WEEKDAY_CODES[day - 1] for day in days)]
        elif self.frequency == Frequency.MONTHLY and self.monthly_mode == MonthlyMode.NTH_WEEKDAY:
            parts.append(f"BYDAY={(self.first_date.day - 1) // 7 + 1}{weekday}")  # 2TU: the 2nd Tuesday
        elif self.frequency == Frequency.MONTHLY and self.monthly_mode == MonthlyMode.LAST_WEEKDAY:
            parts.append(f"BYDAY=-1{weekday}")
        elif self.frequency == Frequency.MONTHLY:
            parts.append(f"BYMONTHDAY={self.first_date.day}")  # months without that day are skipped
        if self.until is not None:
            parts.append(f"UNTIL={aware(self.until, dt.time(23, 59, 59)).astimezone(dt.UTC):%Y%m%dT%H%M%SZ}")
        if self.count is not None:
            parts.append(f"COUNT={self.count}")
        return ";".join(parts)

    def _first_ending(self) -> "RecurrenceRule":
        """RFC 5545 ends a rule by UNTIL or by COUNT, not both: of the two, the one reached first."""
        by_count = dataclasses.replace(self, until=None)
        dates = rrule_dates(by_count.to_rrule(), first_start=self.first_start, limit=self.count)
        return by_count if dates and dates[-1] <= self.until else dataclasses.replace(self, count=None)


class RecurrenceTooLong(ValueError):
    """The rule has no end, or reaches past the allowed horizon or number of occurrences.
    `message` says so in the user's words; `field` is the form field that makes it so."""

    def __init__(self, message: str, *, field: str):
        super().__init__(message)
        self.message = message
        self.field = field


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def aware(day: dt.date, time: dt.time) -> dt.datetime:
    """A wall-clock time of a day in the network's zone, as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(day, time), local_zone())


def rrule_dates(rrule: str, *, first_start: dt.datetime, limit: int) -> list[dt.date]:
    """The first `limit` local dates an RRULE gives from its first occurrence, as dateutil reads
    it (stepping in wall-clock time from an aware local DTSTART)."""
    rule = rrulestr(rrule, dtstart=first_start)
    return [moment.date() for moment in islice(rule, limit)]


def occurrence_dates(rule: RecurrenceRule) -> list[dt.date]:
    """Every date of the rule, bounded by `until` or `count` and by the series limits of the
    settings: a rule that would go past them is refused, never silently cut short."""
    max_count = settings.BOOKING_SERIES_MAX_OCCURRENCES
    horizon = rule.first_date + dt.timedelta(days=settings.BOOKING_SERIES_MAX_DAYS)
    too_long = _("A series lasts one year and %(count)d dates at most.") % {"count": max_count}
    if rule.until is None and rule.count is None:
        raise RecurrenceTooLong(_("Say when the series ends: a last date or a number of dates."), field="until")
    if rule.count is not None and rule.count > max_count:
        raise RecurrenceTooLong(too_long, field="count")
    if rule.until is not None and rule.until > horizon:
        raise RecurrenceTooLong(too_long, field="until")
    # One date more than allowed: an end date that gives too many dates is refused.
    dates = rrule_dates(rule.to_rrule(), first_start=rule.first_start, limit=max_count + 1)
    if len(dates) > max_count:
        raise RecurrenceTooLong(too_long, field="until")
    if dates and dates[-1] > horizon:  # only a count gets there: an end date was checked above
        raise RecurrenceTooLong(
            _("%(count)d dates would take the series to %(last)s, more than a year after its first date: "
              "give fewer dates.") % {"count": len(dates), "last": date_format(dates[-1], "j F Y")},
            field="count")
    return dates


def occurrences(rule: RecurrenceRule) -> list[tuple[dt.datetime, dt.datetime]]:
    return [(aware(day, rule.start_time), aware(day, rule.end_time)) for day in occurrence_dates(rule)]
