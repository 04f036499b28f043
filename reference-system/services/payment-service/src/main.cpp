// payment-service: charges and refunds, idempotent by payment key. Owns the
// table payments. See decline_policy.h for how to make a charge decline.
#include <cstdio>

#include "common/http_server.h"
#include "common/service_database.h"
#include "common/service_options.h"
#include "payment_api.h"
#include "payment_store.h"

namespace {

constexpr const char* kUsage =
    "usage: payment-service [--host H] [--port P] [--port-file F] [--threads N]\n"
    "                       [--db FILE] [--migrations DIR] [--sqlite-synchronous full|normal]\n"
    "                       [--charge-limit-cents N] [--migrate-down-to N] [--probe]\n"
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
  const refsys::Logger logger("payment-service");
  // The correlation header this service reads, echoes and logs.
  const auto server_options = refsys::read_server_options(*settings, "x-request-id");
  if (settings->has("probe")) {
    return refsys::run_health_probe(server_options.port, "/health");
  }
  payments::DeclinePolicy policy;
  policy.limit_cents = settings->integer("charge-limit-cents", "CHARGE_LIMIT_CENTS", 500000, 0,
                                         1000000000000);
  payments::PaymentApiOptions api_options;
  api_options.hang_after_charge = std::chrono::milliseconds(
      settings->integer("test-hang-after-charge-ms", "PAYMENT_TEST_HANG_AFTER_CHARGE_MS", 0, 0, 600000));
  if (api_options.hang_after_charge.count() > 0) {
    logger.warn("TEST HOOK ENABLED: answers to new charges are held back",
                {}, {{"ms", api_options.hang_after_charge.count()}});
  }
  const auto database_options =
      refsys::read_database_options(*settings, "payment-service.db", PAYMENT_MIGRATIONS_DIR);
  if (!refsys::reject_unknown_flags(*settings, logger)) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  auto database = refsys::open_service_database(database_options, logger);
  if (!database.db) {
    return database.exit_code;
  }
  payments::PaymentStore store(*database.db, policy);
  refsys::HttpServer http(server_options, logger);
  payments::add_payment_routes(http, store, logger, api_options);
  return http.run();
}
