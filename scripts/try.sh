#!/usr/bin/env bash
# Quick start (a): install what is missing, build, and check the example.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target archgate
example=fixtures/seed-example
[ -f reference-system/service-inventory.json ] && example=reference-system
echo "\$ build/archgate check $example"
build/archgate check "$example"
