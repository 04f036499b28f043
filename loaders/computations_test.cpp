#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "loaders/source_scan.h"
#include "loaders/source_scan_internal.h"

using namespace archgate;

namespace {

std::vector<ComputationSite> sites(std::string_view path, std::string_view code) {
  ScanOptions options;
  options.computations = true;
  return scan_source(path, code, options).computations;
}

bool has(const ComputationSite& s, std::string_view id) {
  return std::find(s.identifiers.begin(), s.identifiers.end(), id) != s.identifiers.end();
}

}  // namespace

TEST_CASE("identifier words", "[source][computations]") {
  using V = std::vector<std::string>;
  CHECK(source::identifier_words("unitPrice") == V{"unit", "price"});
  CHECK(source::identifier_words("unit_price") == V{"unit", "price"});
  CHECK(source::identifier_words("MAX_RETRY_COUNT") == V{"max", "retry", "count"});
  CHECK(source::identifier_words("HTTPStatus") == V{"http", "status"});
  CHECK(source::identifier_words("order2Total") == V{"order", "total"});
  CHECK(source::identifier_words("price") == V{"price"});
}

TEST_CASE("arithmetic and comparisons on identifiers are sites", "[source][computations]") {
  auto s = sites("gw.js",
                 "const total = unitPrice * qty;\n"
                 "if (order.total > 100) { discount = order.total - coupon.amount; }\n"
                 "sum += item['price'];\n"
                 "switch (customer.tier) {}\n");
  REQUIRE(s.size() == 5);
  CHECK(s[0].op == "*");
  CHECK(has(s[0], "unitprice"));
  CHECK(has(s[0], "unit"));
  CHECK(has(s[0], "price"));
  CHECK(has(s[0], "qty"));
  CHECK(s[0].span.line == 1);
  CHECK(s[0].span.column == 15);
  CHECK(s[0].span.end_column == 30);
  CHECK(s[0].excerpt == "const total = unitPrice * qty;");
  CHECK(s[1].op == ">");
  CHECK(s[1].identifiers == std::vector<std::string>{"total"});
  CHECK(s[2].op == "-");
  CHECK(has(s[2], "total"));
  CHECK(has(s[2], "amount"));
  CHECK_FALSE(has(s[2], "coupon"));  // containers are not the value
  CHECK(s[3].op == "+=");
  CHECK(has(s[3], "sum"));
  CHECK(has(s[3], "price"));
  CHECK(s[4].op == "switch");
  CHECK(s[4].identifiers == std::vector<std::string>{"tier"});
}

TEST_CASE("not computations: strings, comments, unary, generics, pointers, null checks", "[source][computations]") {
  CHECK(sites("a.js", "const url = base + '/orders/' + id;\n").empty());
  CHECK(sites("a.js", "const u = `${a}` + b;\n").empty());
  CHECK(sites("a.js", "// total = price * qty\n/* a - b */\nconst s = 'price * qty';\n").empty());
  CHECK(sites("a.js", "const x = -price; return -1; f(-qty);\n").empty());
  CHECK(sites("a.ts", "const m: Map<string, Array<Price>> = new Map<string, Price>();\n").empty());
  CHECK(sites("a.java", "List<Order> orders = new ArrayList<>();\n").empty());
  CHECK(sites("a.cpp", "#include <vector>\nPrice* p = nullptr; const Price *q = p; int *r;\n").empty());
  CHECK(sites("a.go", "func f(p *Price, xs []*Item) {}\n").empty());
  CHECK(sites("a.js", "if (price == null || discount === undefined) {}\n").empty());
  CHECK(sites("a.py", "def f(*args, **kwargs): pass\n").empty());
  CHECK(sites("a.js", "const re = /price*qty/; const n = 1 + 2;\n").empty());
  CHECK(sites("a.jsx", "return (<div className=\"x\">Total price</div>);\n").empty());
  CHECK(sites("a.py", "msg = \"%s items\" % count\n").empty());
}

TEST_CASE("plumbing is found as sites but names plumbing", "[source][computations]") {
  auto s = sites("gw.ts",
                 "if (res.status >= 500 && attempt < maxRetries) { await sleep(backoffMs * 2); }\n"
                 "const elapsed = Date.now() - started;\n");
  REQUIRE(s.size() == 4);
  CHECK(s[0].identifiers == std::vector<std::string>{"status"});
  CHECK(has(s[1], "attempt"));
  CHECK(has(s[1], "retries"));
  CHECK(has(s[2], "ms"));
  CHECK(has(s[3], "now"));
  CHECK(has(s[3], "started"));
}

