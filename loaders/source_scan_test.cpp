#include <catch2/catch.hpp>

#include <string>

#include "loaders/source_scan.h"
#include "loaders/source_scan_internal.h"

using namespace archgate;

namespace {

SourceFile scan(std::string_view path, std::string_view text, bool computations = false) {
  ScanOptions options;
  options.computations = computations;
  return scan_source(path, text, options);
}

std::string normalized(std::string_view value) {
  auto n = source::normalize_sql(value);
  return n ? n->text : "<not sql>";
}

const TableRef* table(const SourceFile& f, std::string_view name) {
  for (const auto& st : f.sql) {
    for (const auto& t : st.tables) {
      if (t.table.name == name) return &t;
    }
  }
  return nullptr;
}

}  // namespace

TEST_CASE("source_language by extension", "[source]") {
  CHECK(source_language("web/app.tsx") == "js");
  CHECK(source_language("a/b.mjs") == "js");
  CHECK(source_language("svc/main.py") == "python");
  CHECK(source_language("Svc.java") == "java");
  CHECK(source_language("build.gradle.kts") == "kotlin");
  CHECK(source_language("main.go") == "go");
  CHECK(source_language("Program.cs") == "csharp");
  CHECK(source_language("src/server.cpp") == "cpp");
  CHECK(source_language("include/x.hpp") == "cpp");
  CHECK(source_language("x.h") == "cpp");
  CHECK(source_language("app.rb") == "ruby");
  CHECK(source_language("index.php") == "php");
  CHECK(source_language("Main.scala") == "scala");
  CHECK(source_language("lib.rs") == "rust");
  CHECK(source_language("README.md") == "");
  CHECK(source_language("Makefile") == "");
  CHECK(source_language(".py") == "");
}

TEST_CASE("test files are recognised", "[source]") {
  using source::is_test_path;
  CHECK(is_test_path("services/order/test/order_test.cpp"));
  CHECK(is_test_path("tests/x.py"));
  CHECK(is_test_path("web/__tests__/a.js"));
  CHECK(is_test_path("spec/models/order_spec.rb"));
  CHECK(is_test_path("src/orders.test.ts"));
  CHECK(is_test_path("src/orders.spec.js"));
  CHECK(is_test_path("app/test_orders.py"));
  CHECK(is_test_path("src/main/java/OrderServiceTest.java"));
  CHECK(is_test_path("Orders.Tests/OrderTests.cs"));
  CHECK(is_test_path("pkg/orders/handler_test.go"));
  CHECK_FALSE(is_test_path("src/orders.ts"));
  CHECK_FALSE(is_test_path("src/contest.py"));
  CHECK_FALSE(is_test_path("src/attestation/x.go"));
}

TEST_CASE("SQL placeholders are normalised to $1", "[source]") {
  CHECK(normalized("SELECT * FROM orders WHERE id = ?") == "SELECT * FROM orders WHERE id = $1");
  CHECK(normalized("SELECT * FROM orders WHERE id = $1") == "SELECT * FROM orders WHERE id = $1");
  CHECK(normalized("SELECT * FROM orders WHERE id = %s") == "SELECT * FROM orders WHERE id = $1");
  CHECK(normalized("SELECT * FROM orders WHERE id = %(id)s") == "SELECT * FROM orders WHERE id = $1");
  CHECK(normalized("SELECT * FROM orders WHERE id = :id") == "SELECT * FROM orders WHERE id = $1");
  CHECK(normalized("SELECT * FROM orders WHERE id = @id") == "SELECT * FROM orders WHERE id = $1");
  CHECK(normalized("SELECT * FROM orders WHERE id = ${id}") == "SELECT * FROM orders WHERE id = $1");
  CHECK(normalized("SELECT * FROM orders WHERE id = {order.id}") == "SELECT * FROM orders WHERE id = $1");
  CHECK(normalized("SELECT * FROM orders WHERE id = #{id}") == "SELECT * FROM orders WHERE id = $1");
  CHECK(normalized("SELECT * FROM orders WHERE id = $orderId") == "SELECT * FROM orders WHERE id = $1");
  CHECK(normalized(std::string("DELETE FROM orders WHERE id = ") + source::kExpression) ==
        "DELETE FROM orders WHERE id = $1");
  // Not placeholders: casts, dollar quoting, jsonb operators, prose question marks.
  CHECK(normalized("SELECT x::int FROM t") == "SELECT x::int FROM t");
  CHECK(normalized("CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1 $body$") ==
        "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1 $body$");
  CHECK(normalized("SELECT doc ?| array['a'] FROM t") == "SELECT doc ?| array['a'] FROM t");
  CHECK(normalized("Delete this?") == "Delete this?");
  // Only text that starts with a statement keyword is a candidate.
  CHECK(normalized("  (SELECT 1)") == "  (SELECT 1)");
  CHECK(normalized("Selected items") == "<not sql>");
  CHECK(normalized("please SELECT 1") == "<not sql>");
  CHECK(normalized("with") == "with");
}

