"""Settings shared by every environment. Everything that differs between machines comes from the
environment (see README, "Configuration")."""

import os
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from intranet import csp

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
# django-environ reads and casts every variable (env.bool, env.int, env.db_url ...). Booleans are
# true for 1, true, yes, on (also y, ok, any non-zero number), false otherwise.
env = environ.Env()
VAR_DIR = Path(env.str("INTRANET_VAR_DIR", default=str(BASE_DIR / "var")))


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """`env.list`, plus what it does not do: strip each item and drop the empty ones, so that
    "a.example.org, b.example.org" and a trailing comma mean what they say (env.list keeps the
    spaces, and a blank value would give a list of one empty host instead of none)."""
    return [item for item in env.list(name, cast=str.strip, default=default or []) if item]


# Read as written, not through env.str: django-environ takes a value starting with "$" for the name of
# another variable, and a generated key may start with "$".
SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "intranet",
    "tutorials",
    "skills_map",
    "governance",
    "calendar_sync",
    "documents",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "intranet.apps.UsersAppConfig",  # wagtail.users, with the intranet's user forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    *(["csp"] if csp.USES_DJANGO_CSP else []),
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    csp.MIDDLEWARE,
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "intranet.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After MessageMiddleware: it tells the person why they land on the MFA page.
    "intranet.middleware.AdminMFAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "intranet.urls"
WSGI_APPLICATION = "intranet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "intranet.context_processors.navigation",
            ],
        },
    },
]

# Every form field is drawn by one template (intranet/forms/field.html): {{ field.as_field_group }}.
FORM_RENDERER = "intranet.renderers.IntranetFormRenderer"

# SQLite is the zero-set-up default; DATABASE_URL switches to PostgreSQL (production).
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
# Persistent connections: each process keeps its connection CONN_MAX_AGE seconds and checks it is
# still alive before reusing it for a new request (a restarted PostgreSQL, a proxy timeout).
DATABASES["default"].update(CONN_MAX_AGE=env.int("CONN_MAX_AGE", default=60), CONN_HEALTH_CHECKS=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; IMMEDIATE takes the write lock at BEGIN so
    # check-then-insert sequences (bookings) cannot interleave.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "intranet.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# One login for everything: the admin sends anonymous visitors to the site's (allauth) login too.
WAGTAILADMIN_LOGIN_URL = LOGIN_URL
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: login by email, no public signup (see intranet.adapters).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_ADAPTER = "intranet.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Login limits, written out so the README can name them (allauth's defaults, kept). They live in the
# default cache, which production requires to be shared by every worker (see production.py).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",  # login form posts
    "login_failed": "10/m/ip,5/5m/key",  # wrong passwords: 5 per 5 minutes per address
    "reauthenticate": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Intranet du réseau")
# Whoever may open the Wagtail admin (Coordination, Référents, superusers) does so only from a session
# that passed the second factor (intranet.middleware.AdminMFAMiddleware).
INTRANET_REQUIRE_ADMIN_MFA = env.bool("INTRANET_REQUIRE_ADMIN_MFA", default=True)

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Files that only a view checking who asks may serve (governance attachments): never under
# MEDIA_ROOT, which a web server may serve as it is.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "intranet"}}
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:  # Django's own Redis backend, even if django-redis happens to be installed
    CACHES["default"] = env.cache_url("REDIS_URL", backend="django.core.cache.backends.redis.RedisCache")
# Production sets this: a cache that each process keeps to itself stops the start-up.
INTRANET_REQUIRE_SHARED_CACHE = False

# Email goes through Django's mail API; EMAIL_URL (smtp+tls://user:pass@host:587) in production.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Intranet du réseau <intranet@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: run immediately by default, through the database queue in production.
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend")}}

WAGTAIL_SITE_NAME = "Intranet du réseau"
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    # On PostgreSQL the database backend uses full-text search with the French configuration.
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "french"},
}
# The document library (documents/): our document model, kept in PRIVATE_MEDIA_ROOT and served only by
# Wagtail's serve view (which answers 404 to who may not read the folder); the types are the project's
# one allow-list (intranet.uploads), checked on content by every form that takes a file.
WAGTAILDOCS_DOCUMENT_MODEL = "documents.NetworkDocument"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "documents.forms.DocumentAdminForm"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "jpeg", "jpg", "odp", "ods", "odt", "pdf", "png", "pptx", "txt", "xlsx"]
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf", "text/plain", "image/png", "image/jpeg"]
DOCUMENTS_MAX_BYTES = env.int("DOCUMENTS_MAX_BYTES", default=25 * 1024 * 1024)
# A Google Takeout import (documents/importing): what an archive may hold at most.
DRIVE_IMPORT_MAX_ARCHIVE_BYTES = env.int("DRIVE_IMPORT_MAX_ARCHIVE_BYTES", default=2 * 1024**3)
DRIVE_IMPORT_MAX_TOTAL_BYTES = env.int("DRIVE_IMPORT_MAX_TOTAL_BYTES", default=4 * 1024**3)  # uncompressed
DRIVE_IMPORT_MAX_FILES = env.int("DRIVE_IMPORT_MAX_FILES", default=20_000)
DRIVE_IMPORT_MAX_RATIO = 100  # uncompressed / compressed size of one member, beyond: a zip bomb
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar in the admin: the privacy notice promises no third-party request.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_PASSWORD_RESET_ENABLED = False  # the site's own (allauth) reset flow is the only one
WAGTAILUSERS_PASSWORD_ENABLED = True

