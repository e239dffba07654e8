"""Production: PostgreSQL, gunicorn behind a TLS proxy, static files by whitenoise.
Every value comes from the environment; a missing required one stops the start-up."""

import os
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list


def required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} is required in production.")
    return value


DEBUG = False
SECRET_KEY = required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [required("ALLOWED_HOSTS")]

STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)  # a header only; submitting is a separate step
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
INTRANET_REQUIRE_ADMIN_MFA = env_bool("INTRANET_REQUIRE_ADMIN_MFA", True)

# One cache for every worker and every app server: the login limits, the TOTP codes already used and
# the cached pages must be the same whichever gunicorn worker answers, and survive a restart. Redis
# when REDIS_URL is set (base.py), otherwise the database cache, whose table a migration creates
# (intranet/migrations/0005_shared_cache_table.py). A process-local cache stops the start-up
# (intranet.caching.require_shared_cache, called when the apps are ready).
if not os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "intranet_cache",
            # Culling never reaches the login counters in practice: a few thousand entries at most.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
INTRANET_REQUIRE_SHARED_CACHE = True
# Behind nginx every request comes from 127.0.0.1: the per-IP login limits must read the client's
# address from the X-Forwarded-For header that the proxies we run (1 by default) append to.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 1))
# Sessions stay in the database (Django's default engine, shared by every worker), not in the cache.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

if os.environ.get("EMAIL_URL"):
    # smtp://user:password@host:587/?tls=1  (or ?ssl=1)
    _email = urlparse(os.environ["EMAIL_URL"])
    _options = parse_qs(_email.query)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or 25
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_TLS = _options.get("tls", ["0"])[0] in {"1", "true"}
    EMAIL_USE_SSL = _options.get("ssl", ["0"])[0] in {"1", "true"}
    EMAIL_TIMEOUT = 20

TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")  # noqa: F405
