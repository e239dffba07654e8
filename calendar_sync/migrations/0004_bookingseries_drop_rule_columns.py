"""The rule of a series is its RRULE (0003): drop the columns that held it before. A migration of
its own so that on PostgreSQL the rows that 0003 rewrote are committed before the table changes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("calendar_sync", "0003_bookingseries_rrule")]

    operations = [
        migrations.RemoveField(model_name="bookingseries", name="count"),
        migrations.RemoveField(model_name="bookingseries", name="frequency"),
        migrations.RemoveField(model_name="bookingseries", name="interval"),
        migrations.RemoveField(model_name="bookingseries", name="monthly_mode"),
        migrations.RemoveField(model_name="bookingseries", name="until"),
        migrations.RemoveField(model_name="bookingseries", name="weekdays"),
        migrations.AddConstraint(
            model_name="bookingseries",
            constraint=models.CheckConstraint(condition=models.Q(rrule__startswith="FREQ="),
                                              name="series_rrule_has_frequency"),
        ),
    ]
