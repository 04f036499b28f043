// AG101-AG104 and the shared ownership lookup, on hand-built models.
#include "rules/ownership/ownership.h"

#include <catch2/catch.hpp>

#include "loaders/sql.h"
#include "rules/rule.h"

namespace archgate {
namespace {

Span at(std::uint32_t line, std::uint32_t column) {
  Span s;
  s.path = "service-inventory.json";
  s.line = line;
  s.column = column;
  return s;
}

// A service whose owns entries sit on consecutive inventory lines.
InventoryService service(std::string name, std::vector<std::string> owns, std::uint32_t line) {
  InventoryService s;
  s.name = std::move(name);
  s.span = at(line, 15);
  std::uint32_t column = 20;
  for (auto& o : owns) {
    s.owns.push_back({std::move(o), at(line + 1, column)});
    column += 12;
  }
  return s;
}

MigrationFile migration(std::string service, std::string path, std::string_view sql,
                        MigrationDirection direction = MigrationDirection::up) {
  MigrationFile m;
  m.service = std::move(service);
  m.path = std::move(path);
  m.direction = direction;
  m.statements = parse_sql(sql, m.path).statements;
  return m;
}

Model seed() {
  Model model;
  model.inventory.path = "service-inventory.json";
  model.inventory.services.push_back(service("order-service", {"orders", "order_items"}, 3));
  model.inventory.services.push_back(service("inventory-service", {"inventory.stock", "reservations"}, 6));
  return model;
}

std::vector<Diagnostic> run(const Model& model, std::string_view id) {
  Config config;
  config.select = {std::string(id)};
  return run_rules(model, config);
}

std::string where(const Span& s) { return s.path + ":" + std::to_string(s.line) + ":" + std::to_string(s.column); }

TEST_CASE("ownership: owns entries fold like PostgreSQL identifiers and match across schemas", "[ownership]") {
  Model model = seed();
  model.inventory.services.push_back(service("ledger-service", {"\"Ledger\"", "billing.stock"}, 9));
  OwnershipIndex index(model.inventory);
  auto owner = [&](std::string schema, std::string name) -> std::string {
    auto o = index.owner_of(TableName{std::move(schema), std::move(name)});
    return o ? o->service->name : "";
  };
  CHECK(owner("", "orders") == "order-service");
  CHECK(owner("public", "orders") == "order-service");  // unqualified entry: any schema
  CHECK(owner("inventory", "stock") == "inventory-service");
  CHECK(owner("billing", "stock") == "ledger-service");  // the exact schema wins
  CHECK(owner("", "stock") == "inventory-service");       // first in inventory order
  CHECK(owner("", "Ledger") == "ledger-service");
  CHECK(owner("", "ledger").empty());  // quoted entries keep their case
  CHECK(owner("other", "stock").empty());
  CHECK(index.owned_by("order-service", TableName{"", "order_items"}));
  CHECK_FALSE(index.foreign_owner("order-service", TableName{"", "orders"}));
  CHECK(index.foreign_owner("order-service", TableName{"", "reservations"})->service->name == "inventory-service");
  auto free_lookup = owner_of(model.inventory, TableName{"", "reservations"});
  REQUIRE(free_lookup);
  CHECK(free_lookup->entry->value == "reservations");
}

TEST_CASE("AG101: two services own the same table", "[ownership]") {
  Model model = seed();
  model.inventory.services.push_back(service("legacy-service", {"STOCK", "a.x"}, 9));
  model.inventory.services.push_back(service("archive-service", {"b.x", "Orders"}, 12));
  auto found = run(model, "AG101");
  REQUIRE(found.size() == 2);
  CHECK(found[0].message ==
        "legacy-service lists table \"STOCK\" in \"owns\", but inventory-service already owns \"inventory.stock\"");
  CHECK(where(found[0].span) == "service-inventory.json:10:20");
  REQUIRE(found[0].related.size() == 1);
  CHECK(where(found[0].related[0].span) == "service-inventory.json:7:20");
  CHECK(found[0].related[0].message == "inventory-service owns \"inventory.stock\"");
  CHECK(found[1].message ==
        "archive-service lists table \"Orders\" in \"owns\", but order-service already owns \"orders\"");
  CHECK(found[1].severity == Severity::error);
  // a.x and b.x are different tables.
  CHECK(run(seed(), "AG101").empty());
}

TEST_CASE("AG102: migrations that change another service's table", "[ownership]") {
  Model model = seed();
  model.migrations.push_back(migration("order-service", "svc/V1__x.sql",
                                       "CREATE TABLE orders (id int);\n"
                                       "ALTER TABLE stock ADD COLUMN reserved_for bigint;\n"
                                       "INSERT INTO inventory.reservations VALUES (1);\n"
                                       "SELECT * FROM stock;\n"
                                       "CREATE TABLE x (s int REFERENCES stock);\n"
                                       "DROP TABLE other.stock;\n"));
  model.migrations.push_back(
      migration("order-service", "svc/U1__x.sql", "DROP TABLE stock;", MigrationDirection::down));
  model.migrations.push_back(migration("inventory-service", "inv/V1__x.sql", "ALTER TABLE stock ADD COLUMN y int;"));
  auto found = run(model, "AG102");
  REQUIRE(found.size() == 2);
  CHECK(found[0].message == "order-service alters table \"stock\", owned by inventory-service");
  CHECK(found[0].service == "order-service");
  CHECK(where(found[0].span) == "svc/V1__x.sql:2:13");
  CHECK(found[0].span.end_column == 18);
  REQUIRE(found[0].related.size() == 1);
  CHECK(where(found[0].related[0].span) == "service-inventory.json:7:20");
  CHECK(found[0].related[0].message == "inventory-service owns \"inventory.stock\"");
  CHECK(found[1].message ==
        "order-service writes table \"inventory.reservations\", owned by inventory-service");
}

TEST_CASE("AG103: a created table no service owns", "[ownership]") {
  Model model = seed();
  model.migrations.push_back(migration("order-service", "svc/V1__x.sql",
                                       "CREATE TABLE orders (id int);\n"
                                       "CREATE TABLE audit_log (id int);\n"
                                       "CREATE TABLE IF NOT EXISTS audit_log (id int);\n"
                                       "CREATE TABLE stock (id int);\n"
                                       "CREATE VIEW order_totals AS SELECT 1;\n"
                                       "CREATE TEMP TABLE scratch (id int);\n"
                                       "CREATE TABLE orders_backup AS SELECT * FROM orders;\n"
                                       "DROP TABLE orders_backup;\n"));
  auto found = run(model, "AG103");
  REQUIRE(found.size() == 1);
  CHECK(found[0].message == "order-service creates table \"audit_log\", which is not in its \"owns\" list");
  CHECK(found[0].severity == Severity::warning);
  CHECK(where(found[0].span) == "svc/V1__x.sql:2:14");
  REQUIRE(found[0].related.size() == 1);
  CHECK(where(found[0].related[0].span) == "service-inventory.json:3:15");
  CHECK(found[0].related[0].message == "order-service owns \"orders\", \"order_items\"");
}

TEST_CASE("AG104: foreign keys across services", "[ownership]") {
  Model model = seed();
  model.migrations.push_back(migration("order-service", "svc/V1__x.sql",
                                       "CREATE TABLE order_items (\n"
                                       "  order_id int REFERENCES orders (id),\n"
                                       "  stock_id int REFERENCES inventory.stock (id)\n"
                                       ");\n"
                                       "ALTER TABLE orders ADD CONSTRAINT r FOREIGN KEY (r) REFERENCES reservations;\n"));
  model.migrations.push_back(migration("inventory-service", "inv/V1__x.sql",
                                       "CREATE TABLE reservations (stock_id int REFERENCES stock (id));"));
  auto found = run(model, "AG104");
  REQUIRE(found.size() == 2);
  CHECK(found[0].message ==
        "order-service's table \"order_items\" has a foreign key to \"inventory.stock\", owned by inventory-service");
  CHECK(where(found[0].span) == "svc/V1__x.sql:3:27");
  CHECK(found[0].span.end_column == 42);
  CHECK(found[0].related[0].message == "inventory-service owns \"inventory.stock\"");
  CHECK(found[1].message ==
        "order-service's table \"orders\" has a foreign key to \"reservations\", owned by inventory-service");
}

}  // namespace
}  // namespace archgate
