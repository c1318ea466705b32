#!/usr/bin/env bash
# Runs a command with WAYBILL_TEST_POSTGRES_URL pointing at PostgreSQL.
# When the variable is already set it is used as is; otherwise a throwaway
# cluster is started from the installed PostgreSQL binaries on a free
# loopback port (as the postgres user when run as root) and removed after.
set -euo pipefail

if [ -n "${WAYBILL_TEST_POSTGRES_URL:-}" ]; then
  exec "$@"
fi

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "with-postgres: no PostgreSQL binaries found (apt-get install postgresql); CI requires the PostgreSQL run" >&2
    exit 1
  fi
  echo "with-postgres: no PostgreSQL binaries found; running on SQLite only" >&2
  exec "$@"
fi

D=$(mktemp -d /tmp/waybill-pg.XXXXXX)
PORT=${WAYBILL_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)}
as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = "0" ]; then chown postgres:postgres "$D"; fi
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$D/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$D"
}
trap cleanup EXIT
as_pg "$PGBIN/initdb" -D "$D/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$D/initdb.log" 2>&1 \
  || { cat "$D/initdb.log" >&2; exit 1; }
as_pg "$PGBIN/pg_ctl" -D "$D/data" -l "$D/log" -w \
  -o "-p $PORT -c listen_addresses=127.0.0.1 -k $D -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null \
  || { cat "$D/log" >&2; exit 1; }
export WAYBILL_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PORT/postgres?sslmode=disable"
echo "with-postgres: PostgreSQL on 127.0.0.1:$PORT" >&2
"$@"
