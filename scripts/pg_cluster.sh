#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite. Never use it for data you want to keep:
# fsync is off and every local connection is trusted.
#
#   bash scripts/pg_cluster.sh start DIR   # DIR must not exist or be empty; prints DATABASE_URL=...
#   bash scripts/pg_cluster.sh env DIR     # prints DATABASE_URL=... again
#   bash scripts/pg_cluster.sh stop DIR    # stops the server and removes DIR
#
# Layout: DIR/data (cluster), DIR/socket (unix socket), DIR/postgresql.log, DIR/env.
# Database `intranet`, owned by the superuser role `intranet` (superuser so the tests can create
# the test database and the btree_gist extension). Listens on 127.0.0.1 on a free port.
# initdb and pg_ctl refuse to run as root, so as root they run as the `postgres` user.
set -euo pipefail

MARKER=.intranet-throwaway-pg-cluster

log() { printf '[pg-cluster] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

usage() { die "usage: $0 start|stop|env DIR"; }

[ "$#" -eq 2 ] || usage
action=$1
dir=$2
[ -n "$dir" ] || usage
case "$dir" in /*) ;; *) dir="$PWD/$dir" ;; esac
dir=${dir%/}

find_bindir() {
    local initdb best="" v
    for initdb in /usr/lib/postgresql/*/bin/initdb; do
        [ -x "$initdb" ] || continue
        v=${initdb#/usr/lib/postgresql/}
        v=${v%%/*}
        if [ -z "$best" ] || [ "$v" -gt "$best" ] 2>/dev/null; then best=$v; fi
    done
    [ -n "$best" ] || die "no PostgreSQL server found in /usr/lib/postgresql/*/bin (run scripts/ensure_system_packages.sh)"
    printf '/usr/lib/postgresql/%s/bin' "$best"
}

# Runs a command as the cluster's owner: `postgres` when we are root, ourselves otherwise.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        (cd / && "$@")
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
    local bindir port url attempt started=""
    bindir=$(find_bindir)

    if [ -e "$dir" ]; then
        [ -d "$dir" ] || die "$dir exists and is not a directory"
        [ -z "$(ls -A "$dir")" ] || die "$dir is not empty; pick a fresh directory"
    else
        mkdir -p "$dir"
    fi
    touch "$dir/$MARKER"   # lets `stop` know it may delete this directory
    mkdir -p "$dir/data" "$dir/socket"
    chmod 700 "$dir/data"
    if [ "$(id -u)" -eq 0 ]; then
        chown -R postgres:postgres "$dir"
        runuser -u postgres -- test -w "$dir" \
            || die "the postgres user cannot write to $dir (a parent directory is closed to it?); use a directory under /tmp"
    fi
    # Unix socket paths are limited to 107 bytes.
    [ "${#dir}" -lt 80 ] || die "path too long for a unix socket directory: $dir"

    log "initdb ($bindir) in $dir/data"
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --no-locale \
        --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }

    as_owner tee -a "$dir/data/postgresql.conf" >/dev/null <<EOF

# --- throwaway test cluster (scripts/pg_cluster.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/socket'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
EOF
    as_owner tee "$dir/data/pg_hba.conf" >/dev/null <<EOF
# throwaway test cluster: everything local is trusted
local all all                trust
host  all all 127.0.0.1/32   trust
host  all all ::1/128        trust
EOF

    # The port is free when we ask, but another process may take it before the server binds it.
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        log "starting on 127.0.0.1:$port (attempt $attempt)"
        if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/postgresql.log" -o "-p $port" -w -t 60 \
            start >/dev/null; then
            started=1
            break
        fi
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    done
    if [ -z "$started" ]; then
        tail -n 30 "$dir/postgresql.log" >&2 || true
        die "the server did not start"
    fi

    "$bindir/psql" -X -q -h "$dir/socket" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
        -c "CREATE ROLE intranet LOGIN SUPERUSER" \
        -c "CREATE DATABASE intranet OWNER intranet" >/dev/null \
        || die "could not create the intranet role and database"

    url="postgres://intranet@127.0.0.1:$port/intranet"
    printf 'DATABASE_URL=%s\n' "$url" >"$dir/env"
    log "ready: $url"
    cat "$dir/env"
}

stop() {
    local bindir
    if [ ! -e "$dir" ]; then
        log "$dir does not exist; nothing to stop"
        return 0
    fi
    [ -f "$dir/$MARKER" ] || die "$dir was not made by this script; not touching it"
    if [ -f "$dir/data/postmaster.pid" ]; then
        bindir=$(find_bindir)
        log "stopping the server in $dir"
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null \
            || as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null \
            || log "pg_ctl stop failed; removing the directory anyway"
    fi
    rm -rf -- "$dir"
    log "removed $dir"
}

show_env() {
    [ -f "$dir/env" ] || die "no cluster running in $dir"
    cat "$dir/env"
}

case "$action" in
    start) start ;;
    stop) stop ;;
    env) show_env ;;
    *) usage ;;
esac
