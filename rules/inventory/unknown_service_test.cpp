#include "rules/common/rule_test_support.h"

using archgate::MemoryFileSource;
using archgate::testing::describe;
using archgate::testing::run_rule;

TEST_CASE("AG501 reports a mayCall naming no service, suggesting a close name") {
  MemoryFileSource files;
  files.add("service-inventory.json", R"({"services": [
  {"name": "gateway", "mayCall": ["order-service", "inventroy-service", "billing"]},
  {"name": "order-service", "mayCall": ["inventory-service"]},
  {"name": "inventory-service"}
]})");
  auto found = run_rule(files, "AG501");
  INFO(describe(found));
  REQUIRE(found.size() == 2);
  CHECK(found[0].span.path == "service-inventory.json");
  CHECK(found[0].span.line == 2);
  CHECK(found[0].span.column == 52);
  CHECK(found[0].span.end_column == 52 + 19);
  CHECK(found[0].service == "gateway");
  CHECK(found[0].message ==
        "gateway may call \"inventroy-service\", which service-inventory.json does not define; did you mean "
        "\"inventory-service\"?");
  CHECK(found[1].message == "gateway may call \"billing\", which service-inventory.json does not define");
}

TEST_CASE("AG501 stays quiet when every mayCall is defined") {
  MemoryFileSource files;
  files.add("service-inventory.json", R"({"services": [
  {"name": "a", "mayCall": ["b"]}, {"name": "b", "mayCall": ["a"]}, {"name": "c", "mayCall": []}
]})");
  CHECK(run_rule(files, "AG501").empty());
}
