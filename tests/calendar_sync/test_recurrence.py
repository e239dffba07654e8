"""Dates of recurring bookings: pure functions, no database."""

import datetime as dt
from datetime import UTC

import pytest
from django.utils import timezone

from calendar_sync.models import Frequency, MonthlyMode
from calendar_sync.recurrence import RecurrenceRule, RecurrenceTooLong, occurrence_dates, occurrences

D = dt.date.fromisoformat


def rule(frequency, first, *, start=dt.time(14), end=dt.time(15), **fields) -> RecurrenceRule:
    return RecurrenceRule(frequency=frequency, first_date=D(first), start_time=start, end_time=end, **fields)


def dates(*isoformats: str) -> list[dt.date]:
    return [D(day) for day in isoformats]


def test_daily_every_other_day():
    assert occurrence_dates(rule(Frequency.DAILY, "2027-03-01", interval=2, count=4)) == dates(
        "2027-03-01", "2027-03-03", "2027-03-05", "2027-03-07")


def test_daily_until_includes_the_last_day():
    assert occurrence_dates(rule(Frequency.DAILY, "2027-03-01", until=D("2027-03-04"))) == dates(
        "2027-03-01", "2027-03-02", "2027-03-03", "2027-03-04")


def test_weekly_on_the_first_dates_weekday_by_default():
    assert occurrence_dates(rule(Frequency.WEEKLY, "2027-03-02", count=3)) == dates(
        "2027-03-02", "2027-03-09", "2027-03-16")


def test_weekly_on_chosen_weekdays_starts_at_the_first_date():
    # Wednesday 3 March: the Monday of that week is before the first date and is not booked.
    weekly = rule(Frequency.WEEKLY, "2027-03-03", weekdays=(1, 3), until=D("2027-03-15"))

    assert occurrence_dates(weekly) == dates("2027-03-03", "2027-03-08", "2027-03-10", "2027-03-15")


def test_weekly_every_two_weeks_on_two_days():
    weekly = rule(Frequency.WEEKLY, "2027-03-01", weekdays=(5, 1), interval=2, count=5)

    assert occurrence_dates(weekly) == dates("2027-03-01", "2027-03-05", "2027-03-15", "2027-03-19",
                                             "2027-03-29")


def test_monthly_on_the_31st_skips_shorter_months():
    monthly = rule(Frequency.MONTHLY, "2027-01-31", monthly_mode=MonthlyMode.DAY_OF_MONTH, count=4)

    assert occurrence_dates(monthly) == dates("2027-01-31", "2027-03-31", "2027-05-31", "2027-07-31")


def test_monthly_on_the_second_tuesday():
    monthly = rule(Frequency.MONTHLY, "2027-03-09", monthly_mode=MonthlyMode.NTH_WEEKDAY, count=3)

    assert occurrence_dates(monthly) == dates("2027-03-09", "2027-04-13", "2027-05-11")


def test_monthly_on_a_first_tuesday_falling_on_the_7th():
    monthly = rule(Frequency.MONTHLY, "2027-09-07", monthly_mode=MonthlyMode.NTH_WEEKDAY, count=3)

    assert occurrence_dates(monthly) == dates("2027-09-07", "2027-10-05", "2027-11-02")


def test_monthly_on_a_fifth_tuesday_skips_months_without_one():
    monthly = rule(Frequency.MONTHLY, "2027-03-30", monthly_mode=MonthlyMode.NTH_WEEKDAY, count=3)

    assert occurrence_dates(monthly) == dates("2027-03-30", "2027-06-29", "2027-08-31")


def test_monthly_every_three_months_until_a_date():
    monthly = rule(Frequency.MONTHLY, "2027-01-15", interval=3, until=D("2027-10-14"))

    assert occurrence_dates(monthly) == dates("2027-01-15", "2027-04-15", "2027-07-15")


