#include "loaders/migrations.h"

#include <catch2/catch.hpp>

namespace archgate {
namespace {

struct Loaded {
  std::vector<MigrationFile> files;
  std::vector<Diagnostic> findings;

  const MigrationFile& at(std::string_view path, std::uint32_t start_line = 1) const {
    for (const auto& f : files) {
      if (f.path == path && f.start_line == start_line) return f;
    }
    FAIL("no migration " << path << " (line " << start_line << ") was loaded");
    return files.front();
  }
  bool rollback(std::string_view path, std::uint32_t start_line = 1) const {
    return has_rollback(at(path, start_line), files);
  }
};

Loaded load(const MemoryFileSource& fs, std::string_view dir, std::string_view dialect = "postgres") {
  VectorSink sink;
  Loaded l;
  l.files = load_migrations(fs, "order-service", dir, dialect, sink);
  l.findings = std::move(sink.items);
  return l;
}

TEST_CASE("migrations: Flyway versioned, undo and repeatable", "[migrations]") {
  MemoryFileSource fs;
  fs.add("svc/migrations/V1__init.sql", "CREATE TABLE orders (id int);");
  fs.add("svc/migrations/U1__init.sql", "DROP TABLE orders;");
  fs.add("svc/migrations/V1_1__add_col.sql", "ALTER TABLE orders ADD COLUMN x int;");
  fs.add("svc/migrations/U1.1__add_col.sql", "ALTER TABLE orders DROP COLUMN x;");
  fs.add("svc/migrations/V2__index.sql", "CREATE INDEX i ON orders (x);");
  fs.add("svc/migrations/R__views.sql", "CREATE OR REPLACE VIEW v AS SELECT 1;");
  fs.add("svc/migrations/README.md", "not sql");
  auto l = load(fs, "svc/migrations");
  CHECK(l.findings.empty());
  REQUIRE(l.files.size() == 6);
  const auto& v1 = l.at("svc/migrations/V1__init.sql");
  CHECK(v1.layout == MigrationLayout::flyway);
  CHECK(v1.direction == MigrationDirection::up);
  CHECK(v1.version == "1");
  CHECK(v1.description == "init");
  CHECK(v1.service == "order-service");
  REQUIRE(v1.statements.size() == 1);
  CHECK(v1.statements[0].tables[0].table.name == "orders");
  CHECK(l.at("svc/migrations/U1__init.sql").direction == MigrationDirection::down);
  CHECK(l.at("svc/migrations/U1__init.sql").statements.empty());
  CHECK(l.at("svc/migrations/V1_1__add_col.sql").version == "1.1");
  CHECK(l.at("svc/migrations/R__views.sql").direction == MigrationDirection::repeatable);
  CHECK(l.rollback("svc/migrations/V1__init.sql"));
  CHECK(l.rollback("svc/migrations/V1_1__add_col.sql"));
  CHECK_FALSE(l.rollback("svc/migrations/V2__index.sql"));
  CHECK(l.rollback("svc/migrations/R__views.sql"));
  CHECK(expected_rollback(l.at("svc/migrations/V2__index.sql")) == "undo file U2__index.sql");
}

TEST_CASE("migrations: golang-migrate pairs up and down by version", "[migrations]") {
  MemoryFileSource fs;
  fs.add("m/000001_init.up.sql", "CREATE TABLE orders (id int);");
  fs.add("m/000001_init.down.sql", "DROP TABLE orders;");
  fs.add("m/2_items.up.sql", "CREATE TABLE order_items (id int);");
  auto l = load(fs, "m");
  REQUIRE(l.files.size() == 3);
  const auto& up = l.at("m/000001_init.up.sql");
  CHECK(up.layout == MigrationLayout::golang_migrate);
  CHECK(up.version == "000001");
  CHECK(up.description == "init");
  CHECK(l.rollback("m/000001_init.up.sql"));
  CHECK_FALSE(l.rollback("m/2_items.up.sql"));
  CHECK(expected_rollback(l.at("m/2_items.up.sql")) == "down file 2_items.down.sql");
}

TEST_CASE("migrations: dbmate sections", "[migrations]") {
  MemoryFileSource fs;
  fs.add("db/migrations/20240101000000_orders.sql",
         "-- migrate:up\nCREATE TABLE orders (id int);\n\n-- migrate:down\nDROP TABLE orders;\n");
  fs.add("db/migrations/20240102000000_items.sql",
         "-- migrate:up\nCREATE TABLE order_items (id int);\n-- migrate:down\n-- nothing to do\n\n");
  fs.add("db/migrations/20240103000000_noted.sql",
         "-- migrate:up\n-- rollback: restore the nightly backup\nDELETE FROM orders;\n-- migrate:down\n");
  auto l = load(fs, "db/migrations");
  CHECK(l.findings.empty());
  const auto& orders = l.at("db/migrations/20240101000000_orders.sql");
  CHECK(orders.layout == MigrationLayout::dbmate);
  CHECK(orders.version == "20240101000000");
  CHECK(orders.has_down_section);
  // Only the up section gives statements, with file lines.
  REQUIRE(orders.statements.size() == 1);
  CHECK(orders.statements[0].kind == "CreateStmt");
  CHECK(orders.statements[0].span.line == 2);
  CHECK(l.rollback("db/migrations/20240101000000_orders.sql"));
  // A down section with only comments is no rollback.
  CHECK_FALSE(l.at("db/migrations/20240102000000_items.sql").has_down_section);
  CHECK_FALSE(l.rollback("db/migrations/20240102000000_items.sql"));
  const auto& noted = l.at("db/migrations/20240103000000_noted.sql");
  REQUIRE(noted.rollback_note);
  CHECK(noted.rollback_note->line == 2);
  CHECK(noted.rollback_note->column == 1);
  CHECK(noted.rollback_note->end_column == 40);
  CHECK(l.rollback("db/migrations/20240103000000_noted.sql"));
}

TEST_CASE("migrations: Liquibase formatted SQL, one entry per change set", "[migrations]") {
  MemoryFileSource fs;
  fs.add("m/changelog.sql",
         "--liquibase formatted sql\n"
         "\n"
         "--changeset alice:1\n"
         "CREATE TABLE orders (id int);\n"
         "--rollback DROP TABLE orders;\n"
         "\n"
         "--changeset bob:2\n"
         "CREATE TABLE order_items (id int);\n"
         "--changeset carol:3 runOnChange:true\n"
         "CREATE OR REPLACE VIEW v AS SELECT 1;\n"
         "--changeset dave:4\n"
         "-- rollback: drop the column by hand\n"
         "ALTER TABLE orders ADD COLUMN x int;\n");
  auto l = load(fs, "m");
  CHECK(l.findings.empty());
  REQUIRE(l.files.size() == 4);
  const auto& c1 = l.at("m/changelog.sql", 3);
  CHECK(c1.layout == MigrationLayout::liquibase);
  CHECK(c1.version == "1");
  CHECK(c1.description == "alice");
  CHECK(c1.has_down_section);
  REQUIRE(c1.statements.size() == 1);
  CHECK(c1.statements[0].span.line == 4);
  CHECK(l.rollback("m/changelog.sql", 3));
  const auto& c2 = l.at("m/changelog.sql", 7);
  CHECK_FALSE(c2.has_down_section);
  CHECK_FALSE(l.rollback("m/changelog.sql", 7));
  CHECK(c2.statements.size() == 1);
  CHECK(l.at("m/changelog.sql", 9).direction == MigrationDirection::repeatable);
  CHECK(l.rollback("m/changelog.sql", 11));
  CHECK(l.at("m/changelog.sql", 11).rollback_note->line == 12);
  CHECK(expected_rollback(c2) == "\"--rollback\" line");
}

TEST_CASE("migrations: sqitch deploy and revert", "[migrations]") {
  MemoryFileSource fs;
  fs.add("svc/db/sqitch.plan", "%project=orders\norders 2024-01-01 a <a@x>\n");
  fs.add("svc/db/deploy/orders.sql", "BEGIN;\nCREATE TABLE orders (id int);\nCOMMIT;\n");
  fs.add("svc/db/revert/orders.sql", "DROP TABLE orders;");
  fs.add("svc/db/deploy/items.sql", "CREATE TABLE order_items (id int);");
  fs.add("svc/db/verify/orders.sql", "SELECT id FROM orders WHERE false;");
  for (std::string_view dir : {"svc/db", "svc/db/deploy"}) {
    auto l = load(fs, dir);
    CHECK(l.findings.empty());
    REQUIRE(l.files.size() == 3);
    const auto& orders = l.at("svc/db/deploy/orders.sql");
    CHECK(orders.layout == MigrationLayout::sqitch);
    CHECK(orders.version == "orders");
    CHECK(orders.statements.size() == 3);
    CHECK(l.at("svc/db/revert/orders.sql").direction == MigrationDirection::down);
    CHECK(l.rollback("svc/db/deploy/orders.sql"));
    CHECK_FALSE(l.rollback("svc/db/deploy/items.sql"));
    CHECK(expected_rollback(l.at("svc/db/deploy/items.sql")) == "revert script revert/items.sql");
  }
}

TEST_CASE("migrations: plain numbered files and rollback notes", "[migrations]") {
  MemoryFileSource fs;
  fs.add("m/001_init.sql", "CREATE TABLE orders (id int);");
  fs.add("m/001_init.down.sql", "DROP TABLE orders;");
  fs.add("m/0002-items.sql", "  -- Rollback: DROP TABLE order_items;\nCREATE TABLE order_items (id int);");
  fs.add("m/003_index.sql", "CREATE INDEX i ON orders (id);\n-- rollback:\n");
  fs.add("m/down/004_x.sql", "DROP TABLE x;");
  fs.add("m/004_x.sql", "CREATE TABLE x (id int);");
  fs.add("m/seed.sql", "INSERT INTO orders VALUES (1);");
  fs.add("m/20200101_a/up.sql", "CREATE TABLE a (id int);");
  fs.add("m/20200101_a/down.sql", "DROP TABLE a;");
  auto l = load(fs, "m");
  CHECK(l.findings.empty());
  const auto& init = l.at("m/001_init.sql");
  CHECK(init.version == "001");
  CHECK(init.description == "init");
  // 001_init.down.sql reads as golang-migrate; it pairs by version all the same.
  CHECK(l.rollback("m/001_init.sql"));
  const auto& items = l.at("m/0002-items.sql");
  CHECK(items.layout == MigrationLayout::plain);
  CHECK(items.version == "0002");
  REQUIRE(items.rollback_note);
  CHECK(items.rollback_note->line == 1);
  CHECK(items.rollback_note->column == 3);
  CHECK(l.rollback("m/0002-items.sql"));
  // "-- rollback:" with nothing after it says nothing.
  CHECK_FALSE(l.rollback("m/003_index.sql"));
  CHECK(expected_rollback(l.at("m/003_index.sql")) == "down file 003_index.down.sql");
  CHECK(l.at("m/down/004_x.sql").direction == MigrationDirection::down);
  CHECK(l.rollback("m/004_x.sql"));
  CHECK(l.at("m/seed.sql").direction == MigrationDirection::up);  // in a migrations folder: a migration
  CHECK(l.at("m/seed.sql").version == "seed");
  CHECK(l.rollback("m/20200101_a/up.sql"));
}

TEST_CASE("migrations: unnumbered files are migrations, paired with their down files by name", "[migrations]") {
  MemoryFileSource fs;
  fs.add("m/schema.sql", "CREATE TABLE orders (id int);");
  fs.add("m/schema.down.sql", "DROP TABLE orders;");
  fs.add("m/data.sql", "INSERT INTO orders VALUES (1);");
  fs.add("m/changelog-0002.sql", "CREATE TABLE order_items (id int);");
  fs.add("m/R__views.sql", "CREATE OR REPLACE VIEW v AS SELECT 1;");
  fs.add("m/undo/data.sql", "DELETE FROM orders;");
  auto l = load(fs, "m");
  CHECK(l.findings.empty());
  CHECK(l.at("m/schema.sql").direction == MigrationDirection::up);
  CHECK(l.at("m/schema.down.sql").direction == MigrationDirection::down);
  CHECK(l.rollback("m/schema.sql"));
  CHECK(l.at("m/changelog-0002.sql").direction == MigrationDirection::up);
  CHECK_FALSE(l.rollback("m/changelog-0002.sql"));
  CHECK(expected_rollback(l.at("m/changelog-0002.sql")) == "down file changelog-0002.down.sql");
  CHECK(l.at("m/undo/data.sql").direction == MigrationDirection::down);
  CHECK(l.rollback("m/data.sql"));
  CHECK(l.at("m/R__views.sql").direction == MigrationDirection::repeatable);
}

TEST_CASE("migrations: Liquibase change sets without the header", "[migrations]") {
  MemoryFileSource fs;
  fs.add("m/changelog.sql",
         "-- the orders schema\n"
         "--changeset alice:1\nCREATE TABLE orders (id int);\n--rollback DROP TABLE orders;\n"
         "--changeset alice:2\nCREATE TABLE order_items (id int);\n");
  auto l = load(fs, "m");
  CHECK(l.findings.empty());
  const auto& first = l.at("m/changelog.sql", 2);
  CHECK(first.layout == MigrationLayout::liquibase);
  CHECK(first.version == "1");
  CHECK(l.rollback("m/changelog.sql", 2));
  CHECK_FALSE(l.rollback("m/changelog.sql", 5));
}

TEST_CASE("migrations: a missing down file is no rollback", "[migrations]") {
  MemoryFileSource fs;
  fs.add("m/1_a.up.sql", "CREATE TABLE a (id int);");
  fs.add("m/2_b.down.sql", "DROP TABLE b;");  // down of another version
  auto l = load(fs, "m");
  CHECK_FALSE(l.rollback("m/1_a.up.sql"));
}

TEST_CASE("migrations: unparseable statements are AG001 each, the rest is kept", "[migrations]") {
  MemoryFileSource fs;
  fs.add("m/V1__x.sql", "CREATE TABLE a (id int);\nCREATE TABLE b (id int,, x int);\nCREATE TABLE c (id int);\n");
  auto l = load(fs, "m");
  REQUIRE(l.findings.size() == 1);
  CHECK(l.findings[0].rule == "AG001");
  CHECK(l.findings[0].span.path == "m/V1__x.sql");
  CHECK(l.findings[0].span.line == 2);
  CHECK(l.findings[0].span.column == 24);
  CHECK(l.findings[0].message == "SQL does not parse: syntax error at or near \",\"");
  CHECK(l.at("m/V1__x.sql").statements.size() == 2);

  // SQL with MySQL's marks is scanned as MySQL: one note for the file.
  MemoryFileSource other;
  other.add("m/V1__x.sql",
            "CREATE TABLE a (id int);\nCREATE TABLE b (id int) ENGINE=InnoDB;\nINSERT INTO `c` VALUES (1);\n");
  auto guessed = load(other, "m");
  REQUIRE(guessed.findings.size() == 1);
  CHECK(guessed.findings[0].severity == Severity::note);
  CHECK(guessed.findings[0].assumption);
  CHECK(guessed.findings[0].span.line == 2);
  CHECK(guessed.findings[0].message.starts_with("written for MySQL (ENGINE= at line 2)"));
  CHECK(guessed.at("m/V1__x.sql").statements.size() == 3);
  // Said to be MySQL: scanned, nothing to note.
  auto mysql = load(other, "m", "mysql");
  CHECK(mysql.findings.empty());
  CHECK(mysql.at("m/V1__x.sql").statements.size() == 3);
}

TEST_CASE("migrations: NUL bytes, bad UTF-8, BOM and size limits", "[migrations]") {
  MemoryFileSource fs;
  fs.add("m/V1__nul.sql", std::string("CREATE TABLE a (id int);\nSELECT \0 1;\n", 37));
  fs.add("m/V2__latin1.sql", "CREATE TABLE b (id int); -- caf\xe9\nSELEC oops;\n");
  fs.add("m/V3__bom.sql", "\xEF\xBB\xBF" "CREATE TABLE c (id int);");
  fs.add("m/V4__big.sql", std::string(200, ' ') + "CREATE TABLE d (id int);");
  fs.add("m/U4__big.sql", std::string(200, ' ') + "DROP TABLE d;");
  fs.set_max_file_size(150);
  auto l = load(fs, "m");
  REQUIRE(l.findings.size() == 4);  // findings come in path order
  CHECK(l.findings[0].span.path == "m/U4__big.sql");
  CHECK(l.findings[1].span.path == "m/V1__nul.sql");
  CHECK(l.findings[1].span.line == 2);
  CHECK(l.findings[1].span.column == 8);
  CHECK(l.findings[1].message.find("NUL") != std::string::npos);
  CHECK(l.findings[2].span.path == "m/V2__latin1.sql");
  CHECK(l.findings[2].message.find("UTF-8") != std::string::npos);  // one finding, not one per bad statement
  CHECK(l.findings[3].span.path == "m/V4__big.sql");
  CHECK(l.findings[3].message.find("limit") != std::string::npos);
  CHECK(l.at("m/V1__nul.sql").statements.size() == 2);
  const auto& bom = l.at("m/V3__bom.sql");
  REQUIRE(bom.statements.size() == 1);
  CHECK(bom.statements[0].tables[0].span.column == 14);
  // The oversized up file is left out; its unreadable undo file still exists.
  CHECK(l.files.size() == 4);
  CHECK(l.at("m/U4__big.sql").direction == MigrationDirection::down);
}

TEST_CASE("migrations: no folder, no migrations", "[migrations]") {
  MemoryFileSource fs;
  fs.add("svc/app.js", "x");
  CHECK(load(fs, "").files.empty());
  CHECK(load(fs, "svc/migrations").files.empty());
}

}  // namespace
}  // namespace archgate
