#include <catch2/catch.hpp>

#include "analysis/build.h"
#include "rules/common/rule_test_support.h"
#include "rules/rule.h"

namespace {

using Files = std::vector<std::pair<std::string, std::string>>;

const char* kInventory =
    R"({"services": [{"name": "order-service", "owns": ["orders"], "mayCall": [], "mustNot": []}]})";

archgate::Model build(const Files& files) {
  archgate::MemoryFileSource source;
  source.add("service-inventory.json", kInventory);
  for (const auto& [path, content] : files) source.add(path, content);
  archgate::BuildResult built = archgate::build_model(source, {}, {});
  REQUIRE_FALSE(built.fatal);
  return std::move(built.model);
}

std::vector<archgate::Diagnostic> compare(const Files& base, const Files& head, bool with_base = true) {
  archgate::Model before = build(base);
  archgate::Model after = build(head);
  const archgate::Rule* rule = archgate::find_rule("AG308");
  REQUIRE(rule);
  archgate::VectorSink sink;
  archgate::Config config;
  archgate::RuleContext ctx(after, config, rule->info, sink);
  if (with_base) ctx.base = &before;
  rule->check(ctx);
  INFO(archgate::testing::describe(sink.items));
  return std::move(sink.items);
}

const std::string kDir = "services/order-service/migrations/";

}  // namespace

TEST_CASE("AG308 needs a base side", "[AG308]") {
  Files base{{kDir + "V1__a.sql", "CREATE TABLE orders (id int);\n"}};
  Files head{{kDir + "V1__a.sql", "CREATE TABLE orders (id bigint);\n"}};
  CHECK(compare(base, head, false).empty());
  CHECK(compare(base, head).size() == 1);
}

TEST_CASE("AG308 ignores line endings, trailing blank lines, down files and repeatables", "[AG308]") {
  Files base{{kDir + "1_a.up.sql", "CREATE TABLE orders (id int);\n"},
             {kDir + "1_a.down.sql", "DROP TABLE orders;\n"},
             {kDir + "R__view.sql", "CREATE VIEW v AS SELECT 1;\n"}};
  Files head{{kDir + "1_a.up.sql", "CREATE TABLE orders (id int);\r\n\r\n"},
             {kDir + "1_a.down.sql", "DROP TABLE IF EXISTS orders;\n"},
             {kDir + "R__view.sql", "CREATE VIEW v AS SELECT 2;\n"}};
  CHECK(compare(base, head).empty());
}

TEST_CASE("AG308 reports an edit inside a line, a deletion and a rename", "[AG308]") {
  Files base{{kDir + "V1__a.sql", "CREATE TABLE orders (id int);\n"},
             {kDir + "V2__b.sql", "ALTER TABLE orders ADD COLUMN x int;\n"},
             {kDir + "V3__c.sql", "ALTER TABLE orders ADD COLUMN y int;\n"}};
  Files head{{kDir + "V1__a.sql", "CREATE TABLE orders (id  int);\n"},
             {kDir + "V3__renamed.sql", "ALTER TABLE orders ADD COLUMN y int;\n"}};
  auto found = compare(base, head);
  // V1 edited (one space), V2 deleted; V3 renamed with the same text is fine.
  REQUIRE(found.size() == 2);
  CHECK(found[0].span.path == kDir + "V1__a.sql");
  CHECK(found[0].message.find("was edited") != std::string::npos);
  CHECK(found[1].span.path == "service-inventory.json");
  CHECK(found[1].message.find("V2__b.sql exists at the base and was deleted") != std::string::npos);
  REQUIRE(found[1].related.size() == 1);
  CHECK(found[1].related[0].span.path == kDir + "V2__b.sql");
}
