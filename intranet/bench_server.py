"""`manage.py bench` through a real server, as production runs: gunicorn with its sync workers,
DEBUG off, the production settings minus TLS (`intranet.settings.bench`), collected and compressed
static files served by whitenoise, on the benchmark's SQLite database. On 127.0.0.1 only.

- `GunicornServer` starts gunicorn on a free loopback port and stops it (by its own process id).
- `HttpSession` is a small HTTP client of the standard library: a new connection per request (as
  nginx talks to gunicorn's sync workers), cookies kept, the site's real login form.
- `measure_pages()` times N sequential GET requests per page; `run_load()` runs locust headless for
  a bounded time (scripts/locustfile.py) and summarises what it recorded.
Every wait is bounded; every figure comes back as a dict for the JSON report.
"""

import hashlib
import http.client
import json
import math
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

BENCH_SETTINGS = "intranet.settings.bench"
HOST = "127.0.0.1"
START_TIMEOUT_SECONDS = 90
REQUEST_TIMEOUT_SECONDS = 60
LOCUSTFILE = Path(__file__).resolve().parent.parent / "scripts" / "locustfile.py"
LOGIN_REQUESTS = "(login)"  # the name scripts/locustfile.py gives its login requests


class ServerFailure(Exception):
    pass


def progress_stream() -> int | None:
    """Where a child process's output goes: our stderr, with the progress (stdout is the report)."""
    try:
        return sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):  # stderr replaced (call_command in a test ...)
        return None


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: a value that was actually measured."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def summarise(timings: list[float]) -> dict:
    """The figures every table of the benchmark reports, in milliseconds."""
    return {"median_ms": round(statistics.median(timings), 2), "p95_ms": round(percentile(timings, 0.95), 2),
            "mean_ms": round(statistics.fmean(timings), 2), "min_ms": round(min(timings), 2),
            "max_ms": round(max(timings), 2)}


def server_environment(*, database: Path, static_root: Path, media_root: Path) -> dict:
    """The environment of gunicorn and of collectstatic: production's variables, set for the bench."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": BENCH_SETTINGS,
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "DEBUG": "False",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
        "TRUSTED_PROXY_COUNT": "0",  # no nginx in front: the client's address is the socket's
        "LOG_LEVEL": "WARNING",
    }


def static_sources_fingerprint() -> str:
    """A digest of every static file the finders see (path, size, modification time): when it has not
    changed, the files collected by an earlier run are still the right ones."""
    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def collect_static(*, env: dict, static_root: Path, cwd: Path, progress: Callable[[str], None]) -> None:
    """`collectstatic` with the production storage (hashed, compressed names), skipped when the
    sources have not changed since the last run (it takes about 40 s)."""
    marker = static_root / ".sources.sha256"
    fingerprint = static_sources_fingerprint()
    if marker.exists() and marker.read_text(encoding="utf-8").strip() == fingerprint:
        progress(f"[gunicorn] static files already collected in {static_root}")
        return
    progress(f"[gunicorn] collectstatic into {static_root} (hashed and compressed, as production; about 40 s)…")
    started = time.perf_counter()
    completed = subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "--clear", "-v", "0"],
                               env=env, cwd=cwd, capture_output=True, text=True, timeout=900, check=False)
    if completed.returncode != 0:
        raise ServerFailure(f"collectstatic failed (exit {completed.returncode}):\n{completed.stderr[-3000:]}")
    marker.write_text(fingerprint + "\n", encoding="utf-8")
    progress(f"[gunicorn] collectstatic: {time.perf_counter() - started:.1f} s")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes):
        self.status, self.headers, self.body = status, headers, body


class HttpSession:
    """One visitor: its cookies, and one new connection per request."""

    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        if parts.hostname not in {"127.0.0.1", "localhost", "::1"}:
            raise ServerFailure(f"the benchmark only talks to the loopback interface, not {parts.hostname}")
        self.host, self.port = parts.hostname, parts.port or 80
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, form: dict | None = None) -> Response:
        headers = {"Host": f"{self.host}:{self.port}", "Accept": "text/html,*/*", "Accept-Encoding": "identity"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT_SECONDS)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            response = Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def log_in(self, *, login_path: str, email: str, password: str) -> None:
        """Through the site's login form, CSRF token included, as a person would."""
        page = self.get(login_path)
        token = self.cookies.get("csrftoken")
        if page.status != 200 or not token:
            raise ServerFailure(f"GET {login_path} answered {page.status} without a CSRF cookie")
        answer = self.request("POST", login_path,
                              form={"csrfmiddlewaretoken": token, "login": email, "password": password})
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise ServerFailure(f"logging in as {email} answered {answer.status} (wrong password, or the login "
                                "limit of 30 per minute reached by runs in a row?)")


