// The live rules (AG601–AG613) on LiveResults made by hand: a contract built
// in code, the observations `archgate verify` would have recorded, and every
// live rule run on them, so that each case shows which rule took the answer
// and that its neighbours stayed silent.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "rules/rule.h"
#include "verify/results.h"

using archgate::Diagnostic;
using archgate::OpenApiDocument;
using archgate::OpenApiMediaType;
using archgate::OpenApiOperation;
using archgate::OpenApiParameter;
using archgate::OpenApiResponse;
using archgate::Span;
using archgate::verify::Exchange;
using archgate::verify::Failure;
using archgate::verify::HttpResponse;
using archgate::verify::LiveResults;
using archgate::verify::Observation;
using archgate::verify::Purpose;
using archgate::verify::VerifiedService;

namespace {

const char* kContract = "services/orders/openapi.yaml";

Span at(std::uint32_t line, std::uint32_t column = 5, const char* path = kContract) {
  return Span{path, line, column, line, column + 4};
}

struct Documented {
  std::string status;
  std::vector<std::string> content = {};
};

OpenApiOperation operation(std::string method, std::string path, std::uint32_t line,
                           std::vector<Documented> responses) {
  OpenApiOperation op;
  op.method = method;
  op.path = path;
  op.span = at(line);
  op.path_span = at(line - 1, 3);
  if (path.find('{') != std::string::npos) {
    OpenApiParameter p;
    p.name = path.substr(path.find('{') + 1, path.find('}') - path.find('{') - 1);
    p.in = "path";
    p.required = true;
    op.parameters.push_back(p);
  }
  std::uint32_t l = line + 2;
  for (auto& d : responses) {
    OpenApiResponse r;
    r.status = d.status;
    r.span = at(l++, 9);
    for (auto& c : d.content) {
      OpenApiMediaType m;
      m.content_type = c;
      m.span = at(l++, 13);
      r.content.push_back(m);
    }
    op.responses.push_back(std::move(r));
  }
  return op;
}

// A system under test: contracts (kept at stable addresses), services and
// observations, with helpers that record answers as the runner would.
struct System {
  // Observations are handed out by reference while more are added: room for
  // every case, so that none moves.
  System() { live.observations.reserve(64); }

  std::deque<OpenApiDocument> contracts;
  LiveResults live;

  std::size_t service(std::string name, std::vector<OpenApiOperation> operations, bool gateway = false,
                      int port = 8080) {
    OpenApiDocument& doc = contracts.emplace_back();
    doc.path = "services/" + name + "/openapi.yaml";
    doc.service = name;
    doc.readable = true;
    doc.operations = std::move(operations);
    VerifiedService s;
    s.name = name;
    s.gateway = gateway;
    s.origin.scheme = "http";
    s.origin.host = "127.0.0.1";
    s.origin.port = port;
    s.contract = &doc;
    live.services.push_back(s);
    return live.services.size() - 1;
  }

  const OpenApiOperation& op(std::size_t service, std::string_view method, std::string_view path) {
    for (const auto& o : live.services[service].contract->operations)
      if (o.method == method && o.path == path) return o;
    FAIL("no operation " << method << " " << path);
    std::abort();
  }

  // A probe of `method path` (the path template filled with `target`).
  Observation& probe(std::size_t service, std::string_view method, std::string_view path, Purpose purpose,
                     std::string target = {}) {
    const OpenApiOperation& o = op(service, method, path);
    Observation& obs = live.observations.emplace_back();
    obs.probe.service = service;
    obs.probe.operation = &o;
    obs.probe.purpose = purpose;
    obs.probe.span = o.span;
    obs.probe.description = purpose == Purpose::negative ? "without required property \"sku\""
                                                         : "body from the example at openapi.yaml:52";
    std::string m(method);
    std::transform(m.begin(), m.end(), m.begin(), [](char c) { return static_cast<char>(std::toupper(c)); });
    obs.probe.request.method = m;
    obs.probe.request.target = target.empty() ? std::string(path) : target;
    obs.probe.request_id = "archgate-0-" + std::to_string(live.observations.size());
    obs.probe.request.headers.emplace_back(live.request_id_header, obs.probe.request_id);
    return obs;
  }

  static void match(Observation& o) {
    int status = o.exchange.response->status;
    std::string exact = std::to_string(status), range = exact.substr(0, 1) + "XX";
    const auto& responses = o.probe.operation->responses;
    for (const auto& r : responses)
      if (r.status == exact) {
        o.matched = {&r, exact};
        return;
      }
    for (const auto& r : responses)
      if (r.status == range) {
        o.matched = {&r, range};
        return;
      }
    for (const auto& r : responses)
      if (r.status == "default") {
        o.matched = {&r, "default"};
        return;
      }
  }

  // The answer came: status, body, headers. Echoes the request id unless told.
  Observation& answer(Observation& o, int status, std::string body = {},
                      std::vector<std::pair<std::string, std::string>> headers = {}, bool echo = true) {
    const VerifiedService& s = live.services[o.probe.service];
    o.sent = true;
    o.exchange.request = o.probe.request;
    o.exchange.url = s.origin.text() + o.probe.request.target;
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    bool has_type = false;
    for (auto& h : headers) has_type = has_type || archgate_iequals(h.first, "content-type");
    if (!r.body.empty() && !has_type) headers.emplace_back("Content-Type", "application/json");
    if (echo) headers.emplace_back(live.request_id_header, o.probe.request_id);
    r.headers = std::move(headers);
    o.exchange.response = std::move(r);
    match(o);
    return o;
  }

