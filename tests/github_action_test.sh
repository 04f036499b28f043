#!/usr/bin/env bash
# The GitHub Action's script (github-action/run.sh) run locally with a fake
# GITHUB_* environment on real git repositories: it must write valid SARIF,
# the annotations (capped as GitHub shows them), $GITHUB_OUTPUT and the
# $GITHUB_STEP_SUMMARY table, fail on a seeded violation, and never pass when
# archgate cannot judge.
#
# It also runs github-action/build.sh: its key, the released-package path
# (the real .deb of this build, served on loopback as a release would be), the
# fallback to a build from source when a release has no package, and the
# events the action knows: push, pull_request, merge_group, a fork's pull
# request.
#
# Usage: tests/github_action_test.sh ARCHGATE_BINARY SOURCE_DIR [VALIDATORS_DIR [BUILD_DIR]]
set -u
archgate=$(realpath "$1")
source_dir=$(realpath "$2")
validators=${3:-}
build_dir=${4:-}
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

# --- events: push, pull_request, merge_group, a fork ------------------------------
repo=$work/events
write_repo "$repo" legacy
git -C "$repo" init -q -b main && git -C "$repo" add -A && git -C "$repo" commit -q -m base
base_sha=$(git -C "$repo" rev-parse HEAD)
git -C "$repo" checkout -q -b feature
write_repo "$repo" legacy audit
git -C "$repo" commit -q -am "add audit"
event_file() {  # NAME JSON
  printf '%s\n' "$2" >"$work/$1.event.json"
  echo "$work/$1.event.json"
}
run_action push "$repo" GITHUB_EVENT_NAME=push GITHUB_EVENT_PATH="$(event_file push '{"ref": "refs/heads/feature"}')"
expect push "checks everything: both findings fail" [ "$(grep -c '^::error ' "$out")" = 2 ]
expect push "uploads the SARIF" has_line "$outputs" '^upload-sarif=true$'
pr_json='{"pull_request": {"base": {"sha": "'$base_sha'", "repo": {"full_name": "acme/shop"}},
          "head": {"repo": {"full_name": "acme/shop"}}}}'
run_action pull-request "$repo" GITHUB_EVENT_NAME=pull_request GITHUB_EVENT_PATH="$(event_file pr "$pr_json")"
expect pull-request "compares with the pull request's base" has_line "$outputs" '^preexisting=1$'
expect pull-request "annotates only the new finding" [ "$(grep -c '^::error ' "$out")" = 1 ]
expect pull-request "uploads the SARIF" has_line "$outputs" '^upload-sarif=true$'
run_action merge-group "$repo" GITHUB_EVENT_NAME=merge_group \
  GITHUB_EVENT_PATH="$(event_file mg '{"merge_group": {"base_sha": "'$base_sha'", "head_sha": "x"}}')"
expect merge-group "compares with the merge group's base" has_line "$outputs" '^preexisting=1$'
expect merge-group "fails on the new finding" [ "$code" = 1 ]
fork_json='{"pull_request": {"base": {"sha": "'$base_sha'", "repo": {"full_name": "acme/shop"}},
            "head": {"repo": {"full_name": "someone/shop"}}}}'
run_action fork "$repo" GITHUB_EVENT_NAME=pull_request GITHUB_EVENT_PATH="$(event_file fork "$fork_json")"
expect fork "still fails on the new finding" [ "$code" = 1 ]
expect fork "does not upload the SARIF" has_line "$outputs" '^upload-sarif=false$'
expect fork "and says why" has_line "$out" '^::notice title=archgate::The SARIF file is not uploaded.*someone/shop'
expect fork "in the summary too" has_line "$summary" 'comes from a fork'
run_action explicit-base "$repo" GITHUB_EVENT_NAME=push ARCHGATE_BASE=main
expect explicit-base "the base input wins" has_line "$outputs" '^preexisting=1$'

# --- inputs: baseline and args ------------------------------------------------------
"$archgate" baseline "$repo" --output "$repo/known.json" 2>/dev/null
run_action baseline "$repo" ARCHGATE_BASELINE=known.json
expect baseline "known findings pass" [ "$code" = 0 ]
run_action args "$repo" ARCHGATE_ARGS="--ignore AG301 --no-cache"
expect args "extra options reach archgate" [ "$code" = 0 ]
expect args "no annotation" bash -c "! grep -q '^::' '$out'"

# --- the step summary names files as the annotations do ---------------------------
expect mono "summary paths start at the repository" has_line "$work/mono.summary" '`platform/compose\.yaml:[0-9]+:3`'

# --- build.sh: the key, a released package, a build from source --------------------
if [ -z "$build_dir" ]; then
  fail "build.sh: no build folder given (the fourth argument)"
else
  build_sh=$source_dir/github-action/build.sh
  key_out=$work/key.outputs
  env GITHUB_OUTPUT="$key_out" bash "$build_sh" --key >/dev/null
  expect build-key "writes a key of the source" has_line "$key_out" '^key=[0-9a-f]{32}$'
  version=$("$archgate" --version | sed 's/^archgate //')
  # The real package of this build, where a release would keep it.
  if cmake --build "$build_dir" --target package >"$work/package.log" 2>&1 &&
     deb=$(ls "$build_dir"/archgate_"$version"_amd64.deb 2>/dev/null); then
    mkdir -p "$work/releases/v$version"
    cp "$deb" "$work/releases/v$version/"
    python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$work/releases" >"$work/http.log" 2>&1 &
    server=$!
    port=""
    for _ in $(seq 1 50); do
      port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$work/http.log" | head -1)
      [ -n "$port" ] && break
      sleep 0.1
    done
    release_out=$work/release.outputs
    env GITHUB_OUTPUT="$release_out" RUNNER_TEMP="$work" ARCHGATE_REF="v$version" \
      ARCHGATE_RELEASES_URL="http://127.0.0.1:$port" bash "$build_sh" >"$work/release.log" 2>&1
    expect build-release "uses the released package" has_line "$work/release.log" "using the released package of v$version"
    expect build-release "whose binary it names" has_line "$release_out" "^binary=$work/archgate-deb/usr/bin/archgate$"
    "$work/archgate-deb/usr/bin/archgate" check "$source_dir/fixtures/seed-example" --no-color >"$work/seed.out" 2>&1
    expect build-release "and the packaged archgate checks the seed example" has_line "$work/seed.out" 'error\[AG301 missing-healthcheck\]'
    # A release without a package (or a branch ref): built from source, in a
    # build folder restored from the cache (here: this build's own).
    source_out=$work/source.outputs
    env GITHUB_OUTPUT="$source_out" RUNNER_TEMP="$work" ARCHGATE_REF="v0.0.1" \
      ARCHGATE_RELEASES_URL="http://127.0.0.1:$port" ARCHGATE_BUILD_DIR="$build_dir" \
      bash "$build_sh" >"$work/source.log" 2>&1
    expect build-source "says the release has no package" has_line "$work/source.log" 'no package archgate_0.0.1_amd64.deb in release v0.0.1'
    expect build-source "finds every package installed (scripts/deps.sh)" bash -c "! grep -q 'installing' '$work/source.log'"
    expect build-source "names the binary it built" has_line "$source_out" "^binary=$build_dir/archgate$"
    kill "$server" 2>/dev/null
  else
    fail "build.sh: the package target did not make archgate_${version}_amd64.deb (see below)"
    tail -20 "$work/package.log"
  fi
fi

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all action tests passed"
