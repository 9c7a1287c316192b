#!/usr/bin/env bash
# Stock aggregator throughput from a pre-filled topic: ticks consumed, aggregated and stored in
# the Stocks DB with their offsets (the flush and commit cost included), per second.
#
#   tests/bench/aggregator_bench.sh            # embedded cluster (hosted by an idle ingestor)
#   tests/bench/aggregator_bench.sh --real     # a fresh local Kafka broker (kafka-zk/local-kafka)
#   options: --ticks N (default 300,000 embedded — it keeps at most 5 MiB per partition — and
#   2,000,000 real)
#
# The clock runs from the first tick the aggregator counts to the moment all N are stored.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${KSE_BENCH_BUILD:-$top/build/release}
real=0
ticks=""
while [ $# -gt 0 ]; do
  case $1 in
    --real) real=1; shift ;;
    --ticks) ticks=$2; shift 2 ;;
    *) echo "usage: $0 [--real] [--ticks N]" >&2; exit 2 ;;
  esac
done
if [ ! -x "$build/tests/bench/kse-bench-produce" ]; then
  (cd "$top" && cmake --preset release >/dev/null && cmake --build --preset release >/dev/null)
fi
backend=$build/backend/kse-backend
work=$(mktemp -d)
# shellcheck source=tests/bench/bench_common.sh
source "$here/bench_common.sh"
export KSE_KAFKA_PORT=19192 KSE_KAFKA_CONTROLLER_PORT=19193 KSE_KAFKA_DATA=$work/kafka
cleanup() {
  stop_servers
  [ "$real" = 1 ] && "$top/kafka-zk/local-kafka" stop >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

if [ "$real" = 1 ]; then
  ticks=${ticks:-2000000}
  "$top/kafka-zk/local-kafka" start >/dev/null
  brokers=127.0.0.1:$KSE_KAFKA_PORT
  kind="real broker (local-kafka, same machine)"
else
  ticks=${ticks:-300000}
  start_server host "$backend" stock-ingestor --port 0 >/dev/null
  brokers=$(grep -o 'embedded cluster at [0-9.:]*' "$work/host.out" | awk '{ print $4 }')
  kind="embedded cluster"
fi
echo "kafka: $kind at $brokers"
"$build/tests/bench/kse-bench-produce" "$brokers" "$ticks" 100

port=$(start_server aggregator "$backend" stock-aggregator --brokers "$brokers" --port 0 --data-dir "$work/db")
deadline=$(( $(now_ms) + 120000 ))
until [ "$(metric "$port" kse_aggregator_ticks_total)" != "0" ]; do
  [ "$(now_ms)" -lt "$deadline" ] || { echo "the aggregator consumed nothing" >&2; exit 1; }
  sleep 0.01
done
t0=$(now_ms)
until [ "$(metric "$port" kse_aggregator_stored_ticks_total)" -ge "$ticks" ] 2>/dev/null; do
  [ "$(now_ms)" -lt "$deadline" ] || { echo "stored $(metric "$port" kse_aggregator_stored_ticks_total) of $ticks" >&2; exit 1; }
  # Looked at 50 times a second, not in a tight loop: the curl, awk and date of a busy wait took
  # half of the two cores from the aggregator and the broker it measures.
  sleep 0.02
done
t1=$(now_ms)
flushes=$(metric "$port" kse_aggregator_flushes_total)
stored=$(metric "$port" kse_aggregator_stored_ticks_total)
awk -v n="$stored" -v ms="$((t1 - t0))" -v f="$flushes" 'BEGIN {
  printf "aggregated and stored %d ticks in %d ms: %.0f ticks/s (%d SQLite transactions)\n", n, ms, n * 1000 / ms, f }'
