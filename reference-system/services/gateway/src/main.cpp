// gateway: the single public entry point. Routes /orders* to order-service
// and /inventory* to inventory-service, forwards x-request-id, and holds no
// data and no business rules.
#include <cstdio>

#include "common/http_server.h"
#include "common/json_http.h"
#include "common/service_options.h"
#include "proxy.h"
#include "routes.h"

namespace {

constexpr const char* kUsage =
    "usage: gateway --order-url URL --inventory-url URL\n"
    "               [--host H] [--port P] [--port-file F] [--threads N]\n"
    "               [--backend-connect-timeout-ms N] [--backend-timeout-ms N] [--probe]\n"
    "Each flag can also be set in the environment (see README.md).\n";

}  // namespace

int main(int argc, char** argv) {
  refsys::block_shutdown_signals();
  const auto settings = refsys::Settings::parse(argc, argv);
  if (!settings) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  if (settings->has("help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  const refsys::Logger logger("gateway");
  // The correlation header the gateway reads (or creates), echoes and forwards.
  const auto server_options = refsys::read_server_options(*settings, "x-request-id");
  if (settings->has("probe")) {
    return refsys::run_health_probe(server_options.port, "/health");
  }
  const std::string order_url = settings->text("order-url", "ORDER_URL", "");
  const std::string inventory_url = settings->text("inventory-url", "INVENTORY_URL", "");
  const refsys::PeerTimeouts timeouts{
      std::chrono::milliseconds(settings->integer("backend-connect-timeout-ms", "BACKEND_CONNECT_TIMEOUT_MS", 1000, 1, 600000)),
      std::chrono::milliseconds(settings->integer("backend-timeout-ms", "BACKEND_TIMEOUT_MS", 30000, 1, 600000))};
  if (order_url.empty() || inventory_url.empty()) {
    logger.error("--order-url (ORDER_URL) and --inventory-url (INVENTORY_URL) are required");
    return 2;
  }
  if (!refsys::reject_unknown_flags(*settings, logger)) {
    std::fputs(kUsage, stderr);
    return 2;
  }

  const gateway::Proxy proxy({{"order-service", refsys::PeerClient(order_url, timeouts)},
                              {"inventory-service", refsys::PeerClient(inventory_url, timeouts)}},
                             logger);
  refsys::HttpServer http(server_options, logger);
  auto& server = http.routes();
  server.Get("/health", [](const httplib::Request&, httplib::Response& res) {
    refsys::send_json(res, 200, {{"status", "ok"}, {"service", "gateway"}});
  });
  for (const auto& route : gateway::public_routes()) {
    auto handler = [&http, &proxy, &route](const httplib::Request& req, httplib::Response& res) {
      proxy.forward(route, req, res, http.request_id(req, res));
    };
    const std::string pattern = gateway::path_pattern(route.path_template);
    if (route.method == "GET") {
      server.Get(pattern, handler);
    } else if (route.method == "POST") {
      server.Post(pattern, handler);
    }
  }
  logger.info("routes ready", {}, {{"order_url", order_url}, {"inventory_url", inventory_url}});
  return http.run();
}
