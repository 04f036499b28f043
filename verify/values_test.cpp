#include "verify/values.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "verify/test_contracts.h"

namespace {

using archgate::verify::CompiledSchema;
using archgate::verify::Direction;
using archgate::verify::NegativeCase;
using archgate::verify::Rng;
using archgate::verify::testing::Contract;
using archgate::verify::testing::load_contract;
using archgate::verify::testing::schemas_of;
using nlohmann::json;

std::shared_ptr<const CompiledSchema> compile(const Contract& c, const std::string& name,
                                              Direction direction = Direction::request) {
  std::vector<archgate::verify::SchemaNote> notes;
  return archgate::verify::testing::compile_named(c, name, direction, notes);
}

std::string describe(const archgate::verify::Validation& v) {
  std::string out;
  for (const auto& x : v.violations) out += "'" + x.pointer + "' " + x.message + "\n";
  return out.empty() ? "(valid)" : out;
}

// Many kinds of schema, for "every generated value validates".
const char* kMany = R"(openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Text: {type: string}
    Bounded: {type: string, minLength: 12, maxLength: 14}
    Short: {type: string, maxLength: 2}
    Stamp: {type: string, format: date-time}
    Day: {type: string, format: date}
    Id: {type: string, format: uuid}
    Mail: {type: string, format: email}
    Link: {type: string, format: uri}
    Host: {type: string, format: hostname}
    Currency: {type: string, pattern: '^[A-Z]{3}$'}
    Sku: {type: string, pattern: '^SKU-[0-9]{4}(-[a-z]+)?$'}
    Slug: {type: string, pattern: '^[a-z0-9]+(?:-[a-z0-9]+)?$', minLength: 3}
    Phone: {type: string, pattern: '^\+?[0-9]{7,12}$'}
    Count: {type: integer, minimum: 1, maximum: 3}
    Small: {type: integer, format: int32}
    Big: {type: integer, format: int64, minimum: 1000000}
    Negative: {type: integer, maximum: -50}
    Price: {type: number, minimum: 0, exclusiveMinimum: true, multipleOf: 0.01}
    Ratio: {type: number, minimum: 0.1, maximum: 0.2}
    Step: {type: integer, multipleOf: 7, minimum: 20}
    Flag: {type: boolean}
    Colour: {type: string, enum: [red, green], nullable: true}
    Numbers: {type: array, items: {type: integer}, minItems: 3, maxItems: 5, uniqueItems: true}
    Empty: {type: array, items: {type: string}, maxItems: 0}
    Pair:
      type: object
      required: [a]
      properties:
        a: {type: string}
        b: {type: integer, nullable: true}
      additionalProperties: false
    Crowd: {type: object, minProperties: 3, additionalProperties: {type: integer}}
    Order:
      type: object
      required: [id, sku, quantity, status]
      properties:
        id: {type: string, format: uuid, readOnly: true}
        sku: {$ref: '#/components/schemas/Sku'}
        quantity: {type: integer, minimum: 1}
        status: {type: string, enum: [new, paid, shipped]}
        note: {type: string, maxLength: 20}
        customer: {$ref: '#/components/schemas/Customer'}
        lines:
          type: array
          items:
            type: object
            required: [sku, quantity]
            properties:
              sku: {type: string}
              quantity: {type: integer, minimum: 1}
    Customer:
      type: object
      required: [id, email]
      properties:
        id: {type: integer}
        email: {type: string, format: email}
        password: {type: string, writeOnly: true}
    Admin:
      allOf:
        - $ref: '#/components/schemas/Customer'
        - type: object
          required: [level]
          properties:
            level: {type: integer, minimum: 1, maximum: 9}
    Pet:
      oneOf:
        - type: object
          required: [kind, meow]
          properties:
            kind: {type: string, enum: [cat]}
            meow: {type: boolean}
        - type: object
          required: [kind, bark]
          properties:
            kind: {type: string, enum: [dog]}
            bark: {type: boolean}
    Loose:
      oneOf:
        - {type: object}
        - type: object
          required: [x]
          properties:
            x: {type: integer}
    IdOrName:
      anyOf: [{type: integer, minimum: 10}, {type: string}]
    Tree:
      type: object
      required: [name]
      properties:
        name: {type: string}
        children:
          type: array
          items: {$ref: '#/components/schemas/Tree'}
        parent: {$ref: '#/components/schemas/Tree'}
    Chain:
      type: object
      required: [next]
      properties:
        next: {$ref: '#/components/schemas/Chain'}
    Described:
      type: object
      properties:
        name: {type: string, example: Ada}
        age: {type: integer, example: 36}
      example: {name: Grace, age: 85}
    WrongExample:
      type: integer
      minimum: 10
      example: 3
    Defaulted: {type: string, default: fallback}
    NullableRef:
      nullable: true
      allOf: [{$ref: '#/components/schemas/Customer'}]
)";

}  // namespace

