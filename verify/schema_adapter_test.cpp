#include "verify/schema_adapter.h"

#include <catch2/catch.hpp>

#include "verify/test_contracts.h"

namespace {

using archgate::verify::CompiledSchema;
using archgate::verify::Direction;
using archgate::verify::SchemaNote;
using archgate::verify::Validation;
using archgate::verify::testing::compile_named;
using archgate::verify::testing::Contract;
using archgate::verify::testing::load_contract;
using nlohmann::json;

// A 3.0 (or other `version`) contract whose components/schemas are `schemas`
// (YAML, indented by four spaces).
std::string contract(const std::string& schemas, const std::string& version = "3.0.3") {
  std::string head = version.front() == '2' ? "swagger: \"2.0\"\n" : "openapi: " + version + "\n";
  std::string section = version.front() == '2' ? "definitions:\n" : "components:\n  schemas:\n";
  return head + "info: {title: t, version: \"1\"}\npaths: {}\n" + section + schemas;
}

struct Compiled {
  std::unique_ptr<Contract> contract;
  std::shared_ptr<const CompiledSchema> schema;
  std::vector<SchemaNote> notes;
};

Compiled compile(const std::string& text, const std::string& name, Direction direction = Direction::response) {
  Compiled out;
  out.contract = load_contract(text);
  out.schema = compile_named(*out.contract, name, direction, out.notes);
  return out;
}

std::string describe(const Validation& v) {
  std::string out;
  for (const auto& x : v.violations) {
    out += "'" + x.pointer + "' " + x.message + " @" + x.schema_span.path.str() + ":" +
           std::to_string(x.schema_span.line) + "\n";
  }
  return out.empty() ? "(valid)" : out;
}

std::string describe(const std::vector<SchemaNote>& notes) {
  std::string out;
  for (const auto& n : notes) out += n.message + " @" + std::to_string(n.span.line) + "\n";
  return out.empty() ? "(no notes)" : out;
}

// Helpers that say what went wrong.
void valid(const Compiled& c, const json& instance) {
  auto v = archgate::verify::validate(*c.schema, instance);
  INFO("instance: " << instance.dump(-1, ' ', false, json::error_handler_t::replace)
                     << "\nschema: " << c.schema->json().dump() << "\n" << describe(v));
  CHECK(v.valid());
}

Validation invalid(const Compiled& c, const json& instance) {
  auto v = archgate::verify::validate(*c.schema, instance);
  INFO("instance: " << instance.dump(-1, ' ', false, json::error_handler_t::replace)
                     << "\nschema: " << c.schema->json().dump() << "\n" << describe(v));
  CHECK_FALSE(v.valid());
  return v;
}

// The single violation's "pointer: message".
std::string only(const Validation& v) {
  INFO(describe(v));
  REQUIRE(v.violations.size() == 1);
  return v.violations[0].pointer + ": " + v.violations[0].message;
}

}  // namespace

TEST_CASE("3.0 nullable adds null to the type and the enum", "[verify]") {
  auto c = compile(contract(R"(    Name: {type: string, nullable: true}
    Colour: {type: string, enum: [red, green], nullable: true}
    Plain: {type: string}
)"),
                   "Name");
  valid(c, "x");
  valid(c, nullptr);
  CHECK(only(invalid(c, 5)) == ": expected string or null, got integer");

  auto e = compile(contract(R"(    Colour: {type: string, enum: [red, green], nullable: true}
)"),
                   "Colour");
  valid(e, nullptr);
  valid(e, "red");
  CHECK(only(invalid(e, "blue")) == ": \"blue\" is not one of red, green, null");

  auto p = compile(contract("    Plain: {type: string}\n"), "Plain");
  CHECK(only(invalid(p, nullptr)) == ": expected string, got null");
}

