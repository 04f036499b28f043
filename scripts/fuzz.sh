#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (build-fuzz/), replays the
# regression inputs of fuzz/regressions/, then runs each target for a time
# budget on a corpus seeded from the repository's fixtures (docs/fuzzing.md).
#
#   scripts/fuzz.sh [--budget SECONDS] [--jobs N] [--ci] [target ...]
#
#   --budget SECONDS  time per target (default 60)
#   --jobs N          targets run at once, and build jobs (default 1)
#   --ci              the CI step (scripts/test.sh): 10 s per target, as many
#                     at a time as there are cores unless --jobs says
#                     otherwise
#   target ...        e.g. yaml_fuzz sql_fuzz (default: every fuzz/*_fuzz.cpp)
#
# The grown corpus stays in build-fuzz/corpus/<target>; a crash, hang, leak or
# out-of-memory input is saved under build-fuzz/crashes/<target>/ and its path
# printed, and the script exits non-zero. Every run is appended to
# build-fuzz/logs/runs.tsv (time, target, budget, runs, exec/s, coverage,
# corpus size, exit status). Extra libFuzzer flags can be given in FUZZ_FLAGS
# (e.g. FUZZ_FLAGS=-dict=my.dict).
set -euo pipefail
cd "$(dirname "$0")/.."

budget=60
jobs=
ci=0
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --budget) budget="$2"; shift 2 ;;
    --budget=*) budget="${1#*=}"; shift ;;
    --jobs) jobs="$2"; shift 2 ;;
    --jobs=*) jobs="${1#*=}"; shift ;;
    --ci) ci=1; shift ;;
    -h|--help) sed -n "2,19p" "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("${1%.cpp}"); shift ;;
  esac
done
if [ "$ci" -eq 1 ]; then
  # Measured in docs/fuzzing.md: the build is most of the step.
  budget=10
  jobs=${jobs:-$(nproc)}
fi
jobs=${jobs:-1}
case "$budget$jobs" in *[!0-9]*) echo "fuzz.sh: --budget and --jobs take whole numbers" >&2; exit 2 ;; esac
if [ ${#targets[@]} -eq 0 ]; then
  for f in fuzz/*_fuzz.cpp; do targets+=("$(basename "$f" .cpp)"); done
fi
for t in "${targets[@]}"; do
  [ -f "fuzz/$t.cpp" ] || { echo "fuzz.sh: no target fuzz/$t.cpp" >&2; exit 2; }
done

cxx=${FUZZ_CXX:-$(command -v clang++ || command -v clang++-14 || true)}
[ -n "$cxx" ] || { echo "fuzz.sh: clang++ not found (apt-get install clang libclang-rt-dev)" >&2; exit 2; }
build=build-fuzz
start=$(date +%s)
cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" -DARCHGATE_FUZZ=ON -DARCHGATE_TESTS=OFF \
  -DARCHGATE_REFERENCE_SYSTEM=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only -D_GLIBCXX_ASSERTIONS" >/dev/null
build_targets=("${targets[@]}")
[[ " ${targets[*]} " == *" cache_fuzz "* ]] && build_targets+=(cache_seeds)
cmake --build "$build" --target "${build_targets[@]}" -j "$jobs"
echo "fuzz.sh: built in $(( $(date +%s) - start )) s"

# Seeds from the fixtures; cache_fuzz's are cache entries made from them.
python3 fuzz/make_corpora.py "$build/corpus" "${targets[@]}" >/dev/null
if [[ " ${targets[*]} " == *" cache_fuzz "* ]]; then
  "$build/fuzz/cache_seeds" "$build/corpus/cache_fuzz" fixtures reference-system tests/data
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:handle_abort=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
flags=(-timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1)
# shellcheck disable=SC2206
[ -n "${FUZZ_FLAGS:-}" ] && flags+=($FUZZ_FLAGS)
logs="$build/logs"
mkdir -p "$logs"
failed=0

# Every regression input, once: a fixed crash must stay fixed.
for t in "${targets[@]}"; do
  inputs=(fuzz/regressions/"$t"/*)
  [ -e "${inputs[0]}" ] || continue
  if ! "$build/fuzz/$t" "${flags[@]}" "${inputs[@]}" >"$logs/$t.replay.log" 2>&1; then
    echo "fuzz.sh: $t: a regression input fails again (see $logs/$t.replay.log)" >&2
    failed=1
  fi
done

# One target for the budget; its summary line goes to $logs/<target>.summary.
run_target() {
  local t=$1 corpus="$build/corpus/$1" crashes="$build/crashes/$1/" log="$logs/$1.log"
  mkdir -p "$corpus" "$crashes"
  local status=0
  "$build/fuzz/$t" "${flags[@]}" -max_total_time="$budget" -artifact_prefix="$crashes" "$corpus" \
    >"$log" 2>&1 || status=$?
  local runs rate units cov0 cov1 found
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  units=$(sed -n 's/^stat::new_units_added: *//p' "$log" | tail -1)
  cov0=$(grep -m1 -o 'INITED cov: [0-9]*' "$log" | grep -o '[0-9]*$' || true)
  cov1=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
  found=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tr '\n' ' ')
  printf '%-22s runs %10s  exec/s %6s  cov %6s -> %-6s new units %5s  corpus %5s  %s\n' "$t" "${runs:-?}" \
    "${rate:-?}" "${cov0:-?}" "${cov1:-?}" "${units:-?}" "$(find "$corpus" -type f | wc -l)" \
    "$([ "$status" -eq 0 ] && echo "ok" || echo "CRASH (exit $status): ${found:-see $log}")" >"$logs/$t.summary"
  # Every run, for the table in docs/fuzzing.md.
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$budget" "${runs:-?}" "${rate:-?}" \
    "${cov1:-?}" "$(find "$corpus" -type f | wc -l)" "$status" >>"$logs/runs.tsv"
}

echo "fuzz.sh: ${#targets[@]} targets, $budget s each, $jobs at a time"
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  rm -f "$logs/$t.summary"
  run_target "$t" &
done
wait || true
for t in "${targets[@]}"; do
  if [ -f "$logs/$t.summary" ]; then cat "$logs/$t.summary"; else echo "$t: did not finish"; fi
  grep -q ' ok$' "$logs/$t.summary" 2>/dev/null || failed=1
done
echo "fuzz.sh: done in $(( $(date +%s) - start )) s"
exit "$failed"
