#!/usr/bin/env bash
# The GitHub Action's script (github-action/run.sh) run locally with a fake
# GITHUB_* environment on real git repositories: it must write valid SARIF,
# the annotations (capped as GitHub shows them), $GITHUB_OUTPUT and the
# $GITHUB_STEP_SUMMARY table, fail on a seeded violation, and never pass when
# archgate cannot judge.
#
# Usage: tests/github_action_test.sh ARCHGATE_BINARY SOURCE_DIR [VALIDATORS_DIR]
set -u
archgate=$(realpath "$1")
source_dir=$(realpath "$2")
validators=${3:-}
run_sh=$source_dir/github-action/run.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/archgate-action-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.invalid
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.invalid

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
ok() { echo "ok   $*"; }

# A repository whose compose.yaml has the two inventory services (healthy)
# plus one unhealthy service per extra name.
write_repo() {  # DIR EXTRA...
  local dir=$1
  shift
  mkdir -p "$dir"
  cat >"$dir/service-inventory.json" <<'EOF'
{ "services": [
    { "name": "order-service", "owns": ["orders"], "mayCall": [], "mustNot": [] },
    { "name": "payment-service", "owns": ["payments"], "mayCall": [], "mustNot": [] } ] }
EOF
  echo "select: [AG301]" >"$dir/archgate.yaml"
  {
    echo "services:"
    for s in order-service payment-service; do
      printf '  %s:\n    image: example/%s:1\n    healthcheck:\n      test: ["CMD", "true"]\n' "$s" "$s"
    done
    for s in "$@"; do printf '  %s:\n    image: example/%s:1\n' "$s" "$s"; done
  } >"$dir/compose.yaml"
}

# run_action NAME WORKSPACE [VAR=VALUE...]: runs run.sh like the action does;
# leaves $out (stdout), $outputs ($GITHUB_OUTPUT), $summary and $code.
run_action() {
  local name=$1 workspace=$2
  shift 2
  out=$work/$name.stdout
  outputs=$work/$name.outputs
  summary=$work/$name.summary
  : >"$outputs"
  : >"$summary"
  env GITHUB_ACTIONS=true GITHUB_WORKSPACE="$workspace" GITHUB_OUTPUT="$outputs" GITHUB_STEP_SUMMARY="$summary" \
    RUNNER_TEMP="$work" ARCHGATE_BIN="$archgate" ARCHGATE_SARIF="$name.sarif" "$@" \
    bash "$run_sh" >"$out" 2>"$work/$name.stderr"
  code=$?
}

expect() {  # NAME CONDITION-DESCRIPTION COMMAND...
  local name=$1 what=$2
  shift 2
  if "$@"; then ok "$name: $what"; else fail "$name: $what"; fi
}

has_line() { grep -Eq -- "$2" "$1"; }

sarif_ok() {  # FILE RESULTS URI_PREFIX
  python3 - "$1" "$2" "$3" "$validators" <<'PY'
import json, os, sys
path, results, prefix, validators = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
with open(path, encoding="utf-8") as f:
    sarif = json.load(f)
assert sarif["version"] == "2.1.0", sarif.get("version")
run = sarif["runs"][0]
assert run["tool"]["driver"]["name"] == "archgate"
assert len(run["results"]) == results, (len(run["results"]), results)
for r in run["results"]:
    uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.startswith(prefix + "compose.yaml"), uri
    assert r["partialFingerprints"], r
schema = os.path.join(validators, "node_modules", "@microsoft", "jest-sarif", "lib", "schemas", "sarif-2.1.0-rtm.5.json")
if validators and os.path.exists(schema):
    import jsonschema
    with open(schema, encoding="utf-8") as f:
        errors = list(jsonschema.Draft4Validator(json.load(f)).iter_errors(sarif))
    assert not errors, errors[0].message
PY
}

