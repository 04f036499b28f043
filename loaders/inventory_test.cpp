#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "loaders/inventory.h"

using namespace std::string_literals;
using archgate::InventoryLoad;
using archgate::MemoryFileSource;
using archgate::parse_inventory;
using archgate::resolve_inventory_defaults;
using archgate::ServiceKind;
using archgate::VectorSink;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The error of an inventory that must be rejected, with a readable failure
// when it was accepted.
archgate::InventoryError rejected(std::string_view text) {
  InventoryLoad load = parse_inventory("service-inventory.json", text);
  INFO("inventory: " << text);
  REQUIRE(load.error);
  INFO("message: " << load.error->message);
  CHECK(load.error->path == "service-inventory.json");
  return *load.error;
}

}  // namespace

TEST_CASE("inventory: the seed file loads exactly as written") {
  std::string text = read_text(ARCHGATE_SOURCE_DIR "/../shared/seed-example/service-inventory.json");
  if (text.empty()) {
    // The seed example as SPEC 2.1 prints it (the shared folder is not part of the repository).
    text = R"({
  "services": [
    {
      "name": "gateway",
      "owns": [],
      "mayCall": ["order-service", "inventory-service"],
      "mustNot": ["store business data", "calculate discounts"]
    },
    {
      "name": "order-service",
      "owns": ["orders", "order_items"],
      "mayCall": ["inventory-service"],
      "mustNot": ["read inventory tables directly"]
    },
    {
      "name": "inventory-service",
      "owns": ["stock", "reservations"],
      "mayCall": [],
      "mustNot": ["change order status"]
    }
  ],
  "releaseRules": [
    "no shared database tables",
    "public APIs hide internal table names",
    "every service has healthcheck, logs, tests, and rollback notes"
  ]
}
)";
  }
  InventoryLoad load = parse_inventory("service-inventory.json", text);
  REQUIRE_FALSE(load.error);
  const auto& inv = load.inventory;
  REQUIRE(inv.services.size() == 3);
  CHECK(inv.path == "service-inventory.json");

  const auto& gateway = inv.services[0];
  CHECK(gateway.name == "gateway");
  CHECK(gateway.kind == ServiceKind::gateway);
  CHECK(gateway.span.line == 4);
  CHECK(gateway.span.column == 15);
  CHECK(gateway.span.end_column == 24);  // "gateway" with its quotes
  CHECK(gateway.entry.line == 3);
  CHECK(gateway.entry.column == 5);
  CHECK(gateway.owns.empty());
  REQUIRE(gateway.may_call.size() == 2);
  CHECK(gateway.may_call[1].value == "inventory-service");
  CHECK(gateway.may_call[1].span.line == 6);
  CHECK(gateway.may_call[1].span.column == 36);
  CHECK(gateway.may_call[1].span.end_column == 36 + 19);
  CHECK(gateway.may_call_key.line == 6);  // the "mayCall" key
  CHECK(gateway.may_call_key.column == 7);
  CHECK(gateway.may_call_key.end_column == 7 + 9);
  REQUIRE(gateway.must_not.size() == 2);
  CHECK(gateway.must_not[0].value == "store business data");

  const auto& orders = inv.services[1];
  CHECK(orders.kind == ServiceKind::service);
  REQUIRE(orders.owns.size() == 2);
  CHECK(orders.owns[1].value == "order_items");
  CHECK(orders.owns[1].span.line == 11);
  CHECK(orders.owns[1].span.column == 26);
  CHECK(orders.compose == "order-service");

  const auto& stock = inv.services[2];
  CHECK(stock.owns[0].value == "stock");
  CHECK(stock.may_call.empty());

  REQUIRE(inv.release_rules.size() == 3);
  CHECK(inv.release_rules[2].value == "every service has healthcheck, logs, tests, and rollback notes");
  CHECK(inv.release_rules[0].span.line == 23);
  CHECK(inv.release_rules[0].span.column == 5);
  CHECK(inv.find("order-service") == &orders);
}

