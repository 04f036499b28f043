#!/usr/bin/env bash
# End to end: `archgate check --staged`, `check --base REV` and the pre-commit
# hook on real git repositories built in a temporary folder with the `git`
# command (the test may run git; archgate itself reads git through libgit2).
#
# Usage: tests/git_modes_test.sh ARCHGATE_BINARY
set -u
archgate=$(realpath "$1")
work=$(mktemp -d "${TMPDIR:-/tmp}/archgate-git-modes.XXXXXX")
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.invalid
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.invalid
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# check NAME EXPECTED_EXIT [--has REGEX]... [--lacks REGEX]... -- COMMAND...
# Runs COMMAND, compares its exit code, and greps its stdout+stderr.
check() {
  local name=$1 expected=$2
  shift 2
  local has=() lacks=()
  while [ "$1" != "--" ]; do
    case $1 in
      --has) has+=("$2") ;;
      --lacks) lacks+=("$2") ;;
    esac
    shift 2
  done
  shift
  local output code
  output=$("$@" 2>&1)
  code=$?
  local ok=1
  [ "$code" = "$expected" ] || { fail "$name: exit $code, expected $expected"; ok=0; }
  for pattern in "${has[@]+"${has[@]}"}"; do
    grep -Eq -- "$pattern" <<<"$output" || { fail "$name: output lacks /$pattern/"; ok=0; }
  done
  for pattern in "${lacks[@]+"${lacks[@]}"}"; do
    grep -Eq -- "$pattern" <<<"$output" && { fail "$name: output has /$pattern/"; ok=0; }
  done
  if [ $ok = 1 ]; then
    echo "ok   $name"
  else
    echo "---- output of: $*"
    echo "$output"
    echo "----"
  fi
}

service_block() {  # NAME [healthy]
  echo "  $1:"
  echo "    image: example/$1:1"
  if [ "${2:-}" = healthy ]; then
    echo "    healthcheck:"
    echo "      test: [\"CMD\", \"true\"]"
  fi
}

# A small repository: two services, a contract, a migration; archgate.yaml
# selects the rules these tests are about, so rules added later do not
# change them.
new_repo() {
  local dir=$1
  mkdir -p "$dir/services/order-service/migrations"
  cat >"$dir/service-inventory.json" <<'EOF'
{
  "services": [
    { "name": "order-service", "owns": ["orders"], "mayCall": [], "mustNot": [] },
    { "name": "payment-service", "owns": ["payments"], "mayCall": [], "mustNot": [] }
  ]
}
EOF
  { echo "services:"; service_block order-service healthy; service_block payment-service healthy; } >"$dir/compose.yaml"
  cat >"$dir/services/order-service/openapi.yaml" <<'EOF'
openapi: 3.0.3
info: {title: orders, version: 1.0.0}
paths:
  /orders:
    get:
      responses:
        "200": {description: the orders}
    post:
      responses:
        "201": {description: created}
EOF
  echo "CREATE TABLE orders (id bigint PRIMARY KEY);" >"$dir/services/order-service/migrations/V1__orders.sql"
  echo "select: [AG301, AG308, AG404]" >"$dir/archgate.yaml"
  git -C "$dir" init -q -b main
  git -C "$dir" add -A
  git -C "$dir" commit -q -m "first"
}

compose_with() {  # DIR BLOCK...: compose.yaml with the two services and more blocks
  local dir=$1
  shift
  { echo "services:"; service_block order-service healthy; service_block payment-service healthy; for b in "$@"; do
    service_block "$b"
  done; } >"$dir/compose.yaml"
}

# --- --staged -----------------------------------------------------------------
repo=$work/staged
new_repo "$repo"
check "staged: a clean index" 0 --has "no findings" -- "$archgate" check "$repo" --staged --no-color
compose_with "$repo" audit
git -C "$repo" add compose.yaml
compose_with "$repo"  # the working tree fixes it, the index does not
check "staged: sees the staged violation the working tree fixed" 1 \
  --has 'compose.yaml:[0-9]+:3: error\[AG301 missing-healthcheck\] service "audit"' -- \
  "$archgate" check "$repo" --staged --no-color
