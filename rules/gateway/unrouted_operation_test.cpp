#include "rules/common/rule_test_support.h"

using archgate::MemoryFileSource;
using archgate::testing::describe;
using archgate::testing::run_rule;

namespace {
const char* kInventory = R"({"services": [
  {"name": "gateway", "mayCall": ["order-service", "inventory-service"]},
  {"name": "order-service"},
  {"name": "inventory-service"}
]})";

const char* kGateway = R"(openapi: 3.0.0
paths:
  /health:
    get: {responses: {}}
  /orders/{id}:
    get: {responses: {}}
    head: {responses: {}}
    options: {responses: {}}
    delete: {responses: {}}
  /inventory/{sku}:
    get: {responses: {}}
  /discounts:
    post: {responses: {}}
)";

const char* kOrders = R"(openapi: 3.0.0
paths:
  /orders/{orderId}:
    get: {responses: {}}
    put: {responses: {}}
)";

const char* kInventoryApi = R"(openapi: 3.0.0
paths:
  /inventory/{itemSku}:
    get: {responses: {}}
)";
}  // namespace

TEST_CASE("AG203 reports gateway operations no called service provides") {
  MemoryFileSource files;
  files.add("service-inventory.json", kInventory);
  files.add("services/gateway/openapi.yaml", kGateway);
  files.add("services/order-service/openapi.yaml", kOrders);
  files.add("services/inventory-service/openapi.yaml", kInventoryApi);
  auto found = run_rule(files, "AG203");
  INFO(describe(found));
  REQUIRE(found.size() == 2);
  CHECK(found[0].span.path == "services/gateway/openapi.yaml");
  CHECK(found[0].span.line == 9);
  CHECK(found[0].span.column == 5);
  CHECK(found[0].span.end_column == 11);
  CHECK(found[0].service == "gateway");
  CHECK(found[0].message ==
        "gateway declares DELETE /orders/{id}, but no service it may call provides it (checked: order-service, "
        "inventory-service)");
  REQUIRE(found[0].related.size() == 2);
  CHECK(found[0].related[0].span.path == "services/order-service/openapi.yaml");
  CHECK(found[0].related[0].message == "order-service declares GET /orders/{orderId}");
  CHECK(found[1].span.line == 13);
  CHECK(found[1].message.find("POST /discounts") != std::string::npos);
  CHECK(found[1].related.empty());
}

TEST_CASE("AG203 stays silent when a called service has no contract") {
  MemoryFileSource files;
  files.add("service-inventory.json", kInventory);
  files.add("services/gateway/openapi.yaml", kGateway);
  files.add("services/order-service/openapi.yaml", kOrders);
  CHECK(run_rule(files, "AG203").empty());
}

TEST_CASE("AG203 stays silent for a gateway calling an unknown service, or calling nothing") {
  MemoryFileSource files;
  files.add("service-inventory.json", R"({"services": [
  {"name": "gateway", "mayCall": ["order-service", "nope"]},
  {"name": "edge-gateway"},
  {"name": "order-service"}
]})");
  files.add("services/gateway/openapi.yaml", kGateway);
  files.add("services/edge-gateway/openapi.yaml", kGateway);
  files.add("services/order-service/openapi.yaml", kOrders);
  CHECK(run_rule(files, "AG203").empty());
}

TEST_CASE("AG203 ignores called datastores and workers without contracts") {
  MemoryFileSource files;
  files.add("service-inventory.json", R"({"services": [
  {"name": "gateway", "mayCall": ["order-service", "redis"]},
  {"name": "order-service"},
  {"name": "redis", "kind": "datastore"}
]})");
  files.add("services/gateway/openapi.yaml", "openapi: 3.0.0\npaths:\n  /orders/{x}:\n    put: {responses: {}}\n");
  files.add("services/order-service/openapi.yaml", kOrders);
  CHECK(run_rule(files, "AG203").empty());
}
