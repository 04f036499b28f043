#include "rules/common/rule_test_support.h"

using archgate::MemoryFileSource;
using archgate::testing::describe;
using archgate::testing::run_rule;

TEST_CASE("AG305 reports services without ROLLBACK.md or a Rollback section, at their inventory name") {
  MemoryFileSource files;
  files.add("service-inventory.json", R"({"services": [
  {"name": "gateway"},
  {"name": "orders"},
  {"name": "payments"},
  {"name": "jobs", "kind": "worker"},
  {"name": "db", "kind": "datastore"},
  {"name": "ghost"}
]})");
  files.add("services/gateway/rollback.md", "redeploy the previous tag\n");
  files.add("services/orders/README.md", "# Orders\n\n## Rolling back a release\n\n1. ...\n");
  files.add("services/payments/README.md", "# Payments\n\nTo roll back, redeploy.\n");
  files.add("services/payments/src/main.go", "package main\n");
  files.add("services/jobs/main.py", "print('x')\n");
  files.add("services/db/init.sql", "select 1;\n");
  auto found = run_rule(files, "AG305");
  INFO(describe(found));
  REQUIRE(found.size() == 2);
  CHECK(found[0].span.path == "service-inventory.json");
  CHECK(found[0].span.line == 4);
  CHECK(found[0].span.column == 12);
  CHECK(found[0].service == "payments");
  CHECK(found[0].message ==
        "payments has no rollback notes: no ROLLBACK.md and no README section on rollback in services/payments/");
  CHECK(found[1].span.line == 5);
  CHECK(found[1].service == "jobs");
}

TEST_CASE("AG305 accepts a runbook in docs/ and a setext README heading") {
  MemoryFileSource files;
  files.add("service-inventory.json", R"({"services": [{"name": "a"}, {"name": "b"}]})");
  files.add("services/a/docs/ROLLBACK.md", "x");
  files.add("services/b/README", "B\n=\n\nRollback\n--------\nredeploy\n");
  CHECK(run_rule(files, "AG305").empty());
}