TEST_CASE("a nullable $ref (allOf) accepts null and still checks the object", "[verify]") {
  auto c = compile(contract(R"(    Order:
      type: object
      properties:
        address:
          nullable: true
          allOf: [{$ref: '#/components/schemas/Address'}]
    Address:
      type: object
      required: [street]
      properties:
        street: {type: string}
)"),
                   "Order");
  valid(c, json::parse(R"({"address": null})"));
  valid(c, json::parse(R"({"address": {"street": "Main"}})"));
  CHECK(only(invalid(c, json::parse(R"({"address": {"street": 5}})"))) == "/address/street: expected string, got integer");
  CHECK(only(invalid(c, json::parse(R"({"address": 7})"))) == "/address: expected object or null, got integer");
}

TEST_CASE("3.0 nullable next to a $ref is honoured", "[verify]") {
  auto c = compile(contract(R"(    Order:
      type: object
      properties:
        address: {$ref: '#/components/schemas/Address', nullable: true}
    Address: {type: object}
)"),
                   "Order");
  valid(c, json::parse(R"({"address": null})"));
  invalid(c, json::parse(R"({"address": "x"})"));
}

TEST_CASE("Swagger 2.0 x-nullable and type file", "[verify]") {
  auto c = compile(contract(R"(  Thing:
    type: object
    properties:
      name: {type: string, x-nullable: true}
      upload: {type: file}
)",
                            "2.0"),
                   "Thing");
  valid(c, json::parse(R"({"name": null, "upload": [1, 2]})"));
  invalid(c, json::parse(R"({"name": 3})"));
}

TEST_CASE("3.1 type arrays, const, examples and $defs", "[verify]") {
  auto c = compile(contract(R"(    Name:
      type: [string, "null"]
      examples: [ada]
    Fixed: {const: 3}
    WithDefs:
      $defs:
        Id: {type: integer}
      type: object
      properties:
        id: {$ref: '#/components/schemas/WithDefs/$defs/Id'}
)",
                            "3.1.0"),
                   "Name");
  valid(c, nullptr);
  valid(c, "ada");
  CHECK(only(invalid(c, 1)) == ": expected string or null, got integer");
  CHECK(c.schema->json()["examples"] == json::array({"ada"}));

  auto f = compile(contract("    Fixed: {const: 3}\n", "3.1.0"), "Fixed");
  valid(f, 3);
  CHECK(only(invalid(f, 4)) == ": expected 3, got 4");

  auto d = compile(contract(R"(    WithDefs:
      $defs:
        Id: {type: integer}
      type: object
      properties:
        id: {$ref: '#/components/schemas/WithDefs/$defs/Id'}
)",
                            "3.1.0"),
                   "WithDefs");
  valid(d, json::parse(R"({"id": 1})"));
  CHECK(only(invalid(d, json::parse(R"({"id": "1"})"))) == "/id: expected integer, got string");
}

TEST_CASE("3.1 keywords beside a $ref apply, in 3.0 they are ignored", "[verify]") {
  std::string schemas = R"(    Holder:
      type: object
      properties:
        n: {$ref: '#/components/schemas/Num', maximum: 10}
    Num: {type: integer}
)";
  auto v31 = compile(contract(schemas, "3.1.0"), "Holder");
  CHECK(only(invalid(v31, json::parse(R"({"n": 11})"))) == "/n: 11 is greater than the maximum 10");
  auto v30 = compile(contract(schemas), "Holder");
  valid(v30, json::parse(R"({"n": 11})"));
  invalid(v30, json::parse(R"({"n": "x"})"));
}

TEST_CASE("exclusiveMinimum: a boolean in 3.0, a number in 3.1", "[verify]") {
  auto v30 = compile(contract("    N: {type: number, minimum: 5, exclusiveMinimum: true, maximum: 9}\n"), "N");
  valid(v30, 5.5);
  CHECK(only(invalid(v30, 5)) == ": 5 is not greater than 5");
  CHECK(only(invalid(v30, 9.5)) == ": 9.5 is greater than the maximum 9");
  auto v30b = compile(contract("    N: {type: number, minimum: 5, exclusiveMinimum: false}\n"), "N");
  valid(v30b, 5);
  auto v31 = compile(contract("    N: {type: number, exclusiveMinimum: 5, exclusiveMaximum: 6}\n", "3.1.0"), "N");
  valid(v31, 5.5);
  invalid(v31, 5);
  CHECK(only(invalid(v31, 6)) == ": 6 is not less than 6");
}

