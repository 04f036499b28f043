#!/usr/bin/env bash
# The one list of the Debian packages archgate needs. Installs those missing.
#
#   scripts/deps.sh [--tests] [--print]
#
#   --tests   also what the tests use (validators, git, clang's libFuzzer,
#             dpkg-dev for the package, pre-commit)
#   --print   print the list, one package a line, and install nothing
#
# The GitHub Action (github-action/build.sh), the GitLab job in docs/ci.md
# and scripts/test.sh call this script; tests/deps_test.sh fails when a
# CMakeLists.txt requires a package this list lacks.
set -euo pipefail
tests=false
print=false
for arg in "$@"; do
  case $arg in
    --tests) tests=true ;;
    --print) print=true ;;
    *) echo "usage: scripts/deps.sh [--tests] [--print]" >&2; exit 2 ;;
  esac
done
packages=(build-essential cmake ninja-build pkg-config libyaml-cpp-dev nlohmann-json3-dev libgit2-dev
          libcli11-dev catch2 libpg-query-dev libcpp-httplib-dev libsqlite3-dev libssl-dev libjemalloc-dev libsimdjson-dev
          libvalijson-dev zlib1g-dev gzip)
# The tests also validate outputs with real validators, fuzz the parsers with
# clang's libFuzzer (scripts/fuzz.sh), build the Debian package and drive the
# real pre-commit.
if $tests; then
  packages+=(python3 python3-jsonschema python3-yaml libxml2-utils git curl time json-schema-test-suite
             clang libclang-rt-dev dpkg-dev pre-commit)
  command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
fi
if $print; then
  printf '%s\n' "${packages[@]}"
  exit 0
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "archgate: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
