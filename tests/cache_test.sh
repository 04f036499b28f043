#!/usr/bin/env bash
# End to end: the cache of parsed files (cache/task_cache.h) on a copy of the
# reference system. Every run with the cache must print exactly what a run
# without it prints, whatever happened to the cache in between: edits,
# corrupted, truncated or foreign entries, concurrent runs, a hostile
# .archgate-cache symlink.
#
# Usage: tests/cache_test.sh ARCHGATE_BINARY REFERENCE_SYSTEM_DIR
set -u
archgate=$(realpath "$1")
source_repo=$(realpath "$2")
work=$(mktemp -d "${TMPDIR:-/tmp}/archgate-cache-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME=$work/user-cache  # the secret lives here, not in $HOME
repo=$work/repo
cp -r "$source_repo" "$repo"
rm -rf "$repo/.archgate-cache"

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# run NAME ARGS...: archgate check on the repo; stdout to $work/NAME.json,
# stderr (with --timings) to $work/NAME.err, exit code to $work/NAME.code.
run() {
  local name=$1
  shift
  timeout 120 "$archgate" check "$repo" --format json --timings "$@" >"$work/$name.json" 2>"$work/$name.err"
  echo $? >"$work/$name.code"
}
# reused NAME: "H T" from the cache line of NAME's timings.
reused() { sed -n 's/^ *cache *\([0-9]*\) of \([0-9]*\) tasks reused.*/\1 \2/p' "$work/$1.err"; }
# same NAME REFERENCE: NAME printed what REFERENCE printed (findings, counts, exit).
same() {
  if ! cmp -s <(strip "$work/$1.json") <(strip "$work/$2.json"); then
    fail "$1: the report differs from $2"
    diff <(strip "$work/$2.json") <(strip "$work/$1.json") | head -20
  fi
  [ "$(cat "$work/$1.code")" = "$(cat "$work/$2.code")" ] || fail "$1: exit $(cat "$work/$1.code"), $2 exited $(cat "$work/$2.code")"
}
# The report without its timing.
strip() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); r["summary"].pop("elapsed_ms", None); print(json.dumps(r, sort_keys=True))' "$1" 2>/dev/null || echo "not JSON"; }

# 1. Cold, then warm: the same report, and the warm run reuses every task.
run plain --no-cache
[ -e "$repo/.archgate-cache" ] && fail "--no-cache created .archgate-cache"
run cold
same cold plain
read -r hits total <<<"$(reused cold)"
[ "${hits:-x}" = 0 ] && [ "${total:-0}" -gt 0 ] || fail "cold run: expected 0 of N tasks reused, got '$hits of $total'"
[ -f "$repo/.archgate-cache/CACHEDIR.TAG" ] || fail "no CACHEDIR.TAG in the cache folder"
grep -qx '\*' "$repo/.archgate-cache/.gitignore" || fail "the cache folder does not ignore itself for git"
run warm
same warm plain
read -r hits total <<<"$(reused warm)"
[ "${hits:-x}" = "${total:-y}" ] || fail "warm run: $hits of $total tasks reused, expected all"
# The warm run checked the same inputs with the same options: its findings
# come from the cache. Other rule options must not get them.
grep -q "findings from the cache" "$work/warm.err" || fail "warm run: the findings were not taken from the cache"
grep -q "findings from the cache" "$work/cold.err" && fail "cold run: findings taken from an empty cache"
run selected_plain --no-cache --select AG1
run selected --select AG1
same selected selected_plain
grep -q "findings from the cache" "$work/selected.err" && fail "--select AG1: the findings of a run with all rules were reused"
run ignored_plain --no-cache --ignore AG405
run ignored --ignore AG405
same ignored ignored_plain
# A suppression comment changes only what a file says, not what it parses to.
printf '\n# archgate-ignore AG405: the cache test\n' >>"$repo/compose.yaml"
run suppressed_plain --no-cache
run suppressed
same suppressed suppressed_plain
grep -q "findings from the cache" "$work/suppressed.err" && fail "an edited file: the findings of the unedited repository were reused"
run unrelated_file_plain --no-cache
: >"$repo/services/order-service/notes.txt"
run unrelated_file
grep -q "findings from the cache" "$work/unrelated_file.err" && fail "a new file: the findings of the old listing were reused"
rm "$repo/services/order-service/notes.txt"