check "staged: the working tree is clean" 0 -- "$archgate" check "$repo" --no-color
git -C "$repo" reset -q
compose_with "$repo" unstaged
printf 'services:\n  untracked:\n    image: example/untracked:1\n' >"$repo/compose.override.yaml"
check "staged: unstaged and untracked violations are invisible" 0 --lacks AG301 -- \
  "$archgate" check "$repo" --staged --no-color
check "staged: the working tree has both" 1 --has '"unstaged"' --has '"untracked"' -- \
  "$archgate" check "$repo" --no-color
rm "$repo/compose.override.yaml"
git -C "$repo" add compose.yaml && git -C "$repo" commit -q -m "an old violation"
echo "# a note" >>"$repo/services/order-service/openapi.yaml"
git -C "$repo" add -A
check "staged: a violation already in HEAD is counted, not reported" 0 \
  --has "1 already in HEAD \(not shown\)" --lacks "error\[" -- "$archgate" check "$repo" --staged --no-color

# --- files git ignores, and exclude: -------------------------------------------
# A generated Compose file in an ignored folder is seen by no mode; a tracked
# file that matches .gitignore is still checked (git tracks it); exclude:
# leaves a folder out of every mode.
repo=$work/ignored
new_repo "$repo"
printf 'generated/\n*.local.yaml\n' >"$repo/.gitignore"
printf 'compose-files: [generated/compose.yaml, tracked.local.yaml]\n' >>"$repo/archgate.yaml"
mkdir -p "$repo/generated"
printf 'services:\n  generated:\n    image: example/generated:1\n' >"$repo/generated/compose.yaml"
printf '{"services": [{"name": "generated", "owns": [], "mayCall": [], "mustNot": []}]}\n' \
  >"$repo/generated/service-inventory.json"
printf 'services:\n  kept:\n    image: example/kept:1\n' >"$repo/tracked.local.yaml"
git -C "$repo" add .gitignore archgate.yaml && git -C "$repo" add -f tracked.local.yaml
git -C "$repo" commit -q -m "ignore generated files"
check "ignored: the full run skips what git ignores, keeps what it tracks" 1 --lacks '"generated"' \
  --has 'tracked.local.yaml:2:3: error\[AG301 missing-healthcheck\] service "kept"' -- "$archgate" check "$repo" --no-color
check "ignored: --staged agrees (kept is in HEAD already)" 0 --lacks 'generated' --has '1 already in HEAD' -- \
  "$archgate" check "$repo" --staged --no-color
check "ignored: a folder git ignores is checked when it is the folder asked for" 1 --has '"generated"' -- \
  "$archgate" check "$repo/generated" --select AG301 --no-color
printf 'exclude: [tracked.local.yaml]\n' >>"$repo/archgate.yaml"
check "exclude: leaves a tracked file out of a full run" 0 --lacks '"kept"' -- "$archgate" check "$repo" --no-color
git -C "$repo" add archgate.yaml
check "exclude: and of --staged" 0 --lacks '"kept"' -- "$archgate" check "$repo" --staged --no-color
printf 'exclude: [/etc]\n' >"$repo/exclude-abs.yaml"
check "exclude: an absolute pattern is refused where it is written" 2 --has 'exclude-abs.yaml:1:11: error: "exclude": "/etc"' -- \
  "$archgate" check "$repo" --config "$repo/exclude-abs.yaml"

# --- --base -------------------------------------------------------------------
repo=$work/base
new_repo "$repo"
compose_with "$repo" legacy
git -C "$repo" commit -q -am "a violation on main"
git -C "$repo" checkout -q -b feature
# Move the old block to the top (its lines change) and add a new violation.
{ echo "services:"; service_block legacy; service_block order-service healthy; service_block payment-service healthy
  service_block audit; } >"$repo/compose.yaml"
