// inventory-service: stock levels, and reservations against them that the
// order saga confirms or releases. Owns the tables stock and reservations.
#include <cstdio>

#include "common/http_server.h"
#include "common/service_database.h"
#include "common/service_options.h"
#include "inventory_api.h"
#include "stock_store.h"

namespace {

constexpr const char* kUsage =
    "usage: inventory-service [--host H] [--port P] [--port-file F] [--threads N]\n"
    "                         [--db FILE] [--migrations DIR] [--sqlite-synchronous full|normal]\n"
    "                         [--migrate-down-to N] [--probe]\n"
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
  const refsys::Logger logger("inventory-service");
  // The correlation header this service reads, echoes and logs.
  const auto server_options = refsys::read_server_options(*settings, "x-request-id");
  if (settings->has("probe")) {
    return refsys::run_health_probe(server_options.port, "/health");
  }
  const auto database_options =
      refsys::read_database_options(*settings, "inventory-service.db", INVENTORY_MIGRATIONS_DIR);
  if (!refsys::reject_unknown_flags(*settings, logger)) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  auto database = refsys::open_service_database(database_options, logger);
  if (!database.db) {
    return database.exit_code;
  }
  inventory::StockStore store(*database.db);
  refsys::HttpServer http(server_options, logger);
  inventory::add_inventory_routes(http, store, logger);
  return http.run();
}
