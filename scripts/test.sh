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
# Line tables only (-g1): a third less compile time than full debug data, and
# sanitizer reports and gdb backtraces still name file and line.
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" \
  >/dev/null
cmake --build build -j "$jobs"
(cd build && ctest --output-on-failure -j "$jobs")
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DARCHGATE_SANITIZE=ON \
  -DARCHGATE_REFERENCE_SYSTEM=OFF >/dev/null
cmake --build build-asan -j "$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --output-on-failure -j "$jobs")
scripts/fuzz.sh --ci
