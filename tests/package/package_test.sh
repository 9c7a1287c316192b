#!/usr/bin/env bash
# The package label: builds the Debian packages of a build directory (cmake/KsePackaging.cmake),
# unpacks them into a scratch root and runs what they hold from there: kse-backend with each
# shipped configuration, then `kse-backend all` answering its healthchecks and serving every
# metric the alert rules and the dashboard use; kse-chart drawing a chart. It validates the
# systemd unit (systemd-analyze verify), the desktop entry (desktop-file-validate), the Prometheus
# configuration and rules (promtool check, promtool test rules) and the Grafana dashboard (JSON).
#   tests/package/package_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
source=$(cd "$2" && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/kse-package.XXXXXX")
backend_pid=
cleanup() {
  [ -z "$backend_pid" ] || kill "$backend_pid" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT
fail() { echo "package test: $*" >&2; exit 1; }
step() { echo "-- $*"; }

step "cpack"
cpack --config "$build/CPackConfig.cmake" -B "$scratch/out" >"$scratch/cpack.log" 2>&1 ||
  { cat "$scratch/cpack.log"; fail "cpack failed"; }
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
backend_deb=$(ls "$scratch"/out/kse-backend_"$version"_*.deb)
desktop_deb=$(ls "$scratch"/out/kse-desktop_"$version"_*.deb)

step "control fields"
for deb in "$backend_deb" "$desktop_deb"; do
  depends=$(dpkg-deb -f "$deb" Depends)
  for library in libqt6core6 librdkafka++1 libc6; do
    [[ "$depends" == *"$library"* ]] || fail "$(basename "$deb") does not depend on $library: $depends"
  done
done
[[ "$(dpkg-deb -f "$desktop_deb" Depends)" == *libqt6charts6* ]] || fail "kse-desktop does not depend on libqt6charts6"
# Each listing is read whole before it is searched: `grep -q` leaving a pipe early would kill the
# writer with SIGPIPE, which pipefail reports as a failure (seen under load).
control=$(dpkg-deb --ctrl-tarfile "$backend_deb" | tar -t)
grep -qx './conffiles' <<<"$control" || fail "kse-backend has no conffiles"
conffiles=$(dpkg-deb --ctrl-tarfile "$backend_deb" | tar -xO ./conffiles)
grep -qx '/etc/kse/platform-api.conf' <<<"$conffiles" ||
  fail "/etc/kse/platform-api.conf is not a conffile"

step "unpack"
root="$scratch/root"
dpkg-deb -x "$backend_deb" "$root"
dpkg-deb -x "$desktop_deb" "$root"
for path in usr/bin/kse-backend usr/bin/kse-desktop usr/bin/kse-chart lib/systemd/system/kse-backend@.service \
  usr/lib/sysusers.d/kse.conf usr/share/kse/prometheus/kse-alerts.yml usr/share/kse/grafana/kse-dashboard.json \
  usr/share/applications/kse-desktop.desktop usr/share/icons/hicolor/scalable/apps/kse-desktop.svg \
  usr/share/doc/kse-backend/deployment.md; do
  [ -e "$root/$path" ] || fail "/$path is not in the packages"
done
for size in 16 24 32 48 64 128 256; do
  png="$root/usr/share/icons/hicolor/${size}x${size}/apps/kse-desktop.png"
  [ -s "$png" ] || fail "the ${size} px icon is not in the desktop package"
  # A PNG's IHDR holds its width and height as 32-bit big-endian numbers at bytes 16 and 20.
  [ "$(od -An -tu4 --endian=big -j16 -N8 "$png" | tr -s ' ' | sed 's/^ //')" = "$size $size" ] ||
    fail "the ${size} px icon is not ${size}x${size}"
done

step "kse-backend from the package, with each shipped configuration"
[[ "$("$root/usr/bin/kse-backend" --version)" == *"kse-backend $version"* ]] || fail "--version"
for service in platform-api user-analytics stock-ingestor stock-aggregator order-processor; do
  printed=$("$root/usr/bin/kse-backend" "$service" --config "$root/etc/kse/$service.conf" --print-config) ||
    fail "$service: its configuration is refused"
  grep -qx "data-dir = /var/lib/kse/$service" <<<"$printed" || fail "$service: data-dir not from its file"
done

step "kse-backend all from the package: healthchecks and metrics"
KSE_ADMIN_PASSWORD=package-admin-1 "$root/usr/bin/kse-backend" all --port 0 --data-dir "$scratch/data" \
  >"$scratch/backend.log" 2>&1 &
backend_pid=$!
ports=()
for _ in $(seq 1 600); do
  mapfile -t ports < <(sed -n 's/^http: .* listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$scratch/backend.log")
  [ ${#ports[@]} -ge 5 ] && break
  kill -0 "$backend_pid" 2>/dev/null || { cat "$scratch/backend.log"; fail "kse-backend all exited"; }
  sleep 0.1
done
[ ${#ports[@]} -ge 5 ] || { cat "$scratch/backend.log"; fail "kse-backend all did not listen"; }
metrics="$scratch/metrics.txt"
: >"$metrics"
for port in "${ports[@]}"; do
  for _ in $(seq 1 300); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/healthcheck")" = 200 ] && break
    sleep 0.1
  done
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/healthcheck")" = 200 ] ||
    fail "the service on port $port is not healthy"
  curl -s "http://127.0.0.1:$port/metrics" >>"$metrics"
done
grep -qx 'kse_healthy 1' "$metrics" || fail "kse_healthy 1 not served"
used=$(grep -ohE '\bkse_[a-z_]+\b' "$source/deploy/prometheus/kse-alerts.yml" "$source/deploy/grafana/kse-dashboard.json" |
  grep -v '^kse_$' | sort -u)
for name in $used; do
  [ "$name" = kse_overview ] && continue
  grep -qE "^$name(\{| )" "$metrics" || fail "$name is used by the alerts or the dashboard but no service serves it"
done
kill "$backend_pid"
wait "$backend_pid" || fail "kse-backend all did not stop cleanly"
backend_pid=

step "kse-chart from the package"
QT_QPA_PLATFORM=offscreen "$root/usr/bin/kse-chart" --help >/dev/null || fail "kse-chart --help"

step "the systemd unit"
mkdir -p "$scratch/unit"
cp "$root/lib/systemd/system/kse-backend@.service" "$scratch/unit/"
# verify wants the command where the unit says it is: the unpacked one stands in for /usr/bin.
sed -i "s#/usr/bin/kse-backend#$root/usr/bin/kse-backend#" "$scratch/unit/kse-backend@.service"
(cd "$scratch/unit" && systemd-analyze verify "kse-backend@order-processor.service" 2>&1 | tee "$scratch/verify.log")
[ -z "$(grep -v "^$" "$scratch/verify.log" || true)" ] || fail "systemd-analyze verify found problems"

step "the desktop entry"
desktop-file-validate "$root/usr/share/applications/kse-desktop.desktop" || fail "desktop-file-validate"

step "Prometheus and Grafana"
promtool check config "$root/usr/share/kse/prometheus/prometheus.yml" || fail "promtool check config"
promtool check rules "$root/usr/share/kse/prometheus/kse-alerts.yml" || fail "promtool check rules"
(cd "$source/deploy/prometheus" && promtool test rules kse-alerts.test.yml) || fail "promtool test rules"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["panels"], "no panels"' \
  "$root/usr/share/kse/grafana/kse-dashboard.json" || fail "the dashboard is not valid JSON with panels"
echo "package test: passed"
