#include "rules/common/rule_test_support.h"

using archgate::MemoryFileSource;
using archgate::testing::describe;
using archgate::testing::run_rule;

TEST_CASE("AG405 reports services and gateways without a contract at their name") {
  MemoryFileSource files;
  files.add("service-inventory.json", R"({"services": [
  {"name": "gateway"},
  {"name": "order-service"},
  {"name": "inventory-service"},
  {"name": "payment-service", "openapi": "docs/payments.yaml"},
  {"name": "relay", "kind": "worker"},
  {"name": "db", "kind": "datastore"},
  {"name": "legacy"}
]})");
  files.add("services/gateway/main.cpp", "int main() {}\n");
  files.add("services/order-service/api/openapi.json", R"({"openapi": "3.0.0"})");
  files.add("services/inventory-service/docs/openapi.yaml", "openapi: 3.0.0\n");
  files.add("docs/payments.yaml", "openapi: 3.0.0\n");
  auto found = run_rule(files, "AG405");
  INFO(describe(found));
  REQUIRE(found.size() == 3);
  CHECK(found[0].span.path == "service-inventory.json");
  CHECK(found[0].span.line == 2);
  CHECK(found[0].span.column == 12);
  CHECK(found[0].service == "gateway");
  CHECK(found[0].message ==
        "gateway has no OpenAPI contract: archgate looked for services/gateway/openapi.{yaml,yml,json} and "
        "services/gateway/api/openapi.{yaml,yml,json}; if the contract lives elsewhere, name it in the "
        "\"openapi\" field of gateway in service-inventory.json");
  CHECK(found[1].span.line == 4);
  CHECK(found[1].service == "inventory-service");
  CHECK(found[2].span.line == 8);
  CHECK(found[2].message.find("legacy has no OpenAPI contract: archgate looked for legacy/openapi.{yaml,yml,json} "
                              "and legacy/api/openapi.{yaml,yml,json} (neither services/legacy nor legacy is a "
                              "folder)") == 0);
}

TEST_CASE("AG405 leaves a declared but missing contract to AG002") {
  MemoryFileSource files;
  files.add("service-inventory.json", R"({"services": [{"name": "orders", "openapi": "orders/api.yaml"}]})");
  files.add("orders/main.go", "package main\n");
  auto found = run_rule(files, "AG405");
  INFO(describe(found));
  CHECK(found.empty());
}