  Observation& no_answer(Observation& o, Failure failure, std::string detail) {
    const VerifiedService& s = live.services[o.probe.service];
    o.sent = true;
    o.exchange.request = o.probe.request;
    o.exchange.url = s.origin.text() + o.probe.request.target;
    o.exchange.failure = failure;
    o.exchange.detail = std::move(detail);
    return o;
  }

  static bool archgate_iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
  }
};

std::vector<Diagnostic> run_live(std::string_view id, const LiveResults* live) {
  const archgate::Rule* rule = archgate::find_rule(id);
  REQUIRE(rule);
  archgate::Model model;
  archgate::Config config;
  archgate::VectorSink sink;
  archgate::RuleContext ctx(model, config, rule->info, sink);
  ctx.live = live;
  rule->check(ctx);
  return std::move(sink.items);
}

// Every live rule, findings in registry order.
std::vector<Diagnostic> run_all(const LiveResults& live) {
  std::vector<Diagnostic> all;
  for (const auto& rule : archgate::all_rules()) {
    if (!archgate::is_live_rule(rule.info)) continue;
    for (auto& d : run_live(rule.info.id, &live)) all.push_back(std::move(d));
  }
  return all;
}

std::string describe(const std::vector<Diagnostic>& items) {
  std::string out;
  for (const auto& d : items) {
    out += d.rule + " " + d.span.path + ":" + std::to_string(d.span.line) + " [" + d.service + "] " + d.message +
           "\n";
  }
  return out.empty() ? "(no findings)" : out;
}

std::vector<std::string> rules_of(const std::vector<Diagnostic>& items) {
  std::vector<std::string> out;
  for (const auto& d : items) out.push_back(d.rule);
  return out;
}

using Rules = std::vector<std::string>;

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

// The orders service most cases use.
std::size_t orders(System& sys, bool gateway = false) {
  return sys.service(gateway ? "api-gateway" : "orders",
                     {operation("get", "/health", 10, {{"200", {"application/json"}}}),
                      operation("get", "/orders", 20, {{"200", {"application/json"}}}),
                      operation("post", "/orders", 30,
                                {{"201", {"application/json"}}, {"400", {"application/json"}},
                                 {"409", {"application/json"}}}),
                      operation("get", "/orders/{id}", 40,
                                {{"200", {"application/json"}}, {"404", {"application/json"}}}),
                      operation("delete", "/orders/{id}", 50, {{"204"}})},
                     gateway);
}

}  // namespace

TEST_CASE("live rules report nothing outside archgate verify", "[live]") {
  for (const auto& rule : archgate::all_rules()) {
    if (!archgate::is_live_rule(rule.info)) continue;
    INFO(rule.info.id);
    CHECK(run_live(rule.info.id, nullptr).empty());
  }
  System sys;
  orders(sys);
  CHECK(run_all(sys.live).empty());  // a plan that sent nothing
}

TEST_CASE("live rules: a healthy, conforming service is clean", "[live]") {
  System sys;
  auto s = orders(sys);
  sys.answer(sys.probe(s, "get", "/health", Purpose::health), 200, R"({"status":"up"})");
  sys.answer(sys.probe(s, "get", "/orders", Purpose::positive), 200, "[]",
             {{"Content-Type", "application/json; charset=utf-8"}});
  auto& create = sys.answer(sys.probe(s, "post", "/orders", Purpose::create), 201, R"({"id":"o-1"})");
  auto& back = sys.answer(sys.probe(s, "get", "/orders/{id}", Purpose::read_back, "/orders/o-1"), 200,
                          R"({"id":"o-1"})");
  create.probe.partner = 3;
  back.probe.partner = 2;
  sys.answer(sys.probe(s, "post", "/orders", Purpose::negative), 400, R"({"error":"sku is required"})");
  sys.answer(sys.probe(s, "post", "/orders", Purpose::positive), 409, R"({"error":"exists"})");
  sys.answer(sys.probe(s, "delete", "/orders/{id}", Purpose::positive, "/orders/o-9"), 204);
  sys.answer(sys.probe(s, "get", "/orders/{id}", Purpose::positive, "/orders/o-0"), 404, R"({"error":"none"})");
  auto found = run_all(sys.live);
  INFO(describe(found));
  CHECK(found.empty());
}

TEST_CASE("AG601 reports a health path that does not answer 2xx", "[live]") {
  System sys;
  auto s = orders(sys);
  sys.answer(sys.probe(s, "get", "/health", Purpose::health), 503, "{\"status\":\n  \"down\"}");
  auto found = run_all(sys.live);
  INFO(describe(found));
  REQUIRE(rules_of(found) == Rules{"AG601"});
  CHECK(found[0].span.line == 10);
  CHECK(found[0].service == "orders");
  CHECK(found[0].message ==
        "the health path of orders does not answer 2xx: GET http://127.0.0.1:8080/health answered 503: "
        "{\"status\": \"down\"}");
  CHECK(found[0].fingerprint_key == "get /health 503");

  SECTION("a gateway's own health path is AG601's, not AG612's") {
    System gw;
    auto g = orders(gw, true);
    gw.answer(gw.probe(g, "get", "/health", Purpose::health), 503);
    auto f = run_all(gw.live);
    INFO(describe(f));
    CHECK(rules_of(f) == Rules{"AG601"});
  }
}

