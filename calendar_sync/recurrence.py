"""Dates of a recurring booking. Pure functions: no database, easy to test.

Times are wall-clock in the network's time zone: a weekly 14:00 booking stays at 14:00 local
across the daylight-saving changes (its UTC time moves by an hour), which is what people expect
and what Outlook and Google show.
"""

import calendar
import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from .models import Frequency, MonthlyMode


@dataclass(frozen=True)
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
    extra: dict = field(default_factory=dict, compare=False)


class RecurrenceTooLong(ValueError):
    """The rule reaches past the allowed horizon or number of occurrences."""


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def aware(day: dt.date, time: dt.time) -> dt.datetime:
    """A wall-clock time of a day in the network's zone, as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(day, time), local_zone())


def _nth_weekday_of_month(year: int, month: int, weekday: int, nth: int) -> dt.date | None:
    """nth (1-5, or -1 for the last) weekday (0 = Monday) of a month, None when it does not exist."""
    days = [week[weekday] for week in calendar.Calendar().monthdatescalendar(year, month)
            if week[weekday].month == month]
    if nth == -1:
        return days[-1]
    return days[nth - 1] if nth <= len(days) else None


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def occurrence_dates(rule: RecurrenceRule) -> list[dt.date]:
    """Every date of the rule, bounded by `until`, `count`, the series limits of the settings."""
    max_count = settings.BOOKING_SERIES_MAX_OCCURRENCES
    horizon = rule.first_date + dt.timedelta(days=settings.BOOKING_SERIES_MAX_DAYS)
    if rule.until is None and rule.count is None:
        raise RecurrenceTooLong("A series needs an end date or a number of occurrences.")
    if rule.count is not None and rule.count > max_count:
        raise RecurrenceTooLong(f"At most {max_count} occurrences.")
    if rule.until is not None and rule.until > horizon:
        raise RecurrenceTooLong("The series reaches too far.")
    last = min(rule.until or horizon, horizon)
    # Without a count, look for one date more than allowed: an end date that gives too many dates
    # is refused, not silently cut short.
    wanted = rule.count or max_count + 1
    dates: list[dt.date] = []

    def keep(day: dt.date) -> bool:
        """Record a date (callers keep first_date <= day <= last); False once enough are kept."""
        dates.append(day)
        return len(dates) < wanted

    if rule.frequency == Frequency.DAILY:
        day = rule.first_date
        while day <= last and keep(day):
            day += dt.timedelta(days=rule.interval)
    elif rule.frequency == Frequency.WEEKLY:
        weekdays = sorted(set(rule.weekdays)) or [rule.first_date.isoweekday()]
        week_start = rule.first_date - dt.timedelta(days=rule.first_date.weekday())
        going = True
        while going and week_start <= last:
            for weekday in weekdays:
                day = week_start + dt.timedelta(days=weekday - 1)
                if day < rule.first_date:
                    continue
                if day > last or not keep(day):
                    going = False
                    break
            week_start += dt.timedelta(weeks=rule.interval)
    elif rule.frequency == Frequency.MONTHLY:
        first = rule.first_date
        nth = (first.day - 1) // 7 + 1
        step = 0
        while True:
            year, month = _add_months(first.year, first.month, step * rule.interval)
            if dt.date(year, month, 1) > last:
                break
            if rule.monthly_mode == MonthlyMode.NTH_WEEKDAY:
                day = _nth_weekday_of_month(year, month, first.weekday(), nth)
            else:
                day = dt.date(year, month, first.day) if first.day <= calendar.monthrange(year, month)[1] else None
            if day is not None and day > last:
                break
            if day is not None and not keep(day):
                break
            step += 1
    else:
        raise ValueError(f"Unknown frequency {rule.frequency!r}")
    if len(dates) > max_count:
        raise RecurrenceTooLong(f"At most {max_count} occurrences.")
    return dates


def occurrences(rule: RecurrenceRule) -> list[tuple[dt.datetime, dt.datetime]]:
    return [(aware(day, rule.start_time), aware(day, rule.end_time)) for day in occurrence_dates(rule)]