TEST_CASE("readOnly is not required in requests, writeOnly not in responses", "[verify]") {
  std::string text = contract(R"(    User:
      type: object
      required: [id, name, password]
      properties:
        id: {type: integer, readOnly: true}
        name: {type: string}
        password: {type: string, writeOnly: true}
    Admin:
      allOf:
        - $ref: '#/components/schemas/User'
        - type: object
          required: [id, level]
          properties:
            level: {type: integer}
)");
  auto request = compile(text, "User", Direction::request);
  valid(request, json::parse(R"({"name": "ada", "password": "x"})"));
  CHECK(only(invalid(request, json::parse(R"({"name": "ada"})"))) == ": missing required property \"password\"");
  auto response = compile(text, "User", Direction::response);
  valid(response, json::parse(R"({"id": 1, "name": "ada"})"));
  CHECK(only(invalid(response, json::parse(R"({"name": "ada"})"))) == ": missing required property \"id\"");
  CHECK(only(invalid(response, json::parse("{}"))) == ": missing required properties \"id\", \"name\"");

  // A required list in an allOf member sees the readOnly flags of its siblings.
  auto admin = compile(text, "Admin", Direction::request);
  valid(admin, json::parse(R"({"name": "ada", "password": "x", "level": 2})"));
  auto admin_response = compile(text, "Admin", Direction::response);
  invalid(admin_response, json::parse(R"({"name": "ada", "level": 2})"));
}

TEST_CASE("allOf, oneOf and anyOf", "[verify]") {
  std::string text = contract(R"(    Pet:
      oneOf:
        - $ref: '#/components/schemas/Cat'
        - $ref: '#/components/schemas/Dog'
    Cat:
      type: object
      required: [meow]
      properties:
        meow: {type: boolean}
      additionalProperties: false
    Dog:
      type: object
      required: [bark]
      properties:
        bark: {type: boolean}
      additionalProperties: false
    Id:
      anyOf: [{type: string}, {type: integer}]
    Named:
      allOf:
        - {type: object, required: [name], properties: {name: {type: string}}}
        - {type: object, required: [age], properties: {age: {type: integer, minimum: 0}}}
    Either:
      oneOf:
        - {type: string}
        - type: object
          required: [code]
          properties:
            code: {type: integer}
)");
  auto pet = compile(text, "Pet");
  valid(pet, json::parse(R"({"meow": true})"));
  valid(pet, json::parse(R"({"bark": false})"));
  auto none = only(invalid(pet, json::parse(R"({})")));
  CHECK(none.find(": matches none of the oneOf alternatives (first: missing required property") == 0);
  invalid(pet, json::parse(R"({"meow": true, "bark": true})"));

  auto id = compile(text, "Id");
  valid(id, "a");
  valid(id, 3);
  CHECK(only(invalid(id, true)) == ": expected string or integer, got boolean");

  auto named = compile(text, "Named");
  valid(named, json::parse(R"({"name": "x", "age": 3})"));
  CHECK(only(invalid(named, json::parse(R"({"name": "x", "age": -1})"))) == "/age: -1 is less than the minimum 0");
  CHECK(only(invalid(named, json::parse(R"({"age": 1})"))) == ": missing required property \"name\"");

  // Only one alternative has the value's type: its errors are reported where they are.
  auto either = compile(text, "Either");
  valid(either, "x");
  CHECK(only(invalid(either, json::parse(R"({"code": "x"})"))) == "/code: expected integer, got string");
}

