#include "rules/common/rule_test_support.h"

using archgate::MemoryFileSource;
using archgate::testing::describe;
using archgate::testing::run_rule;

namespace {

const char* kInventoryApi = R"(openapi: 3.0.3
info: {title: inventory, version: "1"}
servers:
  - url: http://inventory-service:8080/api/v1
paths:
  /inventory/{sku}:
    get: {responses: {"200": {description: ok}}}
  /reservations:
    post: {responses: {"201": {description: ok}}}
  /reservations/{key}/release:
    post: {responses: {"200": {description: ok}}}
)";

const char* kPaymentApi = R"(openapi: 3.0.3
info: {title: payments, version: "1"}
paths:
  /payments:
    post: {responses: {"201": {description: ok}}}
)";

void add_common(MemoryFileSource& files, const char* inventory) {
  files.add("service-inventory.json", inventory);
  files.add("services/inventory-service/openapi.yaml", kInventoryApi);
  files.add("services/payment-service/openapi.yaml", kPaymentApi);
  files.add("compose.yaml", R"(services:
  order-service:
    image: shop/order-service
    environment:
      STOCK_API: http://inventory-service:8080
      PAY: http://payment-service:8080
      STRIPE_URL: https://api.stripe.com
  inventory-service:
    image: shop/inventory-service
  payment-service:
    image: shop/payment-service
)");
}

const char* kTwoCallees = R"({"services": [
  {"name": "order-service", "mayCall": ["inventory-service", "payment-service"]},
  {"name": "inventory-service"},
  {"name": "payment-service"}
]})";

}  // namespace

TEST_CASE("AG403 reports calls to paths and methods the callee does not declare") {
  MemoryFileSource files;
  add_common(files, kTwoCallees);
  files.add("services/order-service/src/client.js",
            "await axios.get(`${process.env.STOCK_API}/inventory/${sku}`);\n"           // 1 ok
            "await axios.delete(`${process.env.STOCK_API}/inventory/${sku}`);\n"        // 2 method
            "await fetch(`${inventoryServiceUrl}/stock/${sku}`);\n"                     // 3 path
            "await axios.post(PAY + '/payments');\n"                                    // 4 ok
            "await axios.post(PAY + '/refunds');\n"                                     // 5 path
            "await fetch('http://inventory-service:8080/api/v1/reservations/' + k);\n"  // 6 ok (prefix)
            "await fetch('http://inventory-service:8080/api/v1/stock/' + k);\n"         // 7 path
            "await fetch(`http://inventory-service:8080/api/v1/reservations/${k}/release`);\n"  // 8 ok
            "await fetch('http://inventory-service:8080/api');\n"                       // 9 ok: server prefix
            "await axios.post(`${STRIPE_URL}/v1/charges`);\n"                           // 10 external
            "await axios.get(base + '/whatever');\n"                                    // 11 not attributable
            "await axios.get(`${process.env.STOCK_API}/health`);\n"                     // 12 health
            "await axios.post(`${process.env.STOCK_API}/api/v1/reservations`);\n");     // 13 ok: base path
  auto found = run_rule(files, "AG403");
  INFO(describe(found));
  REQUIRE(found.size() == 4);
  // URLs are checked first, then paths.
  CHECK(found[0].span.line == 7);
  CHECK(found[0].message ==
        "order-service calls /api/v1/stock/ on inventory-service, but inventory-service's contract declares no "
        "such path");
  REQUIRE(found[0].related.size() == 1);
  CHECK(found[0].related[0].span.path == "services/inventory-service/openapi.yaml");
  CHECK(found[0].related[0].span.line == 5);
  CHECK(found[1].span.path == "services/order-service/src/client.js");
  CHECK(found[1].span.line == 2);
  CHECK(found[1].span.column == 20);
  CHECK(found[1].service == "order-service");
  CHECK(found[1].message ==
        "order-service calls DELETE /inventory/{} on inventory-service (base "
        "STOCK_API=http://inventory-service:8080), but inventory-service's contract declares /inventory/{sku} only "
        "with GET");
  CHECK(found[1].related[0].span.line == 6);
  CHECK(found[1].related[0].message == "inventory-service declares /inventory/{sku} here");
  CHECK(found[2].span.line == 3);
  CHECK(found[2].message ==
        "order-service calls /stock/{} on inventory-service (base inventoryServiceUrl), but inventory-service's "
        "contract declares no such path");
  CHECK(found[3].span.line == 5);
  CHECK(found[3].message.find("POST /refunds on payment-service (base PAY=http://payment-service:8080)") !=
        std::string::npos);
}

TEST_CASE("AG403 attributes bare paths to the only service the caller may call") {
  MemoryFileSource files;
  add_common(files, R"({"services": [
  {"name": "order-service", "mayCall": ["inventory-service"]},
  {"name": "inventory-service"},
  {"name": "payment-service"}
]})");
  files.add("services/order-service/openapi.yaml", R"(openapi: 3.0.3
info: {title: orders, version: "1"}
paths:
  /orders/{id}:
    get: {responses: {"200": {description: ok}}}
)");
  files.add("services/order-service/src/app.js",
            "app.get('/orders/:id', h);\n"                      // own route
            "client.post('/inventory/' + sku + '/reserve');\n"  // fires
            "client.post('/reservations');\n"                   // ok
            "client.get('/metrics');\n"                         // not one of the callee's first segments
            "client.put('/reservations/' + k);\n");             // fires: no such path
  files.add("services/order-service/src/app.test.js", "client.post('/inventory/x/nope');\n");
  auto found = run_rule(files, "AG403");
  INFO(describe(found));
  REQUIRE(found.size() == 2);
  CHECK(found[0].span.line == 2);
  CHECK(found[0].message ==
        "order-service calls POST /inventory/{}/reserve on inventory-service (the only service it may call), but "
        "inventory-service's contract declares no such path");
  CHECK(found[1].span.line == 5);
  CHECK(found[1].message.find("PUT /reservations/{}") != std::string::npos);
}

TEST_CASE("AG403 stays silent when bare paths cannot be attributed or the callee has no contract") {
  MemoryFileSource files;
  add_common(files, kTwoCallees);
  files.add("services/order-service/src/app.js", "client.post('/inventory/' + sku + '/reserve');\n");
  CHECK(run_rule(files, "AG403").empty());

  MemoryFileSource no_contract;
  no_contract.add("service-inventory.json", R"({"services": [
  {"name": "order-service", "mayCall": ["shipping-service"]},
  {"name": "shipping-service"}
]})");
  no_contract.add("services/order-service/src/app.js",
                  "client.post('/shipments');\nfetch('http://shipping-service/x');\n");
  no_contract.add("services/shipping-service/README.md", "no contract\n");
  CHECK(run_rule(no_contract, "AG403").empty());
}

TEST_CASE("AG403 distrusts a contract with an unresolved reference") {
  MemoryFileSource files;
  files.add("service-inventory.json", R"({"services": [
  {"name": "order-service", "mayCall": ["inventory-service"]},
  {"name": "inventory-service"}
]})");
  files.add("services/inventory-service/openapi.yaml", R"(openapi: 3.0.3
info: {title: inventory, version: "1"}
paths:
  /inventory/{sku}:
    get: {responses: {"200": {description: ok}}}
  /reservations:
    $ref: missing.yaml#/reservations
)");
  files.add("services/order-service/src/app.js", "client.post('/reservations');\n");
  auto found = run_rule(files, "AG403");
  INFO(describe(found));
  CHECK(found.empty());
}
