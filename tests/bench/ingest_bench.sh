#!/usr/bin/env bash
# Stock ingestor throughput, measured against a bare QtHttpServer endpoint in the same run.
#
#   tests/bench/ingest_bench.sh [--brokers HOST:PORT] [--duration SECONDS] [--rounds N]
#
# Without --brokers the ingestor hosts its embedded Kafka cluster. Single ticks: wrk with
# 1 thread and 32 connections against the bare endpoint and the ingestor, alternating, N rounds
# (these shared machines are noisy: compare within a round, look at the median).
# Batches: 1000 ticks a request. Every run checks that the messages that reached Kafka equal
# the 201s. Prints figures; never fails on speed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${KSE_BENCH_BUILD:-$top/build/release}
brokers=""
duration=6
rounds=5
while [ $# -gt 0 ]; do
  case $1 in
    --brokers) brokers=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) echo "usage: $0 [--brokers HOST:PORT] [--duration S] [--rounds N]" >&2; exit 2 ;;
  esac
done

if [ ! -x "$build/backend/kse-backend" ] || [ ! -x "$build/tests/bench/kse-bench-bare-http" ]; then
  (cd "$top" && cmake --preset release >/dev/null && cmake --build --preset release >/dev/null)
fi
backend=$build/backend/kse-backend
bare=$build/tests/bench/kse-bench-bare-http
count=$build/tests/bench/kse-topic-count
work=$(mktemp -d)
# shellcheck source=tests/bench/bench_common.sh
source "$here/bench_common.sh"
cleanup() { stop_servers; rm -rf "$work"; }
trap cleanup EXIT


to_ms() { # "1.23ms" | "456.00us" | "1.01s" → milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}
rps() { awk '/Requests\/sec/ { print $2 }' "$1"; }
p50() { to_ms "$(awk '$1 == "50%" { print $2 }' "$1")"; }
p99() { to_ms "$(awk '$1 == "99%" { print $2 }' "$1")"; }
created() { # port route → 201s the ingestor has answered on that route
  metric "$1" "kse_http_requests_total{route=\"$2\",method=\"POST\",status=\"201\"}" | grep . || echo 0
}
non2xx() { awk '/Non-2xx/ { print $5 }' "$1" | grep . || echo 0; }
drain() { # waits until the ingestor's producer backlog is empty
  for _ in $(seq 600); do [ "$(metric "$1" kse_kafka_queue_depth)" = "0" ] && return; sleep 0.1; done
}
single() { # port out
  wrk -t1 -c32 -d"${duration}s" --latency -s "$here/wrk/post_stock.lua" "http://127.0.0.1:$1" >"$2"
}

bare_port=$(start_server bare "$bare" 0)
ingest_args=(stock-ingestor --port 0)
[ -n "$brokers" ] && ingest_args+=(--brokers "$brokers")
ingest_port=$(start_server ingestor "$backend" "${ingest_args[@]}")
kafka=${brokers:-$(grep -o 'embedded cluster at [0-9.:]*' "$work/ingestor.out" | awk '{ print $4 }')}
echo "kafka: ${brokers:+real broker }${brokers:-embedded cluster} at $kafka; $duration s per run, wrk -t1 -c32"

printf '\n%-6s %-10s %10s %9s %9s %9s %10s %10s\n' round server "req/s" "p50 ms" "p99 ms" non-2xx 201s in-kafka
ratios=()
for round in $(seq "$rounds"); do
  single "$bare_port" "$work/bare.$round"
  printf '%-6s %-10s %10.0f %9s %9s %9s %10s %10s\n' "$round" bare "$(rps "$work/bare.$round")" \
    "$(p50 "$work/bare.$round")" "$(p99 "$work/bare.$round")" "$(non2xx "$work/bare.$round")" - -
  before=$("$count" "$kafka" stock-ingress)
  ok_before=$(created "$ingest_port" /api/v1/stock)
  single "$ingest_port" "$work/ingest.$round"
  drain "$ingest_port"
  after=$("$count" "$kafka" stock-ingress)
  printf '%-6s %-10s %10.0f %9s %9s %9s %10s %10s\n' "$round" ingestor "$(rps "$work/ingest.$round")" \
    "$(p50 "$work/ingest.$round")" "$(p99 "$work/ingest.$round")" "$(non2xx "$work/ingest.$round")" \
    "$(($(created "$ingest_port" /api/v1/stock) - ok_before))" "$((after - before))"
  ratios+=("$(awk -v a="$(rps "$work/ingest.$round")" -v b="$(rps "$work/bare.$round")" 'BEGIN { print 100 * a / b }')")
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{ r[NR] = $1; s += $1 } END {
  printf "\ningestor / bare requests/s per round: median %.1f %%, mean %.1f %%, range %.1f–%.1f %%\n", r[int((NR + 1) / 2)], s / NR, r[1], r[NR] }'

before=$("$count" "$kafka" stock-ingress)
wrk -t1 -c8 -d"${duration}s" --latency -s "$here/wrk/post_stocks.lua" "http://127.0.0.1:$ingest_port" >"$work/batch"
drain "$ingest_port"
after=$("$count" "$kafka" stock-ingress)
batches=$(( $(created "$ingest_port" /api/v1/stocks) ))
awk -v r="$(rps "$work/batch")" -v b="$batches" -v k="$((after - before))" -v d="$duration" -v p="$(p99 "$work/batch")" 'BEGIN {
  printf "batch endpoint (1000 ticks/request, wrk -t1 -c8): %.0f requests/s = %.0f ticks/s, p99 %s ms; %d batches accepted = %d ticks, %d in kafka\n", r, r * 1000, p, b, b * 1000, k }'
echo "produce failures: $(metric "$ingest_port" kse_kafka_produce_failed_total), refused: $(metric "$ingest_port" kse_kafka_produce_refused_total)"
