#include "rules/common/rule_test_support.h"

using archgate::Config;
using archgate::MemoryFileSource;
using archgate::testing::describe;
using archgate::testing::run_rule;

namespace {
const char* kInventory = R"({"services": [
  {"name": "gateway", "mayCall": ["order-service"]},
  {"name": "order-service", "owns": ["orders", "order_items", "outbox_events"]},
  {"name": "inventory-service", "owns": ["inventory.stock", "inventory.stock_moves"]}
]})";

const char* kOrders = R"(openapi: 3.0.3
paths:
  /orders/{order_id}/order_items:
    get:
      responses:
        "200":
          content:
            application/json:
              schema: {$ref: './schemas.yaml#/components/schemas/Order'}
  "/Order_Items":
    get: {responses: {}}
  /inventory.stock:
    get: {responses: {}}
  /orderItems/{outbox_events}:
    get: {responses: {}}
components:
  schemas:
    order_items:
      type: object
      properties:
        orderItems: {type: string}
        stock_moves: {type: string}
)";

const char* kSchemas = R"(components:
  schemas:
    Order:
      type: object
      properties:
        order_items:
          type: array
          items: {$ref: '#/components/schemas/outbox_events'}
        orders: {type: string}
        stock: {type: string}
    outbox_events:
      type: object
)";

const char* kGateway = R"(openapi: 3.0.3
paths:
  /orders:
    get:
      responses:
        "200":
          content:
            application/json:
              schema: {$ref: '../order-service/schemas.yaml#/components/schemas/Order'}
)";

MemoryFileSource repository() {
  MemoryFileSource files;
  files.add("service-inventory.json", kInventory);
  files.add("services/order-service/openapi.yaml", kOrders);
  files.add("services/order-service/schemas.yaml", kSchemas);
  files.add("services/gateway/openapi.yaml", kGateway);
  return files;
}

bool has(const std::vector<archgate::Diagnostic>& found, const std::string& path, std::uint32_t line,
         std::uint32_t column) {
  for (const auto& d : found) {
    if (d.span.path == path && d.span.line == line && d.span.column == column) return true;
  }
  return false;
}
}  // namespace

TEST_CASE("AG401 reports path segments, schema names and properties that spell snake_case or qualified tables") {
  MemoryFileSource files = repository();
  auto found = run_rule(files, "AG401");
  archgate::finalize_diagnostics(found);
  INFO(describe(found));
  REQUIRE(found.size() == 7);

  const std::string orders = "services/order-service/openapi.yaml";
  const std::string schemas = "services/order-service/schemas.yaml";
  // Path segment after a path parameter; `{order_id}` itself is not compared.
  CHECK(found[0].span.path == orders);
  CHECK(found[0].span.line == 3);
  CHECK(found[0].span.column == 22);
  CHECK(found[0].span.end_column == 33);
  CHECK(found[0].service == "order-service");
  CHECK(found[0].message ==
        "path segment \"order_items\" of /orders/{order_id}/order_items spells the name of the internal table "
        "\"order_items\", owned by order-service");
  REQUIRE(found[0].related.size() == 1);
  CHECK(found[0].related[0].span.path == "service-inventory.json");
  CHECK(found[0].related[0].span.line == 3);
  CHECK(found[0].related[0].message == "order-service owns \"order_items\"");
  // Quoted key, other letter case.
  CHECK(found[1].span.line == 10);
  CHECK(found[1].span.column == 5);
  CHECK(found[1].span.end_column == 16);
  // A schema-qualified table spelled as written.
  CHECK(found[2].span.line == 12);
  CHECK(found[2].span.column == 4);
  CHECK(found[2].message.find("\"inventory.stock\", owned by inventory-service") != std::string::npos);
  // The root file's schema name, and the table part of a qualified name with `_`.
  CHECK(has(found, orders, 18, 5));
  CHECK(has(found, orders, 22, 9));
  // Reached through $ref into another file: reported there, once, although
  // the gateway's contract reaches the same schema.
  CHECK(has(found, schemas, 6, 9));
  CHECK(has(found, schemas, 11, 5));
  for (const auto& d : found) {
    if (d.span.path == schemas && d.span.line == 6) {
      CHECK(d.message.find("property \"order_items\" (in ") == 0);
    }
  }
}

TEST_CASE("AG401 compares single-word tables only in strict mode") {
  MemoryFileSource files = repository();
  Config strict;
  strict.strict_table_names = true;
  auto found = run_rule(files, "AG401", strict);
  INFO(describe(found));
  const std::string schemas = "services/order-service/schemas.yaml";
  CHECK(has(found, schemas, 9, 9));   // property `orders`
  CHECK(has(found, schemas, 10, 9));  // property `stock`, the table part of inventory.stock
  CHECK(has(found, "services/order-service/openapi.yaml", 3, 4));  // /orders/...
  CHECK(has(found, "services/gateway/openapi.yaml", 3, 4));        // the gateway's /orders
  CHECK(found.size() == 11);
}

TEST_CASE("AG401 ignores other spellings and inventories without distinctive tables") {
  MemoryFileSource files;
  files.add("service-inventory.json", R"({"services": [{"name": "orders-svc", "owns": ["orders", "order_items"]}]})");
  files.add("orders-svc/openapi.json", R"({"openapi": "3.1.0", "paths": {"/orders/{order_items}": {}, "/orderitems": {}},
  "components": {"schemas": {"OrderItem": {"properties": {"orderItems": {}, "OrderItems": {}, "order_item": {}}}}}})");
  auto found = run_rule(files, "AG401");
  INFO(describe(found));
  CHECK(found.empty());
}

TEST_CASE("AG401 measures segments of JSON keys and names every owner of a table owned twice") {
  MemoryFileSource files;
  files.add("service-inventory.json", R"({"services": [
  {"name": "a", "owns": ["order_items"]},
  {"name": "b", "owns": ["order_items"]}
]})");
  files.add("a/openapi.json", R"({"openapi": "3.0.0", "paths": {"/v1/order_items": {}}})");
  auto found = run_rule(files, "AG401");
  INFO(describe(found));
  REQUIRE(found.size() == 1);
  CHECK(found[0].span.line == 1);
  CHECK(found[0].span.column == 37);
  CHECK(found[0].span.end_column == 48);
  CHECK(found[0].message.find("owned by a and b") != std::string::npos);
  CHECK(found[0].related.size() == 2);
}

TEST_CASE("AG401 does not check the contracts of datastores") {
  MemoryFileSource files;
  files.add("service-inventory.json", R"({"services": [
  {"name": "orders", "owns": ["order_items"]},
  {"name": "postgrest", "kind": "datastore"}
]})");
  files.add("postgrest/openapi.yaml", "openapi: 3.0.0\npaths:\n  /order_items:\n    get: {responses: {}}\n");
  auto found = run_rule(files, "AG401");
  INFO(describe(found));
  CHECK(found.empty());
}