TEST_CASE("Rng is splitmix64: deterministic, in range", "[verify]") {
  Rng a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) {
    auto x = a.next();
    CHECK(x == b.next());
    CHECK(x != c.next());
  }
  Rng r(1);
  for (int i = 0; i < 1000; ++i) {
    CHECK(r.below(7) < 7);
    auto v = r.between(-3, 3);
    CHECK(v >= -3);
    CHECK(v <= 3);
  }
  CHECK(r.below(0) == 0);
  CHECK(r.between(5, 1) == 5);
  // The full int64 range works too.
  (void)r.between(std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max());
  // splitmix64's first output for seed 0.
  CHECK(Rng(0).next() == 0xE220A8397B1DCDAFull);
}

TEST_CASE("every generated value validates against its own schema", "[verify]") {
  auto c = load_contract(kMany);
  const archgate::Node& schemas = schemas_of(*c);
  for (const auto& key : schemas.keys) {
    if (key.text == "Chain") continue;  // unsatisfiable: every Chain requires a Chain
    for (Direction direction : {Direction::request, Direction::response}) {
      auto schema = compile(*c, key.text, direction);
      for (std::uint64_t seed = 1; seed <= 25; ++seed) {
        Rng rng(seed);
        json value = archgate::verify::generate_value(*schema, rng);
        auto v = archgate::verify::validate(*schema, value);
        INFO(key.text << " seed " << seed << ": " << value.dump() << "\n" << describe(v));
        CHECK(v.valid());
      }
    }
  }
}

TEST_CASE("generation is deterministic for a seed", "[verify]") {
  auto c = load_contract(kMany);
  for (const char* name : {"Order", "Tree", "Numbers", "Pet", "Stamp", "Price"}) {
    auto schema = compile(*c, name);
    Rng a(9), b(9);
    CHECK(archgate::verify::generate_value(*schema, a) == archgate::verify::generate_value(*schema, b));
  }
  // Different seeds vary the values.
  auto schema = compile(*c, "Id");
  Rng a(1), b(2);
  CHECK(archgate::verify::generate_value(*schema, a) != archgate::verify::generate_value(*schema, b));
}

TEST_CASE("examples, defaults and enums come first", "[verify]") {
  auto c = load_contract(kMany);
  Rng rng(1);
  CHECK(archgate::verify::generate_value(*compile(*c, "Described"), rng) == json::parse(R"({"name": "Grace", "age": 85})"));
  CHECK(archgate::verify::generate_value(*compile(*c, "Defaulted"), rng) == "fallback");
  CHECK(archgate::verify::generate_value(*compile(*c, "Colour"), rng) == "red");
  // An example that contradicts its schema is not used.
  auto wrong = archgate::verify::generate_value(*compile(*c, "WrongExample"), rng);
  CHECK(wrong.get<std::int64_t>() >= 10);
  auto v31 = load_contract(R"(openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Name: {type: string, examples: [Ada, Grace]}
    Fixed: {const: 7}
)");
  CHECK(archgate::verify::generate_value(*compile(*v31, "Name"), rng) == "Ada");
  CHECK(archgate::verify::generate_value(*compile(*v31, "Fixed"), rng) == 7);
}

TEST_CASE("generated objects: required and optional properties, readOnly/writeOnly by direction", "[verify]") {
  auto c = load_contract(kMany);
  Rng rng(3);
  json request = archgate::verify::generate_value(*compile(*c, "Order", Direction::request), rng);
  INFO(request.dump());
  CHECK_FALSE(request.contains("id"));  // readOnly
  for (const char* name : {"sku", "quantity", "status", "note", "customer", "lines"}) CHECK(request.contains(name));
  CHECK(request["customer"].contains("password"));  // writeOnly: sent in requests
  CHECK(request["lines"].size() == 1);
  json response = archgate::verify::generate_value(*compile(*c, "Order", Direction::response), rng);
  CHECK(response.contains("id"));
  CHECK_FALSE(response["customer"].contains("password"));
  // A nullable schema is never null.
  CHECK(archgate::verify::generate_value(*compile(*c, "NullableRef"), rng).is_object());
}

TEST_CASE("recursive schemas stop", "[verify]") {
  auto c = load_contract(kMany);
  Rng rng(5);
  json tree = archgate::verify::generate_value(*compile(*c, "Tree"), rng);
  INFO(tree.dump());
  CHECK(tree.contains("name"));
  CHECK(tree.dump().size() < 2000);
  // Unsatisfiable recursion (every Chain requires a Chain) is cut, not endless.
  json chain = archgate::verify::generate_value(*compile(*c, "Chain"), rng);
  CHECK(chain.dump().size() < 1000);
}

