"""Keep the rule of a series in RFC 5545 form (BookingSeries.rrule), filled here from the columns
that held it so far; 0004 drops those columns.

The conversion is written out here, not imported from calendar_sync.recurrence: a migration must
keep doing what it did when the code it would import changes."""

import datetime as dt
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.conf import settings
from django.db import migrations, models

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _local(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=ZoneInfo(settings.TIME_ZONE))


def rrule_of(*, frequency, interval, weekdays, monthly_mode, first_date, start_time, until, count) -> str:
    """The RRULE value of the former columns (weekdays: comma-separated ISO weekdays), read from
    the first date at the start time; UNTIL is the end of the last day in UTC."""
    if until is not None and count is not None:  # RFC 5545 allows one end: keep the one reached first
        by_count = rrule_of(frequency=frequency, interval=interval, weekdays=weekdays, monthly_mode=monthly_mode,
                            first_date=first_date, start_time=start_time, until=None, count=count)
        dates = list(islice(rrulestr(by_count, dtstart=_local(first_date, start_time)), count))
        if dates and dates[-1].date() <= until:
            return by_count
        count = None
    parts = [f"FREQ={frequency.upper()}", f"INTERVAL={interval or 1}"]
    weekday = WEEKDAY_CODES[first_date.weekday()]
    if frequency == "weekly":
        days = sorted({int(day) for day in (weekdays or "").split(",") if day.strip()}) or [first_date.isoweekday()]
        parts += ["WKST=MO", "BYDAY=" + ",".join(WEEKDAY_CODES[day - 1] for day in days)]
    elif frequency == "monthly" and monthly_mode == "nth_weekday":
        parts.append(f"BYDAY={(first_date.day - 1) // 7 + 1}{weekday}")
    elif frequency == "monthly":
        parts.append(f"BYMONTHDAY={first_date.day}")
    if until is not None:
        parts.append(f"UNTIL={_local(until, dt.time(23, 59, 59)).astimezone(dt.UTC):%Y%m%dT%H%M%SZ}")
    if count is not None:
        parts.append(f"COUNT={count}")
    return ";".join(parts)


def columns_of(rrule: str) -> dict:
    """The former columns of an RRULE value (the way back)."""
    parts = dict(part.split("=", 1) for part in rrule.split(";") if "=" in part)
    frequency = parts["FREQ"].lower()
    byday = parts.get("BYDAY", "")
    columns = {"frequency": frequency, "interval": int(parts.get("INTERVAL", 1)), "weekdays": "",
               "monthly_mode": "", "until": None, "count": None}
    if frequency == "weekly":
        columns["weekdays"] = ",".join(str(WEEKDAY_CODES.index(code[-2:]) + 1) for code in byday.split(",") if code)
    elif frequency == "monthly":
        columns["monthly_mode"] = "nth_weekday" if byday else "day_of_month"
    if "UNTIL" in parts:
        until = dt.datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
        columns["until"] = until.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    if "COUNT" in parts:
        columns["count"] = int(parts["COUNT"])
    return columns


def fill_rrule(apps, schema_editor):
    BookingSeries = apps.get_model("calendar_sync", "BookingSeries")
    for series in BookingSeries.objects.all().iterator():
        series.rrule = rrule_of(frequency=series.frequency, interval=series.interval, weekdays=series.weekdays,
                                monthly_mode=series.monthly_mode, first_date=series.first_date,
                                start_time=series.start_time, until=series.until, count=series.count)
        series.save(update_fields=["rrule"])


def fill_columns(apps, schema_editor):
    BookingSeries = apps.get_model("calendar_sync", "BookingSeries")
    for series in BookingSeries.objects.all().iterator():
        for name, value in columns_of(series.rrule).items():
            setattr(series, name, value)
        series.save()


class Migration(migrations.Migration):
    dependencies = [("calendar_sync", "0002_booking_no_overlap")]

    operations = [
        migrations.AddField(
            model_name="bookingseries",
            name="rrule",
            field=models.TextField(
                default="",
                help_text="RFC 5545 RRULE read from the first date, e.g. "
                          "FREQ=WEEKLY;INTERVAL=1;WKST=MO;BYDAY=TU,TH;UNTIL=20270630T215959Z.",
                verbose_name="recurrence rule"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_rrule, fill_columns),
        # So that going back re-creates the column on rows that exist (fill_columns then sets it).
        migrations.AlterField(
            model_name="bookingseries",
            name="frequency",
            field=models.CharField(choices=[("daily", "Every day"), ("weekly", "Every week"),
                                            ("monthly", "Every month")],
                                   default="weekly", max_length=10, verbose_name="frequency"),
        ),
    ]
