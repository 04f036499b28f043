#include "rules/common/rule_test_support.h"

using archgate::MemoryFileSource;
using archgate::testing::describe;
using archgate::testing::run_rule;

namespace {
const char* kInventory = R"({"services": [
  {"name": "gateway", "mayCall": ["orders"]},
  {"name": "orders"},
  {"name": "cache", "kind": "datastore"},
  {"name": "jobs", "kind": "worker"}
]})";
}  // namespace

TEST_CASE("AG303 reports contracts without a health path at their paths key") {
  MemoryFileSource files;
  files.add("service-inventory.json", kInventory);
  files.add("services/gateway/openapi.yaml",
            "openapi: 3.0.0\ninfo: {title: g, version: '1'}\npaths:\n  /v1/health:\n    get: {responses: {}}\n");
  files.add("services/orders/openapi.json", R"({"openapi": "3.0.0", "info": {"title": "o", "version": "1"}})");
  files.add("services/cache/openapi.yaml", "openapi: 3.0.0\npaths: {}\n");
  files.add("services/jobs/openapi.yaml", "openapi: 3.0.0\npaths:\n  /livez/:\n    get: {responses: {}}\n");
  auto found = run_rule(files, "AG303");
  INFO(describe(found));
  REQUIRE(found.size() == 2);
  CHECK(found[0].span.path == "services/gateway/openapi.yaml");
  CHECK(found[0].span.line == 3);
  CHECK(found[0].span.column == 1);
  CHECK(found[0].span.end_column == 6);
  CHECK(found[0].service == "gateway");
  CHECK(found[0].message.find("the contract of gateway declares no health endpoint") == 0);
  CHECK(found[1].span.path == "services/orders/openapi.json");
  CHECK(found[1].span.line == 1);
  CHECK(found[1].span.column == 1);
  CHECK(found[1].message.find("the contract of orders declares") == 0);
}

TEST_CASE("AG303 accepts every health path and ignores unreadable contracts") {
  for (std::string path : {"/health", "/healthz", "/ready", "/readyz", "/live", "/livez", "/actuator/health",
                           "/health/"}) {
    MemoryFileSource files;
    files.add("service-inventory.json", R"({"services": [{"name": "orders"}]})");
    files.add("services/orders/openapi.yaml", "openapi: 3.0.0\npaths:\n  " + path + ":\n    get: {responses: {}}\n");
    INFO(path);
    CHECK(run_rule(files, "AG303").empty());
  }
  MemoryFileSource broken;
  broken.add("service-inventory.json", R"({"services": [{"name": "orders"}]})");
  broken.add("services/orders/openapi.yaml", "openapi: [3.0.0\n");
  CHECK(run_rule(broken, "AG303").empty());
}
