#!/usr/bin/env bash
# This repository's .pre-commit-hooks.yaml driven by the real pre-commit
# (Debian package) through `pre-commit try-repo`, in a scratch repository:
#   - archgate-all fails `pre-commit run --all-files` on a repository whose
#     committed architecture is broken, and passes once it is fixed;
#   - archgate (the staged hook) blocks a commit that brings a violation and
#     lets a clean one through.
#   pre_commit_test.sh <archgate binary> <source dir>
set -u
archgate=$(realpath "$1")
source_dir=$(realpath "$2")
command -v pre-commit >/dev/null || { echo "FAIL: pre-commit is not installed (scripts/deps.sh --tests)"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/archgate-pre-commit.XXXXXX")
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.invalid
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.invalid
export PRE_COMMIT_HOME=$work/pre-commit-home
# language: system runs the archgate on PATH.
mkdir -p "$work/bin"
ln -s "$archgate" "$work/bin/archgate"
export PATH=$work/bin:$PATH

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
check() {  # NAME EXPECTED-EXIT PATTERN COMMAND...
  local name=$1 expected=$2 pattern=$3
  shift 3
  local output code
  output=$("$@" 2>&1)
  code=$?
  if [ "$code" != "$expected" ]; then
    fail "$name: exit $code, expected $expected"
    echo "$output" | tail -20
  elif [ -n "$pattern" ] && ! grep -Eq -- "$pattern" <<<"$output"; then
    fail "$name: output lacks /$pattern/"
    echo "$output" | tail -20
  else
    echo "ok   $name"
  fi
}

# The hooks as they are in this checkout (try-repo takes a folder's HEAD plus
# its uncommitted changes, so a local edit is what is tried).
hooks=$work/hooks
mkdir -p "$hooks"
cp "$source_dir/.pre-commit-hooks.yaml" "$hooks/"
git -C "$hooks" init -q && git -C "$hooks" add -A && git -C "$hooks" commit -q -m hooks

repo=$work/repo
mkdir -p "$repo"
cat >"$repo/service-inventory.json" <<'JSON'
{ "services": [ { "name": "order-service", "owns": ["orders"], "mayCall": [], "mustNot": [] } ] }
JSON
echo "select: [AG301]" >"$repo/archgate.yaml"
write_compose() {  # HEALTHY(true|false)
  printf 'services:\n  order-service:\n    image: example/order-service:1\n' >"$repo/compose.yaml"
  if [ "$1" = true ]; then printf '    healthcheck:\n      test: ["CMD", "true"]\n' >>"$repo/compose.yaml"; fi
}
write_compose false
git -C "$repo" init -q -b main && git -C "$repo" add -A && git -C "$repo" commit -q -m "broken from the start"
cd "$repo" || exit 1

check "archgate-all: --all-files fails on a broken repository" 1 'error\[AG301' \
  pre-commit try-repo "$hooks" archgate-all --all-files
check "archgate (staged): --all-files on the same repository passes (nothing staged is new)" 0 '' \
  pre-commit try-repo "$hooks" archgate --all-files
write_compose true
git add compose.yaml && git commit -q -m "fixed"
check "archgate-all: passes once the repository is fixed" 0 'Passed' \
  pre-commit try-repo "$hooks" archgate-all --all-files
printf '  audit:\n    image: example/audit:1\n' >>"$repo/compose.yaml"
git add compose.yaml
check "archgate (staged): a staged violation fails" 1 'service "audit" has no health check' \
  pre-commit try-repo "$hooks" archgate
git reset -q --hard
echo "# a comment" >>"$repo/compose.yaml"
git add compose.yaml
check "archgate (staged): a clean staged change passes" 0 'Passed' pre-commit try-repo "$hooks" archgate

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all pre-commit tests passed"