TEST_CASE("computation sites in other languages", "[source][computations]") {
  auto py = sites("gw.py", "total = sum(i.price for i in items) * (1 - self.discount_rate)\n");
  REQUIRE_FALSE(py.empty());
  CHECK(has(py.back(), "discount"));
  auto cpp = sites("gw.cpp", "int stock = res->stock - req.quantity;\nif (retries < kMaxRetries) {}\n");
  REQUIRE(cpp.size() == 2);
  CHECK(has(cpp[0], "stock"));
  CHECK(has(cpp[0], "quantity"));
  auto go = sites("gw.go", "amount := price * float64(qty)\n");
  REQUIRE(go.size() == 1);
  CHECK(has(go[0], "price"));
  auto rb = sites("gw.rb", "net = gross - tax\n");
  REQUIRE(rb.size() == 1);
  CHECK(has(rb[0], "tax"));
  auto kt = sites("Gw.kt", "when (order.status) {}\nval vat = subtotal * VAT_RATE\n");
  REQUIRE(kt.size() == 2);
  CHECK(kt[0].op == "when");
  CHECK(has(kt[1], "subtotal"));
  CHECK(has(kt[1], "vat"));
}

TEST_CASE("computations are only collected when asked", "[source][computations]") {
  CHECK(scan_source("a.js", "x = price * qty", ScanOptions{}).computations.empty());
}

TEST_CASE("the computation pass is robust on hostile input", "[source][computations]") {
  std::string deep(50000, '(');
  deep += "a * b";
  CHECK_NOTHROW(sites("a.js", deep));
  std::string longline;
  for (int i = 0; i < 20000; ++i) longline += "a[i] * b[j] + ";
  auto s = sites("a.js", longline);
  CHECK(s.size() > 1000);
  CHECK_NOTHROW(sites("a.cpp", std::string(100000, '<')));
  CHECK_NOTHROW(sites("a.cpp", std::string(100000, ']')));
}

TEST_CASE("collection aggregates are sites named by what they fold", "[source][computations]") {
  auto cs = sites("Basket.cs",
                  "var count = basket.Items.Sum(i => i.Quantity);\n"
                  "var bytes = request.Parts.Sum(p => p.Length);\n"
                  "var total = items.Aggregate(0m, (acc, line) => acc + line.UnitPrice);\n");
  REQUIRE(cs.size() >= 3);
  CHECK(cs[0].op == "Sum");
  CHECK(has(cs[0], "quantity"));
  CHECK_FALSE(has(cs[0], "items"));  // the receiver says where, not what
  CHECK_FALSE(has(cs[0], "i"));      // a lambda parameter
  CHECK(cs[0].span.line == 1);
  CHECK(has(cs[1], "length"));
  auto java = sites("Stock.java", "int n = items.stream().mapToInt(Item::getQuantity).sum();\n");
  REQUIRE(java.size() == 1);
  CHECK(java[0].op == "sum");
  CHECK(has(java[0], "quantity"));
  auto py = sites("cart.py", "total = sum(i.price for i in items)\n");
  REQUIRE(py.size() == 1);
  CHECK(has(py[0], "price"));
  auto js = sites("cart.js", "const subtotal = _.sumBy(body.items, 'price');\n");
  REQUIRE(js.size() == 1);
  CHECK(has(js[0], "price"));
  auto go = sites("money.go", "total := money.MultiplySlow(*item.GetPrice(), uint32(item.GetQuantity()))\n");
  REQUIRE(go.size() == 1);
  CHECK(go[0].op == "MultiplySlow");
  CHECK(has(go[0], "price"));
  CHECK(sites("list.cs", "names.Add(name);\nvar x = list.Count();\n").empty());
}

TEST_CASE("each site knows the function it is in", "[source][computations]") {
  auto py = sites("money.py",
                  "def format_currency(amount):\n"
                  "    if amount < 0:\n"
                  "        return '-'\n"
                  "\n"
                  "class Label:\n"
                  "    def __str__(self):\n"
                  "        return self.price < 0\n"
                  "\n"
                  "total = price * qty\n");
  REQUIRE(py.size() == 3);
  CHECK(py[0].function == "format_currency");
  CHECK(py[1].function == "__str__");
  CHECK(py[2].function.empty());
  auto js = sites("money.js",
                  "const formatTotal = (total) => {\n  if (total < 0) { return 1; }\n};\n"
                  "function checkout(order) {\n  return order.price * order.qty;\n}\n"
                  "const o = { render: function (amount) { return amount > 0; } };\n");
  REQUIRE(js.size() == 3);
  CHECK(js[0].function == "formatTotal");
  CHECK(js[1].function == "checkout");
  CHECK(js[2].function == "render");
  auto go = sites("money.go",
                  "func (p Price) String() string {\n\tif p.Amount < 0 {\n\t\treturn \"-\"\n\t}\n\treturn \"\"\n}\n"
                  "func total(a, b Price) int64 { return a.Amount + b.Amount }\n");
  REQUIRE(go.size() == 2);
  CHECK(go[0].function == "String");
  CHECK(go[1].function == "total");
  auto java = sites("Money.java",
                    "class Money {\n  String format(long amount) throws IOException {\n"
                    "    if (amount < 0) { return \"-\"; }\n    return \"\";\n  }\n"
                    "  long total(long price, long qty) { return price * qty; }\n}\n");
  REQUIRE(java.size() == 2);
  CHECK(java[0].function == "format");
  CHECK(java[1].function == "total");
}
