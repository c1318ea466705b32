#!/usr/bin/env bash
# Runs the benchmarks on SQLite and PostgreSQL and writes docs/benchmarks.md
# with the machine and the date. Called by `make bench` (through
# scripts/with-postgres.sh, which provides WAYBILL_TEST_POSTGRES_URL).
# BENCHTIME (default 2000x) sets the iterations of each benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/benchmarks.md
tmp=$(mktemp)
backends=(sqlite)
[ -n "${WAYBILL_TEST_POSTGRES_URL:-}" ] && backends+=(postgres)
pkgs=${BENCH_PKGS:-./internal/...}
for be in "${backends[@]}"; do
  echo "bench: $be" >&2
  WAYBILL_BENCH_BACKEND=$be go test -run '^$' -bench "${BENCH:-.}" -benchtime "${BENCHTIME:-2000x}" -count 1 -timeout 60m $pkgs \
    | tee /dev/stderr | awk -v be="$be" '/^pkg:/ { pkg=$2 } /^Benchmark/ { print be "\t" pkg "\t" $0 }' >>"$tmp"
done
{
  echo "# Benchmarks"
  echo
  echo "Written by \`make bench\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | cut -d' ' -f3)."
  echo "PostgreSQL 15 runs on the same machine as a throwaway cluster with fsync off (scripts/with-postgres.sh):"
  echo "the numbers show Waybill's own cost, not the disk's. SQLite runs in WAL mode with synchronous=NORMAL."
  echo "Each benchmark starts from a fresh database; HTTP benchmarks go over loopback; concurrency is 32 clients."
  echo "Load average when they finished: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews the numbers)."
  echo
  echo "| backend | package | benchmark | iterations | ns/op | other metrics |"
  echo "|---|---|---|---|---|---|"
  awk -F'\t' '{ line=$0; sub(/^[^\t]*\t[^\t]*\t/, "", line); n=split(line, f, /[ \t]+/); name=f[1]; sub(/-[0-9]+$/, "", name);
       pkg=$2; sub(/^github.com\/waybill\/waybill\//, "", pkg);
       nsop=""; other="";
       for (i=3; i<n; i+=2) { if (f[i+1]=="ns/op") nsop=f[i]; else other=other f[i] " " f[i+1] "; " }
       printf "| %s | %s | %s | %s | %s | %s |\n", $1, pkg, name, f[2], nsop, other }' "$tmp"
  echo
  echo "## Reading them"
  echo
  echo "- \`BenchmarkPlaceOrder\` vs \`BenchmarkPlainSQLCeiling\` (internal/orders): placing 3-line orders through"
  echo "  the orders service (validation, idempotency, reservation through the ledger, pricing, review rules,"
  echo "  payment, timeline) against one hand-written SQL transaction with the same reads and writes. The ratio"
  echo "  of their orders/s is Waybill's overhead; after every run the ledger is verified and each idempotency"
  echo "  key has exactly one order."
  echo "- Tracking (internal/server/tracking_bench_test.go; sizes from WAYBILL_BENCH_*):"
  echo "  \`BenchmarkTrackingQuery/graphql\` is the public \`trackParcel\` query of a parcel with 20 events among"
  echo "  ${WAYBILL_BENCH_EVENTS:-1000000} events over HTTP; \`/plain-sql\` is a net/http + database/sql handler running the"
  echo "  same statements in the same run (aim: graphql at least half of plain-sql's req/s)."
  echo "  \`BenchmarkSubscribers\`: ${WAYBILL_BENCH_SUBSCRIBERS:-10000} WebSocket subscribers, one parcel each (held by a separate"
  echo "  client process on the same machine), while ${WAYBILL_BENCH_RATE:-1000} events/s arrive by signed webhook; p50/p99 from"
  echo "  sending the webhook to delivery (aim: p99 < 100 ms in one process, < 250 ms across two instances through"
  echo "  PostgreSQL) and server heap+stack per subscriber after GC (aim: < 64 KiB); webhook-p99-ms is how long the"
  echo "  webhook itself took to answer (events durably stored)."
  echo "  \`BenchmarkBroadcast\`: one event to ${WAYBILL_BENCH_FANOUT:-1000} subscribers of one parcel; last-* is the time until"
  echo "  the last subscriber has it (aim: < 50 ms)."
  echo "- \`BenchmarkAllocate10000\` (internal/allocation): 10,000 CONFIRMED orders (1–3 lines, destinations all over"
  echo "  China, a quarter NEXT_DAY/EXPRESS, reserved at a random warehouse) allocated across the five seeded"
  echo "  warehouses in one run of the allocator, 100 orders per transaction; ns/op is per order, moved-reservations"
  echo "  counts the RELEASE+RESERVE pairs the better routing needed. The ledger is verified afterwards. The"
  echo "  iteration count does not apply: it always allocates 10,000."
  echo "- \`BenchmarkStockBySku\` (internal/server): the staff \`stockBySku\` query (every warehouse's level, lots and"
  echo "  availability of one SKU) over HTTP from 32 clients, cycling over every seeded SKU."
} >"$out"
rm -f "$tmp"
echo "bench: wrote $out" >&2