TEST_CASE("prose that starts with a SQL keyword is not SQL", "[source]") {
  CHECK(source::looks_like_prose("Delete from cart", 1));
  CHECK(source::looks_like_prose("Select product", 0));
  CHECK_FALSE(source::looks_like_prose("SELECT * FROM stock", 1));
  CHECK_FALSE(source::looks_like_prose("select id from orders", 1));
  CHECK_FALSE(source::looks_like_prose("SELECT 1", 0));
  CHECK(source::looks_like_prose("truncate logs", 1));
  CHECK_FALSE(source::looks_like_prose("select 1", 0));
  CHECK_FALSE(source::looks_like_prose("TRUNCATE stock", 1));
  CHECK_FALSE(source::looks_like_prose("truncate table stock", 1));
}

TEST_CASE("SQL in literals parses and points into the file", "[source][sql]") {
  SECTION("single-line literal") {
    auto f = scan("svc/db.js", "const q = \"SELECT qty FROM stock WHERE sku = ?\";\n");
    REQUIRE(f.sql.size() == 1);
    const TableRef* t = table(f, "stock");
    REQUIRE(t);
    CHECK(t->access == TableAccess::read);
    CHECK(t->span.path == "svc/db.js");
    CHECK(t->span.line == 1);
    CHECK(t->span.column == 28);
    CHECK(t->span.end_column == 33);
    CHECK(f.sql[0].span.column == 12);
  }
  SECTION("placeholders of other lengths keep later positions exact") {
    auto f = scan("a.py", "cur.execute(\"UPDATE stock SET qty = %(q)s WHERE sku = %(sku)s\")\n");
    const TableRef* t = table(f, "stock");
    REQUIRE(t);
    CHECK(t->access == TableAccess::write);
    CHECK(t->span.column == 21);
    auto g = scan("a.py", "cur.execute(f\"SELECT {cols_long_name} FROM stock\")\n");
    const TableRef* s = table(g, "stock");
    REQUIRE(s);
    CHECK(s->span.column == 44);
    // A placeholder where a table name belongs: not parseable, not reported.
    CHECK(scan("a.py", "cur.execute(f\"SELECT * FROM {schema}.stock\")\n").sql.empty());
  }
  SECTION("escapes before the table name") {
    auto f = scan("A.java", "String q = \"SELECT \\\"id\\\"\\n FROM stock\";\n");
    const TableRef* t = table(f, "stock");
    REQUIRE(t);
    CHECK(t->span.line == 1);
    CHECK(t->span.column == 34);
  }
  SECTION("multi-line text block") {
    std::string code =
        "class R {\n"
        "  String q = \"\"\"\n"
        "      SELECT s.qty\n"
        "        FROM stock s\n"
        "      \"\"\";\n"
        "}\n";
    auto f = scan("R.java", code);
    const TableRef* t = table(f, "stock");
    REQUIRE(t);
    CHECK(t->span.line == 4);
    CHECK(t->span.column == 14);
  }
  SECTION("concatenated literals and expressions") {
    std::string code =
        "String q = \"SELECT o.id FROM orders o \" +\n"
        "           \"JOIN stock s ON s.sku = o.sku WHERE o.id = \" + id;\n";
    auto f = scan("Q.java", code);
    REQUIRE(f.sql.size() == 1);
    const TableRef* t = table(f, "stock");
    REQUIRE(t);
    CHECK(t->span.line == 2);
    CHECK(t->span.column == 18);
    CHECK(table(f, "orders"));
  }
  SECTION("Go raw string, Python triple quotes, Ruby heredoc, C# verbatim") {
    auto go = scan("x.go", "db.Query(`SELECT *\n\tFROM reservations`)\n");
    REQUIRE(table(go, "reservations"));
    CHECK(table(go, "reservations")->span.line == 2);
    CHECK(table(go, "reservations")->span.column == 7);
    auto py = scan("x.py", "q = \"\"\"\n  DELETE FROM stock\n\"\"\"\n");
    REQUIRE(table(py, "stock"));
    CHECK(table(py, "stock")->span.line == 2);
    CHECK(table(py, "stock")->span.column == 15);
    auto rb = scan("x.rb", "q = <<~SQL\n    INSERT INTO stock (sku) VALUES (:sku)\nSQL\n");
    REQUIRE(table(rb, "stock"));
    CHECK(table(rb, "stock")->span.line == 2);
    CHECK(table(rb, "stock")->span.column == 17);
    auto cs = scan("x.cs", "var q = @\"SELECT \"\"x\"\" FROM stock\";\n");
    REQUIRE(table(cs, "stock"));
    CHECK(table(cs, "stock")->span.column == 29);
  }
  SECTION("prose and non-SQL are ignored") {
    auto f = scan("ui.js",
                  "alert('Select a product to continue');\n"
                  "log('Update failed, please retry');\n"
                  "msg('Delete from cart');\n"
                  "msg('Select product');\n"
                  "msg('Drop files here');\n"
                  "msg('With love from the team');\n"
                  "msg('Create account');\n");
    CHECK(f.sql.empty());
  }
  SECTION("SQL in comments is ignored") {
    auto f = scan("a.js", "// db.query('SELECT * FROM stock')\n/* 'DELETE FROM stock' */\n");
    CHECK(f.sql.empty());
  }
}

