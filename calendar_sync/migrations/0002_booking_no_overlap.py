"""No double booking, enforced by PostgreSQL itself: an exclusion constraint over the room and the
half-open time range [start, end) of active bookings (pending and confirmed). Back-to-back bookings
do not overlap in a half-open range. SQLite has no such constraint: there the booking services
check and insert inside one IMMEDIATE transaction (settings: transaction_mode)."""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

ADD = """
ALTER TABLE calendar_sync_booking ADD CONSTRAINT booking_no_overlap
EXCLUDE USING gist (room_id WITH =, tstzrange("start", "end", '[)') WITH &&)
WHERE (status IN ('pending', 'confirmed'));
"""
DROP = "ALTER TABLE calendar_sync_booking DROP CONSTRAINT IF EXISTS booking_no_overlap;"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADD)


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("calendar_sync", "0001_initial")]

    operations = [
        BtreeGistExtension(),  # does nothing on other databases
        migrations.RunPython(add_constraint, drop_constraint),
    ]
