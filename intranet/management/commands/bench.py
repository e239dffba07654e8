"""`manage.py bench` (what `make bench` runs): server time and SQL queries of the intranet's pages
at 1x and 10x the reference network (DESIGN §7, performance budget), measured three ways:

1. IN-PROCESS through Django's test client: the server time of a request (middleware, view, SQL,
   templates) without network or gunicorn, and the number of SQL queries. The database connection
   stays open between requests, as with persistent connections on PostgreSQL.
2. THROUGH GUNICORN, as production runs (intranet.bench_server): 2 sync workers, DEBUG off, the
   production settings minus TLS (intranet.settings.bench), static files collected and compressed,
   on 127.0.0.1; each page is fetched with N sequential HTTP requests after logging in through the
   login form. What a visitor's browser waits for on this machine, without nginx.
3. UNDER LOAD (locust, scripts/locustfile.py): 10 logged-in visitors browse the pages with no pause
   for 20 s against the same gunicorn: the requests per second two workers sustain, and the median
   and p95 under that load. `--no-load` skips it, `--no-server` skips 2 and 3.

How it works: Django's DATABASES is fixed when the settings are imported, so this command
(the parent) re-executes itself once per scale in a subprocess (the worker) with
DATABASE_URL=sqlite:///var/bench/scale-<N>.sqlite3 and DEBUG=False (the cached template loader is
then Django's default, as in production). The worker migrates, seeds the demo network at that
scale (`seed_demo --scale N --force`, idempotent), then for each benchmark that an app declares in
its wagtail_hooks.py (`intranet.hooks.BENCHMARKS`) times `--requests`
GET requests after `--warmup` ones, counts the SQL queries of one extra request, and writes its
results to a JSON file the parent collects. The parent then starts gunicorn on that database for
the HTTP and load figures, prints the tables and writes var/bench/results-<timestamp>.json and
var/bench/latest.json.

It is a benchmark, not a test: slow times are reported, never failed on. A page answering with
an unexpected status, or an exception, is a failure (non-zero exit status). Every step is bounded
in time (server start, each request, locust's run time) and talks to 127.0.0.1 only.
"""

import argparse
import gc
import json
import os
import platform
import re
import subprocess
import sys
import time
import warnings
from collections import Counter
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intranet import bench_server
from intranet.bench_server import summarise

# DESIGN §7: every page <= 25 ms median at 10x and <= 25 queries, the same count at 1x and 10x.
BUDGET_MEDIAN_MS = 25.0
BUDGET_QUERIES = 25
SEED_BUDGET_SECONDS = 120.0  # seed_demo --scale 10 from scratch

HEADER = (
    "Server time measured in-process through Django's test client: the time Django spends on a request "
    "(middleware, view, SQL, templates), without network, nginx or gunicorn. DEBUG=False, cached template "
    "loader, one SQLite database per scale under var/bench/. The budget counts the wall times (median, p95); "
    "'cpu' is the worker's CPU time per request (close to the wall time: no waiting on I/O or locks; on a "
    "busy machine both grow)."
)
GUNICORN_HEADER = (
    "Through gunicorn as production runs it: {workers} sync workers, DEBUG=False, the production settings "
    "minus TLS (intranet.settings.bench), compressed static files, on 127.0.0.1 without nginx. {requests} "
    "sequential requests per page after logging in through the login form, a new connection each (as nginx "
    "talks to gunicorn), timed by the client: the in-process time plus HTTP parsing, WSGI and the socket."
)
LOAD_HEADER = (
    "Under load (locust): {users} visitors log in as {account}, then request the pages one after the other "
    "with no pause, for {seconds} s in all, against the same gunicorn; counted from the moment the last "
    "visitor has logged in. 'req/s' is what {workers} workers sustain flat out on this machine (locust "
    "shares its CPUs); median and p95 include the wait behind the other visitors."
)


