#include "rules/common/rule_test_support.h"

using archgate::MemoryFileSource;
using archgate::testing::describe;
using archgate::testing::run_rule;

namespace {

const char* kInventory = R"({"services": [
  {"name": "gateway", "mayCall": ["order-service"]},
  {"name": "order-service", "mayCall": ["inventory-service"]},
  {"name": "inventory-service", "mayCall": []},
  {"name": "payment-service", "compose": "payments"},
  {"name": "mailer", "kind": "worker"},
  {"name": "ledger-db", "kind": "datastore"}
]})";

const char* kCompose = R"(services:
  gateway:
    image: shop/gateway
    environment:
      ORDER_URL: http://order-service:8080
      CORS_ALLOWED_ORIGINS: http://payments:8080
      PUBLIC_URL: http://gateway:8080
    depends_on:
      order-service:
        condition: service_healthy
  order-service:
    image: shop/order-service
    environment:
      - INVENTORY_URL=http://inventory-service:8080
      - PAYMENT_URL=http://payments:8080/v1
      - PAYMENT_GRPC=PAYMENT-SERVICE:50051
      - REDIS_URL=redis://redis:6379
      - DATABASE_URL=postgres://payments:5432/orders
      - SELF_URL=http://order-service:8080
      - LOCAL=http://localhost:9000
      - LEDGER_URL=http://ledger-db:8080
    depends_on:
      - inventory-service
      - payments
      - mailer
      - redis
      - migrate
  inventory-service:
    image: shop/inventory-service
    environment:
      PAYMENT_HOST: payment-service
      SERVICE_NAME: payment-service
    depends_on:
      migrate:
        condition: service_completed_successfully
      payments:
        condition: service_completed_successfully
  payments:
    image: shop/payment-service
  mailer:
    image: shop/mailer
  redis:
    image: redis:7
  migrate:
    image: shop/migrate
)";

const char* kOrderCode = R"(const inventory = `http://inventory-service:8080/inventory/${sku}`;
const pay = `http://payment-service:8080/v1/charges/${id}`;
const grpc = 'payments:50051';
const db = 'postgres://payment-service/x';
const gw = "https://gateway/orders";
)";

}  // namespace

TEST_CASE("AG402 reports Compose env, depends_on and code references to services not in mayCall") {
  MemoryFileSource files;
  files.add("service-inventory.json", kInventory);
  files.add("compose.yaml", kCompose);
  files.add("services/order-service/src/calls.js", kOrderCode);
  files.add("services/order-service/test/calls.test.js", "fetch('http://payment-service:8080/x')\n");
  auto found = run_rule(files, "AG402");
  INFO(describe(found));
  REQUIRE(found.size() == 7);

  CHECK(found[0].span.path == "compose.yaml");
  CHECK(found[0].span.line == 15);
  CHECK(found[0].service == "order-service");
  CHECK(found[0].message ==
        "order-service is configured to call payment-service (environment PAYMENT_URL=http://payments:8080/v1), "
        "but payment-service is not in its mayCall");
  REQUIRE(found[0].related.size() == 1);
  CHECK(found[0].related[0].span.path == "service-inventory.json");
  CHECK(found[0].related[0].span.line == 3);
  CHECK(found[0].related[0].span.column == 29);
  CHECK(found[0].related[0].message == "order-service may call: inventory-service");
  CHECK(found[1].span.line == 16);  // PAYMENT_GRPC, host:port, case-insensitive
  CHECK(found[2].span.line == 24);  // depends_on payments
  CHECK(found[2].message ==
        "order-service depends on payment-service in Compose, which implies a call, but payment-service is not "
        "in its mayCall");

  CHECK(found[3].span.line == 31);  // inventory-service: PAYMENT_HOST, a bare host
  CHECK(found[3].service == "inventory-service");
  CHECK(found[3].related[0].message == "inventory-service may call no service");

  // Code comes after Compose.
  CHECK(found[4].span.path == "services/order-service/src/calls.js");
  CHECK(found[4].span.line == 2);
  CHECK(found[4].span.column == 14);
  CHECK(found[4].message ==
        "order-service calls payment-service in code (\"http://payment-service:8080/v1/charges/${id}\"), but "
        "payment-service is not in its mayCall");
  CHECK(found[5].span.line == 3);
  CHECK(found[6].span.line == 5);
  CHECK(found[6].message.find("calls gateway in code") != std::string::npos);
}

TEST_CASE("AG402 stays silent for declared calls, datastores, unknown hosts and self references") {
  MemoryFileSource files;
  files.add("service-inventory.json", R"({"services": [
  {"name": "gateway", "mayCall": ["order-service", "inventory-service"]},
  {"name": "order-service", "mayCall": ["inventory-service"]},
  {"name": "inventory-service"}
]})");
  files.add("compose.yaml", R"(services:
  gateway:
    image: shop/gateway
    environment:
      ORDER_URL: http://order-service:8080
      INVENTORY_URL: http://inventory-service:8080
      REDIS_URL: redis://redis:6379
      OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4317
    depends_on: [order-service, inventory-service, redis]
  order-service:
    image: shop/order-service
    environment:
      INVENTORY_URL: http://Inventory-Service:8080/
      HOST: 0.0.0.0
      SELF: order-service:8080
      DB: postgres://orders-db:5432/orders
  inventory-service:
    image: shop/inventory-service
  redis:
    image: redis:7
  otel-collector:
    image: otel/opentelemetry-collector
)");
  files.add("services/gateway/src/main.js",
            "const o = 'http://order-service:8080';\nconst l = 'http://127.0.0.1:8080/x';\n"
            "const e = 'https://example.com/orders';\n");
  auto found = run_rule(files, "AG402");
  INFO(describe(found));
  CHECK(found.empty());
}

TEST_CASE("AG402 without Compose still checks code") {
  MemoryFileSource files;
  files.add("service-inventory.json", R"({"services": [
  {"name": "order-service"},
  {"name": "payment-service"}
]})");
  files.add("services/order-service/main.py", "requests.post(\"http://payment-service.shop.svc.cluster.local/pay\")\n");
  auto found = run_rule(files, "AG402");
  INFO(describe(found));
  REQUIRE(found.size() == 1);
  CHECK(found[0].related[0].span.path == "service-inventory.json");
  CHECK(found[0].related[0].span.line == 2);  // no mayCall key: the service's name
  CHECK(found[0].related[0].message == "order-service may call no service");
}
