#!/usr/bin/env bash
# Gets an archgate binary for the action and writes its path to
# $GITHUB_OUTPUT as `binary`:
#
#   1. when the action is used at a release tag (`uses: …/github-action@vX.Y.Z`)
#      and that release has `archgate_X.Y.Z_amd64.deb`, the package is
#      unpacked into $RUNNER_TEMP and the libraries it depends on are
#      installed (apt) when missing;
#   2. otherwise archgate is built from this action's own source (its parent
#      folder) with the Debian packages scripts/deps.sh lists, in a build
#      folder the action caches between runs (keyed by `build.sh --key`), so
#      an unchanged source only relinks nothing.
#
#   build.sh --key      prints key=<hash of the source> for the cache
#   build.sh            does the above
#
# Settings (environment): ARCHGATE_REF (the action's ref, github.action_ref),
# ARCHGATE_ACTION_REPOSITORY (github.action_repository), ARCHGATE_RELEASES_URL
# (default https://github.com/<repository>/releases/download), ARCHGATE_BUILD_DIR
# (default $RUNNER_TEMP/archgate-build), ARCHGATE_BUILD_TYPE (Release).
set -euo pipefail
source_dir=$(cd "$(dirname "$0")/.." && pwd)
temp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}

output() {  # NAME VALUE -> $GITHUB_OUTPUT
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1=$2" >>"$GITHUB_OUTPUT"; fi
}

if [ "${1:-}" = "--key" ]; then
  # Every file the build reads: a change to any of them is a new key.
  key=$(cd "$source_dir" && find . -path ./build -prune -o -path './build-*' -prune -o -path ./.git -prune -o \
          -path ./reference-system -prune -o -path ./fixtures -prune -o -path ./tests -prune -o -type f \
          \( -name '*.cpp' -o -name '*.h' -o -name '*.inc' -o -name 'CMakeLists.txt' -o -name '*.cmake' \
             -o -name deps.sh \) -print | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-32)
  output key "$key"
  echo "key=$key"
  exit 0
fi

# The released package of this version, when there is one.
from_release() {
  local ref=${ARCHGATE_REF:-} repository=${ARCHGATE_ACTION_REPOSITORY:-}
  [[ $ref =~ ^v([0-9]+\.[0-9]+\.[0-9]+)$ ]] || return 1
  local version=${BASH_REMATCH[1]}
  local base=${ARCHGATE_RELEASES_URL:-}
  if [ -z "$base" ]; then
    [ -n "$repository" ] || return 1
    base="https://github.com/$repository/releases/download"
  fi
  local deb=$temp/archgate_${version}_amd64.deb root=$temp/archgate-deb
  if ! curl --fail --silent --show-error --location --retry 2 --max-time 120 -o "$deb" \
      "$base/$ref/archgate_${version}_amd64.deb"; then
    echo "archgate: no package archgate_${version}_amd64.deb in release $ref; building from source"
    return 1
  fi
  rm -rf "$root"
  dpkg-deb -x "$deb" "$root"
  # The libraries the package depends on (first of each alternative).
  local depends missing=()
  depends=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/[[:space:]]//g' | grep -v '^$')
  for p in $depends; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    local sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    echo "archgate: installing ${missing[*]}"
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
  binary=$root/usr/bin/archgate
  "$binary" --version | grep -qx "archgate $version" || {
    echo "archgate: the package of $ref is not archgate $version" >&2
    return 1
  }
  echo "archgate: using the released package of $ref"
}

if ! from_release; then
  "$source_dir/scripts/deps.sh"
  build_dir=${ARCHGATE_BUILD_DIR:-$temp/archgate-build}
  # A build folder restored from the cache is only brought up to date.
  if [ ! -f "$build_dir/CMakeCache.txt" ]; then
    cmake -S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${ARCHGATE_BUILD_TYPE:-Release}" \
      -DARCHGATE_TESTS=OFF -DARCHGATE_REFERENCE_SYSTEM=OFF
  fi
  cmake --build "$build_dir" --target archgate
  binary=$build_dir/archgate
fi
"$binary" --version
output binary "$binary"