def progress(message: str) -> None:
    """What a person watching sees: always on stderr, so stdout stays the report."""
    print(message, file=sys.stderr, flush=True)


def sql_shape(sql: str) -> str:
    """A query with its literals blanked, to compare the queries of two runs."""
    sql = re.sub(r"'(?:[^']|'')*'", "'?'", sql)
    sql = re.sub(r"\b\d+(?:\.\d+)?\b", "?", sql)
    return re.sub(r"\((?:\s*\?\s*,)+\s*\?\s*\)", "(?, …)", sql)


class BenchFailure(Exception):
    pass


class Command(BaseCommand):
    help = ("Benchmark the pages at 1x and 10x the reference network (server time in-process through "
            "Django's test client, SQL query counts). Results in var/bench/latest.json.")

    def add_arguments(self, parser):
        parser.add_argument("--scales", default="1,10",
                            help="Comma-separated scales of the demo network to measure (default: 1,10).")
        parser.add_argument("--requests", type=int, default=30,
                            help="Timed requests per page (default: 30).")
        parser.add_argument("--warmup", type=int, default=3,
                            help="Untimed requests per page before timing (default: 3).")
        parser.add_argument("--fresh", action="store_true",
                            help="Rebuild the benchmark databases instead of reusing them.")
        parser.add_argument("--only", default="",
                            help="Comma-separated benchmark names to run (default: all registered).")
        parser.add_argument("--no-server", dest="server", action="store_false",
                            help="Measure in-process only: no gunicorn, no load.")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default: 2).")
        parser.add_argument("--no-load", dest="load", action="store_false",
                            help="Measure through gunicorn but skip the load run (locust).")
        parser.add_argument("--load-users", type=int, default=10,
                            help="Concurrent locust visitors (default: 10).")
        parser.add_argument("--load-seconds", type=int, default=20,
                            help="How long the load runs, per scale (default: 20).")
        # The worker's options: the parent passes them, people do not.
        parser.add_argument("--_worker", dest="worker", action="store_true", help=argparse.SUPPRESS)
        parser.add_argument("--scale", type=int, default=1, help=argparse.SUPPRESS)
        parser.add_argument("--_database", dest="database", default="", help=argparse.SUPPRESS)
        parser.add_argument("--_result", dest="result", default="", help=argparse.SUPPRESS)
        parser.add_argument("--_new", dest="new", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        if options["requests"] < 1 or options["warmup"] < 0:
            raise CommandError("--requests must be at least 1 and --warmup at least 0.")
        if not (1 <= options["workers"] <= 16 and 1 <= options["load_users"] <= 100
                and 1 <= options["load_seconds"] <= 600):
            raise CommandError("--workers takes 1 to 16, --load-users 1 to 100, --load-seconds 1 to 600.")
        if options["worker"]:
            return self.run_worker(**options)
        return self.run_parent(**options)

    # --- parent: one subprocess per scale, then the report ---------------------------------------

    def run_parent(self, *, scales, requests, warmup, fresh, only, server, workers, load, load_users,
                   load_seconds, **options):
        try:
            scale_list = [int(item) for item in scales.split(",") if item.strip()]
        except ValueError as exc:
            raise CommandError("--scales takes comma-separated integers, e.g. 1,10.") from exc
        if not scale_list or any(scale < 1 or scale > 50 for scale in scale_list):
            raise CommandError("Each scale must be between 1 and 50.")
        started = time.perf_counter()
        bench_dir = Path(getattr(settings, "VAR_DIR", Path(settings.BASE_DIR) / "var")) / "bench"
        bench_dir.mkdir(parents=True, exist_ok=True)
        progress(HEADER)
        results: dict[int, dict] = {}
        load_options = {"users": load_users, "seconds": load_seconds} if load else None
        for scale in scale_list:
            results[scale] = self.run_scale(scale, bench_dir=bench_dir, requests=requests, warmup=warmup,
                                            fresh=fresh, only=only)
            if server:
                self.run_server(results[scale], bench_dir=bench_dir, workers=workers, requests=requests,
                                warmup=warmup, load=load_options)
        total = time.perf_counter() - started

        report = {
            "generated_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "note": HEADER,
            "settings": os.environ.get("DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE),
            "requests": requests,
            "warmup": warmup,
            "gunicorn": {"workers": workers, "settings": bench_server.BENCH_SETTINGS} if server else None,
            "load": load_options if server else None,
            "budget": {"median_ms": BUDGET_MEDIAN_MS, "queries": BUDGET_QUERIES,
                       "seed_scale_10_seconds": SEED_BUDGET_SECONDS},
            "environment": self.environment(),
            "total_seconds": round(total, 1),
            "scales": {str(scale): result for scale, result in results.items()},
        }
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        results_path = bench_dir / f"results-{stamp}.json"
        text = json.dumps(report, indent=2, ensure_ascii=False)
        results_path.write_text(text + "\n", encoding="utf-8")
        (bench_dir / "latest.json").write_text(text + "\n", encoding="utf-8")

        self.print_report(results, scale_list)
        latest = self._relative(bench_dir / "latest.json")
        self.stdout.write(f"\nResults: {self._relative(results_path)} (and {latest})")
        self.stdout.write(f"Total runtime: {total:.1f} s")
        failures = [f"x{scale} {item['name']}: {item['error']}"
                    for scale, result in results.items() for item in result.get("benchmarks", []) if item["error"]]
        failures += [f"x{scale}: {result['error']}" for scale, result in results.items() if result.get("error")]
        failures += [f"x{scale} gunicorn {item['name']}: {item['error']}" for scale, result in results.items()
                     for item in result.get("gunicorn", {}).get("benchmarks", []) if item["error"]]
        failures += [f"x{scale} {part}: {result[part]['error']}" for scale, result in results.items()
                     for part in ("gunicorn", "load") if result.get(part, {}).get("error")]
        if failures:
            raise CommandError("Benchmark failures:\n  " + "\n  ".join(failures))

    @staticmethod
    def database_path(bench_dir: Path, scale: int) -> Path:
        return (bench_dir / f"scale-{scale}.sqlite3").resolve()

    def run_scale(self, scale: int, *, bench_dir: Path, requests: int, warmup: int, fresh: bool,
                  only: str) -> dict:
        database = self.database_path(bench_dir, scale)
        marker = database.with_suffix(".seeded.json")
        stale = database.exists() and not self._seeded_at(marker, scale)
        if fresh or stale:
            if stale and not fresh:
                progress(f"[x{scale}] {self._relative(database)} was not fully seeded at scale {scale}: rebuilding it.")
            for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm"), marker):
                path.unlink(missing_ok=True)
        new = not database.exists()
        result_path = bench_dir / f".worker-{scale}-{os.getpid()}.json"
        result_path.unlink(missing_ok=True)
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{database}",
            "DEBUG": "False",
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE),
            "MEDIA_ROOT": str((bench_dir / "media").resolve()),  # demo uploads stay out of var/media
        }
        command = [
            sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench", "--_worker",
            "--scale", str(scale), "--requests", str(requests), "--warmup", str(warmup),
            "--_database", str(database), "--_result", str(result_path), "--only", only,
        ]
        if new:
            command.append("--_new")
        progress(f"\n[x{scale}] {'creating' if new else 'reusing'} {self._relative(database)}")
        # The worker's stdout (seed_demo's report ...) goes to our stderr: stdout is the report.
        completed = subprocess.run(command, env=env, cwd=settings.BASE_DIR, stdout=bench_server.progress_stream(),
                                   check=False)
        if result_path.exists():
            result = json.loads(result_path.read_text(encoding="utf-8"))
            result_path.unlink()
        else:
            result = {"scale": scale, "benchmarks": [],
                      "error": f"the worker stopped with exit status {completed.returncode} before any result"}
        if completed.returncode != 0 and not result.get("error") and not any(
                item["error"] for item in result.get("benchmarks", [])):
            result["error"] = f"the worker stopped with exit status {completed.returncode}"
        return result

    def run_server(self, result: dict, *, bench_dir: Path, workers: int, requests: int, warmup: int,
                   load: dict | None) -> None:
        """The pages the worker measured, again through gunicorn on the same database, then under load.
        Adds result["gunicorn"] (and result["load"])."""
        from intranet.benchmarks import DEFAULT_USER
        from intranet.demo import DEMO_PASSWORD

        scale = result["scale"]
        pages = [{key: item[key] for key in ("name", "target", "user", "expected_status")}
                 for item in result.get("benchmarks", []) if item["kind"] == "page" and not item["error"]]
        result["gunicorn"] = {"workers": workers, "requests": requests, "benchmarks": [], "error": ""}
        if not pages:
            result["gunicorn"]["error"] = "no page to measure (the in-process run failed?)"
            return
        static_root = (bench_dir / "static").resolve()
        env = bench_server.server_environment(database=self.database_path(bench_dir, scale), static_root=static_root,
                                              media_root=(bench_dir / "media").resolve())
        label = f"[x{scale} gunicorn]"
        login_path = reverse("account_login")
        try:
            bench_server.collect_static(env=env, static_root=static_root, cwd=Path(settings.BASE_DIR),
                                        progress=progress)
            log_path = bench_dir / f"gunicorn-x{scale}.log"
            with bench_server.GunicornServer(env=env, cwd=Path(settings.BASE_DIR), workers=workers,
                                             log_path=log_path) as server:
                progress(f"{label} serving on {server.url} ({workers} workers, log in {self._relative(log_path)})")
                # Each worker warms its own caches and template loader.
                result["gunicorn"]["benchmarks"] = bench_server.measure_pages(
                    server.url, pages, requests=requests, warmup=warmup * workers, login_path=login_path,
                    password=DEMO_PASSWORD, progress=progress, label=label)
                if load:
                    staff_pages = [page for page in pages if page["user"] == DEFAULT_USER]
                    result["load"] = bench_server.run_load(
                        server.url, staff_pages, users=load["users"], seconds=load["seconds"],
                        account=DEFAULT_USER, password=DEMO_PASSWORD, login_path=login_path, work_dir=bench_dir,
                        cwd=Path(settings.BASE_DIR), progress=progress, label=f"[x{scale} load]")
                    if total := result["load"].get("total"):
                        progress(f"[x{scale} load] {total['requests_per_second']} req/s, median "
                                 f"{total['median_ms']:.1f} ms, p95 {total['p95_ms']:.1f} ms, "
                                 f"{total['failures']} failure(s)")
        except (bench_server.ServerFailure, OSError, subprocess.SubprocessError) as exc:
            result["gunicorn"]["error"] = str(exc)
            progress(f"{label} FAILED: {exc}")

    @staticmethod
    def _seeded_at(marker: Path, scale: int) -> bool:
        try:
            return json.loads(marker.read_text(encoding="utf-8")).get("scale") == scale
        except (OSError, ValueError):
            return False

    @staticmethod
    def _relative(path: Path) -> str:
        try:
            return str(Path(path).resolve().relative_to(Path(settings.BASE_DIR).resolve()))
        except ValueError:
            return str(path)

    @staticmethod
    def environment() -> dict:
        import django
        import wagtail

        return {"python": platform.python_version(), "django": django.get_version(),
                "wagtail": wagtail.__version__, "platform": platform.platform(),
                "processor": platform.processor() or platform.machine(), "cpu_count": os.cpu_count()}

    # --- parent: the report -----------------------------------------------------------------------

    def print_report(self, results: dict[int, dict], scale_list: list[int]) -> None:
        write = self.stdout.write
        write("")
        write(HEADER)
        served = {scale: results[scale]["gunicorn"] for scale in scale_list if results[scale].get("gunicorn")}
        loaded = {scale: results[scale]["load"] for scale in scale_list if results[scale].get("load")}
        if served:
            some = next(iter(served.values()))
            write("")
            write(GUNICORN_HEADER.format(workers=some["workers"], requests=some["requests"]))
        if loaded:
            some = next(iter(loaded.values()))
            write("")
            write(LOAD_HEADER.format(users=some["users"], seconds=some["seconds"], account=some["account"],
                                     workers=next(iter(served.values()))["workers"]))
        for scale in scale_list:
            result = results[scale]
            write("")
            counts = ", ".join(f"{label}: {count}" for label, count in result.get("counts", {}).items())
            write(f"## Scale x{scale}" + (f" ({counts})" if counts else ""))
            if "seed_seconds" in result:
                how = "seeded from scratch" if result.get("new") else "re-seeded (idempotent) on the reused database"
                write(f"seed_demo --scale {scale}: {how} in {result['seed_seconds']:.1f} s")
            if result.get("error"):
                write(self.style.ERROR(f"FAILED: {result['error']}"))
            write(f"\n### In-process, x{scale}")
            rows = [[item["name"], item["target"], self._ms(item, "median_ms"), self._ms(item, "p95_ms"),
                     self._queries(item), self._ms(item, "cpu_median_ms")] for item in result.get("benchmarks", [])]
            write(self.table(["page", "url / operation", "median ms", "p95 ms", "queries", "cpu median ms"], rows,
                             right={2, 3, 4, 5}))
            if scale in served:
                self.print_served(scale, served[scale])
            if scale in loaded:
                self.print_load(scale, loaded[scale])

        if len(scale_list) < 2:
            return
        write("")
        write("## Comparison " + " vs ".join(f"x{scale}" for scale in scale_list))
        largest = max(scale_list)
        names = []
        for scale in scale_list:
            for item in results[scale].get("benchmarks", []):
                if item["name"] not in names:
                    names.append(item["name"])
        by_scale = {scale: {item["name"]: item for item in results[scale].get("benchmarks", [])}
                    for scale in scale_list}
        http_by_scale = {scale: {item["name"]: item for item in served[scale].get("benchmarks", [])}
                         if scale in served else {} for scale in scale_list}
        header = ["page",
                  *[f"median ms x{scale}" for scale in scale_list],
                  *([f"gunicorn median ms x{scale}" for scale in scale_list] if served else []),
                  *([f"gunicorn p95 ms x{scale}" for scale in scale_list] if served else []),
                  *[f"queries x{scale}" for scale in scale_list], "notes"]
        rows, growing = [], []
        for name in names:
            items = [by_scale[scale].get(name) for scale in scale_list]
            http_items = [http_by_scale[scale].get(name) for scale in scale_list]
            notes = []
            if any(item is None or item["error"] for item in items) or any(
                    item is not None and item["error"] for item in http_items):
                notes.append("FAILED")
            queries = [item["queries"] for item in items if item and item.get("queries") is not None]
            if len(set(queries)) > 1:
                notes.append("queries grow" if queries[-1] > queries[0] else "queries differ")
                growing.append(name)
            if queries and max(queries) > BUDGET_QUERIES:
                notes.append(f"> {BUDGET_QUERIES} queries")
            # The budget is measured as production runs: through gunicorn when it ran, else in-process.
            top_http, top = http_by_scale[largest].get(name), by_scale[largest].get(name)
            if top_http and top_http.get("median_ms") is not None:
                if top_http["median_ms"] > BUDGET_MEDIAN_MS:
                    notes.append(f"> {BUDGET_MEDIAN_MS:g} ms at x{largest} (gunicorn)")
            elif top and top.get("median_ms") is not None and top["median_ms"] > BUDGET_MEDIAN_MS:
                notes.append(f"> {BUDGET_MEDIAN_MS:g} ms at x{largest}")
            rows.append([name,
                         *[self._ms(item, "median_ms") for item in items],
                         *([self._ms(item, "median_ms") for item in http_items] if served else []),
                         *([self._ms(item, "p95_ms") for item in http_items] if served else []),
                         *[self._queries(item) for item in items], ", ".join(notes)])
        write(self.table(header, rows, right=set(range(1, len(header) - 1))))
        write(f"Budget (DESIGN §7): <= {BUDGET_MEDIAN_MS:g} ms median at x10 measured through gunicorn, "
              f"<= {BUDGET_QUERIES} queries, the same query count at every scale. Reported, never failed on.")
        if loaded:
            write("Load: " + "; ".join(
                f"x{scale} {load['total']['requests_per_second']} req/s (median {load['total']['median_ms']:.1f} ms, "
                f"p95 {load['total']['p95_ms']:.1f} ms)" if load.get("total") else f"x{scale} FAILED"
                for scale, load in loaded.items()))
        for name in growing:
            self.print_query_difference(name, [(scale, by_scale[scale].get(name)) for scale in scale_list])

    def print_served(self, scale: int, served: dict) -> None:
        write = self.stdout.write
        write(f"\n### Through gunicorn ({served['workers']} workers), x{scale}")
        if served.get("error"):
            write(self.style.ERROR(f"FAILED: {served['error']}"))
        rows = [[item["name"], item["target"], self._ms(item, "median_ms"), self._ms(item, "p95_ms"),
                 "-" if item.get("bytes") is None else f"{item['bytes'] / 1024:.1f}"]
                for item in served.get("benchmarks", [])]
        if rows:
            write(self.table(["page", "url", "median ms", "p95 ms", "KiB"], rows, right={2, 3, 4}))

    def print_load(self, scale: int, load: dict) -> None:
        write = self.stdout.write
        measured = f", {load['measured_seconds']} s once all logged in" if load.get("measured_seconds") else ""
        write(f"\n### Under load ({load['users']} visitors, {load['seconds']} s{measured}), x{scale}")
        if load.get("error"):
            write(self.style.ERROR(f"FAILED: {load['error']}"))
        if not load.get("total"):
            return

        def row(name: str, figures: dict) -> list[str]:
            return [name, str(figures["requests"]), str(figures["failures"]), f"{figures['requests_per_second']}",
                    f"{figures['median_ms']:.1f}", f"{figures['p95_ms']:.1f}"]

        rows = [row(page["name"], page) for page in load["pages"]] + [row("all pages", load["total"])]
        write(self.table(["page", "requests", "failures", "req/s", "median ms", "p95 ms"], rows,
                         right={1, 2, 3, 4, 5}))

    def print_query_difference(self, name: str, items: list[tuple[int, dict | None]]) -> None:
        shapes = {scale: Counter(sql_shape(sql) for sql in item.get("sql", [])) for scale, item in items if item}
        self.stdout.write(f"\nQueries of {name!r} that differ between scales (literals blanked):")
        for shape in sorted(set().union(*shapes.values())):
            numbers = [shapes[scale][shape] for scale in shapes]
            if len(set(numbers)) > 1:
                counts = ", ".join(f"x{scale}: {shapes[scale][shape]}" for scale in shapes)
                self.stdout.write(f"  [{counts}] {shape[:300]}")

    @staticmethod
    def _ms(item: dict | None, key: str) -> str:
        if item is None:
            return "-"
        if item.get("error"):
            return "ERROR"
        return f"{item[key]:.1f}"

    @staticmethod
    def _queries(item: dict | None) -> str:
        if item is None or item.get("queries") is None:
            return "-"
        return str(item["queries"])

    @staticmethod
    def table(header: list[str], rows: list[list[str]], *, right: set[int] = frozenset()) -> str:
        widths = [max(len(str(row[column])) for row in [header, *rows]) for column in range(len(header))]

        def line(cells):
            return "| " + " | ".join(
                str(cell).rjust(widths[i]) if i in right else str(cell).ljust(widths[i]) for i, cell in enumerate(cells)
            ) + " |"

        separator = "|" + "|".join(
            "-" * (width + 1) + (":" if i in right else "-") for i, width in enumerate(widths)
        ) + "|"
        return "\n".join([line(header), separator, *[line(row) for row in rows]])

    # --- worker: one scale, in its own process ----------------------------------------------------

    def run_worker(self, *, scale, requests, warmup, only, database, result, new, **options):
        from intranet.hooks import BENCHMARKS, registered

        if settings.DEBUG:
            raise CommandError("The benchmark worker runs with DEBUG=False (the parent sets it).")
        actual = Path(connection.settings_dict["NAME"]).resolve() if connection.vendor == "sqlite" else None
        if actual != Path(database).resolve():
            # Never migrate or seed demo data into anything but the benchmark's own database.
            raise CommandError(f"Refusing to run: the database is {connection.settings_dict['NAME']!r}, "
                               f"not {database!r} (DATABASE_URL ignored by the settings?).")
        output = {"scale": scale, "database": str(database), "new": new, "benchmarks": []}
        try:
            step = time.perf_counter()
            progress(f"[x{scale}] migrate…")
            call_command("migrate", verbosity=0, interactive=False)
            output["migrate_seconds"] = round(time.perf_counter() - step, 2)
            progress(f"[x{scale}] migrate: {output['migrate_seconds']:.1f} s")
            progress(f"[x{scale}] seed_demo --scale {scale} --force…")
            step = time.perf_counter()
            call_command("seed_demo", scale=scale, force=True, stdout=sys.stderr)
            output["seed_seconds"] = round(time.perf_counter() - step, 2)
            progress(f"[x{scale}] seed_demo --scale {scale}: {output['seed_seconds']:.1f} s"
                     + (" (from scratch)" if new else " (reused database, idempotent re-run)"))
            if new and scale >= 10 and output["seed_seconds"] > SEED_BUDGET_SECONDS:
                progress(f"[x{scale}] WARNING: seeding took more than {SEED_BUDGET_SECONDS:.0f} s.")
            output["counts"] = self.counts()
            Path(database).with_suffix(".seeded.json").write_text(json.dumps({
                "scale": scale, "seeded_at": datetime.now().astimezone().isoformat(timespec="seconds"),
                "counts": output["counts"],
            }) + "\n", encoding="utf-8")
        except Exception as exc:  # reported by the parent, with the traceback on stderr
            import traceback

            traceback.print_exc()
            output["error"] = f"setting up the database failed: {exc!r}"
            self.write_result(result, output)
            raise CommandError(output["error"]) from exc

        # whitenoise warns that STATIC_ROOT is missing when collectstatic has not run: irrelevant here.
        warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
        for cache in caches.all():  # what seeding cached is not what requests would have cached
            cache.clear()
        wanted = {name.strip() for name in only.split(",") if name.strip()}
        benchmarks = [benchmark for benchmark in registered(BENCHMARKS) if not wanted or benchmark.name in wanted]
        if wanted - {benchmark.name for benchmark in benchmarks}:
            unknown = ", ".join(sorted(wanted - {benchmark.name for benchmark in benchmarks}))
            output["error"] = f"unknown benchmark(s): {unknown}"
        clients: dict[str | None, Client] = {}
        for benchmark in benchmarks:
            output["benchmarks"].append(self.measure(benchmark, scale=scale, requests=requests, warmup=warmup,
                                                     clients=clients))
        self.write_result(result, output)
        if output.get("error") or any(item["error"] for item in output["benchmarks"]):
            raise CommandError(f"x{scale}: some benchmarks failed (see above).")

    @staticmethod
    def write_result(path: str, output: dict) -> None:
        if path:
            Path(path).write_text(json.dumps(output, ensure_ascii=False) + "\n", encoding="utf-8")
        else:
            sys.stdout.write(json.dumps(output, ensure_ascii=False) + "\n")

    @staticmethod
    def counts() -> dict:
        from wagtail.models import Page

        from intranet.models import Library, Person

        return {"libraries": Library.objects.count(), "people": Person.objects.count(),
                "pages": Page.objects.count()}

    def measure(self, benchmark, *, scale: int, requests: int, warmup: int, clients: dict) -> dict:
        item = {"name": benchmark.name, "target": "", "kind": "", "median_ms": None, "p95_ms": None,
                "mean_ms": None, "min_ms": None, "max_ms": None, "cpu_median_ms": None, "queries": None, "sql": [],
                "bytes": None, "error": "", "user": benchmark.user, "expected_status": benchmark.expected_status}
        try:
            target = benchmark.build()
            if isinstance(target, str):
                item["kind"], item["target"] = "page", target
                run = self.page_runner(benchmark, target, clients)
            elif callable(target):
                item["kind"] = "operation"
                item["target"] = getattr(target, "__qualname__", repr(target))
                run = self.operation_runner(benchmark, target)
            else:
                raise BenchFailure(f"build() returned {target!r}, neither a URL nor a callable")
            progress(f"[x{scale}] {benchmark.name:<24} {item['target']}")
            for _ in range(warmup):
                run()
            gc.collect()
            timings, cpu_timings = [], []
            for _ in range(requests):
                started, cpu_started = time.perf_counter(), time.process_time()
                size = run()
                timings.append((time.perf_counter() - started) * 1000)
                cpu_timings.append((time.process_time() - cpu_started) * 1000)
            # Counted on one extra call: CaptureQueriesContext forces the debug cursor, which would
            # slow down the timed ones.
            with CaptureQueriesContext(connection) as captured:
                size = run()
            queries = [query["sql"] for query in captured.captured_queries]
            if item["kind"] == "operation" and benchmark.rollback and queries:
                # Not the operation's: the transaction this command wraps it in.
                if queries[0].upper().startswith("BEGIN"):
                    queries = queries[1:]
                if queries and queries[-1].upper() == "ROLLBACK":
                    queries = queries[:-1]
            item.update(summarise(timings), cpu_median_ms=summarise(cpu_timings)["median_ms"],
                        queries=len(queries), sql=queries, bytes=size)
            progress(f"[x{scale}] {'':<24} median {item['median_ms']:.1f} ms, p95 {item['p95_ms']:.1f} ms, "
                     f"{item['queries']} queries (CPU median {item['cpu_median_ms']:.1f} ms)")
        except Exception as exc:
            if not isinstance(exc, BenchFailure):
                import traceback

                traceback.print_exc()
            item["error"] = str(exc) if isinstance(exc, BenchFailure) else f"{type(exc).__name__}: {exc}"
            progress(f"[x{scale}] {benchmark.name}: FAILED ({item['error']})")
        return item

    @staticmethod
    def page_runner(benchmark, url: str, clients: dict):
        if benchmark.user not in clients:
            client = Client()
            if benchmark.user:
                from django.contrib.auth import get_user_model

                user = get_user_model().objects.filter(email=benchmark.user).first()
                if user is None:
                    raise BenchFailure(f"no account {benchmark.user} in the demo network")
                client.force_login(user)
            clients[benchmark.user] = client
        client = clients[benchmark.user]

        def run() -> int:
            response = client.get(url)
            # A streamed response (a feed ...) is only produced when consumed: part of the time.
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if response.status_code != benchmark.expected_status:
                location = f" to {response['Location']}" if response.has_header("Location") else ""
                raise BenchFailure(f"GET {url} answered {response.status_code}{location}, "
                                   f"expected {benchmark.expected_status}")
            return len(body)

        return run

    @staticmethod
    def operation_runner(benchmark, operation):
        def run() -> None:
            if not benchmark.rollback:
                operation()
                return None
            with transaction.atomic():
                operation()
                transaction.set_rollback(True)
            return None

        return run