TEST_CASE("URLs and host:port values", "[source]") {
  auto f = scan("gw/main.js",
                "const a = 'http://order-service:8080/orders';\n"
                "const b = `https://Inventory-Service/v1/stock/${sku}?x=1`;\n"
                "const c = 'jdbc:postgresql://orders-db:5432/orders';\n"
                "const d = 'payment-service:9000';\n"
                "const e = 'grpc://user:pw@auth.internal:50051';\n"
                "const f = 'see http://${HOST}/x';\n"
                "const g = 'user:42';\n"
                "const h = 'amqp://rabbit';\n");
  REQUIRE(f.urls.size() == 6);
  CHECK(f.urls[0].host == "order-service");
  CHECK(f.urls[0].path == "/orders");
  CHECK(f.urls[0].url == "http://order-service:8080/orders");
  CHECK(f.urls[0].span.line == 1);
  CHECK(f.urls[0].span.column == 12);
  CHECK(f.urls[0].span.end_column == 44);
  CHECK(f.urls[1].host == "inventory-service");
  CHECK(f.urls[1].path == "/v1/stock/{}");
  CHECK(f.urls[2].host == "orders-db");
  CHECK(f.urls[2].path == "/orders");
  CHECK(f.urls[3].host == "payment-service");
  CHECK(f.urls[3].url == "payment-service:9000");
  CHECK(f.urls[4].host == "auth.internal");
  CHECK(f.urls[5].host == "rabbit");

  auto plain = source::find_urls("no url here: 10:30");
  CHECK(plain.empty());
  CHECK(source::find_urls("localhost:5432").size() == 1);
  CHECK(source::find_urls("127.0.0.1:8080").size() == 1);
  CHECK(source::find_urls("ratio:16").empty());
  CHECK(source::find_urls("file:///etc/passwd").empty());
}

