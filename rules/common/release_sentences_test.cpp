#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "loaders/inventory.h"
#include "rules/common/release_sentences.h"
#include "rules/rule.h"

using archgate::Inventory;
using archgate::match_must_not;
using archgate::match_release_rule;
using archgate::SentenceMatch;

namespace {

Inventory inventory(std::string_view json) {
  auto load = archgate::parse_inventory("service-inventory.json", json);
  REQUIRE_FALSE(load.error);
  archgate::MemoryFileSource none;
  archgate::VectorSink sink;
  archgate::resolve_inventory_defaults(load.inventory, none, sink);
  return std::move(load.inventory);
}

const char* kSeed = R"({
  "services": [
    { "name": "gateway", "owns": [], "mayCall": ["order-service", "inventory-service"],
      "mustNot": ["store business data", "calculate discounts"] },
    { "name": "order-service", "owns": ["orders", "order_items"], "mayCall": ["inventory-service"],
      "mustNot": ["read inventory tables directly"] },
    { "name": "inventory-service", "owns": ["stock", "reservations"], "mayCall": [],
      "mustNot": ["change order status"] },
    { "name": "payment-service", "owns": ["billing.payments"] },
    { "name": "worker", "kind": "worker" }
  ]
})";

using Ids = std::vector<std::string_view>;

std::string describe(const SentenceMatch& m) {
  std::string out;
  for (const auto& p : m.parts) {
    out += "[" + p.text + "] ->";
    for (auto r : p.rules) out += " " + std::string(r);
    if (!p.reason.empty()) out += " (" + p.reason + ")";
    out += "\n";
  }
  return out;
}

SentenceMatch must_not(const Inventory& inv, std::string_view service, std::string_view sentence) {
  const auto* s = inv.find(service);
  REQUIRE(s);
  return match_must_not(sentence, *s, inv);
}

}  // namespace

TEST_CASE("the seed's sentences map to the rules that check them") {
  Inventory inv = inventory(kSeed);
  auto shared = match_release_rule("no shared database tables", inv);
  CHECK(shared.rules() == Ids{"AG101", "AG102", "AG103", "AG104", "AG105", "AG106"});
  CHECK(match_release_rule("public APIs hide internal table names", inv).rules() == Ids{"AG401"});

  auto checklist = match_release_rule("every service has healthcheck, logs, tests, and rollback notes", inv);
  INFO(describe(checklist));
  REQUIRE(checklist.parts.size() == 4);
  CHECK(checklist.parts[0].text == "every service has healthcheck");
  CHECK(checklist.parts[0].rules == Ids{"AG301", "AG303"});
  CHECK(checklist.parts[1].text == "logs");
  CHECK(checklist.parts[1].rules == Ids{"AG307"});
  CHECK(checklist.parts[2].rules == Ids{"AG306"});
  CHECK(checklist.parts[3].text == "rollback notes");
  CHECK(checklist.parts[3].rules == Ids{"AG304", "AG305"});

  CHECK(must_not(inv, "gateway", "store business data").rules() == Ids{"AG201"});
  CHECK(must_not(inv, "gateway", "calculate discounts").rules() == Ids{"AG202"});
  CHECK(must_not(inv, "order-service", "read inventory tables directly").rules() == Ids{"AG105"});
  CHECK(must_not(inv, "inventory-service", "change order status").rules() == Ids{"AG102", "AG105"});
}

TEST_CASE("phrasing does not matter: case, plurals, punctuation, word order") {
  Inventory inv = inventory(kSeed);
  CHECK(match_release_rule("No shared tables.", inv).rules() == Ids{"AG101", "AG102", "AG103", "AG104", "AG105", "AG106"});
  CHECK(match_release_rule("Every service has a health check", inv).rules() == Ids{"AG301", "AG303"});
  CHECK(match_release_rule("Table names never leak into the public API", inv).rules() == Ids{"AG401"});
  CHECK(must_not(inv, "gateway", "Stores business DATA").rules() == Ids{"AG201"});
  CHECK(must_not(inv, "inventory-service", "read the orders table").rules() == Ids{"AG105"});
  CHECK(must_not(inv, "inventory-service", "update order_items").rules() == Ids{"AG102", "AG105"});
  CHECK(must_not(inv, "order-service", "write payments").rules() == Ids{"AG102", "AG105"});  // schema-qualified
  CHECK(must_not(inv, "order-service", "read other services' data").rules() == Ids{"AG105"});
  CHECK(match_release_rule("the gateway has no business rules", inv).rules() == Ids{"AG202"});
}

TEST_CASE("lists are split, verbs carry over, and fragments join their neighbour") {
  Inventory inv = inventory(kSeed);
  auto discounts = must_not(inv, "gateway", "calculate discounts or stock");
  INFO(describe(discounts));
  REQUIRE(discounts.parts.size() == 2);
  CHECK(discounts.parts[1].rules == Ids{"AG202"});

  auto both = must_not(inv, "order-service", "read and write inventory tables");
  INFO(describe(both));
  REQUIRE(both.parts.size() == 1);
  CHECK(both.parts[0].text == "read and write inventory tables");
  CHECK(both.parts[0].rules == Ids{"AG102", "AG105"});

  auto two = must_not(inv, "gateway", "store business data; calculate discounts");
  CHECK(two.rules() == Ids{"AG201", "AG202"});
}