# Content-Security-Policy (intranet/csp.py): the site's own origin only, no inline script.
if csp.USES_DJANGO_CSP:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": csp.SITE_POLICY}
else:  # Django 6's own support
    SECURE_CSP = csp.SITE_POLICY

CSRF_FAILURE_VIEW = "intranet.views.csrf_failure"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "SAMEORIGIN"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Calendar feed URLs hold a secret token: written « … » in every request line or path logged.
    "filters": {"feed_tokens": {"()": "calendar_sync.feeds.log_filter.RedactFeedTokens"}},
    "formatters": {"django.server": {"()": "django.utils.log.ServerFormatter",
                                     "format": "[{server_time}] {message}", "style": "{"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["feed_tokens"]},
        # Django's own runserver handler, redefined here because configuring its logger replaces it.
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server", "filters": ["feed_tokens"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        "django.request": {"filters": ["feed_tokens"]},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False,
                          "filters": ["feed_tokens"]},
    },
}

# Room booking rules (calendar_sync). Each can be overridden in a settings module.
BOOKING_MAX_DURATION_HOURS = env.int("BOOKING_MAX_DURATION_HOURS", default=12)
BOOKING_MIN_NOTICE_MINUTES = env.int("BOOKING_MIN_NOTICE_MINUTES", default=30)
# How long what must not be kept of a person who left the network (skills and their history, path
# progress, feedback...) stays before `send_reminders` erases it (intranet.departures).
DEPARTED_RETENTION_DAYS = env.int("DEPARTED_RETENTION_DAYS", default=180)
BOOKING_HORIZON_DAYS = env.int("BOOKING_HORIZON_DAYS", default=366)  # how far ahead one may book
BOOKING_CLOSED_WEEKDAYS = [6]  # Python weekdays (0 = Monday): no room is booked on Sunday
BOOKING_SERIES_MAX_OCCURRENCES = 200
BOOKING_SERIES_MAX_DAYS = 366

# Calendar feeds, imports and sync (calendar_sync): feeds.py, importing/, sync/.
CALENDAR_FEED_KEEP_CANCELLED_DAYS = 7  # a cancelled event stays in feeds this long, then is dropped
CALENDAR_FEED_REFRESH_MINUTES = 60  # REFRESH-INTERVAL and X-PUBLISHED-TTL
CALENDAR_FEED_PAST_DAYS = env.int("CALENDAR_FEED_PAST_DAYS", default=365)  # how far back a feed goes
CALENDAR_IMPORT_MAX_BYTES = env.int("CALENDAR_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
CALENDAR_IMPORT_MAX_COMPONENTS = env.int("CALENDAR_IMPORT_MAX_COMPONENTS", default=20_000)
CALENDAR_IMPORT_HORIZON_DAYS = 2 * 366  # recurrences are expanded this far from today, no further
CALENDAR_IMPORT_MAX_OCCURRENCES = 1000  # per series
CALENDAR_IMPORT_TIME_BUDGET_SECONDS = 20.0
CALENDAR_SYNC_ALLOW_PRIVATE_URLS = env.bool("CALENDAR_SYNC_ALLOW_PRIVATE_URLS", default=False)
CALENDAR_SYNC_TIMEOUT_SECONDS = 10
CALENDAR_SYNC_MAX_REDIRECTS = 3
CALENDAR_SYNC_RETRY_MINUTES = 15
# Key of the CalDAV passwords stored encrypted; empty: derived from SECRET_KEY (rotating it then means
# typing the passwords again).
CALDAV_ENCRYPTION_KEY = env.str("CALDAV_ENCRYPTION_KEY", default="")

# Files attached to agenda proposals and items (governance.attachments): checked on content, kept in
# PRIVATE_MEDIA_ROOT, at most this size each.
GOVERNANCE_ATTACHMENT_MAX_BYTES = env.int("GOVERNANCE_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)

# Skills map: how long a validation counts, and how long before a person is asked to look at their
# skills again (the dashboard's nudge, and at most one reminder email a year).
SKILLS_VALIDATION_YEARS = env.int("SKILLS_VALIDATION_YEARS", default=3)
SKILLS_CONFIRM_MONTHS = env.int("SKILLS_CONFIRM_MONTHS", default=12)
