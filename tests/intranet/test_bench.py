"""`make bench` through a real server: gunicorn started and stopped on the loopback interface, pages
fetched after logging in through the login form, and locust's load summarised from the moment every
visitor has logged in. On 127.0.0.1 only."""

import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from intranet import bench_server
from intranet.roles import Role
from tests.factories import DEFAULT_PASSWORD, PersonFactory
from tests.intranet.settings_process import run_production


@pytest.fixture
def member(transactional_db):
    return PersonFactory(user__roles=[Role.STAFF], user__email="katell.bench@reseau.test").user


def test_pages_are_measured_through_http_after_logging_in_through_the_form(live_server, member):
    pages = [{"name": "directory", "target": reverse("directory:people"), "user": member.email,
              "expected_status": 200},
             {"name": "health", "target": "/health/", "user": None, "expected_status": 200}]
    measured = bench_server.measure_pages(live_server.url, pages, requests=3, warmup=1,
                                          login_path=reverse("account_login"), password=DEFAULT_PASSWORD,
                                          progress=lambda message: None, label="[test]")
    assert [item["error"] for item in measured] == ["", ""]
    assert all(item["median_ms"] > 0 and item["p95_ms"] >= item["median_ms"] for item in measured)
    assert measured[0]["bytes"] > 1000  # the directory itself, not the login page it would redirect to


def test_a_page_answering_another_status_is_reported_as_failed(live_server, member):
    pages = [{"name": "directory", "target": "/annuaire/", "user": None, "expected_status": 200}]
    [item] = bench_server.measure_pages(live_server.url, pages, requests=1, warmup=0,
                                        login_path=reverse("account_login"), password=DEFAULT_PASSWORD,
                                        progress=lambda message: None, label="[test]")
    assert item["error"].startswith("GET /annuaire/ answered 302 to /comptes/login/")


def test_a_wrong_password_is_reported_as_failed(live_server, member):
    pages = [{"name": "directory", "target": "/annuaire/", "user": member.email, "expected_status": 200}]
    [item] = bench_server.measure_pages(live_server.url, pages, requests=1, warmup=0,
                                        login_path=reverse("account_login"), password="pas-le-bon",
                                        progress=lambda message: None, label="[test]")
    assert item["error"].startswith(f"logging in as {member.email} answered 200")


def test_the_http_client_talks_to_the_loopback_interface_only():
    with pytest.raises(bench_server.ServerFailure, match="loopback"):
        bench_server.HttpSession("http://intranet.example.org/")


def test_gunicorn_serves_on_a_loopback_port_and_stops(tmp_path):
    env = bench_server.server_environment(database=tmp_path / "bench.sqlite3", static_root=tmp_path / "static",
                                          media_root=tmp_path / "media")
    server = bench_server.GunicornServer(env=env, cwd=settings.BASE_DIR, workers=1, log_path=tmp_path / "log")
    with server:
        response = bench_server.HttpSession(server.url).get("/health/")
        assert (response.status, json.loads(response.body)) == (200, {"status": "ok", "database": "ok"})
        assert response.headers.get("Strict-Transport-Security") is None  # production minus TLS
    assert server.process.poll() is not None
    with pytest.raises(OSError):
        bench_server.HttpSession(server.url).get("/health/")


def test_the_bench_settings_refuse_a_host_other_than_loopback(tmp_path):
    result = run_production("import intranet.settings.bench", tmp_path,
                            DJANGO_SETTINGS_MODULE="intranet.settings.bench", ALLOWED_HOSTS="intranet.example.org")
    assert result.returncode != 0
    assert "serves 127.0.0.1 only" in result.stderr


def test_the_load_runs_for_the_time_given_and_counts_pages_once_everyone_is_logged_in(live_server, member, tmp_path):
    pages = [{"name": "directory", "target": reverse("directory:people"), "expected_status": 200},
             {"name": "search", "target": reverse("search") + "?q=charte", "expected_status": 200}]
    load = bench_server.run_load(live_server.url, pages, users=2, seconds=3, account=member.email,
                                 password=DEFAULT_PASSWORD, login_path=reverse("account_login"), work_dir=tmp_path,
                                 cwd=settings.BASE_DIR, progress=lambda message: None, label="[test]")
    assert load["error"] == ""
    assert load["login_failures"] == 0
    assert [page["name"] for page in load["pages"]] == ["directory", "search"]
    assert load["total"]["requests"] == sum(page["requests"] for page in load["pages"]) > 2
    assert load["total"]["failures"] == 0
    assert 0 < load["measured_seconds"] <= 3.5
    assert load["total"]["requests_per_second"] > 0


def test_the_locustfile_refuses_a_host_other_than_loopback(tmp_path):
    result = subprocess.run([sys.executable, "-m", "locust", "-f", str(bench_server.LOCUSTFILE), "--headless",
                             "--host", "http://intranet.example.org", "--users", "1", "--run-time", "1s"],
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode != 0
    assert "loopback addresses only" in result.stderr


def test_load_figures_leave_out_the_logins_and_what_came_before_the_last_one():
    recorded = {"requests": [
        {"name": "(login)", "start": 100.0, "ms": 500, "failure": ""},
        {"name": "dashboard", "start": 100.2, "ms": 10, "failure": ""},  # before the last login ended
        {"name": "(login)", "start": 100.1, "ms": 900, "failure": ""},  # ends at 101.0
        {"name": "dashboard", "start": 101.0, "ms": 20, "failure": ""},
        {"name": "directory", "start": 101.5, "ms": 40, "failure": ""},
        {"name": "dashboard", "start": 102.98, "ms": 20, "failure": "HTTPError('500')"},
    ]}
    load = bench_server.summarise_load(recorded, users=2, seconds=3)
    assert load["measured_seconds"] == 2.0
    assert load["total"] == {"requests": 3, "failures": 1, "requests_per_second": 1.5, "median_ms": 20,
                             "p95_ms": 40, "mean_ms": 26.67, "min_ms": 20, "max_ms": 40}
    assert [(page["name"], page["requests"]) for page in load["pages"]] == [("dashboard", 2), ("directory", 1)]
    assert load["error"] == "1 failed request(s), the first: HTTPError('500')"