TEST_CASE("inventory: spans of escaped and non-ASCII strings cover the literal as written") {
  InventoryLoad load = parse_inventory("service-inventory.json",
                                       "{\"services\": [{\"name\": \"caf\xC3\xA9\", \"owns\": [\"a\\\"b\"]}]}");
  REQUIRE_FALSE(load.error);
  const auto& s = load.inventory.services[0];
  CHECK(s.span.column == 24);
  CHECK(s.span.end_column == 24 + 6);  // "café" = 4 code points + 2 quotes
  CHECK(s.owns[0].value == "a\"b");
  CHECK(s.owns[0].span.end_column - s.owns[0].span.column == 6);  // "a\"b"
}

TEST_CASE("inventory: unusable files are rejected with line and column") {
  SECTION("not JSON") {
    auto e = rejected("{\n  \"services\": [\n    {\"name\": \"a\",}\n  ]\n}\n");
    CHECK(e.line == 3);
    CHECK(e.message.find("not valid JSON") == 0);
  }
  SECTION("empty file") {
    auto e = rejected("");
    CHECK(e.line == 1);
  }
  SECTION("root is not an object") {
    auto e = rejected("\n[1, 2]");
    CHECK(e.line == 2);
    CHECK(e.column == 1);
    CHECK(e.message.find("must be a JSON object") != std::string::npos);
  }
  SECTION("services missing") {
    auto e = rejected("{\"releaseRules\": []}");
    CHECK(e.line == 1);
    CHECK(e.column == 1);
    CHECK(e.message == "the inventory has no \"services\" array");
  }
  SECTION("services not an array") {
    auto e = rejected("{\n  \"services\": {\"name\": \"a\"}\n}");
    CHECK(e.line == 2);
    CHECK(e.column == 15);
    CHECK(e.message == "\"services\" must be an array of service objects, found an object");
  }
  SECTION("a service that is not an object") {
    auto e = rejected("{\"services\": [\n  {\"name\": \"a\"},\n  \"b\"\n]}");
    CHECK(e.line == 3);
    CHECK(e.column == 3);
    CHECK(e.message == "services[1] must be a service object, found the string \"b\"");
  }
  SECTION("name missing") {
    auto e = rejected("{\"services\": [\n  {\"owns\": []}\n]}");
    CHECK(e.line == 2);
    CHECK(e.column == 3);
    CHECK(e.message == "services[0] has no \"name\"");
  }
  SECTION("name empty") {
    auto e = rejected("{\"services\": [\n  {\"name\": \"  \"}\n]}");
    CHECK(e.line == 2);
    CHECK(e.column == 12);
    CHECK(e.message == "services[0].name is empty");
  }
  SECTION("name not a string") {
    auto e = rejected("{\"services\": [\n  {\"name\": 42}\n]}");
    CHECK(e.line == 2);
    CHECK(e.column == 12);
    CHECK(e.message == "services[0].name must be a string, found the number 42");
  }
  SECTION("duplicate names point at the second one") {
    auto e = rejected("{\"services\": [\n  {\"name\": \"a\"},\n  {\"name\": \"b\"},\n  {\"name\": \"a\"}\n]}");
    CHECK(e.line == 4);
    CHECK(e.column == 12);
    CHECK(e.message == "duplicate service name \"a\" (first defined at line 2)");
  }
  SECTION("a duplicate key stops the run at the second one") {
    auto e = rejected("{\"services\": [\n  {\"name\": \"a\",\n   \"owns\": [\"orders\"],\n   \"owns\": [\"payments\"]}\n]}");
    CHECK(e.line == 4);
    CHECK(e.column == 4);
    CHECK(e.message == "duplicate key \"owns\" (first at line 3)");
  }
  SECTION("owns not an array") {
    auto e = rejected("{\"services\": [\n  {\"name\": \"a\", \"owns\": \"orders\"}\n]}");
    CHECK(e.line == 2);
    CHECK(e.column == 25);
    CHECK(e.message == "service \"a\": \"owns\" must be an array of table names, found the string \"orders\"");
  }
  SECTION("mayCall with a non-string item") {
    auto e = rejected("{\"services\": [\n  {\"name\": \"a\", \"mayCall\": [\"b\", null]}\n]}");
    CHECK(e.line == 2);
    CHECK(e.column == 34);
    CHECK(e.message == "service \"a\": \"mayCall\" must hold only strings, found null");
  }
  SECTION("mayCall with an empty name") {
    auto e = rejected("{\"services\": [\n  {\"name\": \"a\", \"mayCall\": [\"\"]}\n]}");
    CHECK(e.column == 29);
    CHECK(e.message == "service \"a\": \"mayCall\" holds an empty name");
  }
  SECTION("mustNot not an array") {
    auto e = rejected("{\"services\": [\n  {\"name\": \"a\", \"mustNot\": true}\n]}");
    CHECK(e.column == 28);
    CHECK(e.message == "service \"a\": \"mustNot\" must be an array of sentences, found true");
  }
  SECTION("releaseRules with a number") {
    auto e = rejected("{\"services\": [],\n \"releaseRules\": [\"x\",\n   7]}");
    CHECK(e.line == 3);
    CHECK(e.column == 4);
    CHECK(e.message == "\"releaseRules\" must hold only strings, found the number 7");
  }
  SECTION("unknown kind") {
    auto e = rejected("{\"services\": [\n  {\"name\": \"a\", \"kind\": \"lambda\"}\n]}");
    CHECK(e.column == 25);
    CHECK(e.message.find("\"kind\" must be one of") != std::string::npos);
  }
  SECTION("optional fields of the wrong type") {
    for (std::string key : {"path", "openapi", "migrations", "compose", "dialect"}) {
      auto e = rejected("{\"services\": [\n  {\"name\": \"a\", \"" + key + "\": [\"x\"]}\n]}");
      CHECK(e.line == 2);
      CHECK(e.column == 21 + key.size());
      CHECK(e.message == "service \"a\": \"" + key + "\" must be a string, found an array");
    }
  }
  SECTION("NUL byte") {
    auto e = rejected("{\"services\": [\n  {\"name\": \"a\0\"}\n]}"s);
    CHECK(e.line == 2);
    CHECK(e.column == 14);
    CHECK(e.message == "the inventory contains a NUL byte");
  }
  SECTION("invalid UTF-8") {
    auto e = rejected("{\"services\": [\n  {\"name\": \"a\xFF\"}\n]}");
    CHECK(e.line == 2);
    CHECK(e.message == "the inventory is not valid UTF-8");
  }
}

