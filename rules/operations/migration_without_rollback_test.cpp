#include <catch2/catch.hpp>

#include "loaders/migrations.h"
#include "rules/rule.h"

namespace archgate {
namespace {

std::vector<Diagnostic> check(const MemoryFileSource& fs, std::string_view dir) {
  VectorSink sink;
  Model model;
  model.migrations = load_migrations(fs, "order-service", dir, "postgres", sink);
  Config config;
  config.select = {"AG304"};
  return run_rules(model, config);
}

TEST_CASE("AG304: up migrations need a counterpart or a note", "[AG304]") {
  MemoryFileSource fs;
  fs.add("m/V1__init.sql", "CREATE TABLE orders (id int);");
  fs.add("m/U1__init.sql", "DROP TABLE orders;");
  fs.add("m/V3__add_index.sql", "CREATE INDEX i ON orders (id);");
  fs.add("m/V4__noted.sql", "-- rollback: DROP INDEX j;\nCREATE INDEX j ON orders (id);");
  fs.add("m/R__views.sql", "CREATE OR REPLACE VIEW v AS SELECT 1;");
  auto found = check(fs, "m");
  REQUIRE(found.size() == 1);
  CHECK(found[0].message == "V3__add_index.sql has no undo file U3__add_index.sql and no \"-- rollback:\" note");
  CHECK(found[0].span.path == "m/V3__add_index.sql");
  CHECK(found[0].span.line == 1);
  CHECK(found[0].span.column == 1);
  CHECK(found[0].service == "order-service");
  CHECK(found[0].severity == Severity::error);
}

TEST_CASE("AG304: messages name each layout's counterpart", "[AG304]") {
  MemoryFileSource fs;
  fs.add("m/1_a.up.sql", "CREATE TABLE a (id int);");
  fs.add("m/20240101_b.sql", "-- migrate:up\nCREATE TABLE b (id int);\n-- migrate:down\n");
  fs.add("m/changelog.sql",
         "--liquibase formatted sql\n--changeset alice:1\nCREATE TABLE c (id int);\n--rollback DROP TABLE c;\n"
         "--changeset bob:2\nCREATE TABLE d (id int);\n");
  fs.add("m/007_e.sql", "CREATE TABLE e (id int);");
  auto found = check(fs, "m");
  REQUIRE(found.size() == 4);
  CHECK(found[0].message == "007_e.sql has no down file 007_e.down.sql and no \"-- rollback:\" note");
  CHECK(found[1].message == "1_a.up.sql has no down file 1_a.down.sql and no \"-- rollback:\" note");
  CHECK(found[2].message ==
        "20240101_b.sql has no \"-- migrate:down\" section with SQL and no \"-- rollback:\" note");
  CHECK(found[3].message == "change set bob:2 has no \"--rollback\" line and no \"-- rollback:\" note");
  CHECK(found[3].span.line == 5);

  MemoryFileSource sqitch;
  sqitch.add("db/sqitch.plan", "");
  sqitch.add("db/deploy/orders.sql", "CREATE TABLE orders (id int);");
  auto s = check(sqitch, "db");
  REQUIRE(s.size() == 1);
  CHECK(s[0].message == "orders.sql has no revert script revert/orders.sql and no \"-- rollback:\" note");
}

}  // namespace
}  // namespace archgate