check "base: the new violation fails, the old one is counted" 1 --has 'service "audit"' --lacks 'service "legacy"' \
  --has "1 already in the merge base with main" -- "$archgate" check "$repo" --base main --no-color
check "base: json summary" 1 --has '"preexisting": 1' -- "$archgate" check "$repo" --base main --format json
{ echo "services:"; service_block legacy; service_block order-service healthy
  service_block payment-service healthy; } >"$repo/compose.yaml"
check "base: a moved block is not new" 0 --lacks "error\[" -- "$archgate" check "$repo" --base main --no-color
git -C "$repo" commit -q -am "moved"
echo "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);" >"$repo/services/order-service/migrations/V1__orders.sql"
check "base: AG308 on an edited migration" 1 \
  --has 'services/order-service/migrations/V1__orders.sql:1:1: error\[AG308 edited-applied-migration\]' -- \
  "$archgate" check "$repo" --base main --no-color
git -C "$repo" checkout -q -- services
sed -i '/post:/,$d' "$repo/services/order-service/openapi.yaml"
check "base: AG404 on a removed operation, at the path's key" 1 \
  --has 'services/order-service/openapi.yaml:4:3: error\[AG404 breaking-change\] order-service: POST /orders was removed' \
  --has 'openapi.yaml:8:5: note: at the base: POST /orders' -- "$archgate" check "$repo" --base main --no-color
git -C "$repo" checkout -q -- services
check "base: a commit of the base branch is compared too" 1 --has 'service "legacy"' -- \
  "$archgate" check "$repo" --base "main~1" --no-color
git -C "$repo" checkout -q --orphan lonely
git -C "$repo" commit -q -m "no shared history"
check "base: no common history is exit 2" 2 --has "no common history" -- "$archgate" check "$repo" --base main
git -C "$repo" checkout -q -f feature
check "base: an unknown revision is exit 2" 2 --has 'unknown revision "no-such-branch"' -- \
  "$archgate" check "$repo" --base no-such-branch
mkdir -p "$work/plain"
check "base: not a repository is exit 2" 2 --has "not inside a git repository" -- \
  "$archgate" check "$work/plain" --base main
check "staged: not a repository is exit 2" 2 --has "not inside a git repository" -- \
  "$archgate" check "$work/plain" --staged
check "staged and base together are exit 2" 2 -- "$archgate" check "$repo" --staged --base main

# A CI clone of a pull request's merge commit, two commits deep: the base is
# its first parent; the commits before it are not there.
repo=$work/upstream
new_repo "$repo"
echo "# one" >>"$repo/services/order-service/openapi.yaml" && git -C "$repo" commit -q -am "history"
git -C "$repo" checkout -q -b pr
compose_with "$repo" audit && git -C "$repo" commit -q -am "add audit"
git -C "$repo" checkout -q main
echo "# two" >>"$repo/services/order-service/openapi.yaml" && git -C "$repo" commit -q -am "main moves on"
git -C "$repo" merge -q --no-ff pr -m "merge pr"
git clone -q --depth 2 "file://$repo" "$work/shallow"
check "base: a shallow clone of depth 2 (PR merge commit)" 1 --has 'service "audit"' -- \
  "$archgate" check "$work/shallow" --base "HEAD^1" --no-color
git clone -q --depth 1 "file://$repo" "$work/shallower"
check "base: a clone without the base commit is exit 2" 2 --has "unknown revision" -- \
  "$archgate" check "$work/shallower" --base "$(git -C "$repo" rev-parse HEAD^1)"

