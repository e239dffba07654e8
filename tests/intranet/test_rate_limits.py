"""Login limits hold for the whole site, not per gunicorn worker: their counters live in a cache that
every process shares (the database cache unless Redis is configured), and production refuses to
start on a process-local cache."""

import json
import os
import selectors
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings
from django.core.cache.backends.db import DatabaseCache
from django.db import connection

from intranet.settings import base as base_settings
from tests.factories import UserFactory
from tests.intranet.settings_process import run_production

TOO_MANY_ATTEMPTS_FR = "Trop de tentatives de connexion échouées. Veuillez réessayer ultérieurement."
WRONG_CREDENTIALS_FR = "L’adresse e-mail ou le mot de passe sont incorrects."
SHARED_CACHE = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "intranet_cache"}
PROCESS_LOCAL_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "worker"}

# A stand-in for one gunicorn worker: the test settings on the test database, the cache under test
# and the limits of base.py; each line read on stdin ("3") posts that many wrong passwords through
# allauth's real login view and answers one JSON line: what each attempt showed.
WORKER = textwrap.dedent("""
    import json, sys
    import django
    from django.conf import settings

    database_name, cache, limits, email = (json.loads(argument) for argument in sys.argv[1:5])
    settings.DATABASES["default"]["NAME"] = database_name
    settings.CACHES = {"default": cache}
    settings.ACCOUNT_RATE_LIMITS = limits
    django.setup()
    from django.test import Client
    from django.urls import reverse

    client = Client()
    for line in sys.stdin:
        answers = []
        for _attempt in range(int(line)):
            response = client.post(reverse("account_login"), {"login": email, "password": "pas-le-bon"})
            text = response.content.decode()
            answers.append("refused" if %(too_many)r in text else "wrong" if %(wrong)r in text
                           else f"status {response.status_code}")
        print(json.dumps(answers), flush=True)
""") % {"too_many": TOO_MANY_ATTEMPTS_FR, "wrong": WRONG_CREDENTIALS_FR}


class Worker:
    def __init__(self, *, cache: dict, email: str):
        arguments = [connection.settings_dict["NAME"], cache, base_settings.ACCOUNT_RATE_LIMITS, email]
        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER, *map(json.dumps, arguments)],
            cwd=settings.BASE_DIR, env={**os.environ, "DJANGO_SETTINGS_MODULE": "intranet.settings.test"},
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )

    def try_wrong_passwords(self, count: int) -> list[str]:
        self.process.stdin.write(f"{count}\n")
        self.process.stdin.flush()
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            ready = selector.select(timeout=120)
        line = self.process.stdout.readline() if ready else ""
        assert line, f"the worker did not answer: {self.stop()}"
        return json.loads(line)

    def end_input(self) -> None:
        """No more attempts: the worker leaves its loop and exits."""
        if self.process.stdin and not self.process.stdin.closed:
            self.process.stdin.close()

    def stop(self) -> str:
        self.end_input()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return self.process.stderr.read()


@pytest.fixture
def two_workers(transactional_db):
    """Two worker processes on the test database: what they read must be committed."""
    started: list[Worker] = []

    def start(cache: dict) -> tuple[Worker, Worker]:
        email = UserFactory().email  # committed: the workers see it
        started.extend([Worker(cache=cache, email=email), Worker(cache=cache, email=email)])
        return started[-2], started[-1]

    DatabaseCache(SHARED_CACHE["LOCATION"], {}).clear()
    yield start
    for worker in started:  # both exit at the same time (a Django process takes a while to exit)
        worker.end_input()
    for worker in started:
        worker.stop()
    DatabaseCache(SHARED_CACHE["LOCATION"], {}).clear()


def test_five_wrong_passwords_across_two_processes_lock_the_account_in_both(two_workers):
    worker_a, worker_b = two_workers(SHARED_CACHE)
    assert worker_a.try_wrong_passwords(3) == ["wrong"] * 3
    assert worker_b.try_wrong_passwords(2) == ["wrong"] * 2
    assert worker_a.try_wrong_passwords(1) == ["refused"]
    assert worker_b.try_wrong_passwords(1) == ["refused"]


def test_a_process_local_cache_would_let_the_sixth_attempt_through(two_workers):
    """The control: what gunicorn -w 4 did with the local-memory cache."""
    worker_a, worker_b = two_workers(PROCESS_LOCAL_CACHE)
    assert worker_a.try_wrong_passwords(3) == ["wrong"] * 3
    assert worker_b.try_wrong_passwords(2) == ["wrong"] * 2
    assert worker_a.try_wrong_passwords(1) == ["wrong"]
    assert worker_b.try_wrong_passwords(1) == ["wrong"]


def test_login_limits_are_explicit_in_the_base_settings():
    limits = base_settings.ACCOUNT_RATE_LIMITS
    assert limits["login_failed"] == "10/m/ip,5/5m/key"
    assert limits["login"] == "30/m/ip"


# --- production settings -------------------------------------------------------------------------

SHOW_CACHE = ("import django; django.setup(); from django.conf import settings; "
              "print(settings.CACHES['default']['BACKEND'])")


def test_production_without_redis_uses_the_database_cache(tmp_path):
    result = run_production(SHOW_CACHE, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.cache.backends.db.DatabaseCache"


def test_production_with_redis_uses_redis(tmp_path):
    result = run_production(SHOW_CACHE, tmp_path, REDIS_URL="redis://127.0.0.1:6379/1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache"


@pytest.mark.parametrize("backend", ["django.core.cache.backends.locmem.LocMemCache",
                                     "django.core.cache.backends.dummy.DummyCache"])
def test_production_refuses_to_start_on_a_process_local_cache(tmp_path, backend):
    (tmp_path / "forced_cache_settings.py").write_text(
        "from intranet.settings.production import *  # noqa\n"
        f"CACHES = {{'default': {{'BACKEND': {backend!r}}}}}\n"
    )
    result = run_production(SHOW_CACHE, tmp_path, DJANGO_SETTINGS_MODULE="forced_cache_settings")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "shared by every worker" in result.stderr
    assert backend not in result.stdout
