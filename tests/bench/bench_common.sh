# Helpers the benchmark scripts share; they expect $work (a scratch folder) to be set.

# Starts a server in the background and prints its port once it announces "listening on".
# It runs in a command substitution (a subshell), so its pid goes through a file for stop_servers.
start_server() { # name command...
  local name=$1; shift
  "$@" >"$work/$name.out" 2>"$work/$name.err" &
  echo $! >"$work/$name.pid"
  for _ in $(seq 600); do
    if grep -q "listening on" "$work/$name.out" 2>/dev/null; then
      grep -o 'listening on [0-9.]*:[0-9]*' "$work/$name.out" | head -1 | sed 's/.*://'
      return
    fi
    sleep 0.1
  done
  echo "$name did not start:" >&2; cat "$work/$name.err" >&2; exit 1
}

stop_servers() { for f in "$work"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done; return 0; }

# One sample of a service's /metrics page: metric PORT NAME
metric() { curl -s "http://127.0.0.1:$1/metrics" | awk -v m="$2" '$1 == m { print $2 }'; }

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# A benchmark's real broker: $brokers when the caller gave one, else one of its own
# (kafka-zk/local-kafka on port 29092, scratch data in $work) that end_bench stops. Needs $top.
own_broker() { KSE_KAFKA_PORT=29092 KSE_KAFKA_CONTROLLER_PORT=29093 KSE_KAFKA_DATA="$work/kafka" "$top/kafka-zk/local-kafka" "$@"; }
use_broker() {
  if [ -z "$brokers" ]; then
    own=1
    own_broker start >/dev/null
    brokers=127.0.0.1:29092
  fi
}
end_bench() {
  stop_servers
  [ -n "${own:-}" ] && own_broker stop >/dev/null 2>&1
  rm -rf "$work"
}