# 2. Edits: a migration that now touches another service's table, a contract
# losing its health path, a new file where a loader looks. Each run with the
# cache must match a run without it on the same files.
migration=$(find "$repo/services/order-service/migrations" -name '*.up.sql' | sort | head -1)
printf '\nALTER TABLE stock ADD COLUMN reserved_by text;\n' >>"$migration"
run edit1 --no-cache
run edit1_cached
same edit1_cached edit1
grep -q '"AG102"' "$work/edit1.json" || fail "the edited migration does not report AG102 (the edit did not take)"
read -r hits total <<<"$(reused edit1_cached)"
[ "$hits" -lt "$total" ] && [ "$hits" -gt 0 ] || fail "after one edit: $hits of $total reused, expected all but a few"
contract=$repo/services/payment-service/openapi.yaml
sed -i 's#^  /health:#  /status-page:#' "$contract"
run edit2 --no-cache
run edit2_cached
same edit2_cached edit2
printf -- '-- rollback: nothing to undo\nSELECT 1;\n' >"$(dirname "$migration")/9999_added.up.sql"
run edit3 --no-cache
run edit3_cached
same edit3_cached edit3

# 3. Damaged entries: cut short, a flipped byte, garbage, empty, another
# entry's payload. Each is a miss; the run still prints the same report.
database=$repo/.archgate-cache/cache.sqlite
[ -f "$database" ] || fail "no cache database at $database"
python3 - "$database" <<'PY' || fail "could not damage the cache entries"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT key, payload FROM entries").fetchall()
assert len(rows) > 6, len(rows)
for i, (key, payload) in enumerate(rows):
    kind = i % 5
    if kind == 0:
        payload = payload[: len(payload) // 2]
    elif kind == 1:
        middle = len(payload) // 2
        payload = payload[:middle] + bytes([payload[middle] ^ 0xFF]) + payload[middle + 1 :]
    elif kind == 2:
        payload = bytes(range(256)) * 2
    elif kind == 3:
        payload = b""
    else:
        payload = rows[(i + 1) % len(rows)][1]
    db.execute("UPDATE entries SET payload = ? WHERE key = ?", (payload, key))
db.commit()
PY
run damaged
same damaged edit3
run damaged_again
same damaged_again edit3
read -r hits total <<<"$(reused damaged_again)"
[ "${hits:-x}" = "${total:-y}" ] || fail "after damaged entries were replaced: $hits of $total reused"

# The database itself damaged: cut in half, its header overwritten, replaced
# by garbage, by a FIFO, by a symlink to a device. No crash, no hang, the
# same report (with the cache off when SQLite cannot use the file).
for damage in half header garbage fifo symlink; do
  rm -f "$database-wal" "$database-shm"
  case $damage in
    half) truncate -s $(( $(stat -c %s "$database") / 2 )) "$database" ;;
    header) printf 'this is not SQLite' | dd of="$database" bs=1 conv=notrunc 2>/dev/null ;;
    garbage) head -c 100000 /dev/urandom >"$database" ;;
    fifo) rm -f "$database" && mkfifo "$database" ;;
    symlink) rm -f "$database" && ln -s /dev/zero "$database" ;;
  esac
  run "database_$damage"
  same "database_$damage" edit3
  rm -f "$database" "$database-wal" "$database-shm"
done

# 4. Foreign entries: another user's secret (or a cache folder committed to
# the repository) makes every entry unknown; nothing is reused.
run refill
same refill edit3
XDG_CACHE_HOME=$work/other-user run foreign
same foreign edit3
read -r hits total <<<"$(reused foreign)"
[ "$hits" = 0 ] || fail "a run with another secret reused $hits entries"

# 5. Concurrent runs on one cache folder: all print the right report.
rm -rf "$repo/.archgate-cache"
for n in 1 2 3 4; do run "concurrent$n" & done
wait
for n in 1 2 3 4; do same "concurrent$n" edit3; done
run after_concurrent
same after_concurrent edit3
read -r hits total <<<"$(reused after_concurrent)"
[ "${hits:-x}" = "${total:-y}" ] || fail "after concurrent runs: $hits of $total reused"

