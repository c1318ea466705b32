#!/usr/bin/env bash
# Browser tests: starts the built binary on a fresh seeded SQLite database on
# a free loopback port, runs the Playwright scripts in headless Chromium
# against it, and stops the server.
set -euo pipefail
BIN=${1:-bin/waybill}
D=$(mktemp -d /tmp/waybill-e2e.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
DB="sqlite://$D/e2e.db"
"$BIN" seed --database-url "$DB" >"$D/seed.log"
"$BIN" serve --database-url "$DB" --addr "127.0.0.1:$PORT" --log-format text --log-level warn >"$D/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$D"' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null || { cat "$D/server.log" >&2; exit 1; }
export WAYBILL_URL="http://127.0.0.1:$PORT"
status=0
(cd frontend && npm run --silent e2e) || status=$?
if [ $status -ne 0 ]; then
  echo "--- server log ---" >&2; tail -n 50 "$D/server.log" >&2
fi
exit $status