# --- a pull request that adds a violation --------------------------------------
repo=$work/pr
write_repo "$repo" legacy
git -C "$repo" init -q -b main && git -C "$repo" add -A && git -C "$repo" commit -q -m base
git -C "$repo" checkout -q -b feature
write_repo "$repo" legacy audit
git -C "$repo" commit -q -am "add audit"
run_action pr "$repo" ARCHGATE_BASE=main
expect pr "exits 1 on the new violation" [ "$code" = 1 ]
expect pr "annotates the new violation" has_line "$out" '^::error file=compose\.yaml,line=[0-9]+,endLine=[0-9]+,col=3,endColumn=[0-9]+,title=AG301 missing-healthcheck::service "audit"'
expect pr "does not annotate the old one" bash -c "! grep -q legacy '$out'"
expect pr "writes the counts" has_line "$outputs" '^errors=1$'
expect pr "writes preexisting" has_line "$outputs" '^preexisting=1$'
expect pr "writes the exit code" has_line "$outputs" '^exit-code=1$'
expect pr "writes the SARIF path" has_line "$outputs" '^sarif=pr\.sarif$'
expect pr "writes the summary table" has_line "$summary" '^\| errors \| warnings \| notes \| files \| services \|$'
expect pr "the summary counts the old finding" has_line "$summary" '1 finding already in the merge base with main'
expect pr "the summary lists the finding" has_line "$summary" 'AG301 missing-healthcheck .*compose\.yaml'
expect pr "writes valid SARIF" sarif_ok "$repo/pr.sarif" 1 ""

# --- clean, fail-on, old findings only -----------------------------------------
git -C "$repo" checkout -q main
run_action main "$repo"
expect main "a full check without base fails on the violation on main" [ "$code" = 1 ]
run_action never "$repo" ARCHGATE_FAIL_ON=never
expect never "fail-on never passes" [ "$code" = 0 ]
git -C "$repo" checkout -q -b docs
echo "# a comment" >>"$repo/compose.yaml"
git -C "$repo" commit -q -am "docs"
run_action old "$repo" ARCHGATE_BASE=main
expect old "only old findings: passes" [ "$code" = 0 ]
expect old "no annotation" bash -c "! grep -q '^::error' '$out'"
expect old "valid SARIF with no result" sarif_ok "$repo/old.sarif" 0 ""

# --- the annotation cap -----------------------------------------------------------
many=()
for i in $(seq 1 14); do many+=("extra-$i"); done
repo=$work/many
write_repo "$repo" "${many[@]}"
git -C "$repo" init -q -b main && git -C "$repo" add -A && git -C "$repo" commit -q -m base
run_action many "$repo"
expect many "fails" [ "$code" = 1 ]
expect many "10 annotations of a kind" [ "$(grep -c '^::error ' "$out")" = 10 ]
expect many "the last one says how many more" has_line "$out" '4 more findings not shown as annotations'
expect many "every finding in the summary" [ "$(grep -c 'AG301 missing-healthcheck' "$summary")" = 14 ]
expect many "every finding in the SARIF" sarif_ok "$repo/many.sarif" 14 ""

# --- a subfolder: paths relative to the repository -----------------------------
repo=$work/mono
write_repo "$repo/platform" audit
git -C "$repo" init -q -b main && git -C "$repo" add -A && git -C "$repo" commit -q -m base
run_action mono "$repo" ARCHGATE_PATH=platform
expect mono "fails" [ "$code" = 1 ]
expect mono "annotation paths start at the repository" has_line "$out" '^::error file=platform/compose\.yaml,'
expect mono "SARIF paths start at the repository" sarif_ok "$repo/mono.sarif" 1 "platform/"

# --- archgate cannot judge: never passes ------------------------------------------
run_action missing "$repo" ARCHGATE_BIN=/nonexistent/archgate
expect missing "no binary is exit 2" [ "$code" = 2 ]
expect missing "and an error annotation" has_line "$out" '^::error title=archgate could not check this change::'
expect missing "and exit-code=2" has_line "$outputs" '^exit-code=2$'
run_action unknown-base "$repo" ARCHGATE_PATH=platform ARCHGATE_BASE=0123456789abcdef0123456789abcdef01234567
expect unknown-base "a base commit the clone lacks is exit 2" [ "$code" = 2 ]
expect unknown-base "with the fetch-depth hint" has_line "$out" 'fetch-depth: 0'
expect unknown-base "and a summary line" has_line "$summary" 'could not check this change'
mkdir -p "$work/no-inventory"
git -C "$work/no-inventory" init -q -b main
run_action no-inventory "$work/no-inventory"
expect no-inventory "no inventory is exit 2" [ "$code" = 2 ]
run_action bad-fail-on "$repo" ARCHGATE_FAIL_ON=sometimes
expect bad-fail-on "a bad fail-on is exit 2" [ "$code" = 2 ]

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all action tests passed"
