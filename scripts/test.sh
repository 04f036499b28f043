#!/usr/bin/env bash
# Quick start (b): install what is missing, build, and run every test — then
# again under AddressSanitizer and UndefinedBehaviorSanitizer, then every
# fuzz target for a short budget (scripts/fuzz.sh --ci, docs/fuzzing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh --tests
# The schemas the format tests validate against, pinned by package-lock.json.
(cd tests/validators && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
jobs=$(nproc)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$jobs"
(cd build && ctest --output-on-failure -j "$jobs")
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DARCHGATE_SANITIZE=ON \
  -DARCHGATE_REFERENCE_SYSTEM=OFF >/dev/null
cmake --build build-asan -j "$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --output-on-failure -j "$jobs")
scripts/fuzz.sh --ci
