"""The environment variables of README's Configuration table, read by django-environ: what each one
gives the production settings (database, persistent connections, email, cache, hosts, booleans)."""

import json

import pytest

from tests.intranet.settings_process import run_production

NAMES = [
    "DATABASES", "CACHES", "ALLOWED_HOSTS", "SECRET_KEY", "SECURE_SSL_REDIRECT", "SECURE_HSTS_PRELOAD",
    "SECURE_HSTS_SECONDS", "ALLAUTH_TRUSTED_PROXY_COUNT", "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT",
    "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD", "EMAIL_USE_TLS", "EMAIL_USE_SSL", "CSRF_TRUSTED_ORIGINS",
]
# Imports the settings module only (no django.setup()): what gunicorn's first import reads.
READ_SETTINGS = (
    "import importlib, json, os\n"
    "module = importlib.import_module(os.environ['DJANGO_SETTINGS_MODULE'])\n"
    f"print(json.dumps({{name: getattr(module, name, None) for name in {NAMES!r}}}, default=str))\n"
)


def production_settings(tmp_path, **environment) -> dict:
    result = run_production(READ_SETTINGS, tmp_path, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def production_refusal(tmp_path, **environment) -> str:
    result = run_production(READ_SETTINGS, tmp_path, **environment)
    assert result.returncode != 0, result.stdout
    return result.stderr


def test_postgresql_connections_persist_and_are_checked_before_reuse(tmp_path):
    database = production_settings(
        tmp_path, DATABASE_URL="postgres://intranet:s%40cret@db.example.org:5433/intranet")["DATABASES"]["default"]
    assert {key: database[key] for key in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT")} == {
        "ENGINE": "django.db.backends.postgresql", "NAME": "intranet", "USER": "intranet",
        "PASSWORD": "s@cret", "HOST": "db.example.org", "PORT": 5433}
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True


def test_conn_max_age_comes_from_the_environment(tmp_path):
    database = production_settings(tmp_path, DATABASE_URL="postgres://intranet@db.example.org/intranet",
                                   CONN_MAX_AGE="0")["DATABASES"]["default"]
    assert database["CONN_MAX_AGE"] == 0


def test_sqlite_opens_a_connection_per_request_whatever_conn_max_age_says(tmp_path):
    database = production_settings(tmp_path, CONN_MAX_AGE="600")["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "production.sqlite3")
    assert database["CONN_MAX_AGE"] == 0
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def smtp(port: int, *, user: str = "alertes", password: str = "secret", tls: bool = False, ssl: bool = False):
    return {"EMAIL_HOST": "mail.example.org", "EMAIL_PORT": port, "EMAIL_HOST_USER": user,
            "EMAIL_HOST_PASSWORD": password, "EMAIL_USE_TLS": tls, "EMAIL_USE_SSL": ssl}


@pytest.mark.parametrize(("url", "expected"), [
    ("smtp+tls://alertes%40reseau.example.org:p%40ss@mail.example.org:587",
     smtp(587, user="alertes@reseau.example.org", password="p@ss", tls=True)),
    ("smtp+ssl://alertes:secret@mail.example.org:465", smtp(465, ssl=True)),
    # The spelling documented before django-environ still works.
    ("smtp://alertes:secret@mail.example.org:587/?tls=1", smtp(587, tls=True)),
    ("smtp://alertes:secret@mail.example.org:465/?ssl=1", smtp(465, ssl=True)),
    ("smtp://mail.example.org", smtp(25, user="", password="")),
])
def test_email_url_configures_smtp(tmp_path, url, expected):
    values = production_settings(tmp_path, EMAIL_URL=url)
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert {key: values[key] for key in expected} == expected


def test_without_email_url_emails_are_printed_on_the_console(tmp_path):
    values = production_settings(tmp_path)
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_redis_url_is_the_cache_location_as_written(tmp_path):
    cache = production_settings(tmp_path, REDIS_URL="redis://:secret@cache.example.org:6380/2")["CACHES"]["default"]
    assert cache == {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                     "LOCATION": "redis://:secret@cache.example.org:6380/2"}


def test_lists_are_split_on_commas_and_trimmed(tmp_path):
    values = production_settings(tmp_path, ALLOWED_HOSTS=" intranet.example.org, reseau.example.org ,",
                                 CSRF_TRUSTED_ORIGINS="https://intranet.example.org, https://reseau.example.org")
    assert values["ALLOWED_HOSTS"] == ["intranet.example.org", "reseau.example.org"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://intranet.example.org", "https://reseau.example.org"]


@pytest.mark.parametrize("value", ["", " , "])
def test_production_refuses_to_start_without_allowed_hosts(tmp_path, value):
    assert "ALLOWED_HOSTS is required in production" in production_refusal(tmp_path, ALLOWED_HOSTS=value)


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    assert "SECRET_KEY is required in production" in production_refusal(tmp_path, SECRET_KEY="")


def test_a_secret_key_starting_with_a_dollar_is_taken_as_written(tmp_path):
    key = "$" + "k" * 59  # django-environ would read "$NAME" as the value of the variable NAME
    assert production_settings(tmp_path, SECRET_KEY=key)["SECRET_KEY"] == key


@pytest.mark.parametrize(("value", "expected"), [("off", False), ("0", False), ("false", False),
                                                 ("on", True), ("yes", True), ("1", True), ("true", True)])
def test_boolean_variables(tmp_path, value, expected):
    values = production_settings(tmp_path, SECURE_SSL_REDIRECT=value, SECURE_HSTS_PRELOAD=value)
    assert (values["SECURE_SSL_REDIRECT"], values["SECURE_HSTS_PRELOAD"]) == (expected, expected)


def test_defaults_of_the_production_settings(tmp_path):
    values = production_settings(tmp_path)
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_PRELOAD"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31_536_000
    assert values["ALLAUTH_TRUSTED_PROXY_COUNT"] == 1
    assert values["ALLOWED_HOSTS"] == ["intranet.example.org"]
    assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
