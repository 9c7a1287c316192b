#!/usr/bin/env bash
# Order POST → fill shown in the desktop's blotter, on a real broker:
#   tests/bench/blotter_bench.sh [--brokers HOST:PORT] [ORDERS]
# Without --brokers it runs a broker of its own (kafka-zk/local-kafka, port 29092, scratch data).
# Starts `kse-backend all` on it (6 simulated symbols, the market maker quoting them), then
# kse-bench-blotter places ORDERS (default 300) market orders of one share from the terminal's
# window (offscreen) and times each until the blotter shows it filled: pushed by the stream, and
# a tenth as many polled, the stream stopped.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${KSE_BENCH_BUILD:-$top/build/release}
brokers=""
if [ "${1:-}" = "--brokers" ]; then brokers=$2; shift 2; fi
orders=${1:-300}
if [ ! -x "$build/tests/bench/kse-bench-blotter" ]; then
  (cd "$top" && cmake --preset release >/dev/null && cmake --build --preset release >/dev/null)
fi
work=$(mktemp -d)
. "$here/bench_common.sh"
own=""
trap end_bench EXIT
use_broker
KSE_ADMIN_PASSWORD=bench-admin-1 start_server all "$build/backend/kse-backend" all --brokers "$brokers" --port 0 \
  --simulate 6 --data-dir "$work/data" --log-level warning >/dev/null
for _ in $(seq 600); do grep -q 'platform-api listening on' "$work/all.out" && break; sleep 0.1; done
api=$(grep -o 'platform-api listening on [0-9.]*:[0-9]*' "$work/all.out" | head -1 | sed 's/.*on /http:\/\//')
echo "== $orders orders POSTed one after another from the terminal's window; $api on $brokers"
"$build/tests/bench/kse-bench-blotter" "$api" "$orders" AAPL