TEST_CASE("AG602 reports a 5xx once per operation and status", "[live]") {
  System sys;
  auto s = orders(sys);
  sys.answer(sys.probe(s, "post", "/orders", Purpose::positive), 500, "TypeError: x is undefined",
             {{"Content-Type", "text/plain"}});
  auto& bad = sys.answer(sys.probe(s, "post", "/orders", Purpose::negative), 500, "TypeError",
                         {{"Content-Type", "text/plain"}});
  bad.probe.span = at(90, 11, "services/orders/schemas.yaml");
  auto& other = sys.answer(sys.probe(s, "get", "/orders", Purpose::positive), 503, "");
  (void)other;
  auto found = run_all(sys.live);
  INFO(describe(found));
  REQUIRE(rules_of(found) == Rules{"AG602", "AG602"});  // not AG603 for the undocumented 500, not AG605
  CHECK(found[0].span.line == 30);
  CHECK(contains(found[0].message, "POST /orders failed with a server error (body from the example at "
                                   "openapi.yaml:52): POST http://127.0.0.1:8080/orders answered 500: TypeError"));
  CHECK(found[0].fingerprint_key == "post /orders 500");
  CHECK(found[1].fingerprint_key == "get /orders 503");  // 503 from a service that is not a gateway

  SECTION("a negative request that crashes points at the schema it broke") {
    System one;
    auto o = orders(one);
    auto& n = one.answer(one.probe(o, "post", "/orders", Purpose::negative), 500);
    n.probe.span = at(90, 11, "services/orders/schemas.yaml");
    auto f = run_all(one.live);
    INFO(describe(f));
    REQUIRE(rules_of(f) == Rules{"AG602"});
    CHECK(f[0].span.path == "services/orders/schemas.yaml");
    CHECK(contains(f[0].message, "(without required property \"sku\")"));
  }
}

TEST_CASE("AG612 takes 502/503/504 from a gateway, other 5xx stay AG602", "[live]") {
  System sys;
  auto g = orders(sys, true);
  sys.answer(sys.probe(g, "get", "/orders", Purpose::positive), 502, "<h1>502 Bad Gateway</h1>",
             {{"Content-Type", "text/html"}});
  sys.answer(sys.probe(g, "get", "/orders", Purpose::positive), 502, "<h1>502 Bad Gateway</h1>",
             {{"Content-Type", "text/html"}});
  sys.answer(sys.probe(g, "post", "/orders", Purpose::positive), 504);
  sys.answer(sys.probe(g, "delete", "/orders/{id}", Purpose::positive, "/orders/1"), 500);
  auto found = run_all(sys.live);
  INFO(describe(found));
  REQUIRE(rules_of(found) == Rules{"AG602", "AG612", "AG612"});
  CHECK(found[0].fingerprint_key == "delete /orders/{id} 500");
  CHECK(found[1].message ==
        "the route of GET /orders through api-gateway reaches no backend: GET "
        "http://127.0.0.1:8080/orders answered 502: <h1>502 Bad Gateway</h1>");
  CHECK(found[1].span.line == 20);
  CHECK(found[2].fingerprint_key == "post /orders 504");
}

TEST_CASE("AG603 reports a status the operation does not document", "[live]") {
  System sys;
  auto s = orders(sys);
  sys.answer(sys.probe(s, "get", "/orders", Purpose::positive), 418, "teapot", {{"Content-Type", "text/plain"}});
  sys.answer(sys.probe(s, "get", "/orders", Purpose::positive), 418, "teapot", {{"Content-Type", "text/plain"}});
  auto found = run_all(sys.live);
  INFO(describe(found));
  REQUIRE(rules_of(found) == Rules{"AG603"});
  CHECK(found[0].message ==
        "status 418 is not documented for GET /orders (documented: 200): GET http://127.0.0.1:8080/orders "
        "answered 418: teapot");
  CHECK(found[0].fingerprint_key == "get /orders 418");

  SECTION("a range or default covers the status") {
    System other;
    auto o = other.service("s", {operation("get", "/a", 5, {{"2XX"}, {"default"}})});
    other.answer(other.probe(o, "get", "/a", Purpose::positive), 204);
    other.answer(other.probe(o, "get", "/a", Purpose::positive), 418);
    auto f = run_all(other.live);
    INFO(describe(f));
    CHECK(f.empty());
  }
  SECTION("a same-origin redirect is an ordinary answer") {
    System other;
    auto o = orders(other);
    other.answer(other.probe(o, "get", "/orders", Purpose::positive), 302, "", {{"Location", "/orders/"}});
    auto f = run_all(other.live);
    INFO(describe(f));
    CHECK(rules_of(f) == Rules{"AG603"});
  }
}

