#include <catch2/catch.hpp>

#include "rules/common/rule_test_support.h"

using archgate::testing::compose_model;
using archgate::testing::run_rule;

TEST_CASE("AG301: the seed example's three services without health checks") {
  auto model = compose_model({{"compose.yaml",
                               "services:\n"
                               "  gateway:\n    image: node:22-alpine\n    depends_on: [order-service]\n"
                               "  order-service:\n    image: node:22-alpine\n"
                               "    depends_on:\n      redis:\n        condition: service_healthy\n"
                               "  redis:\n    image: redis:7-alpine\n"
                               "    healthcheck:\n      test: [\"CMD\", \"redis-cli\", \"ping\"]\n"}},
                             {{"gateway"}, {"order-service"}});
  auto found = run_rule("AG301", model);
  REQUIRE(found.size() == 2);
  CHECK(found[0].message == "service \"gateway\" has no health check");
  CHECK(found[0].span.path == "compose.yaml");
  CHECK(found[0].span.line == 2);
  CHECK(found[0].span.column == 3);
  CHECK(found[0].span.end_column == 10);
  CHECK(found[0].service == "gateway");
  CHECK(found[1].message == "service \"order-service\" has no health check");
  CHECK(found[0].related.empty());
}

TEST_CASE("AG301: a disabled check fires, a Dockerfile HEALTHCHECK does not") {
  auto model = compose_model({{"compose.yaml",
                               "services:\n"
                               "  a:\n    image: a\n    healthcheck:\n      disable: true\n"
                               "  b:\n    build: b\n"
                               "  c:\n    build: c\n"},
                              {"b/Dockerfile", "FROM alpine\nHEALTHCHECK CMD true\n"},
                              {"c/Dockerfile", "FROM alpine\nCMD [\"run\"]\n"}},
                             {});
  auto found = run_rule("AG301", model);
  REQUIRE(found.size() == 2);
  CHECK(found[0].message == "service \"a\" disables its health check");
  REQUIRE(found[0].related.size() == 1);
  CHECK(found[0].related[0].span.line == 4);
  CHECK(found[1].message == "service \"c\" has no health check");
  REQUIRE(found[1].related.size() == 1);
  CHECK(found[1].related[0].span.path == "c/Dockerfile");
  CHECK(found[1].related[0].message.find("HEALTHCHECK") != std::string::npos);
}

TEST_CASE("AG301: one-shot jobs awaited with service_completed_successfully are skipped") {
  auto model = compose_model({{"compose.yaml",
                               "services:\n"
                               "  migrate:\n    image: flyway/flyway\n"
                               "  seed:\n    image: seed\n"
                               "  api:\n    image: api\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n"
                               "    depends_on:\n"
                               "      migrate:\n        condition: service_completed_successfully\n"
                               "      seed:\n        condition: service_completed_successfully\n"
                               "  worker:\n    image: w\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n"
                               "    depends_on: [seed]\n"}},
                             {});
  auto found = run_rule("AG301", model);
  REQUIRE(found.size() == 1);  // seed is also awaited with service_started, so it must stay up
  CHECK(found[0].message == "service \"seed\" has no health check");
}
