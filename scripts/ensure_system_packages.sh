#!/usr/bin/env bash
# Installs the Debian packages the project needs, only those that are missing.
#
#   bash scripts/ensure_system_packages.sh              # everything
#   bash scripts/ensure_system_packages.sh gettext      # only some groups
#
# Groups: chromium   chromium + chromium-driver (browser tests; Playwright uses /usr/bin/chromium)
#         postgresql PostgreSQL server + contrib (btree_gist) for the throwaway test cluster
#         gettext    msgfmt, used by `manage.py compilemessages`
#         weasyprint Pango, HarfBuzz's subsetter and a font, for the PDFs of governance (WeasyPrint)
#
# Safe to run again and again: when nothing is missing it does nothing (no apt-get update).
# Waits up to 5 minutes for another apt/dpkg process to release its lock instead of failing.
set -euo pipefail

LOCK_WAIT_SECONDS=300

log() { printf '[system-packages] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

if [ "$#" -eq 0 ]; then
    set -- chromium postgresql gettext weasyprint
fi

# Highest installed PostgreSQL major version that has a server (initdb), or nothing.
pg_version() {
    local dir best=""
    for dir in /usr/lib/postgresql/*/bin/initdb; do
        [ -x "$dir" ] || continue
        dir=${dir#/usr/lib/postgresql/}
        dir=${dir%%/*}
        if [ -z "$best" ] || [ "$dir" -gt "$best" ] 2>/dev/null; then best=$dir; fi
    done
    printf '%s' "$best"
}

# Whether a Debian package is installed (libraries have no command to look for).
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing=()
check_group() {
    case "$1" in
        chromium)
            [ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation)
            [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
            ;;
        postgresql)
            local v
            v=$(pg_version)
            if [ -z "$v" ] || [ ! -f "/usr/share/postgresql/$v/extension/btree_gist.control" ]; then
                missing+=(postgresql postgresql-contrib)
            fi
            ;;
        gettext)
            command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
            ;;
        weasyprint)
            local pkg
            for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do
                installed "$pkg" || missing+=("$pkg")
            done
            ;;
        *)
            die "unknown group '$1' (expected: chromium, postgresql, gettext, weasyprint)"
            ;;
    esac
}

for group in "$@"; do check_group "$group"; done

if [ "${#missing[@]}" -eq 0 ]; then
    log "all present: $*"
    exit 0
fi

log "missing packages: ${missing[*]}"

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 \
        || die "not root and sudo is not available; install as root: apt-get install ${missing[*]}"
    # Never prompt in CI or without a terminal: fail instead.
    if [ "${CI:-}" = "true" ] || [ ! -t 0 ]; then SUDO=(sudo -n); else SUDO=(sudo); fi
fi

# Runs apt-get; if another apt/dpkg holds a lock, retries until LOCK_WAIT_SECONDS have passed.
# (DPkg::Lock::Timeout covers the dpkg lock; the retry loop also covers the lists lock of `update`.)
apt_get() {
    local out rc deadline=$((SECONDS + LOCK_WAIT_SECONDS))
    out=$(mktemp)
    while :; do
        set +e
        "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get -o "DPkg::Lock::Timeout=$LOCK_WAIT_SECONDS" "$@" 2>&1 | tee "$out"
        rc=${PIPESTATUS[0]}
        set -e
        if [ "$rc" -eq 0 ]; then rm -f "$out"; return 0; fi
        if grep -qE 'Could not get lock|Unable to lock|Unable to acquire the dpkg frontend lock' "$out" \
            && [ "$SECONDS" -lt "$deadline" ]; then
            log "apt is locked by another process; waiting..."
            sleep 5
            continue
        fi
        rm -f "$out"
        return "$rc"
    done
}

log "apt-get update"
apt_get update -q || die "apt-get update failed"
log "apt-get install ${missing[*]}"
apt_get install -y -q --no-install-recommends "${missing[@]}" || die "apt-get install failed"

# Check again: the packages must really provide what we looked for.
missing=()
for group in "$@"; do check_group "$group"; done
[ "${#missing[@]}" -eq 0 ] || die "still missing after install: ${missing[*]}"
log "installed; all present: $*"
