#include <catch2/catch.hpp>

#include "loaders/config.h"

using archgate::apply_config;
using archgate::Config;

TEST_CASE("a configuration file sets every option") {
  Config c;
  auto err = apply_config("archgate.yaml",
                          "select: [AG1, AG3]\nignore: AG103\nseverity:\n  AG303: error\n"
                          "compose-files: [deploy/compose.prod.yaml]\nmax-file-size: 1000\n"
                          "business-terms: [loyalty]\ncorrelation-header: x-correlation-id\n"
                          "strict-table-names: yes\ndialect: mysql\n",
                          c);
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
  auto unknown = apply_config("archgate.yaml", "select: [AG1]\nstrict: true\n", c);
  REQUIRE(unknown);
  CHECK(unknown->line == 2);
  CHECK(unknown->column == 1);
  CHECK(unknown->message.find("unknown option \"strict\"") != std::string::npos);

  auto wrong = apply_config("archgate.yaml", "max-file-size: lots\n", c);
  REQUIRE(wrong);
  CHECK(wrong->line == 1);
  CHECK(wrong->column == 16);

  auto severity = apply_config("archgate.yaml", "severity:\n  AG301: fatal\n", c);
  REQUIRE(severity);
  CHECK(severity->line == 2);

  auto broken = apply_config("archgate.yaml", "select: [AG1\n", c);
  REQUIRE(broken);
  CHECK(broken->message.find("not valid YAML") != std::string::npos);
}

TEST_CASE("an empty configuration changes nothing") {
  Config c;
  CHECK_FALSE(apply_config("archgate.yaml", "# nothing yet\n", c));
  CHECK(c.select.empty());
}

TEST_CASE("path conventions replace the defaults and must stay inside the repository") {
  Config c;
  REQUIRE_FALSE(apply_config("archgate.yaml", "service-paths: [\"apps/{name}\"]\nopenapi-paths: [docs/api.yaml]\n", c));
  CHECK(c.paths.service == std::vector<std::string>{"apps/{name}"});
  CHECK(c.paths.openapi == std::vector<std::string>{"docs/api.yaml"});
  CHECK(c.paths.migrations.size() == 3);
  auto outside = apply_config("archgate.yaml", "migration-paths: [../shared/migrations]\n", c);
  REQUIRE(outside);
  CHECK(outside->line == 1);
}
