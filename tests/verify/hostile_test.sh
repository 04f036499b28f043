#!/usr/bin/env bash
# `archgate verify` against servers that misbehave on purpose (docs/verify.md,
# "Safety"): tests/verify/hostile_server.cpp at the byte level, and the
# request budget (--max-requests) against tests/verify/fixture_server.cpp.
#
#   hostile_test.sh ARCHGATE HOSTILE_SERVER SOURCE_DIR
#
# 1. One service, `shady`, whose contract documents a 200 JSON answer for
#    every route of hostile_server. archgate must finish in bounded time,
#    report exactly one finding per hostile route at the route's operation
#    (AG613 for every answer it cannot use: a hang, a drip, a huge body, bad
#    chunking, a reset, an early close, a redirect off the origin; AG604 for
#    the two complete answers whose body is not the documented JSON: invalid
#    UTF-8, and a gzip body sent although only `identity` was accepted, which
#    archgate does not decode), never follow the redirect (the listener behind
#    it sees no connection), never print the server's bytes raw (no ESC, no
#    injected `::error` line, valid UTF-8), and send each route at most the
#    planned number of requests, as many as it reports.
# 2. --max-requests 3 against a contract of many operations: at most 3
#    requests reach fixture_server, and the summary counts the rest as left
#    out (a dry run plans the same 3 and sends nothing).
#
# fixture_server is taken from the folder of HOSTILE_SERVER (both are built in
# tests/).
set -euo pipefail
archgate="$1" hostile="$2" src="$3"
fixture_server="$(dirname "$hostile")/fixture_server"
work="$(mktemp -d)"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# Waits (up to 10 s) for a port file written by a server that is starting.
wait_for_port() {
  local _
  for _ in $(seq 200); do
    [[ -s "$1" ]] && return 0
    sleep 0.05
  done
  fail "$2 did not start (no $1)"
}
# Stops one of the servers started here and waits for it, so its log is
# complete; cleanup() leaves it alone then (its pid may be reused).
stop() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  local pid rest=()
  for pid in "${pids[@]}"; do [[ "$pid" == "$1" ]] || rest+=("$pid"); done
  pids=("${rest[@]}")
}
[[ -x "$fixture_server" ]] || fail "no fixture_server next to $hostile"

# The hostile routes and the rule each must get. The list must cover every
# route in hostile_server's header comment.
declare -A expected=(
  [redirect]=AG613 [hang]=AG613 [drip]=AG613 [huge]=AG613 [invalid-utf8]=AG604
  [bad-chunk]=AG613 [reset]=AG613 [gzip-bomb]=AG604 [close-early]=AG613
)
routes=(health redirect hang drip huge invalid-utf8 bad-chunk reset gzip-bomb close-early)
while read -r route; do
  [[ "$route" == health || -n "${expected[$route]:-}" ]] ||
    fail "hostile_server serves /$route, which this test does not know: add it to the expected table"
done < <(sed -n 's#^//   /\([a-z0-9-]*\) .*#\1#p' "$src/tests/verify/hostile_server.cpp")

# --- 1. hostile_server ------------------------------------------------------
repo="$work/hostile-repo"
mkdir -p "$repo/services/shady"
cat >"$repo/service-inventory.json" <<'EOF'
{
  "services": [
    {"name": "shady", "owns": [], "mayCall": [], "mustNot": []}
  ]
}
EOF
{
  printf 'openapi: 3.0.3\ninfo:\n  title: shady\n  version: 1.0.0\npaths:\n'
  for route in "${routes[@]}"; do
    printf '  /%s:\n    get:\n      responses:\n        "200":\n          description: a JSON answer\n' "$route"
    printf '          content:\n            application/json:\n              schema: {type: object}\n'
  done
} >"$repo/services/shady/openapi.yaml"

# A plain listener behind the redirect: it records every connection.
python3 - "$work/listener.port" "$work/listener.log" <<'PY' &
import socket, sys
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(16)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(listener.getsockname()[1]))
import os
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
while True:
    connection, peer = listener.accept()
    with open(sys.argv[2], "a") as log:
        log.write("connection from %s:%d\n" % peer)
    connection.close()
PY
listener_pid=$!
pids+=("$listener_pid")
wait_for_port "$work/listener.port" "the redirect listener"
"$hostile" --port-file "$work/hostile.port" --log "$work/hostile.log" \
  --redirect-to "http://127.0.0.1:$(cat "$work/listener.port")/login" &
