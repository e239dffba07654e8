#!/usr/bin/env bash
# The whole test run: system packages, virtualenv, quality gates, then the test suite on SQLite,
# on a throwaway PostgreSQL cluster, and the browser (e2e) tests. `make test` and `.ci/run` call it.
#
# Environment knobs (all optional):
#   FAIL_FAST=1       stop at the first failing step (default: run every step, fail at the end)
#   STEP_TIMEOUT=N    seconds one step may take before it is killed (default 1800)
#   PYTEST_ARGS="..." extra arguments for every pytest run (e.g. "-x" or "-k booking")
#   TEST_WORKERS=N    pytest-xdist processes for the SQLite and PostgreSQL runs (default: the CPU
#                     count, at most 4; 1 runs in one process)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

PYTHON="$ROOT/.venv/bin/python"
STEP_TIMEOUT=${STEP_TIMEOUT:-1800}
FAIL_FAST=${FAIL_FAST:-0}
read -r -a EXTRA_PYTEST <<<"${PYTEST_ARGS:-}"
TEST_WORKERS=${TEST_WORKERS:-$(python3 -c 'import os; print(min(4, os.cpu_count() or 1))')}
PARALLEL=()
[ "$TEST_WORKERS" -gt 1 ] && PARALLEL=(-n "$TEST_WORKERS" --dist loadfile)
TEST_SETTINGS=intranet.settings.test

RUN_START=$EPOCHREALTIME
WORK=$(mktemp -d "${TMPDIR:-/tmp}/intranet-test.XXXXXX")
PG_DIR=""
PG_URL=""
SUMMARY=()
FAILED=0
JUNIT_FILES=()
declare -A BG_PID=() BG_FILE=() BG_PYTEST=()  # the steps running in the background

elapsed_since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
banner() { printf '\n==== [%s] %s ====\n' "$(date +%H:%M:%S)" "$*"; }
note() { printf '[test] %s\n' "$*"; }