TEST_CASE("inventory: unknown keys are allowed and a BOM is fine") {
  InventoryLoad load = parse_inventory(
      "service-inventory.json", "\xEF\xBB\xBF{\"$schema\": \"x\", \"services\": [{\"name\": \"a\", \"team\": 3}]}");
  REQUIRE_FALSE(load.error);
  CHECK(load.inventory.services[0].span.column == 40);
}

TEST_CASE("inventory: defaults follow the repository layout") {
  MemoryFileSource files;
  files.add("services/order-service/openapi.yaml", "openapi: 3.0.0\n");
  files.add("services/order-service/api/openapi.yaml", "openapi: 3.0.0\n");
  files.add("services/order-service/migrations/V1__init.sql", "");
  files.add("inventory-service/api/openapi.json", "{}");
  files.add("inventory-service/db/migrations/1_init.up.sql", "");
  files.add("billing/src/main/resources/db/migration/V1__x.sql", "");
  files.add("edge-gateway/README.md", "");

  InventoryLoad load = parse_inventory("service-inventory.json", R"({"services": [
    {"name": "order-service"},
    {"name": "inventory-service", "dialect": "MySQL"},
    {"name": "billing", "kind": "worker", "compose": "billing-worker"},
    {"name": "edge-gateway"},
    {"name": "ghost"}
  ]})");
  REQUIRE_FALSE(load.error);
  VectorSink sink;
  resolve_inventory_defaults(load.inventory, files, sink);
  CHECK(sink.items.empty());
  const auto& s = load.inventory.services;

  CHECK(s[0].path == "services/order-service");
  CHECK(s[0].path_exists);
  CHECK(s[0].openapi == "services/order-service/openapi.yaml");
  CHECK(s[0].migrations == "services/order-service/migrations");
  CHECK(s[0].compose == "order-service");
  CHECK(s[0].dialect.empty());  // the builder applies Config::default_dialect
  CHECK(s[0].kind == ServiceKind::service);

  CHECK(s[1].path == "inventory-service");
  CHECK(s[1].openapi == "inventory-service/api/openapi.json");
  CHECK(s[1].migrations == "inventory-service/db/migrations");
  CHECK(s[1].dialect == "mysql");

  CHECK(s[2].kind == ServiceKind::worker);
  CHECK(s[2].openapi.empty());
  CHECK(s[2].migrations == "billing/src/main/resources/db/migration");
  CHECK(s[2].compose == "billing-worker");

  CHECK(s[3].kind == ServiceKind::gateway);
  CHECK(s[3].path == "edge-gateway");
  CHECK(s[3].openapi.empty());
  CHECK(s[3].migrations.empty());

  CHECK(s[4].path == "ghost");
  CHECK_FALSE(s[4].path_exists);
  CHECK(s[4].openapi.empty());
}

