#!/usr/bin/env bash
# Prints how long archgate takes in its git modes on a generated repository of
# N services (default 300), next to a full check of the same repository:
#
#   full check      archgate check REPO               (working tree)
#   --staged        one staged edit                   (pre-commit)
#   --base          a small PR: one commit on a branch (CI)
#
# Usage: bench/git_bench.sh [ARCHGATE_BINARY] [SERVICES] [RUNS]
# Build the Release binary first:
#   cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DARCHGATE_TESTS=OFF \
#     -DARCHGATE_REFERENCE_SYSTEM=OFF && cmake --build build-release
# The repository is generated under $TMPDIR and removed afterwards (keep it
# with KEEP=1). The figures are the best of RUNS runs (default 3), each with
# --no-cache: what a run costs without the cache (bench/run.sh measures the
# cache's repeated and --staged runs).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
binary=${1:-$here/build-release/archgate}
services=${2:-300}
runs=${3:-3}
[ -x "$binary" ] || { echo "no archgate binary at $binary (build the Release preset first)" >&2; exit 2; }
command -v git >/dev/null || { echo "the benchmark builds its repository with git" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/archgate-git-bench.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
repo=$work/repo

python3 "$here/bench/generate_services.py" "$repo" "$services" --clean

export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid
git -C "$repo" init -q -b main
git -C "$repo" add -A
git -C "$repo" commit -q -m "generated repository"
git -C "$repo" repack -adq  # packed, like a clone

# A small PR: a branch with one commit touching two files of one service.
git -C "$repo" checkout -q -b feature
table=$(sed -n 's/^CREATE TABLE \(svc_7_[a-z_]*\) .*/\1/p' "$repo"/services/svc-7/migrations/0001_*.up.sql)
printf 'ALTER TABLE %s ADD COLUMN note text;\n' "$table" > "$repo/services/svc-7/migrations/0011_note.up.sql"
printf 'ALTER TABLE %s DROP COLUMN note;\n' "$table" > "$repo/services/svc-7/migrations/0011_note.down.sql"
sed -i 's/summary: Liveness and readiness$/summary: Liveness and readiness probe/' "$repo/services/svc-7/openapi.yaml"
git -C "$repo" add -A
git -C "$repo" commit -q -m "svc-7: a note column"

# One staged edit on top (pre-commit).
printf '\n// a staged comment\n' >> "$repo/services/svc-12/src/handlers.js"
git -C "$repo" add services/svc-12/src/handlers.js

files=$(git -C "$repo" ls-files | wc -l)
# Best of RUNS runs by wall time: "WALL_MS CPU_MS" (CPU = user + system, all threads).
measure() {
  local best="" line
  for _ in $(seq "$runs"); do
    line=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>&1; } 2>&1 | tail -1 | awk '{printf "%d %d", $1 * 1000, ($2 + $3) * 1000}')
    if [ -z "$best" ] || [ "${line%% *}" -lt "${best%% *}" ]; then best=$line; fi
  done
  echo "$best"
}
row() {  # LABEL "WALL CPU"
  printf '  %-36s %8s ms wall %8s ms CPU\n' "$1" "${2%% *}" "${2##* }"
}

full=$(measure "$binary" check "$repo" --format json --no-cache)
staged=$(measure "$binary" check "$repo" --staged --format json --no-cache)
base=$(measure "$binary" check "$repo" --base main --format json --no-cache)

echo "archgate git modes: $services services, $files files, $(nproc) cores, best of $runs runs"
row "full check (working tree)" "$full"
row "--staged (1 staged file)" "$staged"
row "--base main (1 commit, 3 files)" "$base"
