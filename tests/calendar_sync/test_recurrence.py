"""Dates of recurring bookings: pure functions, no database."""

import datetime as dt
from datetime import UTC

import icalendar
import pytest
import recurring_ical_events
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


def test_monthly_on_the_last_friday_follows_the_months_length():
    # 29 January 2027 is the last Friday of January (and its fifth); April has five Fridays too.
    monthly = rule(Frequency.MONTHLY, "2027-01-29", monthly_mode=MonthlyMode.LAST_WEEKDAY, count=4)

    assert occurrence_dates(monthly) == dates("2027-01-29", "2027-02-26", "2027-03-26", "2027-04-30")


def test_monthly_on_the_last_tuesday_from_a_fourth_tuesday():
    # 23 February 2027 is the fourth Tuesday and the last; March has a fifth one, the 30th.
    monthly = rule(Frequency.MONTHLY, "2027-02-23", monthly_mode=MonthlyMode.LAST_WEEKDAY,
                   until=D("2027-05-31"))

    assert occurrence_dates(monthly) == dates("2027-02-23", "2027-03-30", "2027-04-27", "2027-05-25")


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


def test_a_number_of_dates_reaching_past_a_year_is_refused_on_the_number():
    # Weekly, 60 dates: 413 days. It used to be cut silently at the horizon, after 53 dates.
    with pytest.raises(RecurrenceTooLong) as raised:
        occurrence_dates(rule(Frequency.WEEKLY, "2027-03-02", count=60))

    assert raised.value.field == "count"


def test_a_number_of_dates_within_a_year_is_accepted():
    # 53 Tuesdays: the last one 364 days after the first.
    assert occurrence_dates(rule(Frequency.WEEKLY, "2027-03-02", count=53))[-1] == D("2028-02-29")


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


# --- the rule in RFC 5545 form --------------------------------------------------------------------

RRULES = {
    "daily": (rule(Frequency.DAILY, "2027-03-01", interval=2, count=4), "FREQ=DAILY;INTERVAL=2;COUNT=4"),
    "weekly_on_the_first_dates_day": (rule(Frequency.WEEKLY, "2027-03-02", count=3),
                                      "FREQ=WEEKLY;INTERVAL=1;WKST=MO;BYDAY=TU;COUNT=3"),
    # Winter: the end of 15 March in Paris is 22:59:59 UTC.
    "weekly_on_chosen_days": (rule(Frequency.WEEKLY, "2027-03-03", weekdays=(3, 1), until=D("2027-03-15")),
                              "FREQ=WEEKLY;INTERVAL=1;WKST=MO;BYDAY=MO,WE;UNTIL=20270315T225959Z"),
    "monthly_on_the_31st": (rule(Frequency.MONTHLY, "2027-01-31", count=4),
                            "FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=31;COUNT=4"),
    "monthly_on_the_second_tuesday": (rule(Frequency.MONTHLY, "2027-03-09", monthly_mode=MonthlyMode.NTH_WEEKDAY,
                                           count=3), "FREQ=MONTHLY;INTERVAL=1;BYDAY=2TU;COUNT=3"),
    # Summer: the end of 30 June in Paris is 21:59:59 UTC.
    "monthly_on_the_last_friday": (rule(Frequency.MONTHLY, "2027-01-29", interval=3,
                                        monthly_mode=MonthlyMode.LAST_WEEKDAY, until=D("2027-06-30")),
                                   "FREQ=MONTHLY;INTERVAL=3;BYDAY=-1FR;UNTIL=20270630T215959Z"),
}


@pytest.mark.parametrize("case", RRULES.values(), ids=RRULES.keys())
def test_the_rule_is_written_as_an_rfc_5545_rrule(case):
    recurrence, expected = case

    assert recurrence.to_rrule() == expected


def test_a_rule_with_a_count_and_an_end_date_keeps_the_end_reached_first():
    # RFC 5545 forbids UNTIL and COUNT together.
    assert rule(Frequency.WEEKLY, "2027-03-01", count=2, until=D("2027-06-30")).to_rrule().endswith(";COUNT=2")
    assert rule(Frequency.WEEKLY, "2027-03-01", count=10, until=D("2027-03-15")).to_rrule().endswith(
        ";UNTIL=20270315T225959Z")


def published(recurrence: RecurrenceRule) -> list[dt.datetime]:
    """The local starts a calendar application computes from the series published as one event
    with its RRULE, as an iCalendar feed will publish it."""
    event = icalendar.Event()
    event.add("UID", "serie@intranet-reseau")
    event.add("DTSTART", timezone.localtime(recurrence.first_start))
    event.add("DTEND", timezone.localtime(recurrence.first_start).replace(hour=recurrence.end_time.hour))
    event.add("RRULE", icalendar.vRecur.from_ical(recurrence.to_rrule()))
    calendar = icalendar.Calendar()
    calendar.add_component(event)
    calendar = icalendar.Calendar.from_ical(calendar.to_ical())  # as a client reads the feed
    return [timezone.localtime(item["DTSTART"].dt)
            for item in recurring_ical_events.of(calendar).between(dt.date(2026, 1, 1), dt.date(2029, 1, 1))]


@pytest.mark.parametrize("case", RRULES.values(), ids=RRULES.keys())
def test_a_calendar_reading_the_rrule_finds_the_same_dates_and_times(case):
    recurrence, _rrule = case

    assert published(recurrence) == [timezone.localtime(start) for start, _end in occurrences(recurrence)]


def test_a_calendar_reading_the_rrule_keeps_the_last_date_and_14h_across_the_clock_change():
    weekly = rule(Frequency.WEEKLY, "2027-03-20", until=D("2027-04-10"))

    starts = published(weekly)

    assert [start.date() for start in starts] == dates("2027-03-20", "2027-03-27", "2027-04-03", "2027-04-10")
    assert {start.time() for start in starts} == {dt.time(14)}
