#include "rules/common/rule_test_support.h"

using archgate::MemoryFileSource;
using archgate::testing::describe;
using archgate::testing::run_rule;

namespace {

const char* kInventory = R"({"services": [
  {"name": "gateway"},
  {"name": "order-service", "compose": "orders"},
  {"name": "payment-service"},
  {"name": "mailer", "kind": "worker"},
  {"name": "ledger", "kind": "datastore"}
]})";

const char* kCompose = R"(services:
  gateway:
    build: services/gateway
  orders:
    build: services/order-service
  notification-service:
    image: shop/notifications:1.2
  search-api:
    build: services/search
  orders-db:
    image: postgres:16
  jaeger:
    image: jaegertracing/all-in-one:1.57
  proxy:
    image: nginx:1.27
  db-migrations:
    build: migrations
  seed:
    build: seed
  tooling:
    image: ghcr.io/acme/devtools
  gateway-init:
    image: shop/init-job
)";

}  // namespace

TEST_CASE("AG502 reports Compose application services missing from the inventory and the other way round") {
  MemoryFileSource files;
  files.add("service-inventory.json", kInventory);
  files.add("compose.yaml", std::string(kCompose) + R"(    depends_on:
      seed:
        condition: service_completed_successfully
)");
  auto found = run_rule(files, "AG502");
  INFO(describe(found));
  REQUIRE(found.size() == 4);
  CHECK(found[0].span.path == "compose.yaml");
  CHECK(found[0].span.line == 6);
  CHECK(found[0].span.column == 3);
  CHECK(found[0].message ==
        "Compose service \"notification-service\" is not in service-inventory.json (no inventory service has it "
        "as its name or \"compose\" name)");
  CHECK(found[1].span.line == 8);  // search-api: built here
  CHECK(found[2].span.path == "service-inventory.json");
  CHECK(found[2].span.line == 4);
  CHECK(found[2].service == "payment-service");
  CHECK(found[2].message == "inventory service \"payment-service\" has no Compose service \"payment-service\" (in "
                            "compose.yaml)");
  CHECK(found[3].span.line == 5);  // mailer (a worker)
}

TEST_CASE("AG502 stays silent without Compose files, and judges no inventory entry when Compose is unreadable") {
  MemoryFileSource none;
  none.add("service-inventory.json", kInventory);
  CHECK(run_rule(none, "AG502").empty());

  MemoryFileSource broken;
  broken.add("service-inventory.json", kInventory);
  broken.add("compose.yaml", "services:\n  gateway: [unclosed\n");
  auto found = run_rule(broken, "AG502");
  INFO(describe(found));
  CHECK(found.empty());

  MemoryFileSource missing_include;
  missing_include.add("service-inventory.json", kInventory);
  missing_include.add("compose.yaml", "include: [more.yaml]\nservices:\n  gateway:\n    image: shop/gateway\n");
  found = run_rule(missing_include, "AG502");
  INFO(describe(found));
  CHECK(found.empty());
}

TEST_CASE("AG502 stays silent when everything matches") {
  MemoryFileSource files;
  files.add("service-inventory.json", R"({"services": [
  {"name": "gateway"}, {"name": "order-service", "compose": "Orders"}, {"name": "orders-db", "kind": "datastore"}
]})");
  files.add("compose.yaml", "services:\n  gateway:\n    build: .\n  orders:\n    image: shop/orders\n"
                            "  redis:\n    image: redis:7\n");
  auto found = run_rule(files, "AG502");
  INFO(describe(found));
  CHECK(found.empty());
}
