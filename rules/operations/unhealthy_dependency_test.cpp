#include <catch2/catch.hpp>

#include "rules/common/rule_test_support.h"

using archgate::testing::compose_model;
using archgate::testing::run_rule;

TEST_CASE("AG302: depends_on a health-checked service without service_healthy") {
  auto model = compose_model({{"compose.yaml",
                               "services:\n"
                               "  api:\n    image: api\n"
                               "    depends_on:\n"
                               "      - db\n"                       // line 5: short form
                               "      - plain\n"                    // no health check: fine
                               "  worker:\n    image: w\n"
                               "    depends_on:\n"
                               "      db:\n        condition: service_healthy\n"
                               "      built:\n        condition: service_started\n"  // line 12
                               "  db:\n    image: postgres\n"
                               "    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n"
                               "  plain:\n    image: p\n"
                               "  built:\n    build: built\n"},
                              {"built/Dockerfile", "FROM x\nHEALTHCHECK CMD true\n"}},
                             {{"api"}});
  auto found = run_rule("AG302", model);
  REQUIRE(found.size() == 2);
  CHECK(found[0].span.line == 5);
  CHECK(found[0].span.column == 9);
  CHECK(found[0].span.end_column == 11);
  CHECK(found[0].message == "service \"api\" depends on \"db\", which has a health check, without condition: "
                            "service_healthy");
  CHECK(found[0].service == "api");
  REQUIRE(found[0].related.size() == 1);
  CHECK(found[0].related[0].span.line == 16);
  CHECK(found[1].span.line == 12);
  CHECK(found[1].span.column == 7);
  REQUIRE(found[1].related.size() == 1);
  CHECK(found[1].related[0].span.path == "built/Dockerfile");
  CHECK(found[1].related[0].span.line == 2);
}

TEST_CASE("AG302: stays quiet for healthy conditions and unknown services") {
  auto model = compose_model({{"compose.yaml",
                               "services:\n"
                               "  api:\n    image: api\n"
                               "    depends_on:\n"
                               "      db:\n        condition: service_healthy\n"
                               "      job:\n        condition: service_completed_successfully\n"
                               "      ghost: {}\n"
                               "  db:\n    image: postgres\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n"
                               "  job:\n    image: j\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n"}},
                             {});
  CHECK(run_rule("AG302", model).empty());
}