TEST_CASE("AG610 reports a documented route that answers 404 or 405", "[live]") {
  SECTION("404 to a GET without path parameters is AG610, not AG603") {
    System sys;
    auto s = orders(sys);
    sys.answer(sys.probe(s, "get", "/orders", Purpose::positive), 404, "Cannot GET /orders",
               {{"Content-Type", "text/html"}});
    auto found = run_all(sys.live);
    INFO(describe(found));
    REQUIRE(rules_of(found) == Rules{"AG610"});
    CHECK(found[0].span.line == 20);
    CHECK(found[0].message ==
          "GET /orders is documented, but the service has no route for it: GET http://127.0.0.1:8080/orders "
          "answered 404: Cannot GET /orders");
  }
  SECTION("405 to a create, and the same 405 to its negative requests, is one AG610") {
    System sys;
    auto s = orders(sys);
    sys.answer(sys.probe(s, "post", "/orders", Purpose::create), 405);
    sys.answer(sys.probe(s, "post", "/orders", Purpose::negative), 405);
    sys.answer(sys.probe(s, "post", "/orders", Purpose::negative), 405);
    auto found = run_all(sys.live);
    INFO(describe(found));
    REQUIRE(rules_of(found) == Rules{"AG610"});
    CHECK(contains(found[0].message, "does not allow the method"));
    CHECK(found[0].fingerprint_key == "post /orders 405");
  }
  SECTION("404 to an operation with a path parameter: AG610 only when 404 is not documented") {
    System sys;
    auto s = sys.service("s", {operation("get", "/a/{id}", 5, {{"200"}, {"404"}}),
                               operation("delete", "/a/{id}", 15, {{"204"}})});
    sys.answer(sys.probe(s, "get", "/a/{id}", Purpose::positive, "/a/1"), 404);
    sys.answer(sys.probe(s, "delete", "/a/{id}", Purpose::positive, "/a/1"), 404);
    auto found = run_all(sys.live);
    INFO(describe(found));
    REQUIRE(rules_of(found) == Rules{"AG610"});
    CHECK(found[0].span.line == 15);
    CHECK(contains(found[0].message, "a 404 the operation does not document"));
  }
  SECTION("a negative request's 404 on a working route is AG603's when undocumented") {
    System sys;
    auto s = sys.service("s", {operation("post", "/a", 5, {{"201"}, {"400"}})});
    sys.answer(sys.probe(s, "post", "/a", Purpose::positive), 201);
    sys.answer(sys.probe(s, "post", "/a", Purpose::negative), 404);
    auto found = run_all(sys.live);
    INFO(describe(found));
    CHECK(rules_of(found) == Rules{"AG603"});
  }
}

TEST_CASE("AG604 reports schema violations once per operation, status and pointer", "[live]") {
  System sys;
  auto s = orders(sys);
  for (int i = 0; i < 2; ++i) {
    auto& o = sys.answer(sys.probe(s, "get", "/orders/{id}", Purpose::positive, "/orders/o-" + std::to_string(i)),
                         200, "{\"id\": \"o-1\", \"total\": \"12\"}");
    o.body_checked = true;
    o.violations.push_back({"/total", "expected number, got string", at(88, 9, "services/orders/schemas.yaml")});
    o.violations.push_back({"/total", "a second complaint about the same place", at(88, 9)});
    o.violations.push_back({"", "required property \"status\" is missing", at(80, 5, "services/orders/schemas.yaml")});
  }
  auto found = run_all(sys.live);
  INFO(describe(found));
  REQUIRE(rules_of(found) == Rules{"AG604", "AG604"});
  CHECK(found[0].message ==
        "the answer of GET /orders/{id} breaks its schema at /total: expected number, got string (schema at "
        "services/orders/schemas.yaml:88): GET http://127.0.0.1:8080/orders/o-0 answered 200: {\"id\": \"o-1\", "
        "\"total\": \"12\"}");
  REQUIRE(found[0].related.size() == 1);
  CHECK(found[0].related[0].message == "the schema");
  CHECK(found[0].related[0].span.line == 88);
  CHECK(found[0].span.line == 40);
  CHECK(found[0].fingerprint_key == "get /orders/{id} 200 /total");
  CHECK(contains(found[1].message, "breaks its schema at the top level: required property"));

  SECTION("a body that is not the documented JSON is one finding") {
    System other;
    auto o = orders(other);
    auto& a = other.answer(other.probe(o, "get", "/orders", Purpose::positive), 200, "<html>oops</html>",
                           {{"Content-Type", "application/json"}});
    a.body_checked = true;
    a.body_problem = "the body is not JSON: syntax error at byte 0";
    auto f = run_all(other.live);
    INFO(describe(f));
    REQUIRE(rules_of(f) == Rules{"AG604"});
    CHECK(contains(f[0].message, "is not the documented JSON (the body is not JSON: syntax error at byte 0)"));
  }
  SECTION("a body of an undocumented media type is AG605's, not AG604's") {
    System other;
    auto o = orders(other);
    auto& a = other.answer(other.probe(o, "get", "/orders", Purpose::positive), 200, "<html>oops</html>",
                           {{"Content-Type", "text/html"}});
    a.body_problem = "the body is not JSON";
    auto f = run_all(other.live);
    INFO(describe(f));
    CHECK(rules_of(f) == Rules{"AG605"});
  }
  SECTION("violations in an answer with a status problem are not judged") {
    System other;
    auto o = orders(other);
    auto& a = other.answer(other.probe(o, "get", "/orders", Purpose::positive), 500, "{}");
    a.violations.push_back({"/x", "wrong", at(88)});
    auto f = run_all(other.live);
    INFO(describe(f));
    CHECK(rules_of(f) == Rules{"AG602"});
  }
}

