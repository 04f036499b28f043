#include <catch2/catch.hpp>

#include "rules/common/rule_test_support.h"

using archgate::MigrationFile;
using archgate::ServiceKind;
using archgate::testing::compose_model;
using archgate::testing::run_rule;

TEST_CASE("AG201: owned tables, migrations, a database dependency and a database URL") {
  auto model = compose_model({{"compose.yaml",
                               "services:\n"
                               "  gateway:\n    image: gw\n"
                               "    depends_on: [postgres, redis, order-service]\n"
                               "    environment:\n"
                               "      DATABASE_URL: postgresql://gw:pw@postgres/gateway\n"
                               "      REDIS_URL: redis://redis:6379\n"
                               "      ORDER_URL: http://order-service:3000\n"
                               "  order-service:\n    image: o\n"
                               "  postgres:\n    image: postgres:16\n"
                               "  redis:\n    image: redis:7\n"}},
                             {{"gateway", ServiceKind::gateway, {"carts"}}, {"order-service"}});
  MigrationFile m2;
  m2.path = "gateway/migrations/V2__more.sql";
  m2.service = "gateway";
  MigrationFile m1 = m2;
  m1.path = "gateway/migrations/V1__carts.sql";
  MigrationFile undo = m1;
  undo.path = "gateway/migrations/U1__carts.sql";  // sorts first, but is not where the data starts
  undo.direction = archgate::MigrationDirection::down;
  model.migrations = {m2, undo, m1};
  auto found = run_rule("AG201", model);
  REQUIRE(found.size() == 4);
  CHECK(found[0].message == "gateway \"gateway\" owns table \"carts\"");
  CHECK(found[0].span.path == "service-inventory.json");
  CHECK(found[1].message == "gateway \"gateway\" has database migrations (3 files)");
  CHECK(found[1].span.path == "gateway/migrations/V1__carts.sql");
  CHECK(found[1].span.line == 1);
  CHECK(found[2].message == "gateway \"gateway\" depends on database \"postgres\" (postgres:16)");
  CHECK(found[2].span.line == 4);
  CHECK(found[2].span.column == 18);
  CHECK(found[3].message == "gateway \"gateway\" connects to database \"gateway\" on \"postgres\" (DATABASE_URL)");
  CHECK(found[3].span.line == 6);
  for (const auto& d : found) CHECK(d.service == "gateway");
}

TEST_CASE("AG201: a clean gateway with a cache, and a non-gateway with a database") {
  auto model = compose_model({{"compose.yaml",
                               "services:\n"
                               "  gateway:\n    image: gw\n    depends_on: [redis]\n"
                               "    environment:\n      REDIS_URL: redis://redis:6379\n"
                               "  order-service:\n    image: o\n    depends_on: [postgres]\n"
                               "    environment:\n      DATABASE_URL: postgres://postgres/orders\n"
                               "  postgres:\n    image: postgres:16\n"
                               "  redis:\n    image: redis:7\n"}},
                             {{"gateway", ServiceKind::gateway}, {"order-service", ServiceKind::service, {"orders"}}});
  CHECK(run_rule("AG201", model).empty());
}