hostile_pid=$!
pids+=("$hostile_pid")
wait_for_port "$work/hostile.port" "hostile_server"
url="http://127.0.0.1:$(cat "$work/hostile.port")"

started="$(date +%s)"
status=0
"$archgate" verify "$repo" --no-cache --service "shady=$url" --timeout 2 --no-color \
  --format "json=$work/report.json" --format "text=$work/report.txt" --format "github=$work/report.github" \
  >"$work/stdout" 2>"$work/stderr" || status=$?
elapsed=$(($(date +%s) - started))
stop "$hostile_pid"
[[ "$status" == 1 ]] || fail "archgate verify exited $status, expected 1 (findings): $(cat "$work/stderr")"
((elapsed < 30)) || fail "archgate verify took ${elapsed} s against hostile_server (bound: 30 s)"

# The findings, the request count, the messages.
python3 - "$work/report.json" "$repo/services/shady/openapi.yaml" "$work/hostile.log" \
  "$(for r in "${!expected[@]}"; do printf '%s=%s,' "$r" "${expected[$r]}"; done)" <<'PY' ||
import json, re, sys
report_path, contract_path, log_path, table = sys.argv[1:5]
expected = dict(item.split("=") for item in table.split(",") if item)
report = json.load(open(report_path))

# The line of each route's operation ("get:" under "  /route:").
lines = open(contract_path).read().split("\n")
operation_line = {}
for number, text in enumerate(lines, start=1):
    m = re.match(r"^  /([a-z0-9-]+):$", text)
    if m:
        operation_line[number + 1] = m.group(1)
problems = []
found = {}
for f in report["findings"]:
    loc = f["location"]
    route = operation_line.get(loc["line"])
    where = f'{loc["path"]}:{loc["line"]}'
    if len(f["message"]) > 2000:
        problems.append(f"{where}: a message of {len(f['message'])} characters")
    if loc["path"] != "services/shady/openapi.yaml" or route is None:
        problems.append(f'{where}: {f["rule"]} is not at an operation: {f["message"]}')
        continue
    if f["rule"] == "AG609":  # hostile_server echoes nothing: one finding, at its first answer
        if route != "health":
            problems.append(f"AG609 at /{route}, expected at /health (the first answer)")
        continue
    found.setdefault(route, []).append(f["rule"])
for route, rule in sorted(expected.items()):
    if found.get(route) != [rule]:
        problems.append(f"/{route}: expected exactly one {rule}, got {found.get(route, [])}")
for route in sorted(set(found) - set(expected)):
    problems.append(f"/{route}: unexpected findings {found[route]}")

# Each route requested once (GET operations without a body: one request
# each, nothing retried), and as many requests as the summary says.
requests = [line.strip() for line in open(log_path) if line.strip()]
counts = {}
for r in requests:
    counts[r] = counts.get(r, 0) + 1
for r, n in sorted(counts.items()):
    if n > 1:
        problems.append(f"{r} was requested {n} times (planned: 1)")
if len(requests) > 10:
    problems.append(f"{len(requests)} requests reached hostile_server, planned: 10")
if report["summary"].get("requests") != len(requests):
    problems.append(f'the summary says {report["summary"].get("requests")} requests, hostile_server logged {len(requests)}')
for p in problems:
    print(p, file=sys.stderr)
if problems:
    for f in report["findings"]:
        print(f'  {f["rule"]} line {f["location"]["line"]}: {f["message"][:200]}', file=sys.stderr)
sys.exit(1 if problems else 0)
PY
  fail "the findings or the request count against hostile_server are wrong (above)"

# The redirect was not followed.
[[ ! -s "$work/listener.log" ]] || fail "archgate followed the redirect off the origin: $(cat "$work/listener.log")"

# Nothing from the server reaches the reader raw.
for out in report.txt report.github stdout stderr; do
  if grep -qP '\x1b' "$work/$out"; then fail "a raw ESC byte in the $out output"; fi
