#include <catch2/catch.hpp>

#include <map>

#include "loaders/openapi.h"

using namespace std::string_literals;
using archgate::Diagnostic;
using archgate::FileEntry;
using archgate::MemoryFileSource;
using archgate::OpenApiDocument;
using archgate::OpenApiOperation;
using archgate::ReadResult;
using archgate::VectorSink;

namespace {

// A MemoryFileSource that counts reads, to prove what was (not) read.
class CountingSource final : public archgate::FileSource {
 public:
  void add(std::string path, std::string content) { inner_.add(std::move(path), std::move(content)); }
  const std::vector<FileEntry>& files() const override { return inner_.files(); }
  ReadResult read(std::string_view path) const override {
    ++reads[std::string(path)];
    const_cast<MemoryFileSource&>(inner_).set_max_file_size(max_file_size());
    return inner_.read(path);
  }
  std::string describe() const override { return "counting"; }
  mutable std::map<std::string, int> reads;

 private:
  MemoryFileSource inner_;
};

const OpenApiOperation* find_op(const OpenApiDocument& doc, std::string_view method, std::string_view path) {
  for (const auto& op : doc.operations) {
    if (op.method == method && op.path == path) return &op;
  }
  return nullptr;
}

const archgate::OpenApiProperty* find_prop(const OpenApiDocument& doc, std::string_view name) {
  for (const auto& p : doc.properties) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::string dump(const std::vector<Diagnostic>& items) {
  std::string out;
  for (const auto& d : items) {
    out += d.rule + " " + d.span.path + ":" + std::to_string(d.span.line) + ":" + std::to_string(d.span.column) +
           " " + d.message + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("openapi 3.0: operations, parameters, bodies, responses and their positions") {
  CountingSource files;
  files.add("svc/openapi.yaml", R"(openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /orders/{id}:
    parameters:
      - name: id
        in: path
        schema: {type: string}
      - $ref: '#/components/parameters/Trace'
    get:
      operationId: getOrder
      parameters:
        - name: Trace
          in: header
          required: true
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Order'
        '404': {$ref: '#/components/responses/NotFound'}
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                note: {type: string}
      responses:
        default: {description: x}
  x-internal: {}
  /health:
    get:
      responses: {"200": {description: ok}}
components:
  parameters:
    Trace: {name: Trace, in: header, schema: {type: string}}
  responses:
    NotFound:
      description: nope
      content:
        application/problem+json:
          schema: {$ref: '#/components/schemas/Problem'}
  schemas:
    Order:
      type: object
      properties:
        order_id: {type: string}
        lines:
          type: array
          items:
            type: object
            properties:
              sku: {type: string}
    Problem:
      allOf:
        - type: object
          properties:
            title: {type: string}
)");
  VectorSink sink;
  OpenApiDocument doc = archgate::load_openapi(files, "svc/openapi.yaml", sink);
  INFO(dump(sink.items));
  CHECK(sink.items.empty());
  CHECK(doc.path == "svc/openapi.yaml");
  CHECK(doc.version == "3.0.3");
  REQUIRE(doc.files.size() == 1);
  CHECK(doc.paths_span.line == 3);
  CHECK(doc.paths_span.column == 1);
  CHECK(doc.paths_span.end_column == 6);
  REQUIRE(doc.path_keys.size() == 2);
  CHECK(doc.path_keys[1].value == "/health");
  CHECK(doc.path_keys[1].span.line == 36);
  REQUIRE(doc.operations.size() == 3);

  const auto* get = find_op(doc, "get", "/orders/{id}");
  REQUIRE(get);
  CHECK(get->operation_id == "getOrder");
  CHECK(get->span.line == 10);
  CHECK(get->span.column == 5);
  CHECK(get->span.end_column == 8);
  CHECK(get->path_span.line == 4);
  CHECK(get->path_span.column == 3);
  CHECK(get->path_span.end_column == 3 + 12);
  REQUIRE(get->parameters.size() == 2);
  CHECK(get->parameters[0].name == "id");
  CHECK(get->parameters[0].in == "path");
  CHECK(get->parameters[0].required);
  CHECK(get->parameters[0].span.line == 6);
  CHECK(get->parameters[0].span.column == 15);
  REQUIRE(get->parameters[0].schema);
  CHECK(get->parameters[0].schema->get("type")->text == "string");
  // The operation's Trace overrides the path-level one from components.
  CHECK(get->parameters[1].name == "Trace");
  CHECK(get->parameters[1].required);
  CHECK(get->parameters[1].span.line == 13);
  CHECK_FALSE(get->has_request_body);
  REQUIRE(get->responses.size() == 2);
  CHECK(get->responses[0].status == "200");
  CHECK(get->responses[0].span.line == 17);
  CHECK(get->responses[0].span.column == 9);
  CHECK(get->responses[0].span.end_column == 14);  // "200" with its quotes
  REQUIRE(get->responses[0].content.size() == 1);
  CHECK(get->responses[0].content[0].content_type == "application/json");
  REQUIRE(get->responses[0].content[0].schema);
  CHECK(get->responses[0].content[0].schema->get("properties"));
  CHECK(get->responses[0].content[0].schema_file == "svc/openapi.yaml");
  CHECK(get->responses[1].status == "404");
  REQUIRE(get->responses[1].content.size() == 1);
  CHECK(get->responses[1].content[0].content_type == "application/problem+json");
  CHECK(get->responses[1].content[0].schema->get("allOf"));

  const auto* post = find_op(doc, "post", "/orders/{id}");
  REQUIRE(post);
  CHECK(post->has_request_body);
  CHECK(post->request_body_required);
  CHECK(post->request_body_span.line == 25);
  REQUIRE(post->request_body.size() == 1);
  CHECK(post->request_body[0].schema->get("properties"));
  CHECK(post->parameters.size() == 2);  // path-level ones
  CHECK(post->responses[0].status == "default");
  CHECK(find_op(doc, "get", "/health"));

  REQUIRE(doc.schema_names.size() == 2);
  CHECK(doc.schema_names[0].name == "Order");
  CHECK(doc.schema_names[0].span.line == 49);
  CHECK(doc.schema_names[0].span.column == 5);
  CHECK(doc.schema_names[0].span.end_column == 10);

  const auto* order_id = find_prop(doc, "order_id");
  REQUIRE(order_id);
  CHECK(order_id->owner == "#/components/schemas/Order");
  CHECK(order_id->span.path == "svc/openapi.yaml");
  CHECK(order_id->span.line == 52);
  CHECK(order_id->span.column == 9);
  CHECK(order_id->span.end_column == 17);
  const auto* sku = find_prop(doc, "sku");
  REQUIRE(sku);
  CHECK(sku->owner == "#/components/schemas/Order/properties/lines/items");
  REQUIRE(find_prop(doc, "title"));
  CHECK(find_prop(doc, "title")->owner == "#/components/schemas/Problem/allOf/0");
  REQUIRE(find_prop(doc, "note"));
  CHECK(find_prop(doc, "note")->owner == "POST /orders/{id} request body (application/json)");
  CHECK(doc.properties.size() == 5);
  CHECK(files.reads["svc/openapi.yaml"] == 1);
}

TEST_CASE("openapi: a $ref into another file keeps that file's positions, and each file is read once") {
  CountingSource files;
  files.add("svc/openapi.yaml", R"(openapi: 3.0.0
paths:
  /orders:
    $ref: 'paths/orders.yaml'
  /orders/{id}:
    get:
      responses:
        '200':
          content:
            application/json:
              schema: {$ref: 'schemas/common.yaml#/components/schemas/Order'}
        '500':
          content:
            application/json:
              schema: {$ref: "./schemas/common.yaml#/components/schemas/Error"}
)");
  files.add("svc/paths/orders.yaml", R"(get:
  operationId: list
  responses:
    '200':
      content:
        application/json:
          schema:
            type: array
            items: {$ref: '../schemas/common.yaml#/components/schemas/Order'}
)");
  files.add("svc/schemas/common.yaml", R"(components:
  schemas:
    Order:
      properties:
        total_cents: {type: integer}
        customer: {$ref: '#/components/schemas/Customer'}
    Customer:
      properties:
        customer_name: {type: string}
    Error:
      properties:
        message: {type: string}
)");
  VectorSink sink;
  OpenApiDocument doc = archgate::load_openapi(files, "svc/openapi.yaml", sink);
  INFO(dump(sink.items));
  CHECK(sink.items.empty());
  REQUIRE(doc.files.size() == 3);
  CHECK(doc.files[0]->path == "svc/openapi.yaml");

  const auto* list = find_op(doc, "get", "/orders");
  REQUIRE(list);
  CHECK(list->operation_id == "list");
  CHECK(list->span.path == "svc/paths/orders.yaml");
  CHECK(list->span.line == 1);
  CHECK(list->path_span.path == "svc/openapi.yaml");
  CHECK(list->path_span.line == 3);

  const auto* get = find_op(doc, "get", "/orders/{id}");
  REQUIRE(get);
  CHECK(get->responses[0].content[0].schema_file == "svc/schemas/common.yaml");

  const auto* total = find_prop(doc, "total_cents");
  REQUIRE(total);
  CHECK(total->span.path == "svc/schemas/common.yaml");
  CHECK(total->span.line == 5);
  CHECK(total->span.column == 9);
  CHECK(total->span.end_column == 20);
  CHECK(total->owner == "svc/schemas/common.yaml#/components/schemas/Order");
  const auto* name = find_prop(doc, "customer_name");
  REQUIRE(name);
  CHECK(name->span.line == 9);
  CHECK(name->owner == "svc/schemas/common.yaml#/components/schemas/Customer");
  REQUIRE(find_prop(doc, "message"));
  CHECK(doc.properties.size() == 4);

  // Named schemas reached in the other file count as the contract's.
  REQUIRE(doc.schema_names.size() == 3);
  CHECK(doc.schema_names[0].span.path == "svc/schemas/common.yaml");
  CHECK(files.reads["svc/schemas/common.yaml"] == 1);
  CHECK(files.reads["svc/paths/orders.yaml"] == 1);
}

TEST_CASE("openapi: JSON pointers unescape ~0 ~1 and percent-encoding") {
  MemoryFileSource files;
  files.add("openapi.yaml", R"(openapi: 3.0.0
paths:
  /a/{id}:
    get:
      responses:
        '200':
          content:
            application/json:
              schema:
                properties:
                  x_field: {type: string}
  /b:
    get:
      responses:
        '200': {$ref: '#/paths/~1a~1%7Bid%7D/get/responses/200'}
  /c:
    get:
      responses:
        '200':
          content:
            application/json:
              schema: {$ref: '#/components/schemas/we~0ird'}
components:
  schemas:
    we~ird: {properties: {tilde: {type: string}}}
)");
  VectorSink sink;
  OpenApiDocument doc = archgate::load_openapi(files, "openapi.yaml", sink);
  INFO(dump(sink.items));
  CHECK(sink.items.empty());
  const auto* b = find_op(doc, "get", "/b");
  REQUIRE(b);
  REQUIRE(b->responses.size() == 1);
  REQUIRE(b->responses[0].content.size() == 1);
  CHECK(b->responses[0].content[0].schema->get("properties")->keys[0].text == "x_field");
  const auto* c = find_op(doc, "get", "/c");
  REQUIRE(c);
  CHECK(c->responses[0].content[0].schema->get("properties")->keys[0].text == "tilde");
}

TEST_CASE("openapi: $ref cycles terminate") {
  MemoryFileSource files;
  files.add("openapi.yaml", R"(openapi: 3.0.0
paths:
  /tree:
    get:
      responses:
        '200':
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Node'}
        '201':
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Loop1'}
components:
  schemas:
    Node:
      properties:
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        parent: {$ref: 'other.yaml#/Parent'}
    Loop1: {$ref: '#/components/schemas/Loop2'}
    Loop2: {$ref: '#/components/schemas/Loop1'}
)");
  files.add("other.yaml", R"(Parent:
  properties:
    child: {$ref: 'openapi.yaml#/components/schemas/Node'}
    self: {$ref: '#/Parent'}
)");
  VectorSink sink;
  OpenApiDocument doc = archgate::load_openapi(files, "openapi.yaml", sink);
  INFO(dump(sink.items));
  REQUIRE(doc.operations.size() == 1);
  CHECK(doc.files.size() == 2);
  std::vector<std::string> names;
  for (const auto& p : doc.properties) names.push_back(p.name);
  CHECK(names == std::vector<std::string>{"children", "parent", "child", "self"});
  // A chain of $refs that only points at itself never reaches a schema.
  REQUIRE(sink.items.size() == 1);
  CHECK(sink.items[0].rule == "AG002");
  CHECK(sink.items[0].message.find("cycle") != std::string::npos);
  CHECK(doc.operations[0].responses[1].content[0].schema == nullptr);
}

TEST_CASE("openapi: URL, absolute and out-of-root $refs are AG002 at the $ref and never read") {
  CountingSource files;
  files.add("secret.yaml", "Secret: {properties: {password: {type: string}}}\n");
  files.add("svc/openapi.yaml", R"(openapi: 3.0.0
paths:
  /a:
    get:
      responses:
        '200':
          content:
            application/json:
              schema: {$ref: 'https://example.com/schemas.yaml#/Order'}
        '201':
          content:
            application/json:
              schema:
                $ref: "/etc/passwd"
        '202':
          content:
            application/json:
              schema: {$ref: '../../secret.yaml#/Secret'}
        '203':
          content:
            application/json:
              schema: {$ref: 'missing.yaml'}
        '204':
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Nope'}
        '205':
          content:
            application/json:
              schema: {$ref: '//evil.example/x.yaml'}
)");
  VectorSink sink;
  OpenApiDocument doc = archgate::load_openapi(files, "svc/openapi.yaml", sink);
  INFO(dump(sink.items));
  REQUIRE(sink.items.size() == 6);
  for (const auto& d : sink.items) {
    CHECK(d.rule == "AG002");
    CHECK(d.span.path == "svc/openapi.yaml");
  }
  CHECK(sink.items[0].span.line == 9);
  CHECK(sink.items[0].span.column == 30);
  CHECK(sink.items[0].span.end_column == 30 + 41);
  CHECK(sink.items[0].message.find("is a URL") != std::string::npos);
  CHECK(sink.items[1].span.line == 14);
  CHECK(sink.items[1].span.column == 23);
  CHECK(sink.items[1].message.find("absolute path") != std::string::npos);
  CHECK(sink.items[2].span.line == 18);
  CHECK(sink.items[2].message.find("leaves the repository") != std::string::npos);
  CHECK(sink.items[3].message == "$ref \"missing.yaml\" names svc/missing.yaml, which does not exist");
  CHECK(sink.items[4].message == "$ref \"#/components/schemas/Nope\": svc/openapi.yaml has nothing at "
                                 "#/components/schemas/Nope");
  CHECK(sink.items[5].message.find("is a URL") != std::string::npos);
  CHECK(files.reads.size() == 1);
  CHECK(files.reads.count("secret.yaml") == 0);
  CHECK(doc.files.size() == 1);
  CHECK(doc.properties.empty());
}

TEST_CASE("openapi: $refs outside operations are checked, data is not") {
  MemoryFileSource files;
  files.add("openapi.yaml", R"(openapi: 3.0.0
paths: {}
components:
  schemas:
    Doc:
      type: object
      example: {$ref: 'http://json-schema.org/draft-07/schema'}
      properties:
        $ref: {type: string}
  responses:
    Gone:
      content:
        application/json:
          schema: {$ref: 'nowhere.yaml'}
          examples:
            one: {$ref: '#/components/examples/Missing'}
            two: {value: {$ref: 'http://data.example'}}
)");
  VectorSink sink;
  OpenApiDocument doc = archgate::load_openapi(files, "openapi.yaml", sink);
  INFO(dump(sink.items));
  REQUIRE(sink.items.size() == 2);
  CHECK(sink.items[0].span.line == 16);  // the Example $ref (pass 3 walks depth first)
  CHECK(sink.items[1].span.line == 14);
  REQUIRE(doc.properties.size() == 1);
  CHECK(doc.properties[0].name == "$ref");
}

TEST_CASE("openapi: Swagger 2.0 body and form parameters become the request body") {
  MemoryFileSource files;
  files.add("swagger.yaml", R"(swagger: "2.0"
consumes: [application/json]
produces: [application/json, application/xml]
paths:
  /orders:
    post:
      parameters:
        - in: body
          name: order
          required: true
          schema: {$ref: '#/definitions/NewOrder'}
        - in: query
          name: dryRun
          type: boolean
      responses:
        201:
          description: created
          schema: {$ref: '#/definitions/Order'}
        400: {description: bad}
  /upload:
    put:
      consumes: [multipart/form-data]
      parameters:
        - {in: formData, name: file, type: file, required: true}
      responses:
        204: {description: ok}
definitions:
  NewOrder:
    properties:
      item_sku: {type: string}
  Order:
    allOf:
      - $ref: '#/definitions/NewOrder'
      - properties:
          order_id: {type: string}
)");
  VectorSink sink;
  OpenApiDocument doc = archgate::load_openapi(files, "swagger.yaml", sink);
  INFO(dump(sink.items));
  CHECK(sink.items.empty());
  CHECK(doc.version == "2.0");
  const auto* post = find_op(doc, "post", "/orders");
  REQUIRE(post);
  CHECK(post->has_request_body);
  CHECK(post->request_body_required);
  CHECK(post->request_body_span.line == 9);
  REQUIRE(post->request_body.size() == 1);
  CHECK(post->request_body[0].content_type == "application/json");
  REQUIRE(post->request_body[0].schema);
  CHECK(post->request_body[0].schema->get("properties")->keys[0].text == "item_sku");
  REQUIRE(post->parameters.size() == 1);
  CHECK(post->parameters[0].name == "dryRun");
  CHECK(post->parameters[0].schema->get("type")->text == "boolean");
  REQUIRE(post->responses.size() == 2);
  CHECK(post->responses[0].status == "201");
  REQUIRE(post->responses[0].content.size() == 2);
  CHECK(post->responses[0].content[1].content_type == "application/xml");
  CHECK(post->responses[0].content[0].schema->get("allOf"));
  CHECK(post->responses[1].content.empty());

  const auto* put = find_op(doc, "put", "/upload");
  REQUIRE(put);
  CHECK(put->has_request_body);
  REQUIRE(put->request_body.size() == 1);
  CHECK(put->request_body[0].content_type == "multipart/form-data");
  CHECK(put->parameters.empty());

  REQUIRE(doc.schema_names.size() == 2);
  CHECK(doc.schema_names[1].name == "Order");
  REQUIRE(find_prop(doc, "order_id"));
  CHECK(find_prop(doc, "order_id")->owner == "#/definitions/Order/allOf/1");
  CHECK(find_prop(doc, "item_sku")->owner == "#/definitions/NewOrder");
}

TEST_CASE("openapi: JSON contracts") {
  MemoryFileSource files;
  files.add("api/openapi.json", R"({
  "openapi": "3.0.1",
  "paths": {
    "/items/{id}": {
      "delete": {
        "parameters": [{"name": "id", "in": "path", "schema": {"type": "integer"}}],
        "responses": {"204": {"description": "gone"}}
      }
    }
  },
  "components": {"schemas": {"Item": {"properties": {"stock_level": {"$ref": "types.json#/Count"}}}}}
}
)");
  files.add("api/types.json", "{\"Count\": {\"type\": \"integer\"}}");
  VectorSink sink;
  OpenApiDocument doc = archgate::load_openapi(files, "api/openapi.json", sink);
  INFO(dump(sink.items));
  CHECK(sink.items.empty());
  REQUIRE(doc.operations.size() == 1);
  const auto& op = doc.operations[0];
  CHECK(op.method == "delete");
  CHECK(op.span.line == 5);
  CHECK(op.span.column == 7);
  CHECK(op.span.end_column == 15);
  CHECK(op.path_span.column == 5);
  CHECK(op.path_span.end_column == 5 + 13);
  CHECK(op.parameters[0].span.column == 33);
  CHECK(op.parameters[0].required);
  REQUIRE(doc.properties.size() == 1);
  CHECK(doc.properties[0].span.line == 11);
  CHECK(doc.properties[0].span.column == 54);
  CHECK(doc.properties[0].span.end_column == 54 + 13);
  CHECK(doc.files.size() == 2);
}

TEST_CASE("openapi 3.1: type arrays, $ref siblings, prefixItems") {
  MemoryFileSource files;
  files.add("openapi.yml", R"(openapi: 3.1.0
webhooks: {}
paths:
  /events:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Event'
                description: an event
components:
  schemas:
    Event:
      type: [object, 'null']
      properties:
        tuple:
          prefixItems:
            - {properties: {first_item: {type: string}}}
        extra:
          $ref: '#/components/schemas/Base'
          properties:
            sibling_prop: {type: string}
    Base:
      properties:
        base_prop: {type: string}
)");
  VectorSink sink;
  OpenApiDocument doc = archgate::load_openapi(files, "openapi.yml", sink);
  INFO(dump(sink.items));
  CHECK(sink.items.empty());
  CHECK(doc.version == "3.1.0");
  REQUIRE(doc.operations.size() == 1);
  REQUIRE(doc.operations[0].responses[0].content[0].schema);
  CHECK(doc.operations[0].responses[0].content[0].schema->get("type")->is_sequence());
  std::vector<std::string> names;
  for (const auto& p : doc.properties) names.push_back(p.name);
  CHECK(names == std::vector<std::string>{"tuple", "extra", "base_prop", "sibling_prop", "first_item"});
}

TEST_CASE("openapi: unreadable files are one AG001 each, with the parser's position") {
  SECTION("YAML syntax error in the root") {
    MemoryFileSource files;
    files.add("openapi.yaml", "openapi: 3.0.0\npaths:\n  /a: [unclosed\n  /b: {}\n");
    VectorSink sink;
    OpenApiDocument doc = archgate::load_openapi(files, "openapi.yaml", sink);
    REQUIRE(sink.items.size() == 1);
    CHECK(sink.items[0].rule == "AG001");
    CHECK(sink.items[0].span.path == "openapi.yaml");
    CHECK(sink.items[0].span.line >= 3);
    CHECK(sink.items[0].message.find("cannot parse OpenAPI file as YAML") == 0);
    CHECK(doc.operations.empty());
    CHECK(doc.path == "openapi.yaml");
  }
  SECTION("a broken file referenced twice is reported once") {
    MemoryFileSource files;
    files.add("openapi.yaml", R"(openapi: 3.0.0
paths:
  /a:
    get:
      responses:
        '200': {$ref: 'bad.json#/R'}
        '201': {$ref: 'bad.json#/S'}
)");
    files.add("bad.json", "{\n  \"R\": {,}\n}");
    VectorSink sink;
    OpenApiDocument doc = archgate::load_openapi(files, "openapi.yaml", sink);
    INFO(dump(sink.items));
    REQUIRE(sink.items.size() == 1);
    CHECK(sink.items[0].rule == "AG001");
    CHECK(sink.items[0].span.path == "bad.json");
    CHECK(sink.items[0].span.line == 2);
    CHECK(sink.items[0].message.find("as JSON") != std::string::npos);
    REQUIRE(doc.operations.size() == 1);
    CHECK(doc.operations[0].responses.size() == 2);
  }
  SECTION("NUL byte") {
    MemoryFileSource files;
    files.add("openapi.yaml", "openapi: 3.0.0\ninfo:\n  title: a\0b\n"s);
    VectorSink sink;
    archgate::load_openapi(files, "openapi.yaml", sink);
    REQUIRE(sink.items.size() == 1);
    CHECK(sink.items[0].span.line == 3);
    CHECK(sink.items[0].span.column == 11);
    CHECK(sink.items[0].message == "OpenAPI file contains a NUL byte");
  }
  SECTION("invalid UTF-8 after a BOM") {
    MemoryFileSource files;
    files.add("openapi.yaml", "\xEF\xBB\xBFopenapi: 3.0.0\ninfo: {title: \xC3\x28}\n");
    VectorSink sink;
    archgate::load_openapi(files, "openapi.yaml", sink);
    REQUIRE(sink.items.size() == 1);
    CHECK(sink.items[0].span.line == 2);
    CHECK(sink.items[0].span.column == 15);
    CHECK(sink.items[0].message == "OpenAPI file is not valid UTF-8");
  }
  SECTION("too large") {
    MemoryFileSource files;
    files.set_max_file_size(10);
    files.add("openapi.yaml", "openapi: 3.0.0\npaths: {}\n");
    VectorSink sink;
    archgate::load_openapi(files, "openapi.yaml", sink);
    REQUIRE(sink.items.size() == 1);
    CHECK(sink.items[0].rule == "AG001");
    CHECK(sink.items[0].span.line == 1);
    CHECK(sink.items[0].message.find("over the limit") != std::string::npos);
  }
  SECTION("empty and non-mapping documents") {
    MemoryFileSource files;
    files.add("a.yaml", "");
    files.add("b.yaml", "- 1\n- 2\n");
    VectorSink sink;
    archgate::load_openapi(files, "a.yaml", sink);
    archgate::load_openapi(files, "b.yaml", sink);
    REQUIRE(sink.items.size() == 2);
    CHECK(sink.items[0].message == "OpenAPI file is empty");
    CHECK(sink.items[1].message == "not an OpenAPI document: the top level is a sequence, not a mapping");
  }
}

TEST_CASE("openapi: a contract without paths has no paths span") {
  MemoryFileSource files;
  files.add("openapi.yaml", "openapi: 3.1.0\ninfo: {title: x, version: '1'}\n");
  VectorSink sink;
  OpenApiDocument doc = archgate::load_openapi(files, "openapi.yaml", sink);
  CHECK(sink.items.empty());
  CHECK_FALSE(doc.paths_span.known());
  CHECK(doc.operations.empty());
}

TEST_CASE("openapi: odd references and deep schemas are handled") {
  MemoryFileSource files;
  std::string deep = "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: query}\n"
                     "      responses:\n        '200':\n          content:\n            application/json:\n"
                     "              schema: {$ref: '#/components/schemas/S0'}\n"
                     "  /b:\n    get:\n      parameters:\n        - $ref: '#/paths/~1a/get/parameters/0'\n"
                     "        - $ref: '#/paths/~1a/get/parameters/99999999999'\n"
                     "        - $ref: 'file:///etc/passwd'\n        - $ref: 'C:/Windows/x.yaml'\n"
                     "        - $ref: 'schemas'\n      responses: {}\ncomponents:\n  schemas:\n";
  constexpr int kChain = 2000;
  for (int i = 0; i < kChain; ++i) {
    deep += "    S" + std::to_string(i) + ":\n      properties:\n        p" + std::to_string(i) +
            ": {$ref: '#/components/schemas/S" + std::to_string((i + 1) % kChain) + "'}\n";
  }
  files.add("openapi.yaml", deep);
  files.add("schemas/x.yaml", "{}");
  VectorSink sink;
  OpenApiDocument doc = archgate::load_openapi(files, "openapi.yaml", sink);
  INFO(dump(sink.items));
  CHECK(doc.properties.size() == kChain);
  CHECK(doc.schema_names.size() == kChain);
  const auto* b = find_op(doc, "get", "/b");
  REQUIRE(b);
  REQUIRE(b->parameters.size() == 1);
  CHECK(b->parameters[0].name == "q");
  REQUIRE(sink.items.size() == 4);
  CHECK(sink.items[0].message.find("has nothing at") != std::string::npos);
  CHECK(sink.items[1].message.find("is a URL") != std::string::npos);
  CHECK(sink.items[2].message.find("absolute path") != std::string::npos);
  CHECK(sink.items[3].message.find("names schemas, which does not exist") != std::string::npos);
}
