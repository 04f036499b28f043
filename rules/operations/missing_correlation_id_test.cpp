#include "rules/common/rule_test_support.h"

using archgate::Config;
using archgate::MemoryFileSource;
using archgate::testing::describe;
using archgate::testing::run_rule;

namespace {
MemoryFileSource repository() {
  MemoryFileSource files;
  files.add("service-inventory.json", R"({"services": [
  {"name": "gateway", "mayCall": ["orders"]},
  {"name": "orders"},
  {"name": "payments"},
  {"name": "empty"},
  {"name": "cache", "kind": "datastore"}
]})");
  files.add("services/gateway/src/proxy.ts", "headers['X-Request-ID'] = req.get('x-request-id');\n");
  files.add("services/orders/app.py", "def handler(req):\n    return 1\n");
  files.add("services/orders/tests/test_app.py", "headers = {'x-request-id': 'r1'}\n");
  files.add("services/payments/main.go", "package main\n// x-request-id in a comment is not code\n");
  files.add("services/payments/pay.go", "package main\nvar h = \"X-Request-Id: \" + id\n");
  files.add("services/empty/openapi.yaml", "openapi: 3.0.0\npaths: {}\n");
  files.add("services/cache/lua/script.py", "x = 1\n");
  return files;
}
}  // namespace

TEST_CASE("AG307 reports services whose code never names the correlation header") {
  auto found = run_rule(repository(), "AG307");
  INFO(describe(found));
  REQUIRE(found.size() == 1);
  CHECK(found[0].service == "payments");
  CHECK(found[0].span.path == "service-inventory.json");
  CHECK(found[0].span.line == 4);
  CHECK(found[0].span.column == 12);
  CHECK(found[0].message ==
        "the code of payments never reads or forwards the x-request-id header (none of its 2 source files names it)");
}

TEST_CASE("AG307 uses the configured header") {
  Config config;
  config.correlation_header = "traceparent";
  auto found = run_rule(repository(), "AG307", config);
  INFO(describe(found));
  REQUIRE(found.size() == 3);
  CHECK(found[0].service == "gateway");
  CHECK(found[0].message.find("the traceparent header") != std::string::npos);
  CHECK(found[1].service == "orders");
  CHECK(found[2].service == "payments");
}
