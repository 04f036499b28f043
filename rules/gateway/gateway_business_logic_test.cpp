#include <catch2/catch.hpp>

#include "loaders/source_scan.h"
#include "rules/gateway/business_terms.h"
#include "rules/rule.h"

using namespace archgate;

namespace archgate {
extern const RuleInfo kGatewayBusinessLogic;
void check_gateway_business_logic(const RuleContext&);
}  // namespace archgate

namespace {

Model gateway_model(std::vector<std::string> must_not = {}) {
  Model m;
  InventoryService gw;
  gw.name = "gateway";
  gw.kind = ServiceKind::gateway;
  for (auto& s : must_not) gw.must_not.push_back({s, Span{"service-inventory.json", 2, 1, 0, 0}});
  m.inventory.services.push_back(gw);
  InventoryService orders;
  orders.name = "order-service";
  m.inventory.services.push_back(orders);
  return m;
}

void add_source(Model& m, std::string path, std::string service, std::string code, bool gateway = true) {
  ScanOptions options;
  options.computations = gateway;
  SourceFile f = scan_source(path, code, options);
  f.service = std::move(service);
  m.sources.push_back(std::move(f));
}

std::vector<Diagnostic> run(const Model& m, Config config = {}) {
  VectorSink sink;
  RuleContext ctx(m, config, kGatewayBusinessLogic, sink);
  check_gateway_business_logic(ctx);
  return sink.items;
}

bool has(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST_CASE("business terms: singular forms and mustNot nouns", "[rules][AG202]") {
  CHECK(singular("prices") == "price");
  CHECK(singular("taxes") == "tax");
  CHECK(singular("quantities") == "quantity");
  CHECK(singular("status") == "status");
  CHECK(singular("discounts") == "discount");
  CHECK(singular("qty") == "qty");
  CHECK(sentence_nouns("calculate discounts") == std::vector<std::string>{"discount"});
  CHECK(sentence_nouns("store business data").empty());
  CHECK(sentence_nouns("apply loyalty points to the basket") == std::vector<std::string>{"loyalty", "point", "basket"});
  Config config;
  config.business_terms = {"Fees"};
  InventoryService gw;
  gw.must_not.push_back({"award loyalty points", {}});
  auto terms = business_terms(config, gw);
  CHECK(has(terms, "price"));
  CHECK(has(terms, "fee"));
  CHECK(has(terms, "loyalty"));
  CHECK(has(terms, "point"));
  CHECK_FALSE(has(terms, "award"));
}

TEST_CASE("AG202 fires on price arithmetic in gateway code", "[rules][AG202]") {
  Model m = gateway_model({"calculate discounts"});
  add_source(m, "services/gateway/src/checkout.js", "gateway",
             "const total = body.items.reduce((sum, i) => sum + i.unitPrice * i.qty, 0);\n"
             "if (body.coupon) payload.amount = total - total * 0.1;\n"
             "if (cart.discounts > 3) reject();\n");
  auto found = run(m);
  REQUIRE(found.size() == 3);
  CHECK(found[0].rule == "AG202");
  CHECK(found[0].service == "gateway");
  CHECK(found[0].span.path == "services/gateway/src/checkout.js");
  CHECK(found[0].span.line == 1);
  CHECK(found[0].message ==
        "gateway computes a business value (\"price\"): `const total = body.items.reduce((sum, i) => sum + "
        "i.unitPrice * i.qty, 0);`");
  CHECK(found[1].span.line == 2);
  CHECK(found[1].message.find("(\"total\")") != std::string::npos);
  CHECK(found[2].message.find("(\"discount\")") != std::string::npos);
}

TEST_CASE("AG202 fires on SQL in gateway code", "[rules][AG202][sql]") {
  Model m = gateway_model();
  add_source(m, "services/gateway/main.go", "gateway",
             "rows, _ := db.Query(\"SELECT id FROM orders WHERE customer = $1\", c)\n");
  auto found = run(m);
  REQUIRE(found.size() == 1);
  CHECK(found[0].message == "gateway runs SQL in its code (on \"orders\"); a gateway routes requests and holds no data");
  CHECK(found[0].span.line == 1);
  CHECK(found[0].span.column == 22);
}

TEST_CASE("AG202 leaves routing, retries, status mapping and time math alone", "[rules][AG202]") {
  Model m = gateway_model({"store business data", "calculate discounts"});
  add_source(m, "services/gateway/src/proxy.ts", "gateway",
             "for (let attempt = 1; attempt <= maxRetries; attempt++) {\n"
             "  const started = Date.now();\n"
             "  const res = await fetch(`${ORDER_URL}/orders/${id}`, { signal: AbortSignal.timeout(timeoutMs * 2) });\n"
             "  const elapsed = Date.now() - started;\n"
             "  if (res.status >= 500 && attempt < maxRetries) { await sleep(backoffMs * attempt); continue; }\n"
             "  if (res.status == 404) return notFound();\n"
             "  const body = await res.text();\n"
             "  if (body.length > maxBodySize) return tooLarge();\n"
             "  const next = offset + limit; if (offset + limit < totalCount) more = true;\n"
             "  const url = inventoryUrl + '/inventory/' + sku + '/reserve';\n"
             "  if (req.body.price == null) return badRequest('price is required');\n"
             "  const port = basePort + 1;\n"
             "  // total = price * qty would be business logic, but this is a comment\n"
             "  log(`forwarding price ${price} for total ${total}`);\n"
             "  return res;\n"
             "}\n");
  // Business arithmetic in a test file and in a non-gateway service is not AG202's business.
  add_source(m, "services/gateway/src/proxy.test.ts", "gateway", "expect(price * qty).toBe(10);\n");
  add_source(m, "services/order-service/src/total.ts", "order-service", "const total = price * qty;\n", false);
  auto found = run(m);
  for (const auto& d : found) INFO(d.message);
  CHECK(found.empty());
}

TEST_CASE("AG202 uses configured business terms", "[rules][AG202]") {
  Model m = gateway_model();
  add_source(m, "services/gateway/app.py", "gateway", "points = basket_value * loyalty_factor\n");
  CHECK(run(m).empty());
  Config config;
  config.business_terms = {"loyalty"};
  auto found = run(m, config);
  REQUIRE(found.size() == 1);
  CHECK(found[0].message.find("(\"loyalty\")") != std::string::npos);
}