TEST_CASE("AG605 compares the answer's media type with the documented ones", "[live]") {
  auto verdict = [](std::vector<std::string> documented, std::vector<std::pair<std::string, std::string>> headers,
                    std::string body = "{}") {
    System sys;
    auto s = sys.service("s", {operation("get", "/a", 5, {{"200", documented}})});
    sys.answer(sys.probe(s, "get", "/a", Purpose::positive), 200, body, headers);
    return run_all(sys.live);
  };
  CHECK(verdict({"application/json"}, {{"Content-Type", "application/json"}}).empty());
  CHECK(verdict({"application/json"}, {{"content-type", "Application/JSON; charset=utf-8"}}).empty());
  CHECK(verdict({"Application/Json; charset=utf-8"}, {{"Content-Type", "application/json"}}).empty());
  CHECK(verdict({"text/plain", "application/json"}, {{"Content-Type", "application/json"}}).empty());
  CHECK(verdict({"*/*"}, {{"Content-Type", "image/png"}}).empty());
  CHECK(verdict({"application/*"}, {{"Content-Type", "application/problem+json"}}).empty());
  CHECK(verdict({}, {{"Content-Type", "text/html"}}).empty());                       // no content documented
  CHECK(verdict({"application/json"}, {{"Content-Type", "text/html"}}, "").empty());  // no body

  auto html = verdict({"application/json"}, {{"Content-Type", "text/html; charset=utf-8"}}, "<h1>hi</h1>");
  INFO(describe(html));
  REQUIRE(rules_of(html) == Rules{"AG605"});
  CHECK(html[0].message ==
        "the answer of GET /a is text/html, not a documented media type (documented: application/json): GET "
        "http://127.0.0.1:8080/a answered 200: <h1>hi</h1>");
  CHECK(html[0].fingerprint_key == "get /a 200 text/html");
  REQUIRE(html[0].related.size() == 1);
  CHECK(html[0].related[0].message == "the documented response 200");
  CHECK(rules_of(verdict({"application/json"}, {{"Content-Type", "application/problem+json"}})) == Rules{"AG605"});
  CHECK(rules_of(verdict({"text/*"}, {{"Content-Type", "application/json"}})) == Rules{"AG605"});

  System none;
  auto s = none.service("s", {operation("get", "/a", 5, {{"200", {"application/json"}}})});
  auto& o = none.answer(none.probe(s, "get", "/a", Purpose::positive), 200, "{}", {{"X-Other", "1"}});
  auto& headers = o.exchange.response->headers;
  headers.erase(std::find_if(headers.begin(), headers.end(), [](const auto& h) { return h.first == "Content-Type"; }));
  auto missing = run_all(none.live);
  INFO(describe(missing));
  REQUIRE(rules_of(missing) == Rules{"AG605"});
  CHECK(contains(missing[0].message, "has a body but no Content-Type (documented: application/json)"));
}

TEST_CASE("AG606 reports a missing required header at its declaration, once", "[live]") {
  System sys;
  auto s = orders(sys);
  for (int i = 0; i < 2; ++i) {
    auto& o = sys.answer(sys.probe(s, "post", "/orders", Purpose::positive), 201, "{\"id\":\"o-1\"}");
    o.missing_headers.push_back({"Location", at(35, 13)});
    o.missing_headers.push_back({"X-Request-ID", at(37, 13)});  // the correlation header is AG609's
  }
  auto found = run_all(sys.live);
  INFO(describe(found));
  REQUIRE(rules_of(found) == Rules{"AG606"});
  CHECK(found[0].span.line == 35);
  CHECK(found[0].message ==
        "the answer of POST /orders lacks the required header Location (declared for 201): POST "
        "http://127.0.0.1:8080/orders answered 201");
  CHECK(found[0].fingerprint_key == "post /orders 201 location");
  REQUIRE(found[0].related.size() == 1);
  CHECK(found[0].related[0].span.line == 30);
  CHECK(found[0].severity == archgate::Severity::warning);
}

TEST_CASE("AG607 reports an invalid request that got 2xx, at the schema it broke", "[live]") {
  System sys;
  auto s = orders(sys);
  auto& bad = sys.answer(sys.probe(s, "post", "/orders", Purpose::negative), 201, "{\"id\":\"o-18\"}");
  bad.probe.span = at(91, 9, "services/orders/schemas.yaml");
  sys.answer(sys.probe(s, "post", "/orders", Purpose::negative), 400);
  auto& wrong = sys.answer(sys.probe(s, "post", "/orders", Purpose::negative), 200, "{}");
  wrong.probe.description = "with \"quantity\" as a string";
  auto found = run_all(sys.live);
  INFO(describe(found));
  // One finding for the operation, at the schema the first accepted case broke.
  REQUIRE(rules_of(found) == Rules{"AG607"});
  CHECK(found[0].span.path == "services/orders/schemas.yaml");
  CHECK(found[0].span.line == 91);
  CHECK(found[0].message ==
        "POST /orders accepted 2 invalid requests instead of refusing them with a 4xx: a request without required "
        "property \"sku\" (POST http://127.0.0.1:8080/orders answered 201: {\"id\":\"o-18\"}); a request with "
        "\"quantity\" as a string (answered 200)");
  CHECK(found[0].fingerprint_key == "post /orders accepted invalid requests");
  // 200 is not documented for POST /orders: still AG607's, not AG603's.
  REQUIRE(found[0].related.size() == 1);
}

