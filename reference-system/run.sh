#!/usr/bin/env bash
# Runs the reference system as four local processes on free loopback ports
# (127.0.0.1 only), each with its own SQLite file in a temporary folder.
# It builds nothing: it uses the binaries of a finished build.
#
#   run.sh [run] [BIN_DIR]      start, print the URLs, stay in the foreground;
#                               Ctrl-C stops everything and removes the folder
#   run.sh start [BIN_DIR]      start in the background and return
#   run.sh status               print the URLs and whether each is healthy
#   run.sh stop                 stop what `start` started, remove the folder
#   run.sh bench [BIN_DIR] [-- refsys_load flags]
#                               start, run the load benchmark, stop
#
# BIN_DIR defaults to $REFSYS_BIN, else the first of ../build/reference-system/bin
# and ./build/bin (relative to this script) that holds the binaries.
# Set REFSYS_KEEP=1 to keep the temporary folder (databases and logs) on stop.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
services=(inventory-service payment-service order-service gateway)
state_pointer="${TMPDIR:-/tmp}/refsys-run-$(id -u).current"

die() { echo "run.sh: $*" >&2; exit 1; }

find_bin_dir() {
  local candidate candidates=("$here/../build/reference-system/bin" "$here/build/bin")
  if [[ -n "${1:-}" ]]; then
    candidates=("$1")
  elif [[ -n "${REFSYS_BIN:-}" ]]; then
    candidates=("$REFSYS_BIN")
  fi
  for candidate in "${candidates[@]}"; do
    if [[ -n "$candidate" && -x "$candidate/order-service" ]]; then
      (cd "$candidate" && pwd)
      return
    fi
  done
  die "no service binaries in ${candidates[*]}; build first (cmake --build build) or pass the folder that holds them"
}

port_of() { cat "$1/$2.port" 2>/dev/null || true; }

# Starts one service on port 0 and waits (at most 15 s) until it is healthy.
start_service() {
  local dir="$1" bin="$2" name="$3"; shift 3
  "$bin/$name" --host 127.0.0.1 --port 0 --port-file "$dir/$name.port" "$@" \
    >>"$dir/$name.log" 2>&1 &
  echo $! >"$dir/$name.pid"
  local tries=0
  until [[ -s "$dir/$name.port" ]] && "$bin/$name" --probe --port "$(port_of "$dir" "$name")" 2>/dev/null; do
    tries=$((tries + 1))
    if (( tries > 150 )) || ! kill -0 "$(cat "$dir/$name.pid")" 2>/dev/null; then
      tail -n 20 "$dir/$name.log" >&2 || true
      die "$name did not become healthy (log: $dir/$name.log)"
    fi
    sleep 0.1
  done
}

start_all() {
  local bin="$1" dir
  dir="$(mktemp -d "${TMPDIR:-/tmp}/refsys-run.XXXXXX")"
  echo "$bin" >"$dir/bin_dir"
  echo "$dir" >"$state_pointer"
  start_service "$dir" "$bin" inventory-service --db "$dir/inventory-service.db"
  start_service "$dir" "$bin" payment-service --db "$dir/payment-service.db"
  local inventory="http://127.0.0.1:$(port_of "$dir" inventory-service)"
  local payment="http://127.0.0.1:$(port_of "$dir" payment-service)"
  start_service "$dir" "$bin" order-service --db "$dir/order-service.db" \
    --inventory-url "$inventory" --payment-url "$payment"
  local order="http://127.0.0.1:$(port_of "$dir" order-service)"
  start_service "$dir" "$bin" gateway --order-url "$order" --inventory-url "$inventory"
  seed_demo_stock "$inventory"
  print_urls "$dir"
}

# Two demo SKUs, set on inventory-service directly (the gateway only reads stock).
seed_demo_stock() {
  command -v curl >/dev/null || { echo "(curl not found: no demo stock seeded)"; return; }
  curl -fsS -X PUT "$1/inventory/apple" -H 'Content-Type: application/json' \
    -d '{"onHand": 100, "unitPriceCents": 120}' >/dev/null
  curl -fsS -X PUT "$1/inventory/pear" -H 'Content-Type: application/json' \
    -d '{"onHand": 50, "unitPriceCents": 80}' >/dev/null
}

