#include "rules/common/service_refs.h"

#include "rules/common/rule_test_support.h"

using archgate::BaseTarget;
using archgate::hosts_in_value;
using archgate::name_words;
using archgate::ServiceRefs;
using archgate::ServiceKind;
using archgate::testing::compose_model;

namespace {

std::vector<std::string> hosts(std::string_view value, bool bare = false) {
  std::vector<std::string> out;
  for (const auto& m : hosts_in_value(value, bare)) out.push_back(m.scheme + "|" + m.host + "|" + m.path);
  return out;
}

const char* kCompose = R"(services:
  order-service:
    image: shop/order-service
    environment:
      INVENTORY_URL: http://inventory-service:8080
      STRIPE_URL: https://api.stripe.com
      DB_URL: postgres://orders-db:5432/orders
      TIMEOUT: "30"
  inventory-service:
    image: shop/inventory-service
  orders-db:
    image: postgres:16
)";

}  // namespace

TEST_CASE("hosts in configuration values") {
  using V = std::vector<std::string>;
  CHECK(hosts("http://payment-service:8080/v1") == V{"http|payment-service|/v1"});
  CHECK(hosts("grpc://user:pw@Payment-Service:50051") == V{"grpc|payment-service|"});
  CHECK(hosts("dns:///payment-service:50051") == V{"dns|payment-service|"});
  CHECK(hosts("http://a:1/x,http://b:2") == V{"http|a|/x", "http|b|"});
  CHECK(hosts("payment-service:8080") == V{"|payment-service|"});
  CHECK(hosts("kafka-1:9092,kafka-2:9092") == V{"|kafka-1|", "|kafka-2|"});
  CHECK(hosts("payment-service").empty());
  CHECK(hosts("payment-service", true) == V{"|payment-service|"});
  CHECK(hosts("http://${PAYMENT_HOST}:8080").empty());
  CHECK(hosts("10:30").empty());
  CHECK(hosts("a sentence with words", true).size() == 4);  // callers decide by the variable name
  CHECK(archgate::is_call_scheme("HTTPS"));
  CHECK_FALSE(archgate::is_call_scheme("redis"));
  CHECK(archgate::scheme_of("jdbc:postgresql://x/y") == "postgresql");
  CHECK(archgate::names_endpoint("PAYMENT_HOST"));
  CHECK(archgate::names_endpoint("payment_url"));
  CHECK_FALSE(archgate::names_endpoint("SERVICE_NAME"));
  CHECK(archgate::names_caller_address("CORS_ALLOWED_ORIGINS"));
  CHECK_FALSE(archgate::names_caller_address("PAYMENT_URL"));
}

TEST_CASE("host names refer to inventory services by name or Compose name") {
  auto model = compose_model({{"compose.yaml", kCompose}},
                             {{"order-service"}, {"inventory-service"}, {"orders-db", ServiceKind::datastore}});
  model.inventory.services[1].compose = "inventory";
  const auto& inv = model.inventory;
  ServiceRefs refs(model);
  auto service_for_host = [&](std::string_view host) { return refs.service_for_host(host); };
  CHECK(service_for_host("order-service") == &inv.services[0]);
  CHECK(service_for_host("ORDER-SERVICE") == &inv.services[0]);
  CHECK(service_for_host("inventory") == &inv.services[1]);
  CHECK(service_for_host("inventory-service") == &inv.services[1]);
  CHECK(service_for_host("order-service.shop.svc.cluster.local") == &inv.services[0]);
  CHECK(service_for_host("order-service.example.com") == nullptr);
  CHECK(service_for_host("localhost") == nullptr);
  CHECK(service_for_host("127.0.0.1") == nullptr);
  CHECK(service_for_host("api.stripe.com") == nullptr);
  CHECK(refs.is_datastore(inv.services[2]));
  CHECK_FALSE(refs.is_datastore(inv.services[0]));
  CHECK(refs.service_for_compose("inventory") == &inv.services[1]);
  CHECK(refs.compose_service_of(inv.services[1]) == nullptr);  // Compose calls it inventory-service
}

TEST_CASE("name words split identifiers") {
  using V = std::vector<std::string>;
  CHECK(name_words("process.env.INVENTORY_URL") == V{"process", "env", "inventory", "url"});
  CHECK(name_words("orderServiceBaseUrl") == V{"order", "service", "base", "url"});
  CHECK(name_words("HTTPStatus") == V{"http", "status"});
  CHECK(name_words("$this->payment_api") == V{"this", "payment", "api"});
}

TEST_CASE("base URL expressions resolve through the environment, then by name") {
  auto model = compose_model({{"compose.yaml", kCompose}},
                             {{"order-service"}, {"inventory-service"}, {"orders-db", ServiceKind::datastore}});
  const auto& caller = model.inventory.services[0];
  ServiceRefs refs(model);
  auto resolve_base = [&](const archgate::InventoryService& from, std::string_view base) {
    return refs.resolve_base(from, base);
  };
  auto env = resolve_base(caller, "process.env.INVENTORY_URL");
  CHECK(env.target == BaseTarget::service);
  CHECK(env.service == &model.inventory.services[1]);
  CHECK(env.evidence == "INVENTORY_URL=http://inventory-service:8080");
  CHECK(resolve_base(caller, "inventoryUrl").service == &model.inventory.services[1]);
  CHECK(resolve_base(caller, "stripeUrl").target == BaseTarget::elsewhere);
  CHECK(resolve_base(caller, "config.dbUrl").target == BaseTarget::elsewhere);
  auto by_name = resolve_base(caller, "this.inventoryServiceBase");
  CHECK(by_name.target == BaseTarget::service);
  CHECK(by_name.evidence == "this.inventoryServiceBase");
  CHECK(resolve_base(caller, "this.ordersBaseUrl").service == &model.inventory.services[0]);
  CHECK(resolve_base(caller, "baseUrl").target == BaseTarget::unknown);
  CHECK(resolve_base(caller, "").target == BaseTarget::unknown);
  CHECK(resolve_base(caller, "timeout").target == BaseTarget::elsewhere);
}