TEST_CASE("request paths are normalised", "[source]") {
  using source::request_path;
  CHECK(request_path("/orders") == std::optional<std::string>("/orders"));
  CHECK(request_path("/inventory/${sku}/reserve") == std::optional<std::string>("/inventory/{}/reserve"));
  CHECK(request_path("/orders/{id}/items") == std::optional<std::string>("/orders/{}/items"));
  CHECK(request_path("/orders/:id") == std::optional<std::string>("/orders/{}"));
  CHECK(request_path("/orders/<int:id>") == std::optional<std::string>("/orders/{}"));
  CHECK(request_path("/orders/%s?expand=1") == std::optional<std::string>("/orders/{}"));
  CHECK(request_path("${base}/orders/#{id}") == std::optional<std::string>("/orders/{}"));
  CHECK(request_path(std::string("/orders/") + source::kExpression) == std::optional<std::string>("/orders/{}"));
  CHECK_FALSE(request_path("/"));
  CHECK_FALSE(request_path("//cdn.example.com/x"));
  CHECK_FALSE(request_path("/etc/passwd"));
  CHECK_FALSE(request_path("/static/app.js"));
  CHECK_FALSE(request_path("/orders/(\\d+)"));
  CHECK_FALSE(request_path("/ is a slash"));
  CHECK_FALSE(request_path("/{id}"));
  CHECK_FALSE(request_path("orders"));
}

TEST_CASE("request paths in code, with concatenation and methods", "[source]") {
  auto f = scan("gw/routes.js",
                "await fetch(`${INVENTORY}/inventory/${sku}/reserve`, { method: 'POST' });\n"
                "axios.get('/orders/' + id);\n"
                "client.delete(\"/orders/\" + id + \"/items\");\n"
                "router.use('/health', h);\n");
  REQUIRE(f.paths.size() == 4);
  CHECK(f.paths[0].path == "/inventory/{}/reserve");
  CHECK(f.paths[0].method == "post");
  CHECK(f.paths[0].span.line == 1);
  CHECK(f.paths[0].span.column == 13);
  CHECK(f.paths[1].path == "/orders/{}");
  CHECK(f.paths[1].method == "get");
  CHECK(f.paths[2].path == "/orders/{}/items");
  CHECK(f.paths[2].method == "delete");
  CHECK(f.paths[3].path == "/health");
  CHECK(f.paths[3].method == "");

  auto py = scan("a.py", "requests.put(f\"{BASE}/orders/{oid}\", json=body)\n");
  REQUIRE(py.paths.size() == 1);
  CHECK(py.paths[0].method == "put");
  CHECK(py.paths[0].path == "/orders/{}");
  auto go = scan("a.go", "req, _ := http.NewRequest(\"PATCH\", base+\"/orders/\"+id, nil)\nhttp.Get(base + \"/stock\")\n");
  REQUIRE(go.paths.size() == 2);
  CHECK(go.paths[0].method == "patch");
  CHECK(go.paths[1].method == "get");
  auto cpp = scan("gw.cpp", "auto res = cli.Post(\"/inventory/reserve\", body, \"application/json\");\n");
  REQUIRE(cpp.paths.size() == 1);
  CHECK(cpp.paths[0].method == "post");
  auto cs = scan("a.cs", "await http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $\"/orders/{id}\"));\n");
  REQUIRE(cs.paths.size() == 1);
  CHECK(cs.paths[0].method == "delete");
  CHECK(cs.paths[0].path == "/orders/{}");
  auto kt = scan("a.kt", "webClient.post().uri(\"/orders/{id}\", id)\n");
  REQUIRE(kt.paths.size() == 1);
  CHECK(kt.paths[0].method == "post");
}

