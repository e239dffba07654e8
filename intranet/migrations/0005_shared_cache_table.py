"""The table of Django's database cache, the shared cache production falls back to without Redis
(login limits, used TOTP codes): `migrate` is enough, no separate `createcachetable` step.

Created whatever the current settings say, so switching from Redis to the database cache later
needs no new step either. The name must match CACHES["default"]["LOCATION"] in production.py."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

CACHE_TABLE = "intranet_cache"


def create_cache_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, CACHE_TABLE, dry_run=False)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):

    dependencies = [
        ("intranet", "0004_library_room_hours"),
    ]

    operations = [
        migrations.RunPython(create_cache_table, drop_cache_table, elidable=False),
    ]
