#include <catch2/catch.hpp>

#include "loaders/config.h"

using archgate::apply_config;
using archgate::Config;

namespace {
const archgate::RuleIds kRules = {"AG103", "AG104", "AG301", "AG303", "AG304"};
}

TEST_CASE("a configuration file sets every option") {
  Config c;
  auto err = apply_config("archgate.yaml",
                          "select: [AG1, AG3]\nignore: AG103\nseverity:\n  AG303: error\n"
                          "compose-files: [deploy/compose.prod.yaml]\nmax-file-size: 1000\n"
                          "business-terms: [loyalty]\ncorrelation-header: x-correlation-id\n"
                          "strict-table-names: yes\ndialect: mysql\n",
                          c, kRules);
  REQUIRE_FALSE(err);
  CHECK(c.select == std::vector<std::string>{"AG1", "AG3"});
  CHECK(c.ignore == std::vector<std::string>{"AG103"});
  CHECK(c.severity_overrides.at("AG303") == archgate::Severity::error);
  CHECK(c.extra_compose_files.size() == 1);
  CHECK(c.max_file_size == 1000);
  CHECK(c.business_terms == std::vector<std::string>{"loyalty"});
  CHECK(c.correlation_header == "x-correlation-id");
  CHECK(c.strict_table_names);
  CHECK(c.default_dialect == "mysql");
}

TEST_CASE("unknown keys and wrong types are errors with a line and column") {
  Config c;
  auto unknown = apply_config("archgate.yaml", "select: [AG1]\nstrict: true\n", c, kRules);
  REQUIRE(unknown);
  CHECK(unknown->line == 2);
  CHECK(unknown->column == 1);
  CHECK(unknown->message.find("unknown option \"strict\"") != std::string::npos);

  auto wrong = apply_config("archgate.yaml", "max-file-size: lots\n", c, kRules);
  REQUIRE(wrong);
  CHECK(wrong->line == 1);
  CHECK(wrong->column == 16);

  auto severity = apply_config("archgate.yaml", "severity:\n  AG301: fatal\n", c, kRules);
  REQUIRE(severity);
  CHECK(severity->line == 2);

  auto broken = apply_config("archgate.yaml", "select: [AG1\n", c, kRules);
  REQUIRE(broken);
  CHECK(broken->message.find("not valid YAML") != std::string::npos);
}

TEST_CASE("env gives Compose the variables of the shell") {
  Config c;
  REQUIRE_FALSE(apply_config("archgate.yaml", "env:\n  VERSION: 1.4.2\n  EMPTY: \"\"\n", c, kRules));
  CHECK(c.environment.at("VERSION") == "1.4.2");
  CHECK(c.environment.at("EMPTY").empty());
  auto nested = apply_config("archgate.yaml", "env:\n  VERSION: [1]\n", c, kRules);
  REQUIRE(nested);
  CHECK(nested->line == 2);
  CHECK(nested->column == 12);
  CHECK(apply_config("archgate.yaml", "env: [VERSION]\n", c, kRules));
}

TEST_CASE("an empty configuration changes nothing") {
  Config c;
  CHECK_FALSE(apply_config("archgate.yaml", "# nothing yet\n", c, kRules));
  CHECK(c.select.empty());
}

TEST_CASE("path conventions replace the defaults and must stay inside the repository") {
  Config c;
  REQUIRE_FALSE(apply_config("archgate.yaml", "service-paths: [\"apps/{name}\"]\nopenapi-paths: [docs/api.yaml]\n", c, kRules));
  CHECK(c.paths.service == std::vector<std::string>{"apps/{name}"});
  CHECK(c.paths.openapi == std::vector<std::string>{"docs/api.yaml"});
  CHECK(c.paths.migrations.size() == 3);
  auto outside = apply_config("archgate.yaml", "migration-paths: [../shared/migrations]\n", c, kRules);
  REQUIRE(outside);
  CHECK(outside->line == 1);
}

TEST_CASE("rule ids in the file are checked where they are written") {
  Config c;
  auto severity = apply_config("archgate.yaml", "severity:\n  AG303: note\n  AG999: error\n", c, kRules);
  REQUIRE(severity);
  CHECK(severity->line == 3);
  CHECK(severity->column == 3);
  CHECK(severity->message == "\"severity\": \"AG999\" is not a rule id (see `archgate rules`)");

  auto prefix = apply_config("archgate.yaml", "severity:\n  AG3: note\n", c, kRules);
  REQUIRE(prefix);  // a severity names one rule, not a family
  CHECK(prefix->line == 2);

  auto ignore = apply_config("archgate.yaml", "select: [AG3]\nignore:\n  - AG104\n  - AG7\n", c, kRules);
  REQUIRE(ignore);
  CHECK(ignore->line == 4);
  CHECK(ignore->column == 5);
  CHECK(ignore->message == "\"ignore\": \"AG7\" matches no rule id (see `archgate rules`)");

  auto single = apply_config("archgate.yaml", "select: XX1\n", c, kRules);
  REQUIRE(single);
  CHECK(single->column == 9);

  Config all;
  CHECK_FALSE(apply_config("archgate.yaml", "select: [ALL]\nignore: [AG10]\n", all, kRules));
}

TEST_CASE("a duplicate key stops the run at the second one") {
  Config c;
  auto twice = apply_config("archgate.yaml", "ignore: [AG103]\nselect: [AG1]\nignore: [AG304]\n", c, kRules);
  REQUIRE(twice);
  CHECK(twice->line == 3);
  CHECK(twice->column == 1);
  CHECK(twice->message == "duplicate key \"ignore\" (first at line 1)");

  auto nested = apply_config("archgate.yaml", "severity:\n  AG301: note\n  AG301: error\n", c, kRules);
  REQUIRE(nested);
  CHECK(nested->line == 3);
  CHECK(nested->column == 3);
}
