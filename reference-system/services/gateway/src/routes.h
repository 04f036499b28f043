// The public operations the gateway forwards, and to which backend:
// /orders* to order-service, /inventory* to inventory-service. Each entry is
// an operation of the backend's own contract; anything else is answered 404
// by the gateway and never reaches a backend.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gateway {

struct Route {
  std::string method;         // GET, POST, ...
  std::string path_template;  // as in the backend's openapi.yaml: /orders/{id}
  std::string backend;        // a service name from service-inventory.json
};

const std::vector<Route>& public_routes();

// "/orders/{id}" -> "/orders/([^/]+)", for the server's router.
std::string path_pattern(std::string_view path_template);

// The names of the template's parameters, in order: "/a/{x}/b/{y}" -> {x, y}.
std::vector<std::string> path_parameters(std::string_view path_template);

}  // namespace gateway