TEST_CASE("AG607 says what a single accepted invalid request was", "[live]") {
  System sys;
  auto s = orders(sys);
  auto& bad = sys.answer(sys.probe(s, "post", "/orders", Purpose::negative), 201, "{}");
  bad.probe.description = "\"sku\" is a number, not string";
  auto found = run_all(sys.live);
  INFO(describe(found));
  REQUIRE(rules_of(found) == Rules{"AG607"});
  CHECK(contains(found[0].message, "accepted a request where \"sku\" is a number, not string instead of refusing it"));
}

TEST_CASE("AG608 reports a request built from the contract that was refused", "[live]") {
  System sys;
  auto s = orders(sys);
  sys.answer(sys.probe(s, "post", "/orders", Purpose::create), 422, "{\"errors\":[\"customerId\"]}");
  sys.answer(sys.probe(s, "post", "/orders", Purpose::positive), 422, "{}");
  sys.answer(sys.probe(s, "get", "/orders", Purpose::positive), 401, "");
  sys.answer(sys.probe(s, "post", "/orders", Purpose::positive), 409, "{}");  // a business outcome
  sys.answer(sys.probe(s, "post", "/orders", Purpose::negative), 400, "{}");  // refused, as it should
  auto found = run_all(sys.live);
  INFO(describe(found));
  // 422 and 401 are not documented: AG608 takes them, not AG603.
  REQUIRE(rules_of(found) == Rules{"AG608", "AG608"});
  CHECK(found[0].message ==
        "POST /orders refused a request built from its contract as invalid (body from the example at "
        "openapi.yaml:52): POST http://127.0.0.1:8080/orders answered 422: {\"errors\":[\"customerId\"]}");
  CHECK(found[0].fingerprint_key == "post /orders 422");
  CHECK(contains(found[1].message, "for want of credentials"));
  CHECK(contains(found[1].help, "--header"));
  CHECK_FALSE(contains(found[0].help, "--header"));
}

TEST_CASE("AG609 reports a service that does not echo the request id, once", "[live]") {
  SECTION("never echoed") {
    System sys;
    auto s = orders(sys);
    sys.answer(sys.probe(s, "get", "/health", Purpose::health), 200, "{}", {}, false);
    sys.answer(sys.probe(s, "get", "/orders", Purpose::positive), 200, "[]", {}, false);
    auto found = run_all(sys.live);
    INFO(describe(found));
    REQUIRE(rules_of(found) == Rules{"AG609"});
    CHECK(found[0].span.line == 10);
    CHECK(found[0].message ==
          "orders does not echo x-request-id: none of its 2 answers carried the id it was sent; the first, to GET "
          "/health: GET http://127.0.0.1:8080/health answered 200");
    CHECK(found[0].fingerprint_key == "request id x-request-id");
  }
  SECTION("echoed by some answers only, or with another value") {
    System sys;
    auto s = orders(sys);
    sys.answer(sys.probe(s, "get", "/health", Purpose::health), 200, "{}");
    sys.answer(sys.probe(s, "get", "/orders", Purpose::positive), 200, "[]", {{"X-Request-Id", "other\x1b"}}, false);
    sys.answer(sys.probe(s, "delete", "/orders/{id}", Purpose::positive, "/orders/1"), 204, "", {}, false);
    auto found = run_all(sys.live);
    INFO(describe(found));
    REQUIRE(rules_of(found) == Rules{"AG609"});
    CHECK(found[0].span.line == 20);
    CHECK(found[0].message ==
          "orders does not always echo x-request-id: 2 of its 3 answers lacked the id it was sent; the first, to "
          "GET /orders: GET http://127.0.0.1:8080/orders answered 200 (it carried x-request-id: other\\u001b)");
  }
  SECTION("through a gateway") {
    System sys;
    auto g = orders(sys, true);
    sys.answer(sys.probe(g, "get", "/orders", Purpose::positive), 200, "[]", {}, false);
    auto found = run_all(sys.live);
    INFO(describe(found));
    REQUIRE(rules_of(found) == Rules{"AG609"});
    CHECK(contains(found[0].message, "x-request-id is not echoed through api-gateway: its answer lacked"));
  }
  SECTION("answers another rule took are not counted; the configured header is used") {
    System sys;
    sys.live.request_id_header = "traceparent";
    auto s = orders(sys);
    sys.answer(sys.probe(s, "get", "/orders", Purpose::positive), 500, "", {}, false);
    sys.answer(sys.probe(s, "get", "/health", Purpose::health), 200, "{}");
    auto found = run_all(sys.live);
    INFO(describe(found));
    CHECK(rules_of(found) == Rules{"AG602"});
  }
}

