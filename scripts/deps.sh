#!/usr/bin/env bash
# Installs the Debian packages archgate builds with, when any is missing.
set -euo pipefail
packages=(build-essential cmake ninja-build pkg-config libyaml-cpp-dev nlohmann-json3-dev libgit2-dev
          libcli11-dev catch2 libpg-query-dev libcpp-httplib-dev libsqlite3-dev libssl-dev libjemalloc-dev libsimdjson-dev
          libvalijson-dev zlib1g-dev)
# The tests also validate outputs with real validators.
if [ "${1:-}" = "--tests" ]; then
  packages+=(python3 python3-jsonschema python3-yaml libxml2-utils git curl time json-schema-test-suite)
  command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
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
