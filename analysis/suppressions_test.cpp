#include <catch2/catch.hpp>

#include "analysis/suppressions.h"

using archgate::apply_suppressions;
using archgate::Diagnostic;
using archgate::find_suppressions;

TEST_CASE("suppression comments in every comment syntax") {
  auto sql = find_suppressions("m.sql", "-- archgate-ignore AG102: agreed in ADR-4\nALTER TABLE stock ADD x int;\n");
  REQUIRE(sql.size() == 1);
  CHECK(sql[0].rules == std::vector<std::string>{"AG102"});
  CHECK(sql[0].reason == "agreed in ADR-4");
  CHECK(sql[0].span.line == 1);
  CHECK(sql[0].span.column == 4);

  auto yaml = find_suppressions("c.yaml", "a:\n  b: 1  # archgate-ignore AG301, AG302: one-shot job\n");
  REQUIRE(yaml.size() == 1);
  CHECK(yaml[0].rules.size() == 2);
  CHECK(yaml[0].span.line == 2);

  auto block = find_suppressions("x.cpp", "/* archgate-ignore AG202: rounding only */\nint x;\n");
  REQUIRE(block.size() == 1);
  CHECK(block[0].reason == "rounding only");

  auto none = find_suppressions("x.js", "const s = 'archgate-ignore AG202: not a comment';\n");
  CHECK(none.empty());
  auto prose = find_suppressions("README.md", "# Use archgate-ignore comments sparingly\n");
  CHECK(prose.empty());
  auto no_reason = find_suppressions("c.yaml", "# archgate-ignore AG301\n");
  REQUIRE(no_reason.size() == 1);
  CHECK(no_reason[0].reason.empty());
}

TEST_CASE("a suppression covers its own line and the next, for the rules it names") {
  auto s = find_suppressions("m.sql", "-- archgate-ignore AG102: ok\nALTER TABLE stock ADD x int;\nALTER TABLE stock ADD y int;\n");
  auto make = [](std::string rule, std::uint32_t line) {
    Diagnostic d;
    d.rule = std::move(rule);
    d.span = {"m.sql", line, 13, line, 18};
    return d;
  };
  std::vector<Diagnostic> ds = {make("AG102", 2), make("AG102", 3), make("AG104", 2)};
  auto used = apply_suppressions(ds, s);
  REQUIRE(used.size() == 1);
  CHECK(used[0]);
  REQUIRE(ds.size() == 2);
  CHECK(ds[0].span.line == 3);
  CHECK(ds[1].rule == "AG104");
}