TEST_CASE("AG611 reports a created resource that cannot be read back", "[live]") {
  auto pair = [](System& sys, std::size_t s, int created, int read) {
    auto& create = sys.answer(sys.probe(s, "post", "/orders", Purpose::create), created, "{\"id\":\"o-20\"}");
    auto& back = sys.probe(s, "get", "/orders/{id}", Purpose::read_back, "/orders/o-20");
    std::size_t n = sys.live.observations.size();
    create.probe.partner = static_cast<long>(n - 1);
    back.probe.partner = static_cast<long>(n - 2);
    if (read) {
      sys.answer(back, read, "{\"error\":\"no such order\"}");
    } else {
      back.skipped_because = created / 100 == 2 ? "no id of the created resource in the answer (looked for an "
                                                  "OpenAPI link, a body property \"id\")"
                                                : "the create was not accepted";
    }
  };
  SECTION("read back 404") {
    System sys;
    auto s = orders(sys);
    pair(sys, s, 201, 404);
    auto found = run_all(sys.live);
    INFO(describe(found));
    REQUIRE(rules_of(found) == Rules{"AG611"});
    CHECK(found[0].span.line == 40);
    REQUIRE(found[0].related.size() == 1);
    CHECK(found[0].related[0].span.line == 30);
    CHECK(found[0].related[0].message == "created here");
    CHECK(found[0].message ==
          "GET /orders/{id} cannot read the resource POST /orders created (POST http://127.0.0.1:8080/orders "
          "answered 201): GET http://127.0.0.1:8080/orders/o-20 answered 404: {\"error\":\"no such order\"}");
    CHECK(found[0].fingerprint_key == "get /orders/{id} 404 after post /orders");
  }
  SECTION("read back 200 is clean, 500 is AG602's, 405 AG610's") {
    System ok;
    pair(ok, orders(ok), 201, 200);
    CHECK(run_all(ok.live).empty());
    System crash;
    pair(crash, orders(crash), 201, 500);
    CHECK(rules_of(run_all(crash.live)) == Rules{"AG602"});
    System no_route;
    pair(no_route, orders(no_route), 201, 405);
    CHECK(rules_of(run_all(no_route.live)) == Rules{"AG610"});
  }
  SECTION("a create that gave no id") {
    System sys;
    auto s = orders(sys);
    pair(sys, s, 201, 0);
    auto found = run_all(sys.live);
    INFO(describe(found));
    REQUIRE(rules_of(found) == Rules{"AG611"});
    CHECK(found[0].span.line == 30);
    CHECK(contains(found[0].message, "POST /orders created a resource that cannot be read back at GET /orders/{id}: "
                                     "no id of the created resource in the answer"));
    CHECK(found[0].related[0].span.line == 40);
  }
  SECTION("a create that failed is judged as a create, not as a missing read-back") {
    System sys;
    auto s = orders(sys);
    pair(sys, s, 400, 0);
    auto found = run_all(sys.live);
    INFO(describe(found));
    CHECK(rules_of(found) == Rules{"AG608"});
  }
}

TEST_CASE("AG613 reports a service that does not answer", "[live]") {
  SECTION("the first request refused, the rest not sent: one finding for the service") {
    System sys;
    auto s = orders(sys);
    sys.no_answer(sys.probe(s, "get", "/health", Purpose::health), Failure::refused, "connection refused");
    for (int i = 0; i < 3; ++i) sys.probe(s, "get", "/orders", Purpose::positive).skipped_because = "not sent";
    auto found = run_all(sys.live);
    INFO(describe(found));
    REQUIRE(rules_of(found) == Rules{"AG613"});
    CHECK(found[0].span.line == 10);
    CHECK(found[0].message ==
          "orders is unreachable: GET http://127.0.0.1:8080/health got no answer: connection refused; 3 more "
          "requests were not sent");
    CHECK(found[0].fingerprint_key == "service refused");
  }
  SECTION("every request failed the same way") {
    System sys;
    auto s = orders(sys);
    sys.no_answer(sys.probe(s, "get", "/health", Purpose::health), Failure::timeout, "no answer within 5 s");
    sys.no_answer(sys.probe(s, "get", "/orders", Purpose::positive), Failure::timeout, "no answer within 5 s");
    auto found = run_all(sys.live);
    INFO(describe(found));
    REQUIRE(rules_of(found) == Rules{"AG613"});
    CHECK(contains(found[0].message, "; all 2 requests sent to it failed the same way"));
  }
  SECTION("some operations fail: one finding per operation and kind") {
    System sys;
    auto s = orders(sys);
    sys.answer(sys.probe(s, "get", "/health", Purpose::health), 200, "{}");
    sys.no_answer(sys.probe(s, "get", "/orders", Purpose::positive), Failure::timeout, "no answer within 5 s");
    sys.no_answer(sys.probe(s, "get", "/orders", Purpose::positive), Failure::timeout, "no answer within 5 s");
    sys.no_answer(sys.probe(s, "get", "/orders", Purpose::positive), Failure::too_large, "body over 1 MiB");
    auto found = run_all(sys.live);
    INFO(describe(found));
    REQUIRE(rules_of(found) == Rules{"AG613", "AG613"});
    CHECK(found[0].message == "GET http://127.0.0.1:8080/orders: no answer within 5 s");
    CHECK(found[0].fingerprint_key == "get /orders timeout");
    CHECK(found[1].fingerprint_key == "get /orders too_large");
    CHECK(found[0].span.line == 20);
  }
  SECTION("a redirect off the origin is AG613's, not AG603's; the Location is escaped") {
    System sys;
    auto s = orders(sys);
    sys.answer(sys.probe(s, "get", "/health", Purpose::health), 200, "{}");
    sys.answer(sys.probe(s, "get", "/orders", Purpose::positive), 302, "",
               {{"Location", "https://login.example.com/?next=/orders\x1b[2J"}});
    sys.answer(sys.probe(s, "delete", "/orders/{id}", Purpose::positive, "/orders/1"), 301, "",
               {{"Location", "/orders/1/"}});
    auto found = run_all(sys.live);
    INFO(describe(found));
    REQUIRE(rules_of(found) == Rules{"AG603", "AG613"});  // the same-origin 301 is an ordinary, undocumented answer
    CHECK(found[1].message ==
          "GET http://127.0.0.1:8080/orders answered 302, redirected off the origin to "
          "https://login.example.com/?next=/orders\\u001b[2J; not followed");
    CHECK(found[1].fingerprint_key == "get /orders redirect");
  }
  SECTION("a health path that redirects off the origin is not also AG601's") {
    System sys;
    auto s = orders(sys);
    sys.answer(sys.probe(s, "get", "/health", Purpose::health), 307, "", {{"Location", "http://127.0.0.1:9999/"}});
    auto found = run_all(sys.live);
    INFO(describe(found));
    REQUIRE(rules_of(found) == Rules{"AG613"});
    CHECK(contains(found[0].message, "orders redirects off its origin: "));
  }
}