stop_pg() {
    if [ -n "$PG_DIR" ]; then
        note "stopping the throwaway PostgreSQL cluster"
        bash "$ROOT/scripts/pg_cluster.sh" stop "$PG_DIR" || true
        PG_DIR=""
    fi
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_background_steps
    stop_pg
    rm -rf -- "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'note "interrupted"; exit 130' INT
trap 'note "terminated"; exit 143' TERM

# Setup steps: any failure stops the run at once.
setup() {
    local name=$1 t0 rc
    shift
    banner "$name"
    t0=$EPOCHREALTIME
    set +e
    "$@"
    rc=$?
    set -e
    if [ "$rc" -ne 0 ]; then
        note "FAILED ($rc) after $(elapsed_since "$t0")s: $name"
        exit "$rc"
    fi
    note "ok in $(elapsed_since "$t0")s"
    SUMMARY+=("$(printf 'ok    %7ss  %s' "$(elapsed_since "$t0")" "$name")")
}

# Prints a command line, quoted, with the generated secret key masked.
show_command() {
    local arg shown=()
    for arg in "$@"; do
        if [ -n "${SECRET_KEY_FOR_CHECK:-}" ] && [[ "$arg" == *"$SECRET_KEY_FOR_CHECK"* ]]; then
            shown+=("${arg//"$SECRET_KEY_FOR_CHECK"/<random>}")
        else
            shown+=("$(printf '%q' "$arg")")
        fi
    done
    note "\$ ${shown[*]}"
}

# step NAME ALLOW_NO_TESTS COMMAND...: a gate or a test run. Records the result; pytest's exit
# code 5 ("no tests collected") counts as a failure unless ALLOW_NO_TESTS is 1.
step() {
    local name=$1 allow_no_tests=$2 t0 rc
    shift 2
    banner "$name"
    show_command "$@"
    t0=$EPOCHREALTIME
    set +e
    timeout --foreground -k 30 "$STEP_TIMEOUT" "$@"
    rc=$?
    set -e
    record_step "$name" "$allow_no_tests" "$rc" "$(elapsed_since "$t0")" "$(is_pytest "$@")"
}

is_pytest() { if [[ " $* " == *" pytest "* ]]; then echo 1; else echo 0; fi; }

# record_step NAME ALLOW_NO_TESTS EXIT_CODE SECONDS IS_PYTEST: the result of a step, in the summary
# and in LAST_STATUS (ok, skip or FAIL); stops the run on an interruption, or with FAIL_FAST=1.
record_step() {
    local name=$1 allow_no_tests=$2 rc=$3 seconds=$4 is_pytest=$5 status interrupted=0
    # Ctrl-C or a kill: the child exits 130/143 (pytest catches it and exits 2), and bash itself
    # does not act on the signal then, so stop the whole run here.
    if [ "$rc" -eq 130 ] || [ "$rc" -eq 143 ] || { [ "$rc" -eq 2 ] && [ "$is_pytest" = 1 ]; }; then
        interrupted=1
    fi
    if [ "$rc" -eq 0 ]; then
        status=ok
    elif [ "$rc" -eq 5 ] && [ "$allow_no_tests" = 1 ]; then
        status=skip
        note "no tests collected (allowed: no test files yet)"
    else
        status=FAIL
        FAILED=$((FAILED + 1))
        if [ "$rc" -eq 124 ]; then
            note "timed out after ${STEP_TIMEOUT}s"
        elif [ "$rc" -eq 5 ]; then
            note "no tests were collected: that counts as a failure"
        fi
    fi
    LAST_STATUS=$status
    note "$status (exit $rc) in ${seconds}s"
    SUMMARY+=("$(printf '%-5s %7ss  %s' "$status" "$seconds" "$name")")
    if [ "$interrupted" = 1 ]; then
        note "interrupted: stopping the run"
        finish
    fi
    if [ "$status" = FAIL ] && [ "$FAIL_FAST" = 1 ]; then
        finish
    fi
}

# background_step NAME COMMAND...: starts a step that runs while the next ones do (it waits on
# something else than the CPUs, or the steps beside it leave one idle), its output kept in a file.
# wait_step NAME ALLOW_NO_TESTS then prints that output and records the result as `step` does.
background_step() {
    local name=$1 file
    shift
    file="$WORK/background-${#BG_PID[@]}"
    banner "$name (in the background)"
    show_command "$@"
    (
        t0=$EPOCHREALTIME
        set +e
        timeout -k 30 "$STEP_TIMEOUT" "$@" >"$file.log" 2>&1 </dev/null &
        echo $! >"$file.pid"
        wait $!
        rc=$?
        printf '%s %s\n' "$rc" "$(elapsed_since "$t0")" >"$file.result"
    ) &
    BG_PID[$name]=$!
    BG_FILE[$name]=$file
    BG_PYTEST[$name]=$(is_pytest "$@")
}

wait_step() {
    local name=$1 allow_no_tests=$2 file=${BG_FILE[$1]} rc=1 seconds="?"
    banner "$name (ran in the background)"
    set +e
    wait "${BG_PID[$name]}"
    set -e
    unset "BG_PID[$name]"
    cat "$file.log" 2>/dev/null || true
    if [ -s "$file.result" ]; then read -r rc seconds <"$file.result"; fi
    record_step "$name" "$allow_no_tests" "$rc" "$seconds" "${BG_PYTEST[$name]}"
}

# Stops the steps still running in the background (a failure with FAIL_FAST=1, an interruption).
stop_background_steps() {
    local name pid
    for name in "${!BG_PID[@]}"; do
        pid=$(cat "${BG_FILE[$name]}.pid" 2>/dev/null || true)
        if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
        kill "${BG_PID[$name]}" 2>/dev/null || true
    done
    for name in "${!BG_PID[@]}"; do wait "${BG_PID[$name]}" 2>/dev/null || true; done
    BG_PID=()
}

# pytest_cmd REPORT_NAME: the pytest command line (with a JUnit report whose counts go in the
# summary), in the array PYTEST_CMD.
pytest_cmd() {
    local report="$WORK/$1.xml"
    JUNIT_FILES+=("$report")
    PYTEST_CMD=("$PYTHON" -m pytest --junitxml="$report" "${EXTRA_PYTEST[@]}")
}

test_counts() {
    [ "${#JUNIT_FILES[@]}" -gt 0 ] || { echo "0 0 0"; return; }
    python3 - "${JUNIT_FILES[@]}" <<'EOF'
import sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        continue
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    for suite in suites:
        tests = int(suite.get("tests", 0))
        bad = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skip = int(suite.get("skipped", 0))
        passed += tests - bad - skip
        failed += bad
        skipped += skip
print(passed, failed, skipped)
EOF
}

finish() {
    local line passed failed skipped
    stop_background_steps
    stop_pg
    banner "summary"
    for line in "${SUMMARY[@]}"; do printf '  %s\n' "$line"; done
    read -r passed failed skipped < <(test_counts)
    printf '\nTotal time: %ss. Failed steps: %d.\n' "$(elapsed_since "$RUN_START")" "$FAILED"
    printf 'tests: %d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
    if [ "$FAILED" -ne 0 ]; then exit 1; fi
    exit 0
}

# ---------------------------------------------------------------------------------------------
note "repository: $ROOT"
note "CI=${CI:-false}; step timeout ${STEP_TIMEOUT}s; fail fast: $FAIL_FAST"

setup "system packages (chromium, postgresql, gettext, weasyprint)" bash scripts/ensure_system_packages.sh
setup "virtualenv with the dev extra (make dev-venv)" make --no-print-directory dev-venv

start_pg() {
    PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/intranet-pg.XXXXXX")
    local line
    line=$(bash scripts/pg_cluster.sh start "$PG_DIR")
    PG_URL=${line#DATABASE_URL=}
    [ -n "$PG_URL" ] && [ "$PG_URL" != "$line" ] || { note "unexpected output: $line"; return 1; }
    note "DATABASE_URL=$PG_URL"
}
setup "throwaway PostgreSQL cluster" start_pg

SECRET_KEY_FOR_CHECK=$(python3 -c 'import secrets, string
alphabet = string.ascii_letters + string.digits + "-_=+!@%^&*()"
print("".join(secrets.choice(alphabet) for _ in range(64)))')

# Migrated test databases (tests/db_template.py), one per engine, made while the quality gates run
# (those take one CPU at a time): each pytest process below copies one instead of migrating.
unset INTRANET_TEST_DB_TEMPLATE
SQLITE_TEMPLATE="$WORK/test-db-template.sqlite3"
PG_TEMPLATE=intranet_test_template
background_step "migrated SQLite test database to copy" \
    env -u DATABASE_URL DJANGO_SETTINGS_MODULE=$TEST_SETTINGS "$PYTHON" -m tests.db_template "$SQLITE_TEMPLATE"
background_step "migrated PostgreSQL test database to copy" \
    env DATABASE_URL="$PG_URL" DJANGO_SETTINGS_MODULE=$TEST_SETTINGS "$PYTHON" -m tests.db_template "$PG_TEMPLATE"

# Quality gates. DATABASE_URL is removed so the local environment cannot leak into the checks.
step "ruff check ." 0 "$ROOT/.venv/bin/ruff" check .
step "manage.py check" 0 \
    env -u DATABASE_URL DJANGO_SETTINGS_MODULE=$TEST_SETTINGS "$PYTHON" manage.py check
step "manage.py makemigrations --check --dry-run" 0 \
    env -u DATABASE_URL DJANGO_SETTINGS_MODULE=$TEST_SETTINGS "$PYTHON" manage.py makemigrations --check --dry-run
# Production's environment, not the caller's shell: a developer who exported
# DJANGO_ALLOW_ASYNC_UNSAFE for the browser tests would otherwise fail async.E001 here.
step "manage.py check --deploy (production settings)" 0 \
    env -u DJANGO_ALLOW_ASYNC_UNSAFE DJANGO_SETTINGS_MODULE=intranet.settings.production SECRET_KEY="$SECRET_KEY_FOR_CHECK" \
    ALLOWED_HOSTS=intranet.example.org DATABASE_URL="$PG_URL" \
    "$PYTHON" manage.py check --deploy --fail-level WARNING
step "manage.py compilemessages" 0 \
    env -u DATABASE_URL DJANGO_SETTINGS_MODULE=$TEST_SETTINGS "$PYTHON" manage.py compilemessages --ignore=.venv

step "French catalog complete (makemessages + check)" 0 \
    env -u DATABASE_URL DJANGO_SETTINGS_MODULE=$TEST_SETTINGS bash scripts/check_catalog.sh

# Without a template (its step failed), a pytest run migrates its own test databases as usual.
SQLITE_TEMPLATE_ENV=()
PG_TEMPLATE_ENV=()
wait_step "migrated SQLite test database to copy" 0
if [ "$LAST_STATUS" = ok ]; then SQLITE_TEMPLATE_ENV=(INTRANET_TEST_DB_TEMPLATE="$SQLITE_TEMPLATE"); fi
wait_step "migrated PostgreSQL test database to copy" 0
if [ "$LAST_STATUS" = ok ]; then PG_TEMPLATE_ENV=(INTRANET_TEST_DB_TEMPLATE="$PG_TEMPLATE"); fi

# The suite: SQLite, then PostgreSQL with the browser tests (SQLite) beside it: those wait on
# Chromium and on the live server more than they compute, so they would leave a CPU idle alone.
# The tests that commit to the database (marker `commits`) run among the others: tests/conftest.py
# puts back what the migrations made once pytest-django has emptied the database after each.
pytest_cmd sqlite
step "pytest (not e2e) on SQLite" 0 \
    env -u DATABASE_URL "${SQLITE_TEMPLATE_ENV[@]}" DJANGO_SETTINGS_MODULE=$TEST_SETTINGS \
    "${PYTEST_CMD[@]}" "${PARALLEL[@]}" -m "not e2e" -q

e2e_allow_empty=0
if [ -z "$(find tests/e2e -name 'test_*.py' -print -quit 2>/dev/null)" ]; then
    e2e_allow_empty=1
    note "tests/e2e has no test_*.py files yet"
fi
# axe-core, pinned in package-lock.json, for the accessibility checks of the browser tests.
if [ ! -d node_modules/axe-core ]; then
    step "npm ci (axe-core for the e2e accessibility checks)" 0 npm ci --no-audit --no-fund
fi
pytest_cmd e2e
background_step "pytest -m e2e (browser, SQLite)" \
    env -u DATABASE_URL "${SQLITE_TEMPLATE_ENV[@]}" DJANGO_SETTINGS_MODULE=$TEST_SETTINGS DJANGO_ALLOW_ASYNC_UNSAFE=true \
    "${PYTEST_CMD[@]}" -m e2e -q

pytest_cmd postgresql
step "pytest (not e2e) on PostgreSQL" 0 \
    env DATABASE_URL="$PG_URL" "${PG_TEMPLATE_ENV[@]}" DJANGO_SETTINGS_MODULE=$TEST_SETTINGS \
    "${PYTEST_CMD[@]}" "${PARALLEL[@]}" -m "not e2e" -q

wait_step "pytest -m e2e (browser, SQLite)" "$e2e_allow_empty"

finish