TEST_CASE("additionalProperties false and as a schema", "[verify]") {
  auto c = compile(contract(R"(    Closed:
      type: object
      properties:
        a: {type: string}
      additionalProperties: false
    Map:
      type: object
      additionalProperties: {type: integer}
)"),
                   "Closed");
  valid(c, json::parse(R"({"a": "x"})"));
  CHECK(only(invalid(c, json::parse(R"({"a": "x", "b/c": 1})"))) == "/b~1c: property \"b/c\" is not allowed");
  auto m = compile(contract(R"(    Map:
      type: object
      additionalProperties: {type: integer}
)"),
                   "Map");
  valid(m, json::parse(R"({"x": 1, "y": 2})"));
  CHECK(only(invalid(m, json::parse(R"({"x": 1, "y": "2"})"))) == "/y: expected integer, got string");
}

TEST_CASE("enum messages", "[verify]") {
  auto c = compile(contract("    Colour: {type: string, enum: [red, green]}\n"), "Colour");
  valid(c, "red");
  CHECK(only(invalid(c, "blue")) == ": \"blue\" is not one of red, green");
}

TEST_CASE("formats: date-time, date, uuid, email, uri, int32, others unchecked", "[verify]") {
  std::string text = contract(R"(    T:
      type: object
      properties:
        at: {type: string, format: date-time}
        day: {type: string, format: date}
        id: {type: string, format: uuid}
        mail: {type: string, format: email}
        link: {type: string, format: uri}
        small: {type: integer, format: int32}
        host: {type: string, format: hostname}
        any: {format: date}
)");
  auto c = compile(text, "T");
  valid(c, json::parse(R"({"at": "2024-01-15T10:30:00Z", "day": "2024-02-29", "id": "123e4567-e89b-12d3-a456-426614174000",
                            "mail": "a.b@example.com", "link": "https://example.com/x?y=1", "small": 2147483647,
                            "host": "not a host!", "any": {"k": 1}})"));
  CHECK(only(invalid(c, json::parse(R"({"at": "2024-01-15 10:30"})"))) == "/at: \"2024-01-15 10:30\" is not a valid date-time");
  CHECK(only(invalid(c, json::parse(R"({"day": "2024-13-01"})"))) == "/day: \"2024-13-01\" is not a valid date");
  CHECK(only(invalid(c, json::parse(R"({"id": "123"})"))) == "/id: \"123\" is not a valid uuid");
  CHECK(only(invalid(c, json::parse(R"({"mail": "nobody"})"))) == "/mail: \"nobody\" is not a valid email");
  CHECK(only(invalid(c, json::parse(R"({"link": "no scheme"})"))) == "/link: \"no scheme\" is not a valid uri");
  CHECK(only(invalid(c, json::parse(R"({"small": 2147483648})"))) ==
        "/small: 2147483648 is greater than the maximum 2147483647");
  // A format on a value that is not a string is not applied (valijson would throw on an object).
  valid(c, json::parse(R"({"any": [1, 2]})"));
}

TEST_CASE("integer vs number: 1.0 is an integer, 1.5 is not", "[verify]") {
  auto c = compile(contract(R"(    T:
      type: object
      properties:
        count: {type: integer}
        price: {type: number, multipleOf: 0.5}
        even: {type: number, multipleOf: 2}
)"),
                   "T");
  valid(c, json::parse(R"({"count": 1.0, "price": 2.5, "even": 4})"));
  std::string why;
  auto parsed = archgate::verify::parse_body(R"({"count": 3.0})", why);
  REQUIRE(parsed);
  CHECK((*parsed)["count"].is_number_integer());
  CHECK(only(invalid(c, json::parse(R"({"count": 1.5})"))) == "/count: expected integer, got number");
  CHECK(only(invalid(c, json::parse(R"({"price": 2.3})"))) == "/price: 2.3 is not a multiple of 0.5");
  // valijson's integer multipleOf would truncate 4.5 to 4.
  CHECK(only(invalid(c, json::parse(R"({"even": 4.5})"))) == "/even: 4.5 is not a multiple of 2");
  // Beyond int64: not an integer here.
  CHECK(only(invalid(c, json::parse(R"({"count": 18446744073709551615})"))) == "/count: expected integer, got number");
}

