#!/usr/bin/env bash
# Runs the benchmarks on SQLite and PostgreSQL and writes docs/benchmarks.md
# with the machine and the date. Called by `make bench` (through
# scripts/with-postgres.sh, which provides WAYBILL_TEST_POSTGRES_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/benchmarks.md
tmp=$(mktemp)
backends=(sqlite)
[ -n "${WAYBILL_TEST_POSTGRES_URL:-}" ] && backends+=(postgres)
for be in "${backends[@]}"; do
  echo "bench: $be" >&2
  WAYBILL_BENCH_BACKEND=$be go test -run '^$' -bench . -benchtime "${BENCHTIME:-2000x}" -count 1 ./internal/server/ \
    | tee /dev/stderr | awk -v be="$be" '/^Benchmark/ { print be "\t" $0 }' >>"$tmp"
done
{
  echo "# Benchmarks"
  echo
  echo "Written by \`make bench\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | cut -d' ' -f3)."
  echo "PostgreSQL runs on the same machine (throwaway cluster with fsync off: numbers show Waybill's overhead, not disk)."
  echo "HTTP over loopback, 32 concurrent clients, demo data (\`waybill seed\`)."
  echo
  echo "| backend | benchmark | requests | ns/op | req/s | p99 ms |"
  echo "|---|---|---|---|---|---|"
  awk -F'\t' '{ split($2, f, /[ \t]+/); name=f[1]; sub(/-[0-9]+$/, "", name);
       reqs=f[2]; nsop=""; rps=""; p99="";
       for (i=3; i<=length(f); i++) { if (f[i+1]=="ns/op") nsop=f[i]; if (f[i+1]=="req/s") rps=f[i]; if (f[i+1]=="p99-ms") p99=f[i]; }
       printf "| %s | %s | %s | %s | %s | %s |\n", $1, name, reqs, nsop, rps, p99 }' "$tmp"
} >"$out"
rm -f "$tmp"
echo "bench: wrote $out" >&2
