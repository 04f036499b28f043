#include <catch2/catch.hpp>

#include "loaders/source_scan.h"
#include "rules/rule.h"

using namespace archgate;


namespace archgate {
extern const RuleInfo kCrossServiceQuery;
void check_cross_service_query(const RuleContext&);
}  // namespace archgate

namespace {

InventoryService service(std::string name, std::vector<std::string> owns, std::uint32_t line) {
  InventoryService s;
  s.name = std::move(name);
  std::uint32_t col = 17;
  for (auto& o : owns) {
    s.owns.push_back({o, Span{"service-inventory.json", line, col, line, col + static_cast<std::uint32_t>(o.size()) + 2}});
    col += 12;
  }
  return s;
}

Model seed_model() {
  Model m;
  m.inventory.path = "service-inventory.json";
  m.inventory.services.push_back(service("order-service", {"orders", "order_items"}, 3));
  m.inventory.services.push_back(service("inventory-service", {"stock", "reservations"}, 4));
  return m;
}

TableRef ref(std::string name, TableAccess access, std::string schema = "") {
  TableRef r;
  r.table = {std::move(schema), std::move(name)};
  r.access = access;
  r.span = {"services/order-service/src/db.js", 2, 20, 2, 25};
  return r;
}

std::vector<Diagnostic> run(const Model& m) {
  Config config;
  VectorSink sink;
  RuleContext ctx(m, config, kCrossServiceQuery, sink);
  check_cross_service_query(ctx);
  return sink.items;
}

}  // namespace

TEST_CASE("AG105 reports SQL in code on another service's table", "[rules][AG105]") {
  Model m = seed_model();
  SourceFile f;
  f.path = "services/order-service/src/db.js";
  f.service = "order-service";
  SqlStatement st;
  st.kind = "SelectStmt";
  st.tables = {ref("orders", TableAccess::read), ref("stock", TableAccess::read),
               ref("reservations", TableAccess::write, "inventory")};
  f.sql.push_back(st);
  m.sources.push_back(f);
  auto found = run(m);
  REQUIRE(found.size() == 2);
  CHECK(found[0].rule == "AG105");
  CHECK(found[0].message == "order-service reads table \"stock\" in its code, owned by inventory-service");
  CHECK(found[0].service == "order-service");
  CHECK(found[0].span.line == 2);
  REQUIRE(found[0].related.size() == 1);
  CHECK(found[0].related[0].message == "inventory-service owns \"stock\"");
  CHECK(found[0].related[0].span.line == 4);
  CHECK(found[1].message ==
        "order-service writes table \"inventory.reservations\" in its code, owned by inventory-service");
}

TEST_CASE("AG105 stays quiet on own tables, unowned tables and test files", "[rules][AG105]") {
  Model m = seed_model();
  SourceFile f;
  f.path = "services/order-service/src/db.js";
  f.service = "order-service";
  SqlStatement st;
  st.tables = {ref("orders", TableAccess::read), ref("payments", TableAccess::read)};
  f.sql.push_back(st);
  m.sources.push_back(f);
  SourceFile t = f;
  t.path = "services/order-service/test/db_test.js";
  t.is_test = true;
  t.sql[0].tables = {ref("stock", TableAccess::read)};
  m.sources.push_back(t);
  CHECK(run(m).empty());
}

TEST_CASE("AG105 reports views and functions in migrations reading foreign tables", "[rules][AG105]") {
  Model m = seed_model();
  MigrationFile mf;
  mf.path = "services/order-service/migrations/V4__view.sql";
  mf.service = "order-service";
  SqlStatement view;
  view.kind = "ViewStmt";
  view.tables = {ref("order_stock", TableAccess::create), ref("orders", TableAccess::read),
                 ref("stock", TableAccess::read)};
  SqlStatement insert;  // a plain data migration is AG102's business
  insert.kind = "InsertStmt";
  insert.tables = {ref("orders", TableAccess::write), ref("stock", TableAccess::read)};
  SqlStatement fn;
  fn.kind = "CreateFunctionStmt";
  fn.tables = {ref("reservations", TableAccess::read), ref("stock", TableAccess::write)};
  mf.statements = {view, insert, fn};
  m.migrations.push_back(mf);
  auto found = run(m);
  REQUIRE(found.size() == 2);
  CHECK(found[0].message == "order-service's view reads table \"stock\", owned by inventory-service");
  CHECK(found[1].message == "order-service's function reads table \"reservations\", owned by inventory-service");
}

TEST_CASE("AG105 end to end from scanned source", "[rules][AG105][sql]") {
  Model m = seed_model();
  SourceFile f = scan_source("services/order-service/src/repo.py",
                             "def stock(sku):\n    return db.execute(\"SELECT qty FROM stock WHERE sku = %s\", sku)\n",
                             ScanOptions{});
  f.service = "order-service";
  m.sources.push_back(f);
  auto found = run(m);
  REQUIRE(found.size() == 1);
  CHECK(found[0].span.path == "services/order-service/src/repo.py");
  CHECK(found[0].span.line == 2);
  CHECK(found[0].span.column == 40);
  CHECK(found[0].span.end_column == 45);
}
