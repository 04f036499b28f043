#include <catch2/catch.hpp>

#include "rules/common/rule_test_support.h"

using archgate::ServiceKind;
using archgate::testing::compose_model;
using archgate::testing::run_rule;

TEST_CASE("AG106: a URL and a DB_HOST/DB_NAME pair naming the same database") {
  auto model = compose_model({{"compose.yaml",
                               "services:\n"
                               "  order-service:\n    image: o\n    environment:\n"
                               "      DATABASE_URL: postgres://app:pw@Postgres:5432/shop?sslmode=disable\n"
                               "  inventory-service:\n    image: i\n    environment:\n"
                               "      - DB_HOST=postgres\n"
                               "      - DB_NAME=shop\n"
                               "  postgres:\n    image: postgres:16\n    environment:\n      POSTGRES_DB: shop\n"}},
                             {{"order-service"}, {"inventory-service"}});
  auto found = run_rule("AG106", model);
  REQUIRE(found.size() == 1);
  CHECK(found[0].message ==
        "service \"inventory-service\" connects to database \"shop\" on \"postgres\", which \"order-service\" also uses");
  CHECK(found[0].service == "inventory-service");
  CHECK(found[0].span.line == 9);
  CHECK(found[0].span.column == 9);
  REQUIRE(found[0].related.size() == 1);
  CHECK(found[0].related[0].span.line == 5);
}

TEST_CASE("AG106: JDBC, env_file and .env-interpolated values") {
  auto model = compose_model({{".env", "DB=orders\n"},
                              {"compose.yaml",
                               "services:\n"
                               "  a:\n    image: a\n    environment:\n"
                               "      SPRING_DATASOURCE_URL: jdbc:postgresql://db/${DB}\n"
                               "  b:\n    image: b\n    env_file: b.env\n"},
                              {"b.env", "PGHOST=db\nPGDATABASE=orders\nPGPORT=5432\n"}},
                             {{"a"}, {"b"}});
  auto found = run_rule("AG106", model);
  REQUIRE(found.size() == 1);
  CHECK(found[0].span.path == "b.env");
  CHECK(found[0].span.line == 1);
}

TEST_CASE("AG106: one service, separate databases, datastores and helpers stay clean") {
  auto model = compose_model({{"compose.yaml",
                               "services:\n"
                               "  a:\n    image: a\n    environment:\n"
                               "      DATABASE_URL: postgres://db/orders\n"
                               "      READ_URL: postgres://db:5432/orders\n"
                               "      DB_HOST: db\n      DB_NAME: orders\n"
                               "      REDIS_URL: redis://cache:6379/0\n"
                               "  b:\n    image: b\n    environment:\n"
                               "      DATABASE_URL: postgres://db/inventory\n"
                               "      OTHER: postgres://db:6543/orders\n"
                               "      REDIS_URL: redis://cache:6379/0\n"
                               "      LOCAL: postgres://localhost/orders\n"
                               "  migrate:\n    image: flyway/flyway\n    environment:\n"
                               "      FLYWAY_URL: jdbc:postgresql://db/orders\n"
                               "  db:\n    image: postgres:16\n    environment:\n      POSTGRES_DB: orders\n"}},
                             {{"a"}, {"b"}, {"db", ServiceKind::datastore}});
  CHECK(run_rule("AG106", model).empty());
}
