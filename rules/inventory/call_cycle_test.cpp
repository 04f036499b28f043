#include "rules/common/rule_test_support.h"

using archgate::MemoryFileSource;
using archgate::testing::describe;
using archgate::testing::run_rule;

TEST_CASE("AG503 reports each cycle once, at the entry that closes it") {
  MemoryFileSource files;
  files.add("service-inventory.json", R"({"services": [
  {"name": "a", "mayCall": ["b"]},
  {"name": "b", "mayCall": ["c", "d"]},
  {"name": "c", "mayCall": ["a"]},
  {"name": "d", "mayCall": ["d", "nope"]},
  {"name": "e", "mayCall": ["a"]}
]})");
  auto found = run_rule(files, "AG503");
  INFO(describe(found));
  REQUIRE(found.size() == 2);
  CHECK(found[0].span.path == "service-inventory.json");
  CHECK(found[0].span.line == 4);
  CHECK(found[0].span.column == 29);
  CHECK(found[0].service == "c");
  CHECK(found[0].message == "call cycle: a -> b -> c -> a");
  REQUIRE(found[0].related.size() == 2);
  CHECK(found[0].related[0].span.line == 2);
  CHECK(found[0].related[0].message == "a may call b");
  CHECK(found[0].related[1].span.line == 3);
  CHECK(found[0].related[1].message == "b may call c");
  CHECK(found[1].span.line == 5);
  CHECK(found[1].message == "d may call itself: call cycle d -> d");
  CHECK(found[1].related.empty());
}

TEST_CASE("AG503 stays silent for a graph without cycles, diamonds included") {
  MemoryFileSource files;
  files.add("service-inventory.json", R"({"services": [
  {"name": "gateway", "mayCall": ["order-service", "inventory-service"]},
  {"name": "order-service", "mayCall": ["inventory-service", "payment-service", "payment-service"]},
  {"name": "inventory-service", "mayCall": []},
  {"name": "payment-service"}
]})");
  auto found = run_rule(files, "AG503");
  INFO(describe(found));
  CHECK(found.empty());
}

TEST_CASE("AG503 walks a long chain without recursion") {
  std::string inventory = R"({"services": [)";
  constexpr int kCount = 5000;
  for (int i = 0; i < kCount; ++i) {
    inventory += (i ? "," : "") + std::string(R"({"name": "s)") + std::to_string(i) + R"(", "mayCall": ["s)" +
                 std::to_string((i + 1) % kCount) + "\"]}";
  }
  inventory += "]}";
  MemoryFileSource files;
  files.add("service-inventory.json", inventory);
  auto found = run_rule(files, "AG503");
  REQUIRE(found.size() == 1);
  CHECK(found[0].service == "s4999");
  CHECK(found[0].related.size() == kCount - 1);
}
