#include "rules/common/rule_test_support.h"

using archgate::MemoryFileSource;
using archgate::testing::describe;
using archgate::testing::run_rule;

TEST_CASE("AG306 reports services with code and no test file") {
  MemoryFileSource files;
  files.add("service-inventory.json", R"({"services": [
  {"name": "orders"},
  {"name": "payments"},
  {"name": "stock"},
  {"name": "elixir"},
  {"name": "contract-only"},
  {"name": "db", "kind": "datastore"},
  {"name": "jobs", "kind": "worker"}
]})");
  files.add("services/orders/src/orders.go", "package orders\n");
  files.add("services/orders/src/orders_test.go", "package orders\n");
  files.add("services/payments/src/main.cpp", "int main() {}\n");
  files.add("services/payments/src/pay.cpp", "\n");
  files.add("services/stock/app.py", "x = 1\n");
  files.add("services/stock/spec/stock.feature", "Feature: stock\n");
  files.add("services/elixir/lib/app.ex", "defmodule App do end\n");
  files.add("services/contract-only/openapi.yaml", "openapi: 3.0.0\npaths: {}\n");
  files.add("services/db/seed.py", "x = 1\n");
  files.add("services/jobs/run.js", "run()\n");
  files.add("services/jobs/tests/.gitkeep", "");
  auto found = run_rule(files, "AG306");
  INFO(describe(found));
  REQUIRE(found.size() == 2);
  CHECK(found[0].span.path == "service-inventory.json");
  CHECK(found[0].span.line == 3);
  CHECK(found[0].service == "payments");
  CHECK(found[0].message ==
        "payments has no tests: none of its 2 source files is a test, and it has no test/, tests/, __tests__/ or "
        "spec/ folder");
  CHECK(found[1].service == "jobs");
  CHECK(found[1].message.find("its only source file is not a test,") != std::string::npos);
}
