"""`make bench` through gunicorn: the production settings as they are, minus what needs the TLS proxy
that production runs behind (HTTPS redirect, HSTS, cookies sent over HTTPS only), on the benchmark's
own SQLite database (DATABASE_URL, set by `manage.py bench`). Serves the loopback interface only."""

from django.core.exceptions import ImproperlyConfigured

from .production import *  # noqa: F403
from .production import ALLOWED_HOSTS, DATABASES

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
if not set(ALLOWED_HOSTS) <= LOOPBACK:
    raise ImproperlyConfigured("intranet.settings.bench serves 127.0.0.1 only: it sends cookies without TLS.")

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Production keeps its PostgreSQL connection open between requests (CONN_MAX_AGE); the benchmark's
# SQLite database does the same here, so that a request is not charged for opening the database.
DATABASES["default"]["CONN_MAX_AGE"] = 60
