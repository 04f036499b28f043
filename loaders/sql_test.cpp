#include "loaders/sql.h"
#include "loaders/sql_dialect_scan.h"

#include <catch2/catch.hpp>
#include <string>

// libpg_query 15-4.0.0 leaks its 1-byte stderr buffer when
// pg_query_parse_plpgsql() fails (a broken PL/pgSQL body); not ours to free.
// Keeps LeakSanitizer quiet in -DARCHGATE_SANITIZE=ON runs of this binary.
extern "C" const char* __lsan_default_suppressions() { return "leak:pg_query_raw_parse\n"; }

namespace archgate {
namespace {

// "create stock 1:14-1:19" for each table of each statement.
std::vector<std::string> refs(const SqlParse& parse) {
  std::vector<std::string> out;
  for (const auto& s : parse.statements) {
    for (const auto& t : s.tables) {
      std::string line = std::string(table_access_name(t.access)) + " " + t.table.display() + " " +
                         std::to_string(t.span.line) + ":" + std::to_string(t.span.column) + "-" +
                         std::to_string(t.span.end_line) + ":" + std::to_string(t.span.end_column);
      if (t.from_table) line += " from " + t.from_table->display();
      if (t.is_view) line += " view";
      out.push_back(line);
    }
  }
  return out;
}

std::vector<std::string> refs_of(std::string_view sql) { return refs(parse_sql(sql, "m.sql")); }

std::string problems(const SqlParse& parse) {
  std::string out;
  for (const auto& p : parse.problems) {
    out += std::to_string(p.line) + ":" + std::to_string(p.column) + " " + p.message + "\n";
  }
  return out;
}

using V = std::vector<std::string>;

TEST_CASE("sql: CREATE TABLE with foreign keys in column and table constraints", "[sql]") {
  auto parse = parse_sql(
      "CREATE TABLE inventory.stock (\n"
      "  id int PRIMARY KEY,\n"
      "  order_id int REFERENCES orders(id),\n"
      "  CONSTRAINT fk FOREIGN KEY (x) REFERENCES \"Ledger\".entries (id)\n"
      ");\n",
      "m.sql");
  REQUIRE(parse.problems.empty());
  REQUIRE(parse.statements.size() == 1);
  CHECK(parse.statements[0].kind == "CreateStmt");
  CHECK(parse.statements[0].span.line == 1);
  CHECK(parse.statements[0].span.column == 1);
  CHECK(parse.statements[0].span.end_column == 7);
  CHECK(refs(parse) == V{"creates inventory.stock 1:14-1:29", "references orders 3:27-3:33 from inventory.stock",
                         "references Ledger.entries 4:44-4:60 from inventory.stock"});
}

TEST_CASE("sql: ALTER TABLE, foreign keys added later, CREATE INDEX, TRIGGER, COMMENT, GRANT", "[sql]") {
  CHECK(refs_of("ALTER TABLE ONLY stock ADD CONSTRAINT fk FOREIGN KEY (o) REFERENCES orders (id);") ==
        V{"alters stock 1:18-1:23", "references orders 1:69-1:75 from stock"});
  CHECK(refs_of("ALTER TABLE stock ADD COLUMN o int REFERENCES public.orders;") ==
        V{"alters stock 1:13-1:18", "references public.orders 1:47-1:60 from stock"});
  CHECK(refs_of("CREATE UNIQUE INDEX i ON stock (sku);") == V{"alters stock 1:26-1:31"});
  CHECK(refs_of("CREATE TRIGGER t AFTER INSERT ON stock FOR EACH ROW EXECUTE FUNCTION f();") ==
        V{"alters stock 1:34-1:39"});
  CHECK(refs_of("COMMENT ON TABLE inventory.stock IS 'x';") == V{"alters inventory.stock 1:18-1:33"});
  CHECK(refs_of("COMMENT ON COLUMN stock.qty IS 'x';") == V{"alters stock 1:19-1:24"});
  CHECK(refs_of("GRANT SELECT, UPDATE ON TABLE stock, reservations TO app;") ==
        V{"alters stock 1:31-1:36", "alters reservations 1:38-1:50"});
  CHECK(refs_of("ALTER TABLE stock RENAME TO stock_old;") == V{"alters stock 1:13-1:18"});
  CHECK(refs_of("ALTER TABLE stock SET SCHEMA archive;") == V{"alters stock 1:13-1:18"});
  CHECK(refs_of("ALTER SEQUENCE stock_id_seq RESTART;").empty());
  CHECK(refs_of("ALTER INDEX stock_pkey RENAME TO p;").empty());
}

TEST_CASE("sql: DROP TABLE names every object, TRUNCATE drops", "[sql]") {
  CHECK(refs_of("DROP TABLE IF EXISTS stock, inventory.reservations CASCADE;") ==
        V{"drops stock 1:22-1:27", "drops inventory.reservations 1:29-1:51"});
  CHECK(refs_of("TRUNCATE stock, orders;") == V{"drops stock 1:10-1:15", "drops orders 1:17-1:23"});
  CHECK(refs_of("DROP VIEW v;") == V{"drops v 1:11-1:12 view"});
  CHECK(refs_of("DROP INDEX i;").empty());
  CHECK(refs_of("DROP TRIGGER t ON stock;") == V{"alters stock 1:19-1:24"});
}

TEST_CASE("sql: DML targets are writes, FROM and JOIN are reads", "[sql]") {
  CHECK(refs_of("INSERT INTO stock (id) SELECT id FROM orders o JOIN order_items i ON i.o = o.id;") ==
        V{"writes stock 1:13-1:18", "reads orders 1:39-1:45", "reads order_items 1:53-1:64"});
  CHECK(refs_of("UPDATE stock SET qty = 0 FROM reservations r WHERE r.id = stock.id;") ==
        V{"writes stock 1:8-1:13", "reads reservations 1:31-1:43"});
  CHECK(refs_of("DELETE FROM ONLY stock USING orders WHERE stock.o IN (SELECT id FROM order_items);") ==
        V{"writes stock 1:18-1:23", "reads orders 1:30-1:36", "reads order_items 1:70-1:81"});
  CHECK(refs_of("MERGE INTO stock s USING incoming i ON s.id = i.id WHEN MATCHED THEN DELETE;") ==
        V{"writes stock 1:12-1:17", "reads incoming 1:26-1:34"});
  CHECK(refs_of("SELECT * FROM t FOR UPDATE OF t;") == V{"reads t 1:15-1:16"});
}

TEST_CASE("sql: CREATE TABLE AS, SELECT INTO, views and temp tables", "[sql]") {
  CHECK(refs_of("CREATE TABLE archive AS SELECT * FROM orders;") ==
        V{"creates archive 1:14-1:21", "reads orders 1:39-1:45"});
  CHECK(refs_of("SELECT * INTO archive FROM orders;") == V{"creates archive 1:15-1:22", "reads orders 1:28-1:34"});
  CHECK(refs_of("CREATE VIEW v AS SELECT * FROM stock;") == V{"creates v 1:13-1:14 view", "reads stock 1:32-1:37"});
  CHECK(refs_of("CREATE MATERIALIZED VIEW mv AS SELECT 1 FROM stock;") ==
        V{"creates mv 1:26-1:28 view", "reads stock 1:46-1:51"});
  CHECK(refs_of("CREATE TEMP TABLE scratch (a int);").empty());
  CHECK(refs_of("CREATE TABLE p PARTITION OF stock FOR VALUES IN (1);") ==
        V{"creates p 1:14-1:15", "alters stock 1:29-1:34"});
}

TEST_CASE("sql: a CTE name in FROM is not a table", "[sql]") {
  CHECK(refs_of("WITH recent AS (SELECT * FROM orders) SELECT * FROM recent JOIN stock ON true;") ==
        V{"reads orders 1:31-1:37", "reads stock 1:65-1:70"});
  // Non-recursive: the CTE body's `stock` is the real table.
  CHECK(refs_of("WITH stock AS (SELECT * FROM stock) SELECT * FROM stock;") == V{"reads stock 1:30-1:35"});
  CHECK(refs_of("WITH RECURSIVE c AS (SELECT 1 FROM c) SELECT * FROM c;").empty());
  CHECK(refs_of("WITH moved AS (DELETE FROM stock RETURNING *) INSERT INTO archive SELECT * FROM moved;") ==
        V{"writes stock 1:28-1:33", "writes archive 1:59-1:66"});
}

TEST_CASE("sql: quoted identifiers keep case, unquoted fold, schemas split", "[sql]") {
  CHECK(refs_of("CREATE TABLE \"Inventory\".\"Stock\" (a int);") == V{"creates Inventory.Stock 1:14-1:33"});
  CHECK(refs_of("CREATE TABLE Inventory.STOCK (a int);") == V{"creates inventory.stock 1:14-1:29"});
  CHECK(refs_of("SELECT * FROM inventory . stock;") == V{"reads inventory.stock 1:15-1:32"});
  CHECK(fold_identifier("Stock", false) == "stock");
  CHECK(fold_identifier("Stock", true) == "Stock");
  CHECK(fold_identifier(std::string(70, 'A'), false) == std::string(63, 'a'));
  auto t = parse_table_name("Inventory.\"Stock\"");
  REQUIRE(t);
  CHECK(t->schema == "inventory");
  CHECK(t->name == "Stock");
  CHECK(parse_table_name(" stock ")->display() == "stock");
  CHECK(parse_table_name("order-items")->name == "order-items");
  CHECK_FALSE(parse_table_name("  "));
}

TEST_CASE("sql: multi-statement file with a bad statement in the middle", "[sql]") {
  auto parse = parse_sql(
      "CREATE TABLE a (id int);\n"
      "CREATE TABLE b (id int) FRM x;\n"
      "-- comment\n"
      "INSERT INTO c VALUES (1);\n",
      "m.sql");
  CHECK(problems(parse) == "2:25 syntax error at or near \"FRM\"\n");
  REQUIRE(parse.statements.size() == 2);
  CHECK(parse.statements[1].kind == "InsertStmt");
  CHECK(parse.statements[1].span.line == 4);
  CHECK(refs(parse) == V{"creates a 1:14-1:15", "writes c 4:13-4:14"});

  // libpg_query's scanner splitter drops a statement that starts with a plain
  // identifier; it must still be reported.
  auto typo = parse_sql("CREATE TABLE a (id int);\nCRATE TABLE b (id int);\nCREATE TABLE c (id int);", "m.sql");
  CHECK(problems(typo) == "2:1 syntax error at or near \"CRATE\"\n");
  CHECK(refs(typo) == V{"creates a 1:14-1:15", "creates c 3:14-3:15"});
}

TEST_CASE("sql: BOM, CRLF and multibyte text keep columns in characters", "[sql]") {
  CHECK(refs(parse_sql("\xEF\xBB\xBF" "CREATE TABLE a (id int);", "m.sql")) == V{"creates a 1:14-1:15"});
  CHECK(refs_of("SELECT 1;\r\nCREATE TABLE a (id int);\r\n") == V{"creates a 2:14-2:15"});
  // 'é' is two bytes, one column.
  CHECK(refs_of("SELECT 'éé' FROM stock;") == V{"reads stock 1:18-1:23"});
  auto parse = parse_sql("SELECT 'éé' FRM x;", "m.sql");
  CHECK(problems(parse) == "1:17 syntax error at or near \"x\"\n");
  CHECK(refs_of("SELECT 1 FROM \"ünïcode\";") == V{"reads ünïcode 1:15-1:24"});
}

TEST_CASE("sql: NUL bytes and invalid UTF-8 do not cut the text", "[sql]") {
  std::string text("SELECT 1;\0\nCREATE TABLE a (id int);", 34);
  CHECK(refs(parse_sql(text, "m.sql")) == V{"creates a 2:14-2:15"});
  CHECK(refs_of("SELECT '\xff';\nCREATE TABLE b (id int);") == V{"creates b 2:14-2:15"});
}

TEST_CASE("sql: a 100,000-term expression is a problem, not a crash", "[sql]") {
  std::string big = "SELECT 1";
  for (int i = 1; i < 100000; ++i) big += "+1";
  big += ";\nCREATE TABLE after_it (id int);\n";
  auto parse = parse_sql(big, "m.sql");
  REQUIRE(parse.problems.size() == 1);
  CHECK(parse.problems[0].line == 1);
  CHECK(parse.problems[0].message.find("too deeply nested") != std::string::npos);
  CHECK(refs(parse) == V{"creates after_it 2:14-2:22"});

  std::string parens = "SELECT " + std::string(5000, '(') + "1" + std::string(5000, ')') + ";";
  auto deep = parse_sql(parens, "m.sql");
  REQUIRE(deep.problems.size() == 1);
  CHECK(deep.problems[0].message.find("parentheses") != std::string::npos);

  std::string huge = "INSERT INTO t VALUES ('" + std::string(1100000, 'x') + "');";
  auto large = parse_sql(huge, "m.sql");
  REQUIRE(large.problems.size() == 1);
  CHECK(large.problems[0].message.find("1 MiB") != std::string::npos);
}

TEST_CASE("sql: an unterminated quote keeps the statements before it", "[sql]") {
  auto parse = parse_sql("CREATE TABLE a (id int);\nINSERT INTO b VALUES ('oops);\nCREATE TABLE c (id int);\n",
                         "m.sql");
  CHECK(refs(parse) == V{"creates a 1:14-1:15"});
  REQUIRE(parse.problems.size() == 1);
  CHECK(parse.problems[0].line == 2);
  CHECK(parse.problems[0].message.find("unterminated") != std::string::npos);
}

TEST_CASE("sql: an unterminated comment is a problem", "[sql]") {
  CHECK(problems(parse_sql("SELECT 1; /* abc", "m.sql")) == "1:11 unterminated /* comment\n");
  CHECK(problems(parse_sql("SELECT 1 /* abc", "m.sql")) == "1:10 unterminated /* comment at or near \"/* abc\"\n");
}

TEST_CASE("sql: first_line and first_column place SQL from a string literal", "[sql]") {
  auto parse = parse_sql("SELECT *\n  FROM stock", "src/app.js", 10, 20);
  CHECK(refs(parse) == V{"reads stock 11:8-11:13"});
  CHECK(parse.statements[0].span.line == 10);
  CHECK(parse.statements[0].span.column == 20);
  CHECK(parse.statements[0].span.path == "src/app.js");
  auto one_line = parse_sql("SELECT * FROM stock", "a.py", 3, 9);
  CHECK(refs(one_line) == V{"reads stock 3:23-3:28"});
}

TEST_CASE("sql: LANGUAGE sql function bodies are parsed in place", "[sql]") {
  auto parse = parse_sql(
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$\n"
      "  UPDATE stock SET qty = 0;\n"
      "  SELECT count(*) FROM orders;\n"
      "$$;\n"
      "CREATE FUNCTION g() RETURNS int AS 'SELECT ''x'' FROM reservations' LANGUAGE sql;\n"
      "CREATE FUNCTION h() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1 FROM stock; SELECT 2; END;\n"
      "CREATE TABLE after_it (id int);\n",
      "m.sql");
  CHECK(problems(parse).empty());
  REQUIRE(parse.statements.size() == 4);
  CHECK(parse.statements[0].kind == "CreateFunctionStmt");
  CHECK(refs(parse) == V{"writes stock 2:10-2:15", "reads orders 3:24-3:30", "reads reservations 5:55-5:67",
                         "reads stock 6:73-6:78", "creates after_it 7:14-7:22"});
  auto bad = parse_sql("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$\n  SELEC 1;\n$$;", "m.sql");
  CHECK(problems(bad) == "2:3 syntax error at or near \"SELEC\"\n");
}

TEST_CASE("sql: PL/pgSQL bodies and DO blocks are read best effort", "[sql]") {
  auto parse = parse_sql(
      "CREATE OR REPLACE FUNCTION reserve(p int) RETURNS void AS $body$\n"
      "DECLARE\n"
      "  n int;\n"
      "BEGIN\n"
      "  SELECT count(*) INTO n FROM stock WHERE id = p;\n"
      "  IF EXISTS (SELECT 1 FROM reservations) THEN\n"
      "    UPDATE stock SET qty = qty - 1 WHERE id = p;\n"
      "  END IF;\n"
      "  PERFORM 1 FROM orders;\n"
      "END;\n"
      "$body$ LANGUAGE plpgsql;\n"
      "DO $$BEGIN INSERT INTO audit VALUES (1); END$$;\n"
      "CREATE FUNCTION broken() RETURNS void LANGUAGE plpgsql AS $$ BEGIN IF THEN END $$;\n",
      "m.sql");
  CHECK(problems(parse).empty());
  CHECK(refs(parse) == V{"reads stock 5:31-5:36", "reads reservations 6:28-6:40", "writes stock 7:12-7:17",
                         "reads orders 9:18-9:24", "writes audit 12:24-12:29"});
}

TEST_CASE("sql: other dialects are scanned for table references", "[sql]") {
  auto mysql = parse_sql_dialect(
      "CREATE TABLE IF NOT EXISTS `Orders` (\n"
      "  id INT,\n"
      "  stock_id INT, FOREIGN KEY (stock_id) REFERENCES `inventory`.`stock`(id)\n"
      ") ENGINE=InnoDB;\n"
      "INSERT INTO orders (id) VALUES (1) ON DUPLICATE KEY UPDATE id = 2;\n"
      "UPDATE orders o JOIN stock s ON s.id = o.stock_id SET o.id = 1;\n"
      "DELETE FROM reservations WHERE id IN (SELECT id FROM stock);\n"
      "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (x) REFERENCES payments (id);\n"
      "DROP TABLE IF EXISTS a, b;\n"
      "SELECT EXTRACT(YEAR FROM created) FROM orders;\n",
      "m.sql", "mysql");
  CHECK(mysql.problems.empty());
  CHECK(refs(mysql) == V{"creates orders 1:28-1:36", "references inventory.stock 3:51-3:70 from orders",
                         "writes orders 5:13-5:19", "writes orders 6:8-6:14", "reads stock 6:22-6:27",
                         "writes reservations 7:13-7:25", "reads stock 7:54-7:59", "alters orders 8:13-8:19",
                         "references payments 8:65-8:73 from orders", "drops a 9:22-9:23", "drops b 9:25-9:26",
                         "reads orders 10:40-10:46"});
  auto mssql = parse_sql_dialect(
      "CREATE TABLE [dbo].[Stock] ([id] INT NOT NULL)\nGO\n"
      "IF NOT EXISTS (SELECT * FROM sys.tables WHERE name = 'x') CREATE TABLE dbo.x (a INT)\nGO\n"
      "MERGE INTO stock AS t USING incoming AS s ON t.id = s.id WHEN MATCHED THEN DELETE;\n",
      "m.sql", "sqlserver");
  CHECK(refs(mssql) == V{"creates dbo.stock 1:14-1:27", "reads sys.tables 3:30-3:40", "creates dbo.x 3:72-3:77",
                         "writes stock 5:12-5:17", "reads incoming 5:29-5:37"});
  auto sqlite = parse_sql_dialect(
      "CREATE TRIGGER t AFTER INSERT ON orders BEGIN\n"
      "  INSERT OR REPLACE INTO audit VALUES (1);\n"
      "END;\n"
      "WITH x AS (SELECT 1) SELECT * FROM x, stock;\n",
      "m.sql", "sqlite");
  CHECK(refs(sqlite) == V{"alters orders 1:34-1:40", "writes audit 2:26-2:31", "reads stock 4:39-4:44"});
  auto delimiter = parse_sql_dialect(
      "DELIMITER //\n"
      "CREATE PROCEDURE p() BEGIN UPDATE stock SET q = 1; END //\n"
      "DELIMITER ;\n"
      "DROP TABLE x;\n",
      "m.sql", "mariadb");
  REQUIRE(delimiter.statements.size() == 2);
  CHECK(refs(delimiter) == V{"writes stock 2:35-2:40", "drops x 4:12-4:13"});
}

}  // namespace
}  // namespace archgate

