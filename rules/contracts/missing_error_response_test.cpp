#include "rules/common/rule_test_support.h"

using archgate::MemoryFileSource;
using archgate::testing::describe;
using archgate::testing::run_rule;

namespace {
const char* kContract = R"(openapi: 3.0.3
paths:
  /orders:
    get:
      responses: {"200": {description: ok}}
    post:
      requestBody:
        content:
          application/json: {schema: {type: object}}
      responses:
        "201": {description: created}
        default: {description: error}
  /orders/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    get:
      responses:
        "200": {description: ok}
        "404": {description: missing}
    put:
      requestBody:
        content:
          application/json: {schema: {type: object}}
      responses:
        "200": {description: ok}
        4XX: {description: client error}
    delete:
      responses:
        "204": {description: gone}
    options:
      responses:
        "204": {description: preflight}
  /orders/{orderId}/lines/{line}:
    patch:
      requestBody:
        content:
          application/json: {schema: {type: object}}
      responses:
        "200": {description: ok}
        "500": {description: oops}
)";
}  // namespace

TEST_CASE("AG406 reports operations taking a body or a path parameter without a 4xx response") {
  MemoryFileSource files;
  files.add("service-inventory.json", R"({"services": [{"name": "order-service"}]})");
  files.add("services/order-service/openapi.yaml", kContract);
  auto found = run_rule(files, "AG406");
  INFO(describe(found));
  REQUIRE(found.size() == 3);
  CHECK(found[0].span.path == "services/order-service/openapi.yaml");
  CHECK(found[0].span.line == 6);
  CHECK(found[0].span.column == 5);
  CHECK(found[0].span.end_column == 9);
  CHECK(found[0].service == "order-service");
  CHECK(found[0].message == "POST /orders takes a request body but documents no 4xx response");
  CHECK(found[1].span.line == 27);
  CHECK(found[1].message == "DELETE /orders/{id} takes the path parameter \"id\" but documents no 4xx response");
  CHECK(found[2].span.line == 34);
  CHECK(found[2].message ==
        "PATCH /orders/{orderId}/lines/{line} takes a request body and the path parameters \"orderId\" and "
        "\"line\" but documents no 4xx response");
}

TEST_CASE("AG406 counts Swagger 2 body parameters and reports a file shared by two services once") {
  MemoryFileSource files;
  files.add("service-inventory.json", R"({"services": [
  {"name": "a", "openapi": "shared/swagger.json"},
  {"name": "b", "openapi": "shared/swagger.json"}
]})");
  files.add("shared/swagger.json", R"({"swagger": "2.0", "paths": {
  "/charges": {"post": {"parameters": [{"in": "body", "name": "charge", "schema": {"type": "object"}}],
                        "responses": {"201": {"description": "ok"}}}},
  "/refunds": {"post": {"parameters": [{"in": "body", "name": "refund", "schema": {"type": "object"}}],
                        "responses": {"201": {"description": "ok"}, "422": {"description": "bad"}}}}
}})");
  auto found = run_rule(files, "AG406");
  INFO(describe(found));
  REQUIRE(found.size() == 1);
  CHECK(found[0].span.line == 2);
  CHECK(found[0].message == "POST /charges takes a request body but documents no 4xx response");
}

TEST_CASE("AG406 does not check the contracts of datastores") {
  MemoryFileSource files;
  files.add("service-inventory.json", R"({"services": [{"name": "postgrest", "kind": "datastore"}]})");
  files.add("postgrest/openapi.yaml", "openapi: 3.0.0\npaths:\n  /rows/{id}:\n    get: {responses: {}}\n");
  auto found = run_rule(files, "AG406");
  INFO(describe(found));
  CHECK(found.empty());
}
