#!/usr/bin/env bash
# The work of the archgate GitHub Action, as a script that also runs outside
# GitHub (tests/github_action_test.sh runs it with a fake GITHUB_* setting):
#
#   - runs `archgate check PATH [--base REV]` once, writing the annotations
#     (github format, capped as GitHub shows them) to standard output and the
#     SARIF file for code scanning;
#   - archgate itself appends the counts to $GITHUB_OUTPUT and the table to
#     $GITHUB_STEP_SUMMARY (under GITHUB_ACTIONS=true); this script adds
#     `exit-code` and `sarif`;
#   - exits with archgate's code: 0 clean, 1 findings at or above fail-on, 2
#     (or anything else) when archgate could not judge, which never passes.
#
#   - compares with the event's base when the base input is empty: a pull
#     request's base commit, a merge group's base; a push checks everything;
#   - says whether the SARIF file can be uploaded (`upload-sarif`): not from
#     a fork's pull request, whose token cannot write code scanning results.
#
# Settings (environment): ARCHGATE_BIN (default: archgate on PATH),
# ARCHGATE_PATH (.), ARCHGATE_CONFIG, ARCHGATE_FAIL_ON (error), ARCHGATE_BASE
# (empty: from the event), ARCHGATE_BASELINE, ARCHGATE_ARGS (more options,
# split at spaces), ARCHGATE_SARIF (archgate.sarif); GITHUB_WORKSPACE
# (default: the current folder), GITHUB_EVENT_NAME, GITHUB_EVENT_PATH,
# GITHUB_OUTPUT, GITHUB_STEP_SUMMARY.
set -uo pipefail

binary=${ARCHGATE_BIN:-archgate}
checked=${ARCHGATE_PATH:-.}
fail_on=${ARCHGATE_FAIL_ON:-error}
base=${ARCHGATE_BASE:-}
config=${ARCHGATE_CONFIG:-}
baseline=${ARCHGATE_BASELINE:-}
read -r -a extra_args <<<"${ARCHGATE_ARGS:-}"
sarif=${ARCHGATE_SARIF:-archgate.sarif}
event=${GITHUB_EVENT_NAME:-}
event_path=${GITHUB_EVENT_PATH:-}
scratch=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/archgate-action.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

output() {  # NAME VALUE -> $GITHUB_OUTPUT
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1=$2" >>"$GITHUB_OUTPUT"; fi
}

escape() {  # workflow-command message escaping: % CR LF
  local text=${1//'%'/'%25'}
  text=${text//$'\r'/'%0D'}
  printf '%s' "${text//$'\n'/'%0A'}"
}

# A run that could not judge: one annotation, a summary line, exit 2.
cannot_judge() {
  echo "::error title=archgate could not check this change::$(escape "$1")"
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    printf '## archgate\n\n**archgate could not check this change** (the job fails):\n\n```\n%s\n```\n' "$1" \
      >>"$GITHUB_STEP_SUMMARY"
  fi
  output exit-code 2
  exit 2
}

# One field of the event's JSON (a dotted path), or nothing.
event_field() {
  [ -n "$event_path" ] && [ -f "$event_path" ] || return 0
  python3 - "$event_path" "$1" <<'PY' 2>/dev/null
import json, sys
node = json.load(open(sys.argv[1], encoding="utf-8"))
for part in sys.argv[2].split("."):
    node = node.get(part) if isinstance(node, dict) else None
if isinstance(node, (str, int)) and not isinstance(node, bool):
    print(node)
PY
}

cd "${GITHUB_WORKSPACE:-.}" || cannot_judge "cannot enter the workspace ${GITHUB_WORKSPACE:-}"
# archgate names files relative to the workspace in annotations and the summary.
GITHUB_WORKSPACE=$(pwd -P)
export GITHUB_WORKSPACE

if [ -z "$base" ]; then
  case $event in
    pull_request | pull_request_target) base=$(event_field pull_request.base.sha) ;;
    merge_group) base=$(event_field merge_group.base_sha) ;;
  esac