TEST_CASE("live findings show text from the server escaped, never raw", "[live]") {
  System sys;
  auto s = orders(sys);
  std::string hostile = "boom\x1b]8;;http://evil\x07\n::error::forged\xE2\x80\xAE\xFF";
  sys.answer(sys.probe(s, "get", "/orders", Purpose::positive), 500, hostile, {{"Content-Type", "text/plain"}});
  auto& bad = sys.answer(sys.probe(s, "get", "/orders/{id}", Purpose::positive, "/orders/1"), 200, "{}");
  bad.violations.push_back({"/a\nb", "value \x1b[31mred", at(88)});
  auto found = run_all(sys.live);
  INFO(describe(found));
  REQUIRE(rules_of(found) == Rules{"AG602", "AG604"});
  for (const auto& d : found) {
    for (unsigned char c : d.message) {
      CHECK(c >= 0x20);
      CHECK(c != 0x7F);
    }
    CHECK_FALSE(contains(d.message, "\xE2\x80\xAE"));
  }
  CHECK(contains(found[0].message, "boom\\u001b]8;;http://evil\\u0007 ::error::forged\\u202e\\xff"));
  CHECK(contains(found[1].message, "at /a\\nb: value \\u001b[31mred"));
}

TEST_CASE("live fingerprints do not depend on generated values", "[live]") {
  auto run = [](std::string id) {
    System sys;
    auto s = orders(sys);
    sys.answer(sys.probe(s, "delete", "/orders/{id}", Purpose::positive, "/orders/" + id), 500,
               "{\"order\":\"" + id + "\"}");
    auto found = run_all(sys.live);
    REQUIRE(found.size() == 1);
    return found[0];
  };
  auto a = run("o-123"), b = run("o-987");
  CHECK(a.message != b.message);
  CHECK(a.fingerprint_key == b.fingerprint_key);
  CHECK_FALSE(contains(a.fingerprint_key, "o-123"));
}

TEST_CASE("body_excerpt, exchange_summary and purpose_name", "[live]") {
  using archgate::verify::body_excerpt;
  using archgate::verify::exchange_summary;
  CHECK(body_excerpt("{\n  \"a\": 1,\n\t\"b\":  [1,\r\n 2]\n}\n") == "{ \"a\": 1, \"b\": [1, 2] }");
  CHECK(body_excerpt("   \n  ") == "");
  CHECK(body_excerpt("a\x1b[2Jb\xFF") == "a\\u001b[2Jb\\xff");
  std::string big(5 * 1024 * 1024, 'x');
  std::string cut = body_excerpt(big, 20);
  CHECK(cut == std::string(19, 'x') + "\xE2\x80\xA6");
  std::string spaced;
  for (int i = 0; i < 100000; ++i) spaced += "a   \n";
  CHECK(body_excerpt(spaced, 9) == "a a a a \xE2\x80\xA6");
  CHECK(body_excerpt(std::string(160, 'y')) == std::string(160, 'y'));
  CHECK(body_excerpt(std::string(161, 'y')) == std::string(159, 'y') + "\xE2\x80\xA6");

  Exchange e;
  e.request.method = "GET";
  e.url = "http://127.0.0.1:8080/orders/1";
  HttpResponse r;
  r.status = 500;
  e.response = r;
  CHECK(exchange_summary(e) == "GET http://127.0.0.1:8080/orders/1 answered 500");
  e.response.reset();
  e.failure = Failure::refused;
  e.detail = "connection refused";
  CHECK(exchange_summary(e) == "GET http://127.0.0.1:8080/orders/1 got no answer: connection refused");
  e.detail.clear();
  CHECK(exchange_summary(e) == "GET http://127.0.0.1:8080/orders/1 got no answer: " +
                                   std::string(archgate::verify::failure_name(Failure::refused)));
  e.url = "http://127.0.0.1:8080/a\nb\xE2\x80\x8B";
  e.detail = "bad status line \x1b";
  CHECK(exchange_summary(e) == "GET http://127.0.0.1:8080/a\\nb\\u200b got no answer: bad status line \\u001b");

  CHECK(archgate::verify::purpose_name(Purpose::health) == "health");
  CHECK(archgate::verify::purpose_name(Purpose::positive) == "positive");
  CHECK(archgate::verify::purpose_name(Purpose::negative) == "negative");
  CHECK(archgate::verify::purpose_name(Purpose::create) == "create");
  CHECK(archgate::verify::purpose_name(Purpose::read_back) == "read_back");
}