TEST_CASE("inventory: explicit fields override defaults, bad ones are AG002 at the field") {
  MemoryFileSource files;
  files.add("services/a/openapi.yaml", "");
  files.add("services/a/contract/api.yaml", "");
  files.add("services/a/sql/V1__x.sql", "");
  files.add("apps/b/openapi.yml", "");

  InventoryLoad load = parse_inventory("service-inventory.json", R"({"services": [
    {"name": "a", "openapi": "services/a/contract/api.yaml", "migrations": "./services/a/sql/"},
    {"name": "b", "path": "apps/b", "openapi": "https://example.com/openapi.yaml"},
    {"name": "c", "path": "/srv/c", "migrations": "../elsewhere"},
    {"name": "d", "openapi": "services/a/missing.yaml", "path": "services/a/sql/V1__x.sql"},
    {"name": "e", "path": "services/a", "openapi": "contract/api.yaml"}
  ]})");
  REQUIRE_FALSE(load.error);
  VectorSink sink;
  resolve_inventory_defaults(load.inventory, files, sink);
  const auto& s = load.inventory.services;

  CHECK(s[0].openapi == "services/a/contract/api.yaml");
  CHECK(s[0].migrations == "services/a/sql");
  CHECK(s[1].path == "apps/b");
  CHECK(s[1].openapi == "apps/b/openapi.yml");  // the URL was reported and ignored

  REQUIRE(sink.items.size() == 6);
  for (const auto& d : sink.items) {
    CHECK(d.rule == "AG002");
    CHECK(d.span.path == "service-inventory.json");
  }
  CHECK(sink.items[0].service == "b");
  CHECK(sink.items[0].span.line == 3);
  CHECK(sink.items[0].span.column == 48);
  CHECK(sink.items[0].message == "b: \"openapi\": \"https://example.com/openapi.yaml\" is a URL; inventory paths "
                                 "must be files of the repository");
  CHECK(sink.items[1].message.find("is an absolute path") != std::string::npos);
  CHECK(s[2].path == "c");
  CHECK_FALSE(s[2].path_exists);
  CHECK(sink.items[2].message.find("leaves the repository") != std::string::npos);
  CHECK(s[2].migrations.empty());
  CHECK(sink.items[3].message == "d: \"path\": \"services/a/sql/V1__x.sql\" is a file, not a folder");
  CHECK(sink.items[4].message == "d: \"openapi\": \"services/a/missing.yaml\" names a file that does not exist");
  CHECK(sink.items[5].message.find("did you mean \"services/a/contract/api.yaml\"") != std::string::npos);
  CHECK(s[4].openapi == "services/a/openapi.yaml");
}
