#!/usr/bin/env bash
# Builds archgate from the source this action lives in (its parent folder)
# with the Debian/Ubuntu packages it needs, and writes the binary's path to
# $GITHUB_OUTPUT as `binary`.
set -euo pipefail
source_dir=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${RUNNER_TEMP:-/tmp}/archgate-build
packages=(build-essential cmake ninja-build pkg-config libyaml-cpp-dev nlohmann-json3-dev libgit2-dev
          libcli11-dev libpg-query-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  echo "archgate: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
cmake -S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${ARCHGATE_BUILD_TYPE:-Release}" \
  -DARCHGATE_TESTS=OFF -DARCHGATE_REFERENCE_SYSTEM=OFF
cmake --build "$build_dir" --target archgate
"$build_dir/archgate" --version
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "binary=$build_dir/archgate" >>"$GITHUB_OUTPUT"
fi