TEST_CASE("negative cases: each is rejected by the schema", "[verify]") {
  auto c = load_contract(kMany);
  auto schema = compile(*c, "Order");
  Rng rng(11);
  json valid = archgate::verify::generate_value(*schema, rng);
  REQUIRE(archgate::verify::validate(*schema, valid).valid());
  auto cases = archgate::verify::negative_cases(*schema, valid, 100);
  std::vector<std::string> descriptions;
  for (const auto& n : cases) {
    descriptions.push_back(n.description);
    INFO(n.description << ": " << n.value.dump());
    CHECK_FALSE(archgate::verify::validate(*schema, n.value).valid());
    CHECK(n.span.known());
  }
  auto has = [&](const std::string& d) {
    INFO("looking for " << d);
    CHECK(std::find(descriptions.begin(), descriptions.end(), d) != descriptions.end());
  };
  has("without required property \"sku\"");
  has("without required property \"quantity\"");
  has("\"quantity\" is a string, not integer");
  has("\"status\" outside its enum");
  has("\"quantity\" below its minimum 1");
  has("\"note\" longer than its maxLength 20");
  has("without required property \"customer.email\"");
  has("\"customer.id\" is a string, not integer");
  has("without required property \"lines[0].sku\"");
  // Nothing the schema allows: the optional "note" may go, "id" (readOnly) is not required in requests.
  CHECK(std::find(descriptions.begin(), descriptions.end(), "without required property \"note\"") ==
        descriptions.end());
  CHECK(std::find(descriptions.begin(), descriptions.end(), "without required property \"id\"") ==
        descriptions.end());
  // The span is the property's schema: `quantity:` in api.yaml.
  for (const auto& n : cases) {
    if (n.description == "\"quantity\" is a string, not integer") {
      CHECK(n.span.path == "api.yaml");
      CHECK(n.span.line == 44);
    }
  }
  // Kinds are interleaved, and max is honoured.
  auto three = archgate::verify::negative_cases(*schema, valid, 3);
  REQUIRE(three.size() == 3);
  CHECK(three[0].description.rfind("without required property", 0) == 0);
  CHECK(three[1].description.find(" is a ") != std::string::npos);
  CHECK(three[2].description.find("outside its enum") != std::string::npos);
  // Deterministic.
  auto again = archgate::verify::negative_cases(*schema, valid, 100);
  REQUIRE(again.size() == cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) CHECK(again[i].value == cases[i].value);
}

TEST_CASE("negative cases only where the schema forbids the change", "[verify]") {
  auto c = load_contract(R"(openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Open:
      type: object
      properties:
        anything: {}
        free: {type: string}
    Closed:
      type: object
      required: [a]
      properties:
        a: {type: [string, integer, boolean, object, array, "null"]}
      additionalProperties: false
)");
  auto open = compile(*c, "Open");
  auto none = archgate::verify::negative_cases(*open, json::parse(R"({"anything": 1, "free": "x"})"), 10);
  REQUIRE(none.size() == 1);  // only "free" has a type; nothing is required, extra properties are fine
  CHECK(none[0].description == "\"free\" is a number, not string");
  auto closed = compile(*c, "Closed");
  auto cases = archgate::verify::negative_cases(*closed, json::parse(R"({"a": 1})"), 10);
  std::vector<std::string> d;
  for (const auto& n : cases) d.push_back(n.description);
  CHECK(d == std::vector<std::string>{"without required property \"a\"",
                                      "unknown property \"x-archgate-unknown\" (additionalProperties: false)"});
  CHECK(archgate::verify::negative_cases(*closed, json::parse(R"({"a": 1})"), 0).empty());
}

TEST_CASE("generated values validate for the JSON Schema test suite's satisfiable schemas", "[verify]") {
  std::filesystem::path dir = "/usr/share/json-schema-test-suite/tests/draft7";
  if (!std::filesystem::exists(dir)) {
    WARN("no JSON Schema test suite at " << dir.string());
    return;
  }
  int groups = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json" || entry.path().filename() == "refRemote.json") continue;
    std::ifstream in(entry.path());
    for (const auto& group : json::parse(in)) {
      bool satisfiable = false;
      for (const auto& test : group["tests"]) satisfiable = satisfiable || test["valid"].get<bool>();
      if (!satisfiable) continue;
      archgate::OpenApiDocument doc;
      doc.version = "3.1.0";
      auto file = std::make_unique<archgate::OpenApiDocument::File>();
      file->path = archgate::SharedPath("schema.json");
      file->doc = archgate::read_json(group["schema"].dump());
      doc.files.push_back(std::move(file));
      archgate::SchemaResolver resolver(doc);
      std::vector<archgate::verify::SchemaNote> notes;
      auto schema = archgate::verify::compile_schema(
          doc, resolver, {resolver.file("schema.json"), &doc.files.front()->doc.root}, Direction::request, notes);
      if (!notes.empty()) continue;  // a remote $ref: nothing to satisfy
      ++groups;
      Rng rng(static_cast<std::uint64_t>(groups));
      json value = archgate::verify::generate_value(*schema, rng);
      auto v = archgate::verify::validate(*schema, value);
      INFO(entry.path().filename().string() << " / " << group["description"].get<std::string>() << ": "
                                            << value.dump() << "\n"
                                            << describe(v));
      CHECK(v.valid());
    }
  }
  CHECK(groups > 100);
}