TEST_CASE("request paths keep the base URL they are appended to", "[source]") {
  auto js = scan("a.js",
                 "fetch(`${process.env.INVENTORY_URL}/inventory/${sku}`);\n"
                 "axios.post(inventoryUrl + '/reservations');\n"
                 "axios.get(this.cfg.paymentBase + '/payments/' + id);\n"
                 "fetch(`${process.env['ORDER_URL'] || 'http://localhost:1'}/orders`);\n"
                 "axios.get('/health');\n"
                 "x = 1 + '/not-a-base';\n");
  REQUIRE(js.paths.size() == 6);
  CHECK(js.paths[0].base == "process.env.INVENTORY_URL");
  CHECK(js.paths[1].base == "inventoryUrl");
  CHECK(js.paths[2].base == "this.cfg.paymentBase");
  CHECK(js.paths[3].base == "ORDER_URL");
  CHECK(js.paths[4].base == "");
  CHECK(js.paths[5].base == "");

  auto py = scan("a.py",
                 "requests.get(os.getenv(\"PAYMENT_URL\") + \"/payments\")\n"
                 "requests.get(f\"{settings.inventory_url}/stock\")\n"
                 "requests.get(\"{}/stock\".format(base))\n");
  REQUIRE(py.paths.size() == 3);
  CHECK(py.paths[0].base == "PAYMENT_URL");
  CHECK(py.paths[1].base == "settings.inventory_url");
  CHECK(py.paths[2].base == "");

  auto php = scan("a.php", "<?php $http->get($this->orderUrl . '/orders');\n");
  REQUIRE(php.paths.size() == 1);
  CHECK(php.paths[0].base == "$this->orderUrl");
  auto cpp = scan("a.cpp", "client.Get(base_url() + \"/orders\");\n");
  REQUIRE(cpp.paths.size() == 1);
  CHECK(cpp.paths[0].base == "base_url");
}

TEST_CASE("correlation header mentions", "[source]") {
  auto f = scan("a.go", "r.Header.Get(\"X-Request-ID\")\n// \"x-request-id\" in a comment\nh := \"x-request-id\"\n");
  REQUIRE(f.header_mentions.size() == 2);
  CHECK(f.header_mentions[0].line == 1);
  CHECK(f.header_mentions[0].column == 14);
  CHECK(f.header_mentions[0].end_column == 28);
  CHECK(f.header_mentions[1].line == 3);
  ScanOptions options;
  options.correlation_header = "traceparent";
  CHECK(scan_source("a.go", "x := \"X-Request-ID\"\n", options).header_mentions.empty());
  CHECK(scan_source("a.go", "x := \"traceparent\"\n", options).header_mentions.size() == 1);
}

TEST_CASE("files that are not source code give an empty SourceFile", "[source]") {
  auto f = scan("README.md", "SELECT * FROM stock; http://order-service/x");
  CHECK(f.language.empty());
  CHECK(f.sql.empty());
  CHECK(f.urls.empty());
  CHECK(scan("test/x.py", "").is_test);
}

TEST_CASE("random soup in every language never crashes or hangs", "[source]") {
  const char* paths[] = {"a.js", "a.py", "a.java", "a.kt", "a.scala", "a.go", "a.cs", "a.cpp", "a.rs", "a.rb", "a.php"};
  const char* pieces[] = {"'",      "\"",       "`",      "\"\"\"", "'''",     "/*",      "*/",     "//",    "#",
                          "\n",     "${",       "}",      "{",      "#{",      "<<~EOS\n", "EOS\n", "<<<X\n", "X;\n",
                          "R\"d(",  ")d\"",     "r#\"",   "\"#",    "@\"",     "$\"",     "$@\"",   "%q(",   ")",
                          "(",      "[",        "]",      "/",      "\\",      "a",       " + ",    " * ",   " < ",
                          " > ",    " == ",     ".",      "->",     "price",   "SELECT * FROM stock WHERE id = ?",
                          "/orders/", "http://x-y:80/a", "?", "<?php ", "?>",    "=begin\n", "=end\n", "\xff", "\xc3",
                          "\r",     "\t",       "'a'",    "f'",     ":id",     "%(",      "%s",     "$x",    "\x01"};
  std::uint32_t seed = 7;
  auto next = [&] {
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
  };
  ScanOptions options;
  options.computations = true;
  for (int round = 0; round < 60; ++round) {
    std::string text;
    std::uint32_t length = next() % 300;
    for (std::uint32_t k = 0; k < length; ++k) text += pieces[next() % (sizeof(pieces) / sizeof(*pieces))];
    if (round % 5 == 0) text += std::string(1, '\0');
    for (auto path : paths) {
      CHECK_NOTHROW(scan_source(path, text, options));
      CHECK_NOTHROW(extract_literals(source_language(path), text));
    }
  }
}
