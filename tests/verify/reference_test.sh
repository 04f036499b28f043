#!/usr/bin/env bash
# `archgate verify` against the running reference system (SPEC section 8):
# the four services started by reference-system/run.sh on loopback ports,
# verified together, report nothing; --read-only and --dry-run keep their
# promises (the request counts in the services' logs say so).
#
#   reference_test.sh ARCHGATE REFERENCE_SYSTEM BIN_DIR
set -euo pipefail
archgate="$1" refsys="$2" bin="$3"
# A private TMPDIR: run.sh keeps its state pointer there, so this test never
# meets another run of the system.
TMPDIR="$(mktemp -d)"
export TMPDIR
cleanup() {
  "$refsys/run.sh" stop >/dev/null 2>&1 || true
  rm -rf "$TMPDIR"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$refsys/run.sh" start "$bin" >/dev/null
dir="$(cat "$TMPDIR/refsys-run-$(id -u).current")"
services=(gateway order-service inventory-service payment-service)
args=()
for s in "${services[@]}"; do
  args+=(--service "$s=http://127.0.0.1:$(cat "$dir/$s.port")")
done
log_lines() { cat "$dir"/*.log 2>/dev/null | wc -l; }

# 1. A dry run sends nothing.
before="$(log_lines)"
"$archgate" verify "$refsys" "${args[@]}" --no-cache --dry-run >"$TMPDIR/plan.txt" || fail "--dry-run exited $?"
grep -q "nothing was sent (--dry-run)" "$TMPDIR/plan.txt" || fail "the dry run printed no plan: $(cat "$TMPDIR/plan.txt")"
grep -q "^POST http://127.0.0.1:[0-9]*/orders " "$TMPDIR/plan.txt" || fail "the plan has no POST /orders"
[[ "$(log_lines)" == "$before" ]] || fail "--dry-run reached a service"

# 2. The whole system verified: no finding at all.
status=0
"$archgate" verify "$refsys" "${args[@]}" --no-cache --fail-on note --format json >"$TMPDIR/report.json" || status=$?
python3 - "$TMPDIR/report.json" "$status" <<'PY' || fail "verify reported findings against the running reference system"
import json, sys
report = json.load(open(sys.argv[1]))
findings = report["findings"]
for f in findings:
    loc = f["location"]
    print(f'{loc["path"]}:{loc["line"]}:{loc["column"]}: {f["severity"]}[{f["rule"]}] {f["message"]}', file=sys.stderr)
sys.exit(0 if not findings and sys.argv[2] == "0" else 1)
PY

# 3. --read-only sends only GET, HEAD and OPTIONS.
"$archgate" verify "$refsys" "${args[@]}" --no-cache --read-only --dry-run >"$TMPDIR/read-only.txt"
if grep -E "^(POST|PUT|PATCH|DELETE) " "$TMPDIR/read-only.txt"; then fail "--read-only planned a write"; fi
grep -q "^GET " "$TMPDIR/read-only.txt" || fail "--read-only planned no GET"
echo "ok: the reference system verifies clean ($(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"].get("requests", "?"))' "$TMPDIR/report.json") requests)"
