"""Production: PostgreSQL, gunicorn behind a TLS proxy, static files by whitenoise.
Every value comes from the environment; a missing required one stops the start-up."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import REDIS_URL, SECRET_KEY, env, env_list

DEBUG = False
if not SECRET_KEY:  # env.str would accept an empty value
    raise ImproperlyConfigured("The environment variable SECRET_KEY is required in production.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("The environment variable ALLOWED_HOSTS is required in production.")

# Persistent database connections come from base.py: each gunicorn worker keeps its PostgreSQL
# connection CONN_MAX_AGE seconds (60 by default) instead of opening one per request, and checks it
# is alive before reusing it (CONN_HEALTH_CHECKS).

STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# A header only; submitting the domain to the preload list is a separate step.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
INTRANET_REQUIRE_ADMIN_MFA = env.bool("INTRANET_REQUIRE_ADMIN_MFA", default=True)

# One cache for every worker and every app server: the login limits, the TOTP codes already used and
# the cached pages must be the same whichever gunicorn worker answers, and survive a restart. Redis
# when REDIS_URL is set (base.py), otherwise the database cache, whose table a migration creates
# (intranet/migrations/0005_shared_cache_table.py). A process-local cache stops the start-up
# (intranet.caching.require_shared_cache, called when the apps are ready).
if not REDIS_URL:
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
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
# Sessions stay in the database (Django's default engine, shared by every worker), not in the cache.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

if env.str("EMAIL_URL", default=""):
    # smtp+tls://user:password@host:587 (STARTTLS) or smtp+ssl://user:password@host:465, read by
    # django-environ. The spelling documented before it, smtp://...:587/?tls=1 (or ?ssl=1), is still
    # understood: env.email_url leaves those two query options in OPTIONS, which Django never reads.
    _email = env.email_url("EMAIL_URL")
    _options = _email.pop("OPTIONS", {})

    def _on(value) -> bool:
        return value is True or str(value).lower() in {"1", "true", "yes", "on"}

    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
    EMAIL_PORT = _email["EMAIL_PORT"] or 25
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
    EMAIL_USE_TLS = _on(_email.get("EMAIL_USE_TLS")) or _on(_options.get("TLS"))
    EMAIL_USE_SSL = _on(_email.get("EMAIL_USE_SSL")) or _on(_options.get("SSL"))
    EMAIL_TIMEOUT = 20

TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}

LOGGING["root"]["level"] = env.str("LOG_LEVEL", default="INFO")  # noqa: F405
