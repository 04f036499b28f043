#include "rules/common/openapi_diff.h"

#include <catch2/catch.hpp>

#include "loaders/openapi.h"
#include "sources/file_source.h"

namespace {

using archgate::BreakingKind;

struct Side {
  archgate::MemoryFileSource files;
  archgate::OpenApiDocument doc;
};

// Loads one contract from path -> content pairs (root first).
std::unique_ptr<Side> load(const std::vector<std::pair<std::string, std::string>>& files) {
  auto side = std::make_unique<Side>();
  for (const auto& [path, content] : files) side->files.add(path, content);
  archgate::VectorSink sink;
  side->doc = archgate::load_openapi(side->files, files.front().first, sink);
  INFO("loader findings: " << sink.items.size());
  REQUIRE(sink.items.empty());
  return side;
}

std::string describe(const std::vector<archgate::BreakingChange>& changes) {
  std::string out;
  for (const auto& c : changes) {
    out += std::string(archgate::breaking_kind_name(c.kind)) + " " + c.head.path + ":" + std::to_string(c.head.line) +
           ":" + std::to_string(c.head.column) + " " + c.message + "\n";
  }
  return out.empty() ? "(none)" : out;
}

// The text without its first line containing `needle`.
std::string without(std::string text, std::string_view needle) {
  auto at = text.find(needle);
  REQUIRE(at != std::string::npos);
  auto begin = text.rfind('\n', at);
  begin = begin == std::string::npos ? 0 : begin + 1;
  auto end = text.find('\n', at);
  text.erase(begin, end - begin + 1);
  return text;
}

std::vector<archgate::BreakingChange> diff(const std::string& base, const std::string& head) {
  auto b = load({{"api.yaml", base}});
  auto h = load({{"api.yaml", head}});
  auto changes = archgate::find_breaking_changes(b->doc, h->doc);
  INFO(describe(changes));
  return changes;
}

const char* kTree = R"(openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /nodes:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Node'}
components:
  schemas:
    Node:
      type: object
      properties:
        name: {type: string}
        parent: {$ref: '#/components/schemas/Node'}
        children:
          type: array
          items: {$ref: '#/components/schemas/Node'}
)";

}  // namespace

TEST_CASE("identical contracts with $ref cycles have no breaking changes", "[openapi_diff]") {
  CHECK(diff(kTree, kTree).empty());
}

TEST_CASE("a removal inside a recursive schema is found once per operation", "[openapi_diff]") {
  std::string head = without(kTree, "name: {type: string}");
  auto changes = diff(kTree, head);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].kind == BreakingKind::removed_response_property);
  CHECK(changes[0].message == "GET /nodes: response 200 property \"name\" was removed; clients reading it get nothing");
  CHECK(changes[0].head.line == 16);  // the head's `properties` key
  REQUIRE(changes[0].base);
  CHECK(changes[0].base->span.line == 17);  // the base's `name` key
}

TEST_CASE("$refs into other files are resolved on both sides", "[openapi_diff]") {
  const char* root = R"(openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /orders:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: 'schemas/order.yaml#/Order'}
      responses:
        "201": {description: created}
)";
  auto base = load({{"svc/api.yaml", root},
                    {"svc/schemas/order.yaml", "Order:\n  type: object\n  properties:\n    sku: {$ref: 'common.yaml#/Sku'}\n"},
                    {"svc/schemas/common.yaml", "Sku:\n  type: string\n"}});
  auto head = load({{"svc/api.yaml", root},
                    {"svc/schemas/order.yaml", "Order:\n  type: object\n  required: [sku]\n  properties:\n    sku: {$ref: "
                                               "'common.yaml#/Sku'}\n"},
                    {"svc/schemas/common.yaml", "Sku:\n  type: integer\n"}});
  auto changes = archgate::find_breaking_changes(base->doc, head->doc);
  INFO(describe(changes));
  REQUIRE(changes.size() == 2);
  CHECK(changes[0].kind == BreakingKind::new_required_request_property);
  CHECK(changes[0].head.path == "svc/schemas/order.yaml");
  CHECK(changes[1].kind == BreakingKind::changed_type);
  CHECK(changes[1].head.path == "svc/schemas/common.yaml");
  CHECK(changes[1].head.line == 2);
}

TEST_CASE("requests may widen and responses may grow", "[openapi_diff]") {
  const char* base = R"(openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /items/{id}:
    put:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                count: {type: integer}
                kind: {type: string, enum: [a, b]}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  total: {type: number}
)";
  const char* head = R"(openapi: 3.0.3
info: {title: t, version: "2"}
paths:
  /items/{itemId}:
    put:
      parameters:
        - {name: itemId, in: path, required: true, schema: {type: string}}
        - {name: dry, in: query, schema: {type: boolean}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                count: {type: number}
                kind: {type: string, enum: [a, b, c]}
                id: {type: string, readOnly: true}
              required: [id]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [total]
                properties:
                  total: {type: integer}
                  extra: {type: string}
        "404": {description: new}
)";
  CHECK(diff(base, head).empty());
}

TEST_CASE("oneOf leaves removals unjudged, writeOnly properties are not response fields", "[openapi_diff]") {
  const char* base = R"(openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  name: {type: string}
                  password: {type: string, writeOnly: true}
                oneOf:
                  - properties: {bark: {type: boolean}}
)";
  std::string head = without(without(base, "name: {type: string}"), "password:");
  CHECK(diff(base, head).empty());
}

TEST_CASE("Swagger 2 parameters carry their own type", "[openapi_diff]") {
  const char* base = R"(swagger: "2.0"
info: {title: t, version: "1"}
paths:
  /orders:
    get:
      parameters:
        - {name: limit, in: query, type: integer}
      responses:
        "200": {description: ok}
)";
  std::string head = base;
  head.replace(head.find("type: integer"), 13, "type: string, required: true");
  auto changes = diff(base, head);
  REQUIRE(changes.size() == 2);
  CHECK(changes[0].kind == BreakingKind::new_required_parameter);
  CHECK(changes[1].kind == BreakingKind::changed_type);
  CHECK(changes[1].message == "GET /orders: query parameter \"limit\" changed type from integer to string");
}