TEST_CASE("parts no rule checks stay unchecked") {
  Inventory inv = inventory(kSeed);
  auto partly = match_release_rule("every service has healthcheck, metrics, and tests", inv);
  INFO(describe(partly));
  REQUIRE(partly.parts.size() == 3);
  CHECK(partly.parts[1].text == "metrics");
  CHECK(partly.parts[1].rules.empty());
  CHECK(partly.rules() == Ids{"AG301", "AG303", "AG306"});

  CHECK(match_release_rule("deploys happen only on weekdays", inv).rules().empty());
  CHECK(match_release_rule("", inv).parts.empty());
  // Gateway sentences need a gateway.
  CHECK(must_not(inv, "worker", "store business data").rules().empty());
  CHECK(match_release_rule("no service calculates discounts", inv).rules().empty());
  // A service's own data is not another service's.
  CHECK(must_not(inv, "order-service", "change order status").rules().empty());
  // Obligations mean nothing in a mustNot.
  CHECK(must_not(inv, "order-service", "log card numbers").rules().empty());
}

TEST_CASE("an obligation with a qualifier nothing checks is not called checked") {
  Inventory inv = inventory(kSeed);
  CHECK(match_release_rule("every service logs to stdout", inv).rules().empty());
  CHECK(match_release_rule("every service has tests with 80% coverage", inv).rules().empty());
  CHECK(match_release_rule("400/409/500 failure paths documented", inv).rules().empty());
  auto runbook = match_release_rule("every service is tested and has a runbook", inv);
  INFO(describe(runbook));
  REQUIRE(runbook.parts.size() == 2);
  CHECK(runbook.parts[0].rules == Ids{"AG306"});
  CHECK(runbook.parts[1].rules.empty());
  CHECK(match_release_rule("every service must have structured JSON logs with x-request-id", inv).rules() ==
        Ids{"AG307"});
  CHECK(match_release_rule("all services ship a /health endpoint", inv).rules() == Ids{"AG301", "AG303"});
  CHECK(match_release_rule("each service has a documented rollback procedure", inv).rules() ==
        Ids{"AG304", "AG305"});
  auto schema = match_release_rule("services never share a database; each owns its schema", inv);
  INFO(describe(schema));
  REQUIRE(schema.parts.size() == 2);
  CHECK(schema.parts[1].rules == Ids{"AG101", "AG102", "AG103", "AG104", "AG105"});
  // A gateway talking to a database is what AG201 checks; a generic verb is not a business computation.
  CHECK(must_not(inv, "gateway", "talk to the database").rules() == Ids{"AG201"});
  CHECK(must_not(inv, "gateway", "apply rate limits").rules().empty());
}

TEST_CASE("a forbidden call is checked only when mayCall does not allow it") {
  Inventory inv = inventory(kSeed);
  CHECK(must_not(inv, "inventory-service", "call order-service directly").rules() == Ids{"AG402"});
  CHECK(must_not(inv, "order-service", "depend on payment-service").rules() == Ids{"AG402"});
  CHECK(must_not(inv, "inventory-service", "call other services").rules() == Ids{"AG402"});
  auto allowed = must_not(inv, "order-service", "call inventory-service directly");
  REQUIRE(allowed.parts.size() == 1);
  CHECK(allowed.parts[0].rules.empty());
  CHECK(allowed.parts[0].reason == "inventory-service is in order-service's mayCall, so AG402 allows the call");
}

TEST_CASE("every phrasing of the table recognises its own example") {
  Inventory inv = inventory(kSeed);
  for (const auto& p : archgate::release_phrasings()) {
    INFO(p.topic << ": " << p.example);
    std::string_view example = p.example;
    SentenceMatch m = match_release_rule(example, inv);
    if (m.rules().empty()) m = must_not(inv, "gateway", example);
    if (m.rules().empty()) m = must_not(inv, "order-service", example);
    if (m.rules().empty()) m = must_not(inv, "inventory-service", example);
    INFO(describe(m));
    CHECK(m.rules() == p.rules);
  }
}

TEST_CASE("each rule's release sentence maps back to the rule, and AG504's page lists the table") {
  Inventory inv = inventory(kSeed);
  for (const auto& rule : archgate::all_rules()) {
    if (rule.info.release_sentence.empty()) continue;
    INFO(rule.info.id << ": \"" << rule.info.release_sentence << "\"");
    auto rules = match_release_rule(rule.info.release_sentence, inv).rules();
    CHECK(std::find(rules.begin(), rules.end(), rule.info.id) != rules.end());
  }
  const auto* ag504 = archgate::find_rule("AG504");
  REQUIRE(ag504);
  for (const auto& p : archgate::release_phrasings()) {
    std::string row = "| " + std::string(p.topic) + " | ";
    for (std::size_t i = 0; i < p.rules.size(); ++i) row += (i ? ", " : "") + std::string(p.rules[i]);
    row += " | ";
    INFO(row);
    CHECK(ag504->info.what.find(row) != std::string_view::npos);
  }
}
