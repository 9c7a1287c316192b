#!/usr/bin/env bash
# Services in one process (`kse-backend all`): the stock ingestor's healthcheck latency alone,
# then while 4 clients register users on the platform API as fast as it answers, with a taken
# name and with new names. Each service answers on a thread of its own, so the platform's work
# should show in the ingestor's figures only as the CPU both share. Then the platform's own
# throughput for a signed-in user (GET /api/v1/portfolio) alone and while 4 anonymous clients
# flood it with wrong-password logins.
#
#   tests/bench/isolation_bench.sh [--duration SECONDS]
#
# KSE_BENCH_BUILD picks the build (default build/release; e.g. build/dev). Never fails on speed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${KSE_BENCH_BUILD:-$top/build/release}
duration=10
while [ $# -gt 0 ]; do
  case $1 in
    --duration) duration=$2; shift 2 ;;
    *) echo "usage: $0 [--duration S]" >&2; exit 2 ;;
  esac
done
if [ ! -x "$build/backend/kse-backend" ]; then
  (cd "$top" && cmake --preset release >/dev/null && cmake --build --preset release --target kse-backend >/dev/null)
fi
work=$(mktemp -d)
# shellcheck source=tests/bench/bench_common.sh
source "$here/bench_common.sh"
cleanup() { stop_servers; rm -rf "$work"; }
trap cleanup EXIT

KSE_ADMIN_PASSWORD=bench-admin-1 start_server backend "$build/backend/kse-backend" \
  all --port 0 --data-dir "$work/data" --no-market-maker >/dev/null
until grep -q "kse-backend started" "$work/backend.err"; do sleep 0.1; done
port_of() { grep -o "$1 listening on [0-9.]*:[0-9]*" "$work/backend.out" | sed 's/.*://'; }
ingestor=http://127.0.0.1:$(port_of stock-ingestor)
platform=http://127.0.0.1:$(port_of platform-api)
curl -sf -X POST "$platform/api/v1/users" -d '{"username":"taken","password":"bench-password"}' >/dev/null

# p50 and p99 of wrk's latency distribution, and its requests per second.
figures() { awk '$1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 } /Requests\/sec/ { rps = $2 }
                 END { printf "p50 %s, p99 %s (%s req/s)", p50, p99, rps }' "$1"; }
statuses() { metric "$(port_of platform-api)" "kse_http_requests_total{route=\"/api/v1/users\",method=\"POST\",status=\"$1\"}" | grep . || echo 0; }
health() { wrk -t1 -c1 -d"${duration}s" --latency "$ingestor/api/v1/healthcheck" >"$1"; }

echo "kse-backend all ($build), ingestor healthcheck by wrk -t1 -c1, $duration s per phase"
health "$work/idle"
echo "no load:                           $(figures "$work/idle")"
for load in taken new; do
  before=$(( $(statuses 201) + $(statuses 409) ))
  wrk -t1 -c4 -d"$((duration + 2))s" -s "$here/wrk/register_$load.lua" "$platform" >"$work/load" &
  load_pid=$!
  sleep 1 # the four clients are busy before the measurement starts
  health "$work/health"
  wait "$load_pid"
  registered=$(( $(statuses 201) + $(statuses 409) - before ))
  printf "4 clients registering (%-5s name): %s; registrations answered: %d\n" "$load" "$(figures "$work/health")" "$registered"
done

token=$(curl -sf -X POST "$platform/api/v1/login" -d '{"username":"taken","password":"bench-password"}' |
        sed 's/.*"token":"\([^"]*\)".*/\1/')
portfolio() { wrk -t1 -c4 -d"${duration}s" --latency -H "Authorization: Bearer $token" "$platform/api/v1/portfolio" >"$1"; }
logins() { metric "$(port_of platform-api)" "kse_http_requests_total{route=\"/api/v1/login\",method=\"POST\",status=\"$1\"}" | grep . || echo 0; }
portfolio "$work/portfolio-idle"
echo "platform portfolio, signed in, alone:   $(figures "$work/portfolio-idle")"
before401=$(logins 401); before429=$(logins 429)
wrk -t1 -c4 -d"$((duration + 2))s" -s "$here/wrk/login_wrong.lua" "$platform" >"$work/flood" &
flood_pid=$!
sleep 1
portfolio "$work/portfolio-flood"
wait "$flood_pid"
echo "the same during a wrong-password flood: $(figures "$work/portfolio-flood"); flood answered 401: $(( $(logins 401) - before401 )), 429: $(( $(logins 429) - before429 ))"
