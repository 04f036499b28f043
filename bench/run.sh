#!/usr/bin/env bash
# The speed benchmark of SPEC §10 (docs/performance.md).
#
#   bench/run.sh [N...]            default: 10 100 1000
#
# Builds archgate and archgate_parse_floor in Release (build-release/, only
# what changed), generates a repository of N services for each N (seeded:
# the same files every time), and on it runs, alternately, the parse floor
# and a cold `archgate check REPO --timings --format json --jobs J` under
# /usr/bin/time. It checks that the findings are exactly the planted ones
# (exit 1 with the difference otherwise) and prints wall and CPU time, peak
# memory, files per second, the phases of the check, the floor and the ratio
# check/floor, and how the cost per service grows from N=100 to N=1000.
# Nothing about timing is asserted.
#
# Environment:
#   RUNS        runs per N, the best by wall time is shown (default 3)
#   JOBS        workers for both the check and the floor (default: nproc)
#   SEED        generator seed (default 1)
#   BUILD_DIR   build folder (default build-release, configured in Release
#               with ARCHGATE_BENCH=ON when it does not exist)
#   ARCHGATE_BIN, FLOOR_BIN   use these binaries and build nothing
#   KEEP=1      keep the generated repositories (their folder is printed)
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 100 1000)
jobs=${JOBS:-$(nproc)}
seed=${SEED:-1}
gnu_time=/usr/bin/time
[ -x "$gnu_time" ] || { echo "bench: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "bench: needs python3" >&2; exit 2; }

if [ -n "${ARCHGATE_BIN:-}" ] && [ -n "${FLOOR_BIN:-}" ]; then
  archgate=$ARCHGATE_BIN
  floor=$FLOOR_BIN
  build_note="binaries given"
else
  build=${BUILD_DIR:-$here/build-release}
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DARCHGATE_TESTS=OFF \
      -DARCHGATE_REFERENCE_SYSTEM=OFF -DARCHGATE_BENCH=ON >/dev/null
  elif ! grep -q '^ARCHGATE_BENCH:BOOL=ON' "$build/CMakeCache.txt" && ! grep -q '^ARCHGATE_TESTS:BOOL=ON' "$build/CMakeCache.txt"; then
    cmake -S "$here" -B "$build" -DARCHGATE_BENCH=ON >/dev/null
  fi
  build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt")
  [ "$build_type" = Release ] || echo "bench: warning: $build is a '$build_type' build, not Release" >&2
  cmake --build "$build" -j "${BUILD_JOBS:-$(nproc)}" --target archgate archgate_parse_floor >/dev/null
  archgate=$build/archgate
  floor=$build/bench/archgate_parse_floor
  build_note="$build_type build in $build"
fi
if [ ! -x "$archgate" ] || [ ! -x "$floor" ]; then echo "bench: missing $archgate or $floor" >&2; exit 2; fi

work=$(mktemp -d "${TMPDIR:-/tmp}/archgate-bench.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then echo "bench: keeping $work" >&2; else trap 'rm -rf "$work"' EXIT; fi

# Writes "wall_s user_s sys_s maxrss_kib" to OUT_TIME: the wall time to the
# nanosecond around the command (GNU time's %e has only 10 ms), the rest from
# GNU time.
timed() {  # OUT_TIME OUT_STDOUT OUT_STDERR COMMAND...
  local t=$1 o=$2 e=$3 start end status=0
  shift 3
  start=$(date +%s%N)
  "$gnu_time" -f '%U %S %M' -o "$t.gnu" "$@" >"$o" 2>"$e" || status=$?
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000 )) $(tail -1 "$t.gnu")" | awk '{printf "%.6f %s %s %s\n", $1 / 1e6, $2, $3, $4}' >"$t"
  rm -f "$t.gnu"
  return "$status"
}
wall_of() { awk '{print $1}' "$1"; }
# Reads every file of the repository (not .git or the cache), so each timed
# command starts with the files in the page cache, as on a machine that has
# just checked them out. Some virtual machines drop the page cache within
# seconds; there a command would otherwise read from disk or not depending
# on what ran just before it.
warm() { find "$1" \( -name .git -o -name .archgate-cache \) -prune -o -type f -print0 | xargs -0 cat >/dev/null; }
# A repeated run reads the cache the run before it has just written, so the
# cache is in the page cache too (read from disk it cost 0.1-0.2 s more).
warm_cache() { find "$1/.archgate-cache" -type f -print0 | xargs -0 cat >/dev/null; }
faster() { awk -v a="$(wall_of "$1")" -v b="$(wall_of "$2")" 'BEGIN { exit !(a < b) }'; }

load() { cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?'; }
load_before=$(load)
dirs=()
for n in "${sizes[@]}"; do
  d=$work/n$n
  repo=$d/repo
  mkdir -p "$d"
  python3 "$here/bench/generate_services.py" "$repo" "$n" --seed "$seed" --expected "$d/expected.txt"
  runs=${RUNS:-3}
  bytes=$(find "$repo" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
  printf 'services=%s runs=%s bytes=%s\n' "$n" "$runs" "$bytes" >"$d/meta"
  for r in $(seq "$runs"); do
    # The floor and the check alternate, so both see the same machine.
    warm "$repo"
    timed "$d/f.time" "$d/f.out" "$d/f.err" "$floor" --jobs "$jobs" "$repo" ||
      { cat "$d/f.err" >&2; echo "bench: the parse floor failed" >&2; exit 2; }
    if [ "$r" = 1 ] || faster "$d/f.time" "$d/floor.time"; then
      mv "$d/f.time" "$d/floor.time"; mv "$d/f.out" "$d/floor.out"
    fi
    rm -rf "$repo/.archgate-cache"  # a cold run (harmless before the cache exists)
    status=0
    warm "$repo"
    timed "$d/c.time" "$d/c.json" "$d/c.err" "$archgate" check "$repo" --timings --format json --jobs "$jobs" || status=$?
    if [ "$status" -gt 1 ]; then
      cat "$d/c.err" >&2
      echo "bench: archgate check failed with exit code $status at N=$n" >&2
      exit 2
    fi
    python3 "$here/bench/report.py" verify "$d/expected.txt" "$d/c.json" || exit 1
    if [ "$r" = 1 ] || faster "$d/c.time" "$d/check.time"; then
      mv "$d/c.time" "$d/check.time"; mv "$d/c.json" "$d/check.json"; mv "$d/c.err" "$d/check.err"
    fi
  done
  # Repeated runs (the cache of SPEC §10): the same check again on the
  # unchanged repository, then a pre-commit run — `check --staged` after a
  # commit whose hook run filled the cache — with three files changed: an
  # OpenAPI file and a source file edited, a migration added.
  for r in $(seq "$runs"); do
    warm "$repo" && warm_cache "$repo"
    timed "$d/w.time" "$d/w.json" "$d/w.err" "$archgate" check "$repo" --timings --format json --jobs "$jobs" ||
      [ $? -le 1 ] || { cat "$d/w.err" >&2; exit 2; }
    python3 "$here/bench/report.py" verify "$d/expected.txt" "$d/w.json" || exit 1
    if [ "$r" = 1 ] || faster "$d/w.time" "$d/warm.time"; then
      mv "$d/w.time" "$d/warm.time"; mv "$d/w.json" "$d/warm.json"; mv "$d/w.err" "$d/warm.err"
    fi
  done
  git_quiet() { git -C "$repo" -c gc.auto=0 -c user.name=bench -c user.email=bench@example.invalid -c commit.gpgsign=false "$@" >/dev/null; }
  git_quiet init -q -b main && git_quiet add -A && git_quiet commit -q -m corpus
  # Packed, as a clone is (git's automatic gc, off here, would pack these
  # 28,000 loose objects too); --staged then reads HEAD's trees from a pack.
  git_quiet repack -adq
  "$archgate" check "$repo" --staged --format json --jobs "$jobs" >/dev/null 2>&1 || true
  a=svc-$(( n / 2 )) b=svc-$(( n / 2 + 1 )) c=svc-$(( n / 2 + 2 ))
  printf '# reviewed by the benchmark\n' >>"$repo/services/$a/openapi.yaml"
  src=$(find "$repo/services/$b/src" -type f | sort | head -1)
  printf '\n// reviewed by the benchmark\n' >>"$src"
  printf -- '-- rollback: nothing to undo\nSELECT 1;\n' >"$repo/services/$c/migrations/0099_benchmark_note.up.sql"
  git_quiet add -A
  : >"$d/none.txt"  # only new findings count, and the change brings none
  # Each repetition starts from the cache as the hook of the last commit left
  # it (a copy is put back), so none of them finds the changed files cached.
  cp -a "$repo/.archgate-cache" "$d/cache-at-commit"
  for r in $(seq "$runs"); do
    rm -rf "$repo/.archgate-cache" && cp -a "$d/cache-at-commit" "$repo/.archgate-cache"
    warm "$repo" && { find "$repo/.git" -type f -print0 | xargs -0 cat >/dev/null 2>&1 || true; }
    timed "$d/s.time" "$d/s.json" "$d/s.err" "$archgate" check "$repo" --staged --timings --format json \
      --jobs "$jobs" || [ $? -le 1 ] || { cat "$d/s.err" >&2; exit 2; }
    python3 "$here/bench/report.py" verify "$d/none.txt" "$d/s.json" || exit 1
    if [ "$r" = 1 ] || faster "$d/s.time" "$d/staged.time"; then
      mv "$d/s.time" "$d/staged.time"; mv "$d/s.json" "$d/staged.json"; mv "$d/s.err" "$d/staged.err"
    fi
  done
  rm -rf "$d/cache-at-commit"
  dirs+=("$d")
done

echo "archgate benchmark: seed $seed, $(nproc) cores, --jobs $jobs, $build_note"
echo "load average (1 min) before: $load_before, after: $(load) (other processes on these cores inflate wall times)"
echo "findings: exactly the planted ones, nothing else, in every run (and none new in the --staged run)"
python3 "$here/bench/report.py" table "${dirs[@]}"