print_urls() {
  local dir="$1" name
  for name in "${services[@]}"; do
    printf '%-18s http://127.0.0.1:%s\n' "$name" "$(port_of "$dir" "$name")"
  done
  echo "folder             $dir (databases and logs)"
  local gateway="http://127.0.0.1:$(port_of "$dir" gateway)"
  echo "try: curl -s -X POST $gateway/orders -H 'Content-Type: application/json' \\"
  echo "       -H 'Idempotency-Key: demo-1' -d '{\"customerId\":\"alice\",\"items\":[{\"sku\":\"apple\",\"quantity\":2}]}'"
}

stop_all() {
  trap '' INT TERM  # a second Ctrl-C must not cut the clean-up short
  [[ -f "$state_pointer" ]] || { echo "run.sh: nothing is running"; return 0; }
  local dir name pid tries
  dir="$(cat "$state_pointer")"
  # The gateway first, so no new request arrives while the others stop.
  for name in gateway order-service payment-service inventory-service; do
    [[ -f "$dir/$name.pid" ]] || continue
    pid="$(cat "$dir/$name.pid")"
    kill -TERM "$pid" 2>/dev/null || continue
    tries=0
    while kill -0 "$pid" 2>/dev/null && (( tries < 100 )); do sleep 0.1; tries=$((tries + 1)); done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -f "$state_pointer"
  if [[ "${REFSYS_KEEP:-0}" == 1 ]]; then
    echo "stopped; kept $dir"
  else
    rm -rf "$dir"
    echo "stopped"
  fi
}

status() {
  [[ -f "$state_pointer" ]] || { echo "run.sh: nothing is running"; return 1; }
  local dir bin name health
  dir="$(cat "$state_pointer")"
  bin="$(cat "$dir/bin_dir")"
  for name in "${services[@]}"; do
    health=unhealthy
    "$bin/$name" --probe --port "$(port_of "$dir" "$name")" 2>/dev/null && health=healthy
    printf '%-18s http://127.0.0.1:%-6s %s\n' "$name" "$(port_of "$dir" "$name")" "$health"
  done
}

command="${1:-run}"
[[ $# -gt 0 ]] && shift
case "$command" in
  run)
    [[ -f "$state_pointer" ]] && die "already started (run.sh stop first)"
    bin="$(find_bin_dir "${1:-}")"
    trap stop_all EXIT
    trap 'exit 130' INT TERM
    start_all "$bin"
    echo "running; Ctrl-C stops"
    wait
    ;;
  start)
    [[ -f "$state_pointer" ]] && die "already started (run.sh stop first)"
    bin="$(find_bin_dir "${1:-}")"
    trap 'stop_all >/dev/null' EXIT  # a failed start leaves nothing running
    start_all "$bin"
    trap - EXIT
    ;;
  stop) stop_all ;;
  status) status ;;
  bench)
    [[ -f "$state_pointer" ]] && die "already started (run.sh stop first)"
    bin_arg=""
    if [[ $# -gt 0 && "$1" != "--" ]]; then bin_arg="$1"; shift; fi
    [[ "${1:-}" == "--" ]] && shift
    bin="$(find_bin_dir "$bin_arg")"
    trap stop_all EXIT
    start_all "$bin" >/dev/null
    dir="$(cat "$state_pointer")"
    "$bin/refsys_load" --gateway "http://127.0.0.1:$(port_of "$dir" gateway)" \
      --inventory "http://127.0.0.1:$(port_of "$dir" inventory-service)" \
      --payment "http://127.0.0.1:$(port_of "$dir" payment-service)" "$@"
    ;;
  -h|--help|help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command '$command' (run, start, status, stop, bench)" ;;
esac
