#!/usr/bin/env bash
# The order processor through Kafka with transactions, on a real broker:
#   tests/bench/order_bench.sh [--brokers HOST:PORT] [ORDERS] [RATE] [SECONDS]
# Without --brokers it runs a broker of its own (kafka-zk/local-kafka, port 29092, scratch data).
#  1. Drain: ORDERS (default 500000) orders of the benchmark mix are put on `orders` first; then
#     the order processor starts, and the time from its first commit to its last gives orders/s.
#  2. Latency: the processor caught up, RATE orders/s (default 5000) of the mix flow in for
#     SECONDS (default 20) with a crossing pair on a probe symbol every 20 ms; each probe's time
#     from producing the aggressive order to reading its trade (read_committed) is measured.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${KSE_BENCH_BUILD:-$top/build/release}
brokers=""
if [ "${1:-}" = "--brokers" ]; then brokers=$2; shift 2; fi
orders=${1:-500000}
rate=${2:-5000}
duration=${3:-20}
if [ ! -x "$build/tests/bench/kse-bench-orders" ]; then
  (cd "$top" && cmake --preset release >/dev/null && cmake --build --preset release >/dev/null)
fi
work=$(mktemp -d)
. "$here/bench_common.sh"
own=""
trap end_bench EXIT
use_broker
bench="$build/tests/bench/kse-bench-orders"
backend="$build/backend/kse-backend"
# Creates the topics (the processor would too) so that the fill does not race their creation.
"$backend" order-processor --brokers "$brokers" --port 0 --data-dir "$work/data" >"$work/warmup.out" 2>&1 &
warm=$!
until grep -q "kse-backend started" "$work/warmup.out"; do sleep 0.2; done
kill $warm; wait $warm || true

echo "== drain: $orders orders waiting on 'orders', then the order processor starts"
"$bench" fill "$brokers" "$orders"
start_server processor "$backend" order-processor --brokers "$brokers" --port 0 --data-dir "$work/data" >/dev/null
"$bench" drain "$brokers"
echo "== latency: $rate orders/s of the mix for $duration s, probes every 20 ms"
port=$(grep -o 'listening on [0-9.]*:[0-9]*' "$work/processor.out" | sed 's/.*://')
before_commits=$(metric "$port" kse_order_batches_committed_total); before_us=$(metric "$port" kse_order_commit_microseconds_total)
"$bench" latency "$brokers" "$rate" "$duration" "L$RANDOM"
commits=$(( $(metric "$port" kse_order_batches_committed_total) - before_commits ))
us=$(( $(metric "$port" kse_order_commit_microseconds_total) - before_us ))
echo "during the latency run: $commits batches committed, $(( us / (commits > 0 ? commits : 1) )) µs per commit on average"