def test_count_stops_before_until():
    weekly = rule(Frequency.WEEKLY, "2027-03-01", count=2, until=D("2027-06-30"))

    assert occurrence_dates(weekly) == dates("2027-03-01", "2027-03-08")


def test_until_stops_before_count():
    weekly = rule(Frequency.WEEKLY, "2027-03-01", count=10, until=D("2027-03-15"))

    assert occurrence_dates(weekly) == dates("2027-03-01", "2027-03-08", "2027-03-15")


def test_a_rule_without_end_is_refused():
    with pytest.raises(RecurrenceTooLong):
        occurrence_dates(rule(Frequency.WEEKLY, "2027-03-01"))


def test_more_occurrences_than_allowed_are_refused(settings):
    assert settings.BOOKING_SERIES_MAX_OCCURRENCES == 200

    with pytest.raises(RecurrenceTooLong):
        occurrence_dates(rule(Frequency.DAILY, "2027-01-01", count=201))


def test_the_allowed_number_of_occurrences_is_accepted():
    assert len(occurrence_dates(rule(Frequency.DAILY, "2027-01-01", count=200))) == 200


def test_an_end_date_giving_too_many_occurrences_is_refused():
    # Every day of 2027: within a year, but 365 dates. Stopping silently at 200 would leave the
    # organizer believing the room is theirs until December.
    with pytest.raises(RecurrenceTooLong):
        occurrence_dates(rule(Frequency.DAILY, "2027-01-01", until=D("2027-12-31")))


def test_an_end_date_more_than_a_year_ahead_is_refused():
    with pytest.raises(RecurrenceTooLong):
        occurrence_dates(rule(Frequency.MONTHLY, "2027-01-15", until=D("2028-02-15")))


def test_occurrences_carry_the_wall_clock_times_of_the_rule():
    [(start, end)] = occurrences(rule(Frequency.DAILY, "2027-06-01", start=dt.time(9, 30), end=dt.time(11),
                                      count=1))

    assert timezone.localtime(start).replace(tzinfo=None) == dt.datetime(2027, 6, 1, 9, 30)
    assert timezone.localtime(end).replace(tzinfo=None) == dt.datetime(2027, 6, 1, 11)


def utc_hours(slots) -> list[tuple[int, int]]:
    return [(start.astimezone(UTC).hour, end.astimezone(UTC).hour) for start, end in slots]


def local_times(slots) -> set[tuple[dt.time, dt.time]]:
    return {(timezone.localtime(start).time(), timezone.localtime(end).time()) for start, end in slots}


def test_weekly_series_keeps_14h_local_across_the_spring_change():
    # Clocks go forward on Sunday 28 March 2027: 14:00 in Paris is 13:00Z before, 12:00Z after.
    slots = occurrences(rule(Frequency.WEEKLY, "2027-03-20", count=4))

    assert [start.date() for start, _end in slots] == dates("2027-03-20", "2027-03-27", "2027-04-03", "2027-04-10")
    assert local_times(slots) == {(dt.time(14), dt.time(15))}
    assert utc_hours(slots) == [(13, 14), (13, 14), (12, 13), (12, 13)]


def test_weekly_series_keeps_14h_local_across_the_autumn_change():
    # Clocks go back on Sunday 31 October 2027: 14:00 in Paris is 12:00Z before, 13:00Z after.
    slots = occurrences(rule(Frequency.WEEKLY, "2027-10-23", count=3))

    assert local_times(slots) == {(dt.time(14), dt.time(15))}
    assert utc_hours(slots) == [(12, 13), (12, 13), (13, 14)]


def test_series_on_the_day_of_the_change_uses_that_days_offset():
    # Daily from Saturday 27 to Monday 29 March 2027: Sunday 28 is already summer time at 14:00.
    slots = occurrences(rule(Frequency.DAILY, "2027-03-27", count=3))

    assert utc_hours(slots) == [(13, 14), (12, 13), (12, 13)]
