#include "rules/common/rule_test_support.h"

using archgate::MemoryFileSource;
using archgate::testing::describe;
using archgate::testing::run_rule;

TEST_CASE("AG504 reports unchecked sentences and parts at the sentence") {
  MemoryFileSource files;
  files.add("service-inventory.json", R"({
  "services": [
    { "name": "gateway", "mayCall": ["order-service"], "mustNot": ["store business data"] },
    { "name": "order-service", "mayCall": ["payment-service"],
      "mustNot": ["call payment-service directly"] },
    { "name": "payment-service", "mustNot": ["store business data"] }
  ],
  "releaseRules": [
    "no shared database tables",
    "deploys happen only on weekdays",
    "every service has healthcheck, metrics, traces, and tests",
    "every service has healthcheck, logs, tests, and rollback notes"
  ]
})");
  auto found = run_rule(files, "AG504");
  INFO(describe(found));
  REQUIRE(found.size() == 4);
  CHECK(found[0].span.path == "service-inventory.json");
  CHECK(found[0].span.line == 10);
  CHECK(found[0].span.column == 5);
  CHECK(found[0].span.end_column == 38);
  CHECK(found[0].service.empty());
  CHECK(found[0].message == "\"deploys happen only on weekdays\" is not checked by any archgate rule");
  CHECK(found[1].span.line == 11);
  CHECK(found[1].message ==
        "\"every service has healthcheck, metrics, traces, and tests\" is only partly checked: \"metrics\" and "
        "\"traces\" are not checked by any archgate rule (\"every service has healthcheck\" by AG301, AG303; "
        "\"tests\" by AG306)");
  CHECK(found[2].span.line == 5);
  CHECK(found[2].service == "order-service");
  CHECK(found[2].message ==
        "\"call payment-service directly\" is not checked by any archgate rule: payment-service is in "
        "order-service's mayCall, so AG402 allows the call");
  CHECK(found[3].span.line == 6);
  CHECK(found[3].service == "payment-service");
  CHECK(found[3].message == "\"store business data\" is not checked by any archgate rule");
}

TEST_CASE("AG504 counts only rules archgate has") {
  MemoryFileSource files;
  files.add("service-inventory.json",
            R"({"services": [{"name": "a"}], "releaseRules": ["public APIs hide internal table names"]})");
  auto found = run_rule(files, "AG504");
  INFO(describe(found));
  CHECK(found.size() == (archgate::find_rule("AG401") ? 0u : 1u));
}
