"""`manage.py bench` (what `make bench` runs): server time and SQL queries of the intranet's pages
at 1x and 10x the reference network (DESIGN §7, performance budget).

Times are measured IN-PROCESS through Django's test client: the server time of a request
(middleware, view, SQL, templates) without network, nginx or gunicorn overhead. The database
connection stays open between requests, as with persistent connections on PostgreSQL.

How it works: Django's DATABASES is fixed when the settings are imported, so this command
(the parent) re-executes itself once per scale in a subprocess (the worker) with
DATABASE_URL=sqlite:///var/bench/scale-<N>.sqlite3 and DEBUG=False (the cached template loader is
then Django's default, as in production). The worker migrates, seeds the demo network at that
scale (`seed_demo --scale N --force`, idempotent), then for each benchmark that an app declares in
its wagtail_hooks.py (`intranet.hooks.BENCHMARKS`) times `--requests`
GET requests after `--warmup` ones, counts the SQL queries of one extra request, and writes its
results to a JSON file the parent collects. The parent prints the tables and writes
var/bench/results-<timestamp>.json and var/bench/latest.json.

It is a benchmark, not a test: slow times are reported, never failed on. A page answering with
an unexpected status, or an exception, is a failure (non-zero exit status).
"""

import argparse
import gc
import json
import math
import os
import platform
import re
import statistics
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


def progress(message: str) -> None:
    """What a person watching sees: always on stderr, so stdout stays the report."""
    print(message, file=sys.stderr, flush=True)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: a value that was actually measured."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


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
        # The worker's options: the parent passes them, people do not.
        parser.add_argument("--_worker", dest="worker", action="store_true", help=argparse.SUPPRESS)
        parser.add_argument("--scale", type=int, default=1, help=argparse.SUPPRESS)
        parser.add_argument("--_database", dest="database", default="", help=argparse.SUPPRESS)
        parser.add_argument("--_result", dest="result", default="", help=argparse.SUPPRESS)
        parser.add_argument("--_new", dest="new", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        if options["requests"] < 1 or options["warmup"] < 0:
            raise CommandError("--requests must be at least 1 and --warmup at least 0.")
        if options["worker"]:
            return self.run_worker(**options)
        return self.run_parent(**options)

    # --- parent: one subprocess per scale, then the report ---------------------------------------

    def run_parent(self, *, scales, requests, warmup, fresh, only, **options):
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
        for scale in scale_list:
            results[scale] = self.run_scale(scale, bench_dir=bench_dir, requests=requests, warmup=warmup,
                                            fresh=fresh, only=only)
        total = time.perf_counter() - started

        report = {
            "generated_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "note": HEADER,
            "settings": os.environ.get("DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE),
            "requests": requests,
            "warmup": warmup,
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
        if failures:
            raise CommandError("Benchmark failures:\n  " + "\n  ".join(failures))

    def run_scale(self, scale: int, *, bench_dir: Path, requests: int, warmup: int, fresh: bool,
                  only: str) -> dict:
        database = (bench_dir / f"scale-{scale}.sqlite3").resolve()
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
        try:
            worker_stdout = sys.stderr.fileno()
        except (AttributeError, OSError, ValueError):  # stderr replaced (call_command in a test ...)
            worker_stdout = None
        completed = subprocess.run(command, env=env, cwd=settings.BASE_DIR, stdout=worker_stdout, check=False)
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
            rows = [[item["name"], item["target"], self._ms(item, "median_ms"), self._ms(item, "p95_ms"),
                     self._queries(item), self._ms(item, "cpu_median_ms")] for item in result.get("benchmarks", [])]
            write(self.table(["page", "url / operation", "median ms", "p95 ms", "queries", "cpu median ms"], rows,
                             right={2, 3, 4, 5}))

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
        header = ["page",
                  *[f"median ms x{scale}" for scale in scale_list],
                  *[f"p95 ms x{scale}" for scale in scale_list],
                  *[f"queries x{scale}" for scale in scale_list], "notes"]
        rows, growing = [], []
        for name in names:
            items = [by_scale[scale].get(name) for scale in scale_list]
            notes = []
            if any(item is None or item["error"] for item in items):
                notes.append("FAILED")
            queries = [item["queries"] for item in items if item and item.get("queries") is not None]
            if len(set(queries)) > 1:
                notes.append("queries grow" if queries[-1] > queries[0] else "queries differ")
                growing.append(name)
            if queries and max(queries) > BUDGET_QUERIES:
                notes.append(f"> {BUDGET_QUERIES} queries")
            top = by_scale[largest].get(name)
            if top and top.get("median_ms") is not None and top["median_ms"] > BUDGET_MEDIAN_MS:
                notes.append(f"> {BUDGET_MEDIAN_MS:g} ms at x{largest}")
            rows.append([name,
                         *[self._ms(item, "median_ms") for item in items],
                         *[self._ms(item, "p95_ms") for item in items],
                         *[self._queries(item) for item in items], ", ".join(notes)])
        write(self.table(header, rows, right=set(range(1, len(header) - 1))))
        write(f"Budget (DESIGN §7): <= {BUDGET_MEDIAN_MS:g} ms median at x10, <= {BUDGET_QUERIES} queries, "
              "the same query count at every scale. Reported, never failed on.")
        for name in growing:
            self.print_query_difference(name, [(scale, by_scale[scale].get(name)) for scale in scale_list])

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
                "bytes": None, "error": ""}
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
            item.update(
                median_ms=round(statistics.median(timings), 2), p95_ms=round(percentile(timings, 0.95), 2),
                mean_ms=round(statistics.fmean(timings), 2), min_ms=round(min(timings), 2),
                max_ms=round(max(timings), 2), cpu_median_ms=round(statistics.median(cpu_timings), 2),
                queries=len(queries), sql=queries, bytes=size,
            )
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