fi

# A fork's pull request gets a read-only token: the upload would fail.
upload=true
if [ "$event" = pull_request ] || [ "$event" = pull_request_target ]; then
  head_repo=$(event_field pull_request.head.repo.full_name)
  base_repo=$(event_field pull_request.base.repo.full_name)
  if [ -n "$head_repo" ] && [ -n "$base_repo" ] && [ "$head_repo" != "$base_repo" ]; then
    upload=false
    echo "::notice title=archgate::The SARIF file is not uploaded to code scanning: pull requests from forks (here $(escape "$head_repo")) get a token that cannot write it. The annotations and the job summary show the findings."
    if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
      printf 'The SARIF file was not uploaded: this pull request comes from a fork (%s), whose token cannot write code scanning results.\n\n' \
        "$head_repo" >>"$GITHUB_STEP_SUMMARY"
    fi
  fi
fi
case $fail_on in
  error | warning | note | never) ;;
  *) cannot_judge "fail-on must be error, warning, note or never (got \"$fail_on\")" ;;
esac
if ! command -v "$binary" >/dev/null 2>&1; then
  cannot_judge "no archgate binary at \"$binary\" (set the action's archgate input, or let it build archgate)"
fi
[ -d "$checked" ] || cannot_judge "path \"$checked\" is not a folder of the workspace"

# Findings are reported relative to the checked folder; GitHub wants paths
# relative to the repository (the workspace).
workspace_real=$(pwd -P)
checked_real=$(cd "$checked" && pwd -P)
prefix=""
case $checked_real in
  "$workspace_real"/*) prefix=${checked_real#"$workspace_real"/}/ ;;
esac

args=(check "$checked" --fail-on "$fail_on" --format github --format "sarif=$scratch/archgate.sarif" --no-color)
[ -n "$config" ] && args+=(--config "$config")
[ -n "$base" ] && args+=(--base "$base")
[ -n "$baseline" ] && args+=(--baseline "$baseline")
args+=("${extra_args[@]+"${extra_args[@]}"}")

"$binary" "${args[@]}" >"$scratch/annotations" 2>"$scratch/stderr"
code=$?
cat "$scratch/stderr" >&2
if [ $code -ne 0 ] && [ $code -ne 1 ]; then
  message=$(cat "$scratch/stderr")
  [ -n "$message" ] || message="archgate ended with exit code $code"
  if [ -n "$base" ] && grep -q -- "--base" <<<"$message"; then
    message+=$'\n'"(the checkout must hold the base commit $base: use actions/checkout with fetch-depth: 0)"
  fi
  cannot_judge "$message"
fi

# The annotations (archgate wrote their paths relative to the workspace).
cat "$scratch/annotations"

# The SARIF file, with repository-relative URIs.
mkdir -p "$(dirname "$sarif")"
if [ -n "$prefix" ]; then
  python3 - "$scratch/archgate.sarif" "$sarif" "$prefix" <<'PY' || cannot_judge "cannot rewrite the SARIF paths"
import json, sys
source, target, prefix = sys.argv[1:4]
with open(source, encoding="utf-8") as f:
    sarif = json.load(f)
def visit(node):
    if isinstance(node, dict):
        location = node.get("artifactLocation")
        if isinstance(location, dict) and isinstance(location.get("uri"), str):
            location["uri"] = prefix + location["uri"]
        for value in node.values():
            visit(value)
    elif isinstance(node, list):
        for value in node:
            visit(value)
visit(sarif)
with open(target, "w", encoding="utf-8") as f:
    json.dump(sarif, f, indent=2)
PY
else
  cp "$scratch/archgate.sarif" "$sarif" || cannot_judge "cannot write $sarif"
fi

output sarif "$sarif"
output upload-sarif "$upload"
output exit-code "$code"
exit $code
