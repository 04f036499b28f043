#include "routes.h"

#include <catch2/catch.hpp>

TEST_CASE("path templates become router patterns") {
  CHECK(gateway::path_pattern("/orders") == "/orders");
  CHECK(gateway::path_pattern("/orders/{id}") == "/orders/([^/]+)");
  CHECK(gateway::path_pattern("/a/{x}/b/{y}") == "/a/([^/]+)/b/([^/]+)");
  CHECK(gateway::path_parameters("/a/{x}/b/{y}") == std::vector<std::string>{"x", "y"});
}

TEST_CASE("orders go to order-service, inventory to inventory-service") {
  for (const auto& route : gateway::public_routes()) {
    if (route.path_template.rfind("/orders", 0) == 0) {
      CHECK(route.backend == "order-service");
    } else {
      CHECK(route.path_template.rfind("/inventory", 0) == 0);
      CHECK(route.backend == "inventory-service");
    }
  }
}
