#!/usr/bin/env bash
# Times `archgate verify` and Dredd (npm `dredd`, pinned in package-lock.json)
# side by side, in one run, on the same contracts and servers, and prints the
# figures: wall time (best and median of RUNS), requests, what each reported.
#
#   bench/verify/run.sh [BUILD_DIR]       BUILD_DIR defaults to build/ at the repository root
#
# 1. The reference system (reference-system/run.sh start, on loopback ports,
#    with a private TMPDIR): `archgate verify reference-system` with all four
#    services in one run, and `dredd reference-system/services/<svc>/openapi.yaml
#    http://127.0.0.1:PORT` for each service, one after another. A contract
#    Dredd does not load is said so.
# 2. catalog-service (bench/verify/contract) served by the scripted test server
#    (BUILD_DIR/tests/fixture_server) from bench/verify/faults.json, with the
#    planted faults of bench/verify/faults.md: both tools, and which planted
#    faults each one reported.
#
# Needs a build with the tests and the reference system (the default
# configuration: BUILD_DIR/archgate, BUILD_DIR/reference-system/bin/,
# BUILD_DIR/tests/fixture_server), python3 and Node.js with npm
# (`scripts/deps.sh --tests` installs them). Runs `npm ci --ignore-scripts`
# in bench/verify when node_modules is missing (no package of Dredd's tree
# has an install script). Environment: RUNS (default 3).
#
# It prints figures only, judges nothing, and stops every process it started.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
build="${1:-$repo/build}"
runs="${RUNS:-3}"

die() { echo "bench/verify/run.sh: $*" >&2; exit 2; }

[[ -d "$build" ]] || die "no build folder $build"
build="$(cd "$build" && pwd)"
archgate="$build/archgate"
refsys_bin="$build/reference-system/bin"
fixture_server="$build/tests/fixture_server"
[[ -x "$archgate" ]] || die "$archgate is missing: build first (cmake --build $build)"
[[ -x "$refsys_bin/order-service" ]] || die "no reference-system binaries in $refsys_bin (configure with the reference system, the default)"
[[ -x "$fixture_server" ]] || die "$fixture_server is missing (configure with the tests, the default)"
for tool in python3 node npm; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found (scripts/deps.sh --tests installs it)"
done

if [[ ! -d "$here/node_modules" ]]; then
  echo "installing the pinned Dredd: npm ci --ignore-scripts in bench/verify" >&2
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund >&2)
fi
dredd="$here/node_modules/.bin/dredd"
[[ -x "$dredd" ]] || die "$dredd is missing after npm ci"

# Everything this script starts lives under $work; run.sh's state pointer too
# (TMPDIR), so this never meets another run of the reference system.
work="$(mktemp -d "${TMPDIR:-/tmp}/archgate-bench-verify.XXXXXX")"
export TMPDIR="$work"
fixture_pid=""
bench_pid=""
cleanup() {
  trap '' INT TERM
  if [[ -n "$bench_pid" ]]; then  # bench.py stops the tool it is running
    kill -TERM "$bench_pid" 2>/dev/null || true
    wait "$bench_pid" 2>/dev/null || true
  fi
  "$repo/reference-system/run.sh" stop >/dev/null 2>&1 || true
  if [[ -n "$fixture_pid" ]]; then
    kill -TERM "$fixture_pid" 2>/dev/null || true
    wait "$fixture_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$repo/reference-system/run.sh" start "$refsys_bin" >"$work/refsys-start.txt" \
  || die "the reference system did not start: $(cat "$work/refsys-start.txt")"
refsys_dir="$(cat "$work/refsys-run-$(id -u).current")"

"$fixture_server" "$here/faults.json" --port-file "$work/faults.port" --log "$work/faults.log" \
  >"$work/fixture_server.out" 2>&1 &
fixture_pid=$!
for _ in $(seq 100); do
  [[ -s "$work/faults.port" ]] && break
  kill -0 "$fixture_pid" 2>/dev/null || die "fixture_server exited: $(cat "$work/fixture_server.out")"
  sleep 0.05
done
[[ -s "$work/faults.port" ]] || die "fixture_server wrote no port"

load() { cut -d' ' -f1 /proc/loadavg; }
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || true)"
commit="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')"
dirty=""
[[ -n "$(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null)" ]] && dirty=" (with uncommitted changes)"
echo "archgate verify vs Dredd: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores (${cpu:-?}), RUNS=$runs"
echo "$("$archgate" --version) at $commit$dirty, $build; Dredd $("$dredd" --version 2>/dev/null | cut -d' ' -f2) on Node $(node --version)"
echo "load average (1 min) before: $(load)"
echo "wall time: the clock around each command (process start included); archgate: --no-cache --format json,"
echo "--jobs = cores; Dredd: default options (in part 2 with one header, see there). Requests: archgate's JSON"
echo "summary, Dredd's transactions minus skipped."
echo

python3 "$here/bench.py" --archgate "$archgate" --dredd "$dredd" --repo "$repo" --here "$here" \
  --refsys-dir "$refsys_dir" --faults-port "$(cat "$work/faults.port")" --faults-log "$work/faults.log" \
  --faults-md "$here/faults.md" --work "$work" --runs "$runs" &
bench_pid=$!
wait "$bench_pid"  # in the background, so that a signal to this script is handled at once
bench_pid=""

echo
echo "load average (1 min) after: $(load)"