TEST_CASE("$ref to another file and a recursive $ref", "[verify]") {
  auto c = load_contract({{"api/openapi.yaml", R"(openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Tree'}
components:
  schemas:
    Tree:
      type: object
      required: [name]
      properties:
        name: {type: string}
        owner: {$ref: 'common/types.yaml#/Owner'}
        children:
          type: array
          items: {$ref: '#/components/schemas/Tree'}
)"},
                 {"api/common/types.yaml", R"(Owner:
  type: object
  required: [id]
  properties:
    id:
      type: string
      format: uuid
)"}});
  std::vector<SchemaNote> notes;
  auto schema = compile_named(*c, "Tree", Direction::response, notes);
  INFO(describe(notes));
  CHECK(notes.empty());
  Compiled w{nullptr, schema, {}};
  valid(w, json::parse(R"({"name": "root", "children": [{"name": "a", "children": [{"name": "b"}]}],
                           "owner": {"id": "123e4567-e89b-12d3-a456-426614174000"}})"));
  auto v = invalid(w, json::parse(R"({"name": "root", "children": [{"name": "a", "children": [{"name": 5}]}]})"));
  CHECK(only(v) == "/children/0/children/0/name: expected string, got integer");
  auto o = invalid(w, json::parse(R"({"name": "r", "owner": {"id": "x"}})"));
  REQUIRE(o.violations.size() == 1);
  CHECK(o.violations[0].pointer == "/owner/id");
  CHECK(o.violations[0].schema_span.path == "api/common/types.yaml");
  CHECK(o.violations[0].schema_span.line == 5);
  // The schema is self-contained: every $ref points into its definitions.
  std::string dumped = schema->json().dump();
  CHECK(dumped.find("common/types.yaml") == std::string::npos);
  CHECK(dumped.find("#/definitions/d") != std::string::npos);
}

TEST_CASE("a violation's pointer and schema_span", "[verify]") {
  auto c = compile(contract(R"(    Order:
      type: object
      properties:
        items:
          type: array
          items:
            type: object
            properties:
              quantity:
                type: integer
)"),
                   "Order");
  auto v = invalid(c, json::parse(R"({"items": [{"quantity": 1}, {"quantity": "two"}]})"));
  REQUIRE(v.violations.size() == 1);
  CHECK(v.violations[0].pointer == "/items/1/quantity");
  CHECK(v.violations[0].message == "expected integer, got string");
  CHECK(v.violations[0].schema_span.path == "api.yaml");
  CHECK(v.violations[0].schema_span.line == 14);  // the `quantity:` key
  CHECK(v.violations[0].schema_span.column == 15);
  CHECK(c.schema->span_at("/items/0/quantity").line == 14);
  CHECK(c.schema->span_at("/items").line == 9);
  CHECK(c.schema->span_at("/nothing/here").line == 6);  // the deepest schema: Order, at its name
  CHECK(c.schema->span_at("").column == 5);
  // Every translated schema object says where it came from.
  CHECK(c.schema->json()["x-archgate-at"].get<std::size_t>() < c.schema->spans().size());
}

TEST_CASE("strings over 4096 characters skip patterns, not other checks", "[verify]") {
  auto c = compile(contract(R"(    T:
      type: object
      properties:
        code: {type: string, pattern: '^[a-z]+$'}
        n: {type: integer}
)"),
                   "T");
  CHECK(only(invalid(c, json::parse(R"({"code": "ABC"})"))) == "/code: \"ABC\" does not match the pattern ^[a-z]+$");
  json long_value = {{"code", std::string(100'000, 'A')}};
  auto v = archgate::verify::validate(*c.schema, long_value);
  CHECK(v.valid());
  CHECK(v.patterns_skipped);
  long_value["n"] = "x";
  auto w = archgate::verify::validate(*c.schema, long_value);
  CHECK(w.patterns_skipped);
  CHECK(only(w) == "/n: expected integer, got string");
  // A long string under a schema without patterns: nothing is skipped.
  auto p = compile(contract("    P: {type: string}\n"), "P");
  auto q = archgate::verify::validate(*p.schema, std::string(10'000, 'a'));
  CHECK(q.valid());
  CHECK_FALSE(q.patterns_skipped);
}

TEST_CASE("an instance nested deeper than 64 levels is not validated", "[verify]") {
  auto c = compile(contract("    Any: {}\n"), "Any");
  json deep = json::array();
  for (int i = 0; i < 100'000; ++i) deep = json::array({std::move(deep)});
  auto v = archgate::verify::validate(*c.schema, deep);
  CHECK(only(v) == ": nested deeper than 64 levels: not checked");
  // Destroy iteratively: nlohmann's destructor is iterative, copies are not.
  json ok = json::array();
  for (int i = 0; i < 60; ++i) ok = json::array({std::move(ok)});
  valid(c, ok);
  std::string why;
  std::string body(100'000, '[');
  CHECK_FALSE(archgate::verify::parse_body(body, why));
  CHECK(why == "nested deeper than 64 levels");
}

TEST_CASE("patterns std::regex cannot run safely are notes", "[verify]") {
  auto c = compile(contract(R"(    T:
      type: object
      properties:
        bad: {type: string, pattern: '[a-'}
        lookbehind: {type: string, pattern: '(?<=a)b'}
        evil: {type: string, pattern: '^(a+)+$'}
        alternation: {type: string, pattern: '^(a|aa)*c$'}
        fine: {type: string, pattern: '^[A-Z]{3}(-[0-9]{2})?$'}
      patternProperties:
        '^(x+)+$': {type: string}
)"),
                   "T");
  INFO(describe(c.notes));
  CHECK(c.notes.size() == 5);
  for (const auto& n : c.notes) CHECK(n.span.line > 0);
  // Dropped patterns are not checked; the fine one is.
  valid(c, json::parse(R"({"bad": "zzz", "evil": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "alternation": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"})"));
  valid(c, json::parse(R"({"fine": "ABC-12"})"));
  invalid(c, json::parse(R"({"fine": "abc"})"));
}

TEST_CASE("$refs that lead nowhere, and same-value cycles, are notes", "[verify]") {
  auto c = compile(contract(R"(    T:
      type: object
      properties:
        a: {$ref: '#/components/schemas/Missing'}
        b: {$ref: 'http://example.com/schema.json'}
        c: {$ref: '#/components/schemas/Loop'}
    Loop:
      allOf:
        - {$ref: '#/components/schemas/Loop'}
        - {type: integer}
)"),
                   "T");
  INFO(describe(c.notes));
  CHECK(c.notes.size() == 3);
  valid(c, json::parse(R"({"a": 1, "b": "x", "c": 3})"));
  CHECK(only(invalid(c, json::parse(R"({"c": "x"})"))) == "/c: expected integer, got string");
}

TEST_CASE("a schema that branches exponentially stops at the work budget", "[verify]") {
  auto c = compile(contract(R"(    R:
      anyOf:
        - {$ref: '#/components/schemas/S'}
        - {$ref: '#/components/schemas/S'}
    S:
      type: object
      required: [a]
      properties:
        a: {$ref: '#/components/schemas/R'}
)"),
                   "R");
  json deep = json::object();
  for (int i = 0; i < 60; ++i) deep = json{{"a", std::move(deep)}};
  auto v = archgate::verify::validate(*c.schema, deep);
  INFO(describe(v));
  REQUIRE(v.violations.size() == 1);
  CHECK(v.violations[0].message.find("not checked: the schema needs more than") == 0);
}

TEST_CASE("long $ref chains compile on a large stack, longer ones are refused", "[verify]") {
  auto chain = [](int length) {
    std::string schemas;
    for (int i = 0; i < length; ++i) {
      schemas += "    S" + std::to_string(i) + ": {type: object, properties: {next: {$ref: '#/components/schemas/S" +
                 std::to_string(i + 1) + "'}}}\n";
    }
    return schemas + "    S" + std::to_string(length) + ": {type: string}\n";
  };
  auto c = compile(contract(chain(3000)), "S0");
  INFO(describe(c.notes));
  CHECK(c.notes.empty());
  valid(c, json::parse(R"({"next": {"next": {"next": {}}}})"));
  CHECK(only(invalid(c, json::parse(R"({"next": {"next": 5}})"))) == "/next/next: expected object, got integer");

  auto refused = compile(contract(chain(16'000)), "S0");
  REQUIRE(refused.notes.size() == 1);
  CHECK(refused.notes[0].message.find("levels deep") != std::string::npos);
  valid(refused, 5);
}

TEST_CASE("same-value nesting deeper than the validator may recurse is refused", "[verify]") {
  std::string schemas;
  for (int i = 0; i < 40; ++i) {
    schemas += "    S" + std::to_string(i) + ": {allOf: [{$ref: '#/components/schemas/S" + std::to_string(i + 1) + "'}]}\n";
  }
  schemas += "    S40: {type: string}\n";
  auto c = compile(contract(schemas), "S0");
  REQUIRE(c.notes.size() == 1);
  CHECK(c.notes[0].message.find("subschemas for one value") != std::string::npos);
  valid(c, 5);
}

TEST_CASE("parse_body rejects what is not JSON, with a reason", "[verify]") {
  std::string why;
  CHECK_FALSE(archgate::verify::parse_body("", why));
  CHECK(why == "empty body");
  CHECK_FALSE(archgate::verify::parse_body("{\"a\": }", why));
  CHECK(why.find("not JSON") == 0);
  CHECK_FALSE(archgate::verify::parse_body("[\"\xff\"]", why));
  CHECK(why == "not valid UTF-8");
  CHECK_FALSE(archgate::verify::parse_body(std::string_view("{}\0{}", 5), why));
  CHECK(why == "not JSON: holds a NUL byte");
  CHECK_FALSE(archgate::verify::parse_body("[1e400]", why));
  CHECK(why.find("not JSON") == 0);
  auto ok = archgate::verify::parse_body("{\"a\": [1, 2.5, \"x\"]}", why);
  REQUIRE(ok);
  CHECK((*ok)["a"][1] == 2.5);
}

TEST_CASE("strings that are not UTF-8 are not validated", "[verify]") {
  auto c = compile(contract("    S: {type: string, maxLength: 2}\n"), "S");
  CHECK(only(invalid(c, std::string("\x80\x80\x80\x80\x80\x80\x80\x80\x80"))) ==
        ": holds a string that is not valid UTF-8: not checked");
}

TEST_CASE("malformed keywords are dropped with a note, never given to valijson", "[verify]") {
  auto c = compile(contract(R"(    T:
      type: object
      description: [not, a, string]
      title: {also: wrong}
      required: true
      minLength: -1
      multipleOf: 0
      allOf: []
      discriminator: {propertyName: kind}
      xml: {name: t}
      x-custom: 1
      properties:
        n: {type: bogus}
)"),
                   "T");
  INFO(describe(c.notes));
  CHECK(c.notes.size() == 5);
  valid(c, json::parse(R"({"n": 1})"));
  invalid(c, "not an object");
  std::string dumped = c.schema->json().dump();
  CHECK(dumped.find("discriminator") == std::string::npos);
  CHECK(dumped.find("x-custom") == std::string::npos);
}

TEST_CASE("several violations: one per pointer, at most max", "[verify]") {
  auto c = compile(contract(R"(    T:
      type: object
      properties:
        a: {type: integer}
        b: {type: integer}
        c: {type: integer}
)"),
                   "T");
  auto v = archgate::verify::validate(*c.schema, json::parse(R"({"a": "x", "b": "y", "c": "z"})"), 2);
  CHECK(v.violations.size() == 2);
  auto all = archgate::verify::validate(*c.schema, json::parse(R"({"a": "x", "b": "y", "c": "z"})"));
  CHECK(all.violations.size() == 3);
}
