#!/usr/bin/env bash
# Platform API: orders accepted per second over HTTP (risk check, reservation, publish) against a
# bare QtHttpServer endpoint in the same run, and login latency (an Argon2id check by design).
#
#   tests/bench/platform_bench.sh [--all] [--brokers HOST:PORT] [--duration SECONDS] [--rounds N]
#                                 [--http-threads N]
#
# The gateway alone by default: `kse-backend platform-api`, which hosts the embedded Kafka
# cluster without --brokers; `--all` runs the whole exchange in the one process (the order
# processor and the platform's settlement then share the cores). Every round checks that the
# orders accepted (202) equal the messages that reached `orders`. Never fails on speed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${KSE_BENCH_BUILD:-$top/build/release}
brokers=""
duration=6
rounds=3
service=platform-api
threads=""
while [ $# -gt 0 ]; do
  case $1 in
    --all) service=all; shift ;;
    --brokers) brokers=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --http-threads) threads=$2; shift 2 ;;
    *) echo "usage: $0 [--all] [--brokers HOST:PORT] [--duration S] [--rounds N] [--http-threads N]" >&2; exit 2 ;;
  esac
done
if [ ! -x "$build/backend/kse-backend" ] || [ ! -x "$build/tests/bench/kse-bench-bare-http" ]; then
  (cd "$top" && cmake --preset release >/dev/null && cmake --build --preset release >/dev/null)
fi
work=$(mktemp -d)
# shellcheck source=tests/bench/bench_common.sh
source "$here/bench_common.sh"
cleanup() { stop_servers; rm -rf "$work"; }
trap cleanup EXIT

args=("$service" --port 0 --data-dir "$work/data" --no-market-maker)
[ -n "$brokers" ] && args+=(--brokers "$brokers")
[ -n "$threads" ] && args+=(--http-threads "$threads")
KSE_ADMIN_PASSWORD=bench-admin-1 start_server backend "$build/backend/kse-backend" "${args[@]}" >/dev/null
until grep -q "platform-api listening on" "$work/backend.out"; do sleep 0.1; done
port=$(grep -o 'platform-api listening on [0-9.]*:[0-9]*' "$work/backend.out" | sed 's/.*://')
kafka=${brokers:-$(grep -o 'embedded cluster at [0-9.:]*' "$work/backend.out" | awk '{ print $4 }')}
bare_port=$(start_server bare "$build/tests/bench/kse-bench-bare-http" 0)
api=http://127.0.0.1:$port/api/v1
curl -sf -X POST "$api/users" -d '{"username":"bench","password":"bench-password"}' >/dev/null

echo "== login latency (Argon2id, 32 MiB, 2 passes), 20 sequential logins"
for _ in $(seq 20); do
  curl -s -o /dev/null -w '%{time_total}\n' -X POST "$api/login" -d '{"username":"bench","password":"bench-password"}'
done | sort -n | awk '{ t[NR] = $1 * 1000 } END { printf "p50 %.0f ms, p90 %.0f ms, max %.0f ms\n", t[10], t[18], t[20] }'
export KSE_TOKEN
KSE_TOKEN=$(curl -s -X POST "$api/login" -d '{"username":"bench","password":"bench-password"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')

rps() { awk '/Requests\/sec/ { print $2 }' "$1"; }
accepted() { metric "$port" 'kse_http_requests_total{route="/api/v1/orders",method="POST",status="202"}' | grep . || echo 0; }
echo "== orders: wrk -t1 -c16, $duration s per run, against the bare endpoint in turn (kafka at $kafka)"
for round in $(seq "$rounds"); do
  wrk -t1 -c16 -d"${duration}s" --latency -s "$here/wrk/post_stock.lua" "http://127.0.0.1:$bare_port" >"$work/bare"
  before=$("$build/tests/bench/kse-topic-count" "$kafka" orders); ok=$(accepted)
  wrk -t1 -c16 -d"${duration}s" --latency -s "$here/wrk/post_order.lua" "http://127.0.0.1:$port" >"$work/orders"
  for _ in $(seq 100); do # until the producer has delivered what was accepted
    after=$("$build/tests/bench/kse-topic-count" "$kafka" orders)
    [ "$((after - before))" -ge "$(( $(accepted) - ok ))" ] && break
    sleep 0.1
  done
  awk -v o="$(rps "$work/orders")" -v b="$(rps "$work/bare")" -v a="$(( $(accepted) - ok ))" -v k="$((after - before))" \
      -v p="$(awk '$1 == "99%" { print $2 }' "$work/orders")" -v r="$round" 'BEGIN {
    printf "round %d: %.0f orders/s (p99 %s) vs bare %.0f req/s = %.0f %%; 202s %d, on orders %d\n", r, o, p, b, 100 * o / b, a, k }'
done
echo "group commits: $(metric "$port" kse_platform_order_commits) transactions for $(metric "$port" kse_platform_orders_committed) orders"
