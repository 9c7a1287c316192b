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
