#!/usr/bin/env bash
# A repository whose contract, migrations and migrations folder are not what
# they seem: a FIFO and a socket where files should be, a migrations folder
# that is a symlink out of the repository. archgate must never open them
# (opening a FIFO blocks), and must say what it did not check, each at its
# path, while the rest of the repository is still checked.
#   hostile_tree_test.sh <archgate binary>
set -uo pipefail
archgate=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo=$work/repo
mkdir -p "$repo/services/order-service" "$repo/services/payment-service/migrations" \
  "$repo/services/stock-service" "$repo/services/audit-service" "$work/outside/migrations"
cat >"$repo/service-inventory.json" <<'JSON'
{
  "services": [
    { "name": "order-service", "owns": ["orders"], "openapi": "services/order-service/openapi.yaml" },
    { "name": "payment-service", "owns": ["payments"] },
    { "name": "stock-service", "owns": ["stock"] },
    { "name": "audit-service", "owns": ["audit_log"], "migrations": "services/audit-service/db" }
  ]
}
JSON
mkfifo "$repo/services/order-service/openapi.yaml"
printf 'CREATE TABLE payments (id bigint PRIMARY KEY);\n' >"$repo/services/payment-service/migrations/V1__init.sql"
mkfifo "$repo/services/payment-service/migrations/V2__refunds.sql"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' \
  "$repo/services/payment-service/migrations/V3__ledger.sql"
printf 'CREATE TABLE orders (id bigint PRIMARY KEY);\n' >"$work/outside/migrations/V1__init.sql"
ln -s "$work/outside/migrations" "$repo/services/stock-service/migrations"
ln -s "$work/outside/migrations" "$repo/services/audit-service/db"

out=$(timeout 30 "$archgate" check "$repo" --no-cache --format json --select AG001,AG002,AG102 --fail-on never)
code=$?
if [ $code -ne 0 ]; then
  echo "FAIL: archgate exited $code (124: it blocked on a FIFO)"
  exit 1
fi
python3 - "$out" <<'PY'
import json, sys
findings = json.loads(sys.argv[1])["findings"]
got = sorted((f["rule"], f["location"]["path"], f["location"]["line"], f["message"]) for f in findings)
for g in got:
    print("  ", g)
want = [
    ("AG001", "services/order-service/openapi.yaml", "FIFO"),
    ("AG001", "services/payment-service/migrations/V2__refunds.sql", "FIFO"),
    ("AG001", "services/payment-service/migrations/V3__ledger.sql", "FIFO, socket or device"),
    ("AG002", "services/stock-service/migrations", "symlink that leaves the repository"),
    ("AG002", "service-inventory.json", "symlink that leaves the repository"),
]
failed = False
for rule, path, words in want:
    if not any(g[0] == rule and g[1] == path and words in g[3] for g in got):
        print(f"FAIL: no {rule} at {path} saying '{words}'")
        failed = True
if len(got) != len(want):
    print(f"FAIL: {len(got)} findings, expected {len(want)} (one per path)")
    failed = True
if any(g[0] == "AG102" for g in got):
    print("FAIL: the migrations outside the repository were read")
    failed = True
sys.exit(1 if failed else 0)
PY
status=$?
[ $status -eq 0 ] && echo "hostile tree: ok"
exit $status
