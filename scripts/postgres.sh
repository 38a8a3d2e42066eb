#!/usr/bin/env bash
# A private PostgreSQL 15 cluster for the server's tests and load benchmark.
#
#   eval "$(scripts/postgres.sh start [DIR] [PORT])"   # prints: export ATTEND_TEST_PG_URL=…
#   scripts/postgres.sh stop [DIR]
#   scripts/postgres.sh url [DIR] [PORT]
#
# Idempotent: installs the `postgresql` package when initdb is missing (Debian), creates
# the cluster in DIR (default /tmp/attend-pg, owned by user postgres) on first use,
# starts it on 127.0.0.1:PORT (default 55432) unless already running. Trust
# authentication on loopback only: a test cluster, never a production one.
set -euo pipefail

cmd="${1:-start}"
DIR="${2:-${ATTEND_PG_DIR:-/tmp/attend-pg}}"
PORT="${3:-${ATTEND_PG_PORT:-55432}}"
URL="postgres://postgres@127.0.0.1:${PORT}/postgres"

find_bin() {
    for d in /usr/lib/postgresql/*/bin; do
        if [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
    done
    return 1
}

as_postgres() {
    if [ "$(id -un)" = "postgres" ]; then bash -c "$1"; else su postgres -c "$1"; fi
}

BIN="$(find_bin || true)"
if [ -z "$BIN" ]; then
    if [ "$cmd" = "stop" ]; then exit 0; fi
    echo "installing postgresql…" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
    BIN="$(find_bin)"
fi

case "$cmd" in
    start)
        if [ ! -f "$DIR/PG_VERSION" ]; then
            mkdir -p "$DIR"
            chown postgres:postgres "$DIR"
            chmod 700 "$DIR"
            as_postgres "$BIN/initdb -D '$DIR' -A trust -U postgres -E UTF8 --locale=C.UTF-8" >&2
        fi
        if ! as_postgres "$BIN/pg_ctl -D '$DIR' status" >/dev/null 2>&1; then
            # fsync stays on: the benchmark compares with SQLite at synchronous=FULL.
            as_postgres "$BIN/pg_ctl -D '$DIR' -l '$DIR/server.log' -o \"-p $PORT -k '$DIR' -c listen_addresses=127.0.0.1 -c max_connections=200\" -w start" >&2
        fi
        echo "export ATTEND_TEST_PG_URL=$URL"
        ;;
    stop)
        if [ -f "$DIR/PG_VERSION" ]; then
            as_postgres "$BIN/pg_ctl -D '$DIR' -m fast -w stop" >&2 || true
        fi
        ;;
    url)
        echo "$URL"
        ;;
    *)
        echo "usage: $0 start|stop|url [DIR] [PORT]" >&2
        exit 2
        ;;
esac
