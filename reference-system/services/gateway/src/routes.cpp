#include "routes.h"

namespace gateway {

const std::vector<Route>& public_routes() {
  static const std::vector<Route> routes{
      {"POST", "/orders", "order-service"},
      {"GET", "/orders/{id}", "order-service"},
      {"GET", "/inventory/{sku}", "inventory-service"},
  };
  return routes;
}

std::string path_pattern(std::string_view path_template) {
  std::string pattern;
  std::size_t at = 0;
  while (at < path_template.size()) {
    const auto open = path_template.find('{', at);
    if (open == std::string_view::npos) {
      pattern += path_template.substr(at);
      break;
    }
    const auto close = path_template.find('}', open);
    pattern += path_template.substr(at, open - at);
    pattern += "([^/]+)";
    at = close == std::string_view::npos ? path_template.size() : close + 1;
  }
  return pattern;
}

std::vector<std::string> path_parameters(std::string_view path_template) {
  std::vector<std::string> names;
  std::size_t at = 0;
  while ((at = path_template.find('{', at)) != std::string_view::npos) {
    const auto close = path_template.find('}', at);
    if (close == std::string_view::npos) {
      break;
    }
    names.emplace_back(path_template.substr(at + 1, close - at - 1));
    at = close + 1;
  }
  return names;
}

}  // namespace gateway