done
if grep -q '^::error::injected' "$work/report.github"; then fail "the server injected a workflow command into the github output"; fi
if grep -q '^::' "$work/report.txt"; then fail "a line of the text output starts with '::'"; fi
grep -q 'invalid-utf8' "$work/report.txt" || fail "the text output does not report /invalid-utf8: $(cat "$work/report.txt")"
python3 - "$work/report.txt" "$work/report.github" <<'PY' || fail "the text or github output holds control bytes or invalid UTF-8 (above)"
import sys
bad = False
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        print(f"{path}: invalid UTF-8: {e}", file=sys.stderr)
        bad = True
    controls = sorted({b for b in data if (b < 0x20 and b != 0x0A) or b == 0x7F})
    if controls:
        print(f"{path}: control bytes {controls}", file=sys.stderr)
        bad = True
sys.exit(1 if bad else 0)
PY
echo "ok: hostile_server: $(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(len(r["findings"]), "findings from", r["summary"]["requests"], "requests")' "$work/report.json") in ${elapsed} s"

# --- 2. the request budget, against fixture_server ---------------------------
repo="$work/budget-repo"
mkdir -p "$repo/services/catalog"
cat >"$repo/service-inventory.json" <<'EOF'
{
  "services": [
    {"name": "catalog", "owns": [], "mayCall": [], "mustNot": []}
  ]
}
EOF
names=(health products brands categories suppliers warehouses prices reviews)
{
  printf 'openapi: 3.1.0\ninfo:\n  title: catalog\n  version: 1.0.0\npaths:\n'
  for name in "${names[@]}"; do
    printf '  /%s:\n    get:\n      responses:\n        "200":\n          description: ok\n' "$name"
    printf '          content:\n            application/json:\n              schema: {type: object}\n'
  done
} >"$repo/services/catalog/openapi.yaml"
{
  printf '{\n  "echo_request_id": "x-request-id",\n  "routes": [\n'
  for i in "${!names[@]}"; do
    printf '    {"method": "GET", "path": "/%s", "status": 200, "body": {}}%s\n' "${names[$i]}" \
      "$([[ $i -lt $((${#names[@]} - 1)) ]] && echo ,)"
  done
  printf '  ]\n}\n'
} >"$work/budget-server.json"
"$fixture_server" "$work/budget-server.json" --port-file "$work/fixture.port" --log "$work/fixture.log" &
fixture_pid=$!
pids+=("$fixture_pid")
wait_for_port "$work/fixture.port" "fixture_server"
url="http://127.0.0.1:$(cat "$work/fixture.port")"
planned=${#names[@]}

"$archgate" verify "$repo" --no-cache --service "catalog=$url" --max-requests 3 --dry-run >"$work/plan.txt" ||
  fail "the dry run exited $?: $(cat "$work/plan.txt")"
grep -q "^3 requests planned .*; $((planned - 3)) more left out by --max-requests; nothing was sent" "$work/plan.txt" ||
  fail "the dry run does not plan 3 requests and leave $((planned - 3)) out: $(cat "$work/plan.txt")"
[[ ! -s "$work/fixture.log" ]] || fail "--dry-run reached fixture_server: $(cat "$work/fixture.log")"

status=0
"$archgate" verify "$repo" --no-cache --service "catalog=$url" --max-requests 3 --no-color \
  --format "json=$work/budget.json" --format "text=$work/budget.txt" >/dev/null 2>"$work/budget.err" || status=$?
stop "$fixture_pid"
[[ "$status" == 0 ]] || fail "verify --max-requests 3 exited $status: $(cat "$work/budget.err" "$work/budget.txt")"
sent="$(wc -l <"$work/fixture.log")"
((sent <= 3)) || fail "--max-requests 3, but $sent requests reached fixture_server: $(cat "$work/fixture.log")"
python3 - "$work/budget.json" "$sent" "$((planned - 3))" <<'PY' || fail "the summary of verify --max-requests 3 is wrong (above)"
import json, sys
summary = json.load(open(sys.argv[1]))["summary"]
sent, left_out = int(sys.argv[2]), int(sys.argv[3])
ok = summary.get("requests") == sent and summary.get("requestsLeftOut") == left_out
if not ok:
    print(f"summary {summary}; fixture_server logged {sent} requests; expected {left_out} left out", file=sys.stderr)
sys.exit(0 if ok else 1)
PY
grep -q "$((planned - 3)) requests left out by --max-requests" "$work/budget.txt" ||
  fail "the text summary does not say what was left out: $(cat "$work/budget.txt")"
echo "ok: --max-requests 3: $sent requests sent, $((planned - 3)) left out"
