"""The migration that moves the rule of existing series to its RFC 5545 form: each series gets the
RRULE the booking service writes today, and going back restores its former columns."""

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from calendar_sync.models import BookingSeries, Frequency, MonthlyMode
from calendar_sync.recurrence import RecurrenceRule

from .factories import LibraryFactory, PersonFactory

migration = importlib.import_module("calendar_sync.migrations.0003_bookingseries_rrule")

D = dt.date.fromisoformat
BEFORE, AFTER = ("calendar_sync", "0002_booking_no_overlap"), ("calendar_sync", "0004_bookingseries_drop_rule_columns")

# name: (the former columns, the same rule as the booking form gives it today)
FORMER_COLUMNS = {
    "weekly_on_two_days_until": (
        {"frequency": "weekly", "interval": 2, "weekdays": "1,4", "monthly_mode": "", "first_date": D("2027-03-01"),
         "until": D("2027-06-30"), "count": None},
        RecurrenceRule(frequency=Frequency.WEEKLY, first_date=D("2027-03-01"), start_time=dt.time(14),
                       end_time=dt.time(15), interval=2, weekdays=(1, 4), until=D("2027-06-30"))),
    "weekly_on_the_first_dates_day": (
        {"frequency": "weekly", "interval": 1, "weekdays": "", "monthly_mode": "", "first_date": D("2027-03-02"),
         "until": None, "count": 12},
        RecurrenceRule(frequency=Frequency.WEEKLY, first_date=D("2027-03-02"), start_time=dt.time(14),
                       end_time=dt.time(15), count=12)),
    "daily": (
        {"frequency": "daily", "interval": 1, "weekdays": "", "monthly_mode": "", "first_date": D("2027-03-01"),
         "until": None, "count": 5},
        RecurrenceRule(frequency=Frequency.DAILY, first_date=D("2027-03-01"), start_time=dt.time(14),
                       end_time=dt.time(15), count=5)),
    "monthly_on_the_day": (
        {"frequency": "monthly", "interval": 1, "weekdays": "", "monthly_mode": "day_of_month",
         "first_date": D("2027-01-31"), "until": D("2027-12-31"), "count": None},
        RecurrenceRule(frequency=Frequency.MONTHLY, first_date=D("2027-01-31"), start_time=dt.time(14),
                       end_time=dt.time(15), until=D("2027-12-31"))),
    "monthly_on_the_nth_weekday": (
        {"frequency": "monthly", "interval": 3, "weekdays": "", "monthly_mode": "nth_weekday",
         "first_date": D("2027-03-09"), "until": None, "count": 4},
        RecurrenceRule(frequency=Frequency.MONTHLY, first_date=D("2027-03-09"), start_time=dt.time(14),
                       end_time=dt.time(15), interval=3, monthly_mode=MonthlyMode.NTH_WEEKDAY, count=4)),
    "both_ends_given": (
        {"frequency": "weekly", "interval": 1, "weekdays": "", "monthly_mode": "", "first_date": D("2027-03-01"),
         "until": D("2027-03-15"), "count": 10},
        RecurrenceRule(frequency=Frequency.WEEKLY, first_date=D("2027-03-01"), start_time=dt.time(14),
                       end_time=dt.time(15), until=D("2027-03-15"))),
}


@pytest.mark.parametrize("case", FORMER_COLUMNS.values(), ids=FORMER_COLUMNS.keys())
def test_a_former_series_gets_the_rrule_the_service_writes_today(case):
    columns, rule = case

    assert migration.rrule_of(start_time=dt.time(14), **columns) == rule.to_rrule()


@pytest.mark.parametrize("case", FORMER_COLUMNS.values(), ids=FORMER_COLUMNS.keys())
def test_going_back_restores_columns_holding_the_same_rule(case):
    _columns, rule = case

    restored = migration.columns_of(rule.to_rrule())

    assert migration.rrule_of(first_date=rule.first_date, start_time=rule.start_time, **restored) == rule.to_rrule()


@pytest.mark.django_db(transaction=True)
def test_migrating_an_existing_series_forth_and_back():
    organizer = PersonFactory()
    room_fields = {"name": "Salle du conseil", "slug": "salle-du-conseil", "capacity": 12,
                   "library_id": LibraryFactory().pk}
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([BEFORE])
        old_apps = executor.loader.project_state([BEFORE]).apps
        room = old_apps.get_model("calendar_sync", "Room").objects.create(**room_fields)
        old_apps.get_model("calendar_sync", "BookingSeries").objects.create(
            room_id=room.pk, organizer_id=organizer.pk, title="Club ados", start_time=dt.time(14),
            end_time=dt.time(15), **FORMER_COLUMNS["weekly_on_two_days_until"][0])

        executor = MigrationExecutor(connection)
        executor.migrate([AFTER])
        assert BookingSeries.objects.get().rrule == FORMER_COLUMNS["weekly_on_two_days_until"][1].to_rrule()

        executor = MigrationExecutor(connection)
        executor.migrate([BEFORE])
        old_series = executor.loader.project_state([BEFORE]).apps.get_model("calendar_sync", "BookingSeries")
        assert old_series.objects.values("frequency", "interval", "weekdays", "until", "count").get() == {
            "frequency": "weekly", "interval": 2, "weekdays": "1,4", "until": D("2027-06-30"), "count": None}
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
