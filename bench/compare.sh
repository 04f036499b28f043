#!/usr/bin/env bash
# Times archgate next to the single-artifact linters a team would otherwise run
# on the same repository, each once, cold, under /usr/bin/time:
#
#   archgate  archgate check REPO --format json        everything, cross-artifact rules
#   spectral  spectral lint 'services/*/openapi.yaml'  OpenAPI only (spectral:oas)
#   redocly   redocly lint services/*/openapi.yaml     OpenAPI only (recommended)
#   dclint    dclint compose.yaml                      Compose only
#   squawk    squawk 'services/*/migrations/*.sql'     SQL migrations only
#
# Usage: bench/compare.sh REPO
#   REPO is a repository made by bench/generate_services.py (services/*/...).
# Install the linters first (npm registry only; versions pinned in the lock):
#   (cd bench/compare && npm ci --no-audit --no-fund)
# Environment:
#   ARCHGATE          archgate binary (default: build-release/archgate)
#   COMPARE_TOOLS     which tools, in order (default: archgate spectral redocly dclint squawk)
#   COMPARE_TIMEOUT   seconds before a tool is stopped (default: 600)
#   COMPARE_LOGS      directory for each tool's output (default: a temporary one, kept)
#
# Prints one row per tool: name, version, what it read, wall seconds, CPU
# seconds (user+sys, all processes), peak resident MiB (largest single process),
# exit status. A non-zero status of a linter usually means it found problems
# (these rulesets flag the generated files); 124 means it was stopped.
set -uo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
[ $# -eq 1 ] || { sed -n '2,24p' "$0" >&2; exit 2; }
repo=$(cd "$1" && pwd) || exit 2
[ -d "$repo/services" ] || { echo "$repo has no services/ directory" >&2; exit 2; }

archgate=${ARCHGATE:-$here/build-release/archgate}
case $archgate in /*) ;; *) archgate=$(pwd)/$archgate ;; esac
tools=${COMPARE_TOOLS:-archgate spectral redocly dclint squawk}
limit=${COMPARE_TIMEOUT:-600}
logs=${COMPARE_LOGS:-$(mktemp -d "${TMPDIR:-/tmp}/archgate-compare.XXXXXX")}
mkdir -p "$logs"
bin=$here/bench/compare/node_modules/.bin
squawk=$here/bench/compare/node_modules/@squawk-cli/linux-x64/bin/squawk

# No linter may reach the network during a timed run: Redocly sends usage
# telemetry and checks for updates unless told not to; the others make no
# connection (checked with strace on this corpus).
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
export NO_UPDATE_NOTIFIER=1 SCARF_ANALYTICS=false DO_NOT_TRACK=1
export NO_COLOR=1

# Spectral needs a ruleset file; this one is the built-in OpenAPI ruleset,
# what `.spectral.yaml` with `extends: ["spectral:oas"]` gives a user.
ruleset=$logs/spectral-oas.yaml
printf 'extends: ["spectral:oas"]\n' > "$ruleset"

count() { compgen -G "$1" | wc -l; }
openapi_files=$(cd "$repo" && count 'services/*/openapi.yaml')
sql_files=$(cd "$repo" && count 'services/*/migrations/*.sql')
repo_files=$(find "$repo" -path "$repo/.git" -prune -o -path "$repo/.archgate-cache" -prune \
  -o -type f -print | wc -l)

version() {  # first line that looks like a version number
  "$@" 2>/dev/null | grep -Eom1 '[0-9]+\.[0-9]+\.[0-9]+' || echo '?'
}

row() { printf '%-9s %-8s %-30s %9s %9s %9s %s\n' "$@"; }

# run NAME VERSION COVERED COMMAND...: times COMMAND in REPO, output to the log.
run() {
  local name=$1 ver=$2 covered=$3; shift 3
  local stats=$logs/$name.time
  ( cd "$repo" && /usr/bin/time -f '%e %U %S %M %x' -o "$stats" \
      timeout --kill-after=10 "$limit" "$@" ) > "$logs/$name.out" 2>&1
  local wall user sys rss status
  read -r wall user sys rss status < <(tail -n 1 "$stats")
  local cpu mib
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  mib=$(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }')
  if [ "$status" = 124 ] || [ "$status" = 137 ]; then
    row "$name" "$ver" "$covered" "> $limit" "$cpu" "$mib" "stopped after ${limit} s"
  else
    row "$name" "$ver" "$covered" "$wall" "$cpu" "$mib" "$status"
  fi
}

missing() { row "$1" '-' "$2" '-' '-' '-' "not installed (cd bench/compare && npm ci)"; }

services=$(find "$repo/services" -mindepth 1 -maxdepth 1 -type d | wc -l)
echo "# $repo: $services services, $repo_files files; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) before"
echo "# output of each tool: $logs"
row tool version covered 'wall s' 'cpu s' 'peak MiB' 'exit status'

for tool in $tools; do
  case $tool in
    archgate)
      if [ ! -x "$archgate" ]; then
        row archgate '-' '' '-' '-' '-' "no binary at $archgate (set ARCHGATE)"; continue
      fi
      rm -rf "$repo/.archgate-cache"
      run archgate "$(version "$archgate" --version)" "whole repo, $repo_files files" \
        sh -c 'exec "$0" check "$1" --format json > /dev/null' "$archgate" "$repo" ;;
    spectral)
      [ -x "$bin/spectral" ] || { missing spectral "$openapi_files openapi.yaml"; continue; }
      run spectral "$(version "$bin/spectral" --version)" "$openapi_files openapi.yaml" \
        "$bin/spectral" lint --ruleset "$ruleset" 'services/*/openapi.yaml' ;;
    redocly)
      [ -x "$bin/redocly" ] || { missing redocly "$openapi_files openapi.yaml"; continue; }
      # The shell expands the glob, as a user typing it would.
      run redocly "$(version "$bin/redocly" --version)" "$openapi_files openapi.yaml" \
        sh -c 'exec "$0" lint services/*/openapi.yaml' "$bin/redocly" ;;
    dclint)
      [ -x "$bin/dclint" ] || { missing dclint "1 compose.yaml"; continue; }
      run dclint "$(version "$bin/dclint" --version)" "1 compose.yaml ($services services)" \
        "$bin/dclint" compose.yaml ;;
    squawk)
      [ -x "$squawk" ] || { missing squawk "$sql_files .sql"; continue; }
      run squawk "$(version "$squawk" --version)" "$sql_files migrations .sql" \
        "$squawk" 'services/*/migrations/*.sql' ;;
    *) echo "unknown tool: $tool" >&2; exit 2 ;;
  esac
done
rm -rf "$repo/.archgate-cache"
