#!/usr/bin/env bash
# POST → candle latency of ingestor + aggregator (`kse-backend all`) on the embedded cluster,
# or on a broker given with --brokers. Options after that go to kse-bench-candle-latency:
#   tests/bench/candle_latency.sh [--brokers HOST:PORT] [TICKS_PER_S] [SECONDS]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${KSE_BENCH_BUILD:-$top/build/release}
brokers=""
if [ "${1:-}" = "--brokers" ]; then brokers=$2; shift 2; fi
if [ ! -x "$build/tests/bench/kse-bench-candle-latency" ]; then
  (cd "$top" && cmake --preset release >/dev/null && cmake --build --preset release >/dev/null)
fi
work=$(mktemp -d)
trap '[ -f "$work/pid" ] && kill "$(cat "$work/pid")" 2>/dev/null; rm -rf "$work"' EXIT
args=(all --port 0 --data-dir "$work/data" --no-market-maker)
[ -n "$brokers" ] && args+=(--brokers "$brokers")
"$build/backend/kse-backend" "${args[@]}" >"$work/out" 2>"$work/err" &
echo $! >"$work/pid"
for _ in $(seq 300); do grep -q "listening on.*" "$work/out" && grep -q "stock-ingestor listening" "$work/out" && break; sleep 0.1; done
port=$(grep -o 'stock-ingestor listening on [0-9.]*:[0-9]*' "$work/out" | sed 's/.*://')
kafka=${brokers:-$(grep -o 'embedded cluster at [0-9.:]*' "$work/out" | awk '{ print $4 }')}
# Let the aggregator join its group and catch up with what the topic already holds.
aggregator=$(grep -o 'stock-aggregator listening on [0-9.]*:[0-9]*' "$work/out" | sed 's/.*://')
counted() { curl -s "http://127.0.0.1:$aggregator/metrics" | awk '$1 == "kse_aggregator_ticks_total" { print $2 }'; }
until curl -s "http://127.0.0.1:$aggregator/metrics" | grep -q '^kse_aggregator_rebuilds_total [1-9]'; do sleep 0.2; done
before=-1
while [ "$(counted)" != "$before" ]; do before=$(counted); sleep 1; done
"$build/tests/bench/kse-bench-candle-latency" "http://127.0.0.1:$port" "$kafka" "$@"