# A subfolder of the repository as the checked root.
repo=$work/mono
mkdir -p "$repo"
git -C "$repo" init -q -b main
new_repo "$repo/platform" >/dev/null 2>&1
rm -rf "$repo/platform/.git"
echo "unrelated" >"$repo/README.md"
git -C "$repo" add -A && git -C "$repo" commit -q -m "monorepo"
compose_with "$repo/platform" audit
check "base: a subfolder of the repository" 1 --has '^compose.yaml:[0-9]+:3: error\[AG301' -- \
  "$archgate" check "$repo/platform" --base main --no-color

# --- the pre-commit hook -----------------------------------------------------
repo=$work/hook
new_repo "$repo"
check "hook: install" 0 --has "installed the pre-commit hook" -- "$archgate" install-hook "$repo"
[ -x "$repo/.git/hooks/pre-commit" ] || fail "hook: not executable"
grep -q "archgate-hook" "$repo/.git/hooks/pre-commit" || fail "hook: no marker line"
grep -q "$archgate" "$repo/.git/hooks/pre-commit" || fail "hook: does not call $archgate"
check "hook: reinstalling over its own hook" 0 -- "$archgate" install-hook "$repo"
head_before=$(git -C "$repo" rev-parse HEAD)
compose_with "$repo" audit
git -C "$repo" add compose.yaml
check "hook: a commit adding a violation is blocked" 1 --has 'service "audit"' -- \
  git -C "$repo" commit -m "add audit"
[ "$(git -C "$repo" rev-parse HEAD)" = "$head_before" ] || fail "hook: the blocked commit was made"
git -C "$repo" reset -q
compose_with "$repo" audit
check "hook: git commit -a is checked through its temporary index" 1 --has 'service "audit"' -- \
  git -C "$repo" commit -a -m "add audit"
compose_with "$repo"
echo "# clean change" >>"$repo/services/order-service/openapi.yaml"
git -C "$repo" add -A
check "hook: a clean commit goes through" 0 -- git -C "$repo" commit -q -m "clean"
[ "$(git -C "$repo" rev-parse HEAD)" != "$head_before" ] || fail "hook: the clean commit was not made"
printf '#!/bin/sh\necho mine\n' >"$repo/.git/hooks/pre-commit"
check "hook: a foreign hook is left alone" 2 --has "did not write" -- "$archgate" install-hook "$repo"
grep -q "echo mine" "$repo/.git/hooks/pre-commit" || fail "hook: the foreign hook was changed"
check "hook: --force replaces it and keeps a copy" 0 -- "$archgate" install-hook "$repo" --force
grep -q "echo mine" "$repo/.git/hooks/pre-commit.before-archgate" || fail "hook: no backup of the foreign hook"
git -C "$repo" worktree add -q "$work/linked" -b linked
rm "$repo/.git/hooks/pre-commit"
check "hook: from a linked worktree it goes to the shared hooks folder" 0 -- "$archgate" install-hook "$work/linked"
[ -x "$repo/.git/hooks/pre-commit" ] || fail "hook: not installed in the common hooks folder"
rm "$repo/.git/hooks/pre-commit"
check "hook: from a subfolder it checks the folder holding the inventory" 0 --has "the hook checks the top" -- \
  bash -c 'cd "$1/services/order-service" && exec "$2" install-hook' _ "$repo" "$archgate"
grep -q "check --staged '\.'" "$repo/.git/hooks/pre-commit" || fail "hook: does not check the top of the working tree"
mkdir -p "$work/no-inventory/docs"
git -C "$work/no-inventory" init -q
check "hook: without any service-inventory.json it refuses" 2 --has "nor a folder above it holds service-inventory.json" -- \
  bash -c 'cd "$1/docs" && exec "$2" install-hook' _ "$work/no-inventory" "$archgate"
[ ! -e "$work/no-inventory/.git/hooks/pre-commit" ] || fail "hook: written although nothing can be checked"
check "hook: outside a repository is exit 2" 2 --has "not inside a git repository" -- \
  "$archgate" install-hook "$work/plain"

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all git mode tests passed"