TEST_CASE("sql: the dialect of a file is told by marks PostgreSQL never has", "[sql]") {
  using archgate::guess_sql_dialect;
  auto mysql = guess_sql_dialect("-- orders\nCREATE TABLE `orders` (id INT) ENGINE=InnoDB;\n", 10);
  REQUIRE(mysql);
  CHECK(mysql->dialect == "mysql");
  CHECK(mysql->evidence == "backquoted names");
  CHECK(mysql->line == 11);
  CHECK(guess_sql_dialect("CREATE TABLE vets (id INT(4) UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY) engine=InnoDB;")
            ->evidence == "AUTO_INCREMENT");
  CHECK(guess_sql_dialect("INSERT IGNORE INTO t VALUES (1);")->dialect == "mysql");
  CHECK(guess_sql_dialect("CREATE DATABASE shop;\nUSE shop;\nCREATE TABLE a (id int);")->dialect == "mysql");
  auto mssql = guess_sql_dialect("CREATE TABLE [dbo].[Orders] ([Id] INT IDENTITY(1,1))\nGO\n");
  REQUIRE(mssql);
  CHECK(mssql->dialect == "sqlserver");
  CHECK(mssql->evidence == "[bracketed] names");
  CHECK(guess_sql_dialect("CREATE TABLE t (id int)\ngo\n")->evidence == "a GO line");
  CHECK(guess_sql_dialect("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT);")->dialect == "sqlite");
  // PostgreSQL: arrays, subscripts, dollar-quoted bodies, marks in strings and comments.
  CHECK_FALSE(guess_sql_dialect("CREATE TABLE t (tags text[], m int[][]);\nSELECT tags[1] FROM t;\n"));
  CHECK_FALSE(guess_sql_dialect("CREATE FUNCTION f() RETURNS int AS $$ SELECT `x` $$ LANGUAGE sql;"));
  CHECK_FALSE(guess_sql_dialect("-- ENGINE=InnoDB, `quoted`\nINSERT INTO t VALUES ('GO', '[dbo]');\n"));
  CHECK_FALSE(guess_sql_dialect("CREATE TABLE go (go int);\nSELECT go FROM go;\n"));
  CHECK_FALSE(guess_sql_dialect("CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY);"));
  CHECK_FALSE(guess_sql_dialect("CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY (START WITH 10));"));
}
