"""A migrated test database made once and copied, so each pytest process (each pytest-xdist worker,
the browser tests) does not run every migration again. scripts/test.sh makes one per database
engine while the quality gates run, then sets INTRANET_TEST_DB_TEMPLATE for the test runs.

    python -m tests.db_template NAME   # with DJANGO_SETTINGS_MODULE and DATABASE_URL as for pytest

makes the template the way pytest-django makes a test database (Django's test environment, then
`setup_databases`: every migration, post_migrate, the cache table): NAME is a file for SQLite, a
database on the same server for PostgreSQL. With INTRANET_TEST_DB_TEMPLATE=NAME, tests/conftest.py
copies it to the process's test database before pytest-django opens it as an existing one (it
still runs `migrate`, which finds nothing to apply, and post_migrate), and drops the copy at the end.
"""

import os
import shutil
import sys
from pathlib import Path

ENV_VAR = "INTRANET_TEST_DB_TEMPLATE"


def template_name() -> str:
    return os.environ.get(ENV_VAR, "").strip()


def copy_to_test_database(template: str) -> None:
    """Copy the template to the test database of this process (its name carries the pytest-xdist
    suffix by now), replacing any test database left there."""
    from django.db import connections

    connection = connections["default"]
    test_name = connection.creation._get_test_db_name()
    if connection.vendor == "sqlite":
        if not Path(template).is_file():
            raise FileNotFoundError(f"{ENV_VAR}: no SQLite template at {template}")
        shutil.copyfile(template, test_name)
    elif connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(test_name)}")
            cursor.execute(f"CREATE DATABASE {quote(test_name)} TEMPLATE {quote(template)}")
    else:
        raise NotImplementedError(f"{ENV_VAR} is not supported on {connection.vendor}")


def make(name: str) -> None:
    import django
    from django.conf import settings
    from django.db import connections
    from django.test.utils import setup_databases, setup_test_environment

    django.setup()
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = name
    setup_test_environment()
    setup_databases(verbosity=0, interactive=False, aliases={"default"}, serialized_aliases=set())
    connections.close_all()  # PostgreSQL copies a template only once nobody is connected to it


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m tests.db_template NAME")
    make(sys.argv[1])
