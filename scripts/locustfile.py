"""Load for the intranet: visitors logged in as the demo staff account browse the main pages one after
the other, with no pause, so that locust measures the throughput of the server (requests per second)
and the time each page takes under that load.

`manage.py bench` runs it headless against the gunicorn it starts (`make bench`; see README), with the
pages of the registered benchmarks and a file to record each page request in (BENCH_PAGES,
BENCH_RESULT). By hand, against `make run` or any server of yours on this machine:

    .venv/bin/locust -f scripts/locustfile.py --headless --host http://127.0.0.1:8000 \\
        --users 10 --spawn-rate 10 --run-time 20s

It talks to the loopback interface only (127.0.0.1, localhost, ::1) and refuses any other host.
"""

import itertools
import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, constant, events, task
from locust.exception import StopUser

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# The demo staff account of `seed_demo` (intranet.demo.DEMO_ACCOUNTS, DEMO_PASSWORD).
ACCOUNT = os.environ.get("BENCH_ACCOUNT", "personnel@demo.test")
PASSWORD = os.environ.get("BENCH_PASSWORD", "demo-intranet")
LOGIN_PATH = os.environ.get("BENCH_LOGIN_PATH", "/comptes/login/")
LOGIN = "(login)"  # the name of the login requests (manage.py bench leaves them out)
DEFAULT_PAGES = [
    {"name": "dashboard", "target": "/", "expected_status": 200},
    {"name": "directory", "target": "/annuaire/", "expected_status": 200},
    {"name": "search", "target": "/search/?q=charte", "expected_status": 200},
    {"name": "rooms", "target": "/salles/", "expected_status": 200},
]
PAGES = (json.loads(Path(os.environ["BENCH_PAGES"]).read_text(encoding="utf-8"))
         if os.environ.get("BENCH_PAGES") else DEFAULT_PAGES)
RESULT = os.environ.get("BENCH_RESULT", "")
recorded: list[dict] = []
errors: list[str] = []


@events.init.add_listener
def refuse_other_hosts(environment, **kwargs):
    host = urlsplit(environment.host or "").hostname
    if host not in LOOPBACK:
        sys.exit(f"locustfile: refusing to load {environment.host!r}: loopback addresses only (127.0.0.1).")


@events.request.add_listener
def record(request_type, name, response_time, exception, **kwargs):
    """Every request, logins included: `manage.py bench` counts the page requests made once every
    visitor has logged in (password hashing is deliberately slow and would eat into the figures)."""
    recorded.append({"name": name, "start": time.time() - response_time / 1000, "ms": response_time,
                     "failure": str(exception) if exception else ""})


@events.quitting.add_listener
def write_result(environment, **kwargs):
    if RESULT:
        Path(RESULT).write_text(json.dumps({"requests": recorded, "error": "; ".join(dict.fromkeys(errors))}),
                                encoding="utf-8")


class StaffMember(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        self.client.get(LOGIN_PATH, name=LOGIN)
        response = self.client.post(
            LOGIN_PATH, name=LOGIN, allow_redirects=False,
            data={"csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""), "login": ACCOUNT,
                  "password": PASSWORD})
        if response.status_code != 302:
            errors.append(f"logging in as {ACCOUNT} answered {response.status_code}")
            raise StopUser()
        # Each visitor starts at a different page, then goes round them all.
        start = (self.environment.runner.user_count if self.environment.runner else 0) % len(PAGES)
        self.pages = itertools.islice(itertools.cycle(PAGES), start, None)

    @task
    def browse(self):
        page = next(self.pages)
        with self.client.get(page["target"], name=page["name"], allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code != page.get("expected_status", 200):
                response.failure(f"{page['target']} answered {response.status_code}")
