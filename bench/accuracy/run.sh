#!/usr/bin/env bash
# Real-world accuracy benchmark (issue 17): materialise each repository of
# manifest.tsv at its pinned commit, put our inventory into it, run
# `archgate check --format json`, and compare with the expected findings
# written by hand (expected.tsv). Prints a table; asserts nothing.
#
#   bench/accuracy/run.sh [NAME ...]
#
# Environment:
#   ARCHGATE           the binary (default: build/archgate of this tree)
#   ACCURACY_WORK      where the repositories are materialised
#                      (default: ${TMPDIR:-/tmp}/archgate-accuracy); never inside the project
#   ACCURACY_MIRROR    folder of git snapshots named <owner>+<name>/repo
#                      (default: /work/.mirror); used before the network
#   ACCURACY_VERBOSE=1 also list every matched finding
#
# A repository not in the mirror is fetched from GitHub (git fetch --depth 1 of
# the pinned commit): this needs the network, so it is a benchmark, not a test.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
archgate=${ARCHGATE:-$top/build/archgate}
work=${ACCURACY_WORK:-${TMPDIR:-/tmp}/archgate-accuracy}
mirror=${ACCURACY_MIRROR:-/work/.mirror}

if [ ! -x "$archgate" ]; then
  echo "run.sh: no archgate binary at $archgate (build it, or set ARCHGATE)" >&2
  exit 2
fi
case "$(cd "$(dirname "$work")" 2>/dev/null && pwd)/" in
  "$top"/*) echo "run.sh: ACCURACY_WORK must be outside the project ($top)" >&2; exit 2;;
esac
mkdir -p "$work/results"

materialise() {  # name repo commit -> prints the folder, or nothing on failure
  local name=$1 repo=$2 commit=$3
  local dest=$work/repos/$name stamp=$work/repos/$name.commit gitdir
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$commit" ] && [ -d "$dest" ]; then
    echo "$dest"; return
  fi
  gitdir=$mirror/${repo/\//+}/repo
  if ! git --git-dir="$gitdir" cat-file -e "$commit^{commit}" 2>/dev/null; then
    gitdir=$work/git/$name.git
    if ! git --git-dir="$gitdir" cat-file -e "$commit^{commit}" 2>/dev/null; then
      echo "  fetching $repo@$commit from GitHub" >&2
      rm -rf "$gitdir" && git init -q --bare "$gitdir" &&
        git --git-dir="$gitdir" fetch -q --depth 1 "https://github.com/$repo.git" "$commit" >&2 ||
        { echo "  could not fetch $repo@$commit" >&2; return; }
    fi
  fi
  rm -rf "$dest" "$stamp"
  mkdir -p "$dest"
  python3 "$here/materialize.py" "$gitdir" "$commit" "$dest" >&2 || return
  # A user runs archgate in a clone: make the copy a git repository whose HEAD
  # holds exactly the pinned tree (-f: files that .gitignore names but the
  # project tracks stay tracked), so .gitignore and git modes behave as in a clone.
  ( cd "$dest" && git init -q && git -c core.autocrlf=false -c core.safecrlf=false add -A -f &&
    git -c user.name=accuracy -c user.email=accuracy@localhost -c commit.gpgsign=false \
      commit -q --no-verify -m "$repo@$commit" ) >&2 || return
  echo "$commit" > "$stamp"
  echo "$dest"
}

names=("$@")
runs=()
while IFS=$'\t' read -r name repo commit root inv; do
  case "$name" in ''|'#'*|name) continue;; esac
  if [ ${#names[@]} -gt 0 ] && [[ " ${names[*]} " != *" $name "* ]]; then continue; fi
  echo "materialising and checking $name ($repo@${commit:0:12})" >&2
  out=$work/results/$name
  rm -f "$out.json" "$out.stderr" "$out.rc"
  dest=$(materialise "$name" "$repo" "$commit")
  if [ -z "$dest" ]; then
    echo "could not materialise $repo@$commit (no snapshot, no network?)" > "$out.stderr"
    runs+=("$name"); continue
  fi
  checked=$dest/$root
  rm -f "$checked/service-inventory.json" "$checked/archgate.yaml" "$checked/.archgate.yaml"
  cp "$here/$inv/service-inventory.json" "$checked/"
  [ -f "$here/$inv/archgate.yaml" ] && cp "$here/$inv/archgate.yaml" "$checked/"
  ( cd "$checked" && "$archgate" check . --format json --no-cache --fail-on never \
      > "$out.json" 2> "$out.stderr" )
  echo $? > "$out.rc"
  runs+=("$name")
done < "$here/manifest.tsv"

exec python3 "$here/score.py" --manifest "$here/manifest.tsv" --results "$work/results" "${runs[@]}"