class GunicornServer:
    """gunicorn on a free loopback port for the time of a `with` block; its log goes to `log_path`."""

    def __init__(self, *, env: dict, cwd: Path, workers: int, log_path: Path):
        self.env, self.cwd, self.workers, self.log_path = env, cwd, workers, log_path
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "GunicornServer":
        command = [sys.executable, "-m", "gunicorn", "intranet.wsgi:application",
                   "--workers", str(self.workers), "--bind", f"{HOST}:{self.port}",
                   "--timeout", str(REQUEST_TIMEOUT_SECONDS), "--graceful-timeout", "5",
                   "--log-level", "warning", "--error-logfile", "-"]
        with self.log_path.open("w", encoding="utf-8") as log:
            self.process = subprocess.Popen(command, env=self.env, cwd=self.cwd, stdout=log,
                                            stderr=subprocess.STDOUT)
        try:
            self.wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        probe = HttpSession(self.url)
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerFailure(f"gunicorn stopped with exit status {self.process.returncode}:\n{self.log_tail()}")
            try:
                if probe.get("/health/").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.25)
        raise ServerFailure(f"gunicorn did not answer /health/ within {START_TIMEOUT_SECONDS} s:\n{self.log_tail()}")

    def stop(self) -> None:
        """SIGTERM to gunicorn's master (it stops its workers), SIGKILL if it is still there 20 s later."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def measure_pages(url: str, pages: list[dict], *, requests: int, warmup: int, login_path: str, password: str,
                  progress: Callable[[str], None], label: str) -> list[dict]:
    """N sequential GET requests per page after `warmup` untimed ones per worker; `pages` are the
    in-process results of the page benchmarks (name, target URL, user, expected status)."""
    sessions: dict[str | None, HttpSession] = {}
    measured = []
    for page in pages:
        item = {"name": page["name"], "target": page["target"], "bytes": None, "error": ""}
        try:
            if page["user"] not in sessions:
                session = HttpSession(url)
                if page["user"]:
                    session.log_in(login_path=login_path, email=page["user"], password=password)
                sessions[page["user"]] = session
            session = sessions[page["user"]]
            timings = []
            for number in range(warmup + requests):
                started = time.perf_counter()
                response = session.get(page["target"])
                elapsed = (time.perf_counter() - started) * 1000
                if response.status != page["expected_status"]:
                    location = f" to {response.headers['Location']}" if response.headers.get("Location") else ""
                    raise ServerFailure(f"GET {page['target']} answered {response.status}{location}, "
                                        f"expected {page['expected_status']}")
                if number >= warmup:
                    timings.append(elapsed)
            item.update(summarise(timings), bytes=len(response.body))
            progress(f"{label} {page['name']:<24} median {item['median_ms']:.1f} ms, p95 {item['p95_ms']:.1f} ms")
        except (ServerFailure, OSError) as exc:
            item["error"] = str(exc)
            progress(f"{label} {page['name']}: FAILED ({exc})")
        measured.append(item)
    return measured


def run_load(url: str, pages: list[dict], *, users: int, seconds: int, account: str, password: str,
             login_path: str, work_dir: Path, cwd: Path, progress: Callable[[str], None], label: str) -> dict:
    """locust, headless, for `seconds` with `users` concurrent visitors logged in as `account`, each
    requesting the pages one after the other with no pause: the throughput the workers sustain."""
    pages_path, result_path = work_dir / ".load-pages.json", work_dir / ".load-result.json"
    pages_path.write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
    result_path.unlink(missing_ok=True)
    env = {**os.environ, "BENCH_PAGES": str(pages_path), "BENCH_RESULT": str(result_path),
           "BENCH_ACCOUNT": account, "BENCH_PASSWORD": password, "BENCH_LOGIN_PATH": login_path}
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--host", url,
               "--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds}s",
               "--stop-timeout", "5", "--only-summary", "--loglevel", "WARNING"]
    progress(f"{label} locust: {users} users, {seconds} s, {len(pages)} pages as {account}…")
    try:
        # locust's own summary goes to our stderr, with the progress.
        completed = subprocess.run(command, env=env, cwd=cwd, stdout=progress_stream(), check=False,
                                   timeout=seconds + 120)
    except subprocess.TimeoutExpired:
        return {"error": f"locust did not stop within {seconds + 120} s"}
    finally:
        pages_path.unlink(missing_ok=True)
    if not result_path.exists():
        return {"error": f"locust stopped with exit status {completed.returncode} before any result"}
    recorded = json.loads(result_path.read_text(encoding="utf-8"))
    result_path.unlink()
    return {"account": account, **summarise_load(recorded, users=users, seconds=seconds)}


def summarise_load(recorded: dict, *, users: int, seconds: int) -> dict:
    """What the locustfile recorded (one row per request: name, start, milliseconds, failure) as a
    total and per page: requests, failures, requests per second, median and p95. Counted from the
    moment the last visitor has logged in: the logins' deliberately slow password hashing is no page's
    time, and while it runs the workers do not serve pages."""
    rows = recorded.get("requests", [])
    logins = [row for row in rows if row["name"] == LOGIN_REQUESTS]
    steady_from = max((row["start"] + row["ms"] / 1000 for row in logins), default=float("-inf"))
    rows = [row for row in rows if row["name"] != LOGIN_REQUESTS and row["start"] >= steady_from]
    result = {"users": users, "seconds": seconds, "error": recorded.get("error", ""), "pages": [],
              "login_failures": sum(1 for row in logins if row["failure"])}
    if not rows:
        result["error"] = result["error"] or "locust recorded no page request once every visitor had logged in"
        return result
    window = max(row["start"] + row["ms"] / 1000 for row in rows) - min(row["start"] for row in rows)
    result["measured_seconds"] = round(window, 1)

    def figures(group: list[dict]) -> dict:
        return {"requests": len(group), "failures": sum(1 for row in group if row["failure"]),
                "requests_per_second": round(len(group) / window, 1) if window > 0 else None,
                **summarise([row["ms"] for row in group])}

    result["total"] = figures(rows)
    for name in dict.fromkeys(row["name"] for row in rows):
        result["pages"].append({"name": name, **figures([row for row in rows if row["name"] == name])})
    failures = [row["failure"] for row in rows if row["failure"]]
    if failures:
        result["error"] = f"{len(failures)} failed request(s), the first: {failures[0]}"
    return result