# 6. `archgate cache clear` removes what archgate wrote, and only that.
touch "$repo/.archgate-cache/kept-by-user"
"$archgate" cache clear "$repo" 2>"$work/clear.err" || fail "cache clear failed: $(cat "$work/clear.err")"
grep -q "removed [1-9][0-9]* cache entr" "$work/clear.err" || fail "cache clear said: $(cat "$work/clear.err")"
[ -e "$repo/.archgate-cache/cache.sqlite" ] && fail "cache clear left the database"
[ -e "$repo/.archgate-cache/kept-by-user" ] || fail "cache clear removed a file archgate did not write"
rm -rf "$repo/.archgate-cache"
"$archgate" cache clear "$repo" 2>"$work/clear2.err" || fail "cache clear of nothing failed"
grep -q "no cache" "$work/clear2.err" || fail "cache clear of nothing said: $(cat "$work/clear2.err")"

# 7. A hostile .archgate-cache: a symlink out of the repository is not used
# (and nothing is written through it).
mkdir "$work/outside"
ln -s "$work/outside" "$repo/.archgate-cache"
run symlinked
same symlinked edit3
grep -q "cache *off" "$work/symlinked.err" || fail "a symlinked cache folder was used: $(grep cache "$work/symlinked.err")"
[ -z "$(ls -A "$work/outside")" ] || fail "archgate wrote through the .archgate-cache symlink"
rm "$repo/.archgate-cache"

# 8. --cache-dir: the cache goes there, not into the repository.
run elsewhere --cache-dir "$work/elsewhere"
same elsewhere edit3
[ -f "$work/elsewhere/cache.sqlite" ] || fail "--cache-dir: nothing written to the given folder"
[ -e "$repo/.archgate-cache" ] && fail "--cache-dir: the repository got a cache folder too"

# 9. Two-sided runs (--staged): the base side's tasks and findings come from
# the checked side and the cache; every report must match one without cache,
# also after HEAD moves.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.invalid
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.invalid
rm -rf "$repo/.archgate-cache"
git -C "$repo" init -q -b main && git -C "$repo" add -A && git -C "$repo" commit -q -m base
staged_round() {  # NAME: --staged without, then twice with the cache
  run "$1_plain" --staged --no-cache
  run "$1_fill" --staged
  run "$1_cached" --staged
  same "$1_fill" "$1_plain"
  same "$1_cached" "$1_plain"
  grep -q "findings from the cache" "$work/$1_cached.err" || fail "$1: the repeated --staged run did not take its findings from the cache"
}
printf '\nALTER TABLE payments ADD COLUMN seen_by text;\n' >>"$migration"
git -C "$repo" add -A
staged_round staged1
grep -q '"AG102"' "$work/staged1_plain.json" || fail "--staged: the staged cross-service migration is not reported"
# Another staged edit while HEAD stays: the base's findings come from the
# cache, so the base side is assembled only where it differs from the index
# (analysis/build.h assemble_model); AG308 and AG404 must still see every change.
sed -i 's#^  /payments/{key}:#  /payments-by-key/{key}:#' "$contract"
git -C "$repo" add -A
run staged1b_plain --staged --no-cache
run staged1b --staged
same staged1b staged1b_plain
grep -q "its findings from the cache" "$work/staged1b.err" || fail "--staged, second edit: the base findings were not taken from the cache"
grep -q '"AG404"' "$work/staged1b_plain.json" || fail "--staged: the removed operation is not reported as a breaking change"
grep -q '"AG308"' "$work/staged1b_plain.json" || fail "--staged: the edited applied migration is not reported"
git -C "$repo" commit -q -m "payments column"
sed -i 's#^  /status-page:#  /health:#' "$contract"
git -C "$repo" add -A
staged_round staged2
grep -q '"AG102"' "$work/staged2_plain.json" && fail "--staged: a finding committed in HEAD is reported as new"

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "cache: all checks passed"
