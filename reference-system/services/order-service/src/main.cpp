// order-service: places orders and runs the order saga against
// inventory-service and payment-service. Owns the tables orders,
// order_items and outbox_events.
#include <cstdio>

#include "background.h"
#include "common/http_server.h"
#include "common/service_database.h"
#include "common/service_options.h"
#include "crash_hook.h"
#include "order_api.h"
#include "order_store.h"
#include "peers.h"
#include "saga.h"

namespace {

constexpr const char* kUsage =
    "usage: order-service --inventory-url URL --payment-url URL\n"
    "                     [--host H] [--port P] [--port-file F] [--threads N]\n"
    "                     [--db FILE] [--migrations DIR] [--sqlite-synchronous full|normal]\n"
    "                     [--peer-connect-timeout-ms N] [--peer-timeout-ms N] [--call-attempts N]\n"
    "                     [--saga-deadline-ms N] [--saga-retry-interval-ms N] [--outbox-interval-ms N]\n"
    "                     [--migrate-down-to N] [--probe]\n"
    "Each flag can also be set in the environment (see README.md).\n";

std::chrono::milliseconds millis(const refsys::Settings& settings, std::string_view flag,
                                 std::string_view env, long long fallback) {
  return std::chrono::milliseconds(settings.integer(flag, env, fallback, 1, 3600000));
}

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
  const refsys::Logger logger("order-service");
  // The correlation header this service reads, echoes, logs and forwards.
  const auto server_options = refsys::read_server_options(*settings, "x-request-id");
  if (settings->has("probe")) {
    return refsys::run_health_probe(server_options.port, "/health");
  }

  const std::string inventory_url = settings->text("inventory-url", "INVENTORY_URL", "");
  const std::string payment_url = settings->text("payment-url", "PAYMENT_URL", "");
  const refsys::PeerTimeouts timeouts{millis(*settings, "peer-connect-timeout-ms", "PEER_CONNECT_TIMEOUT_MS", 1000),
                                      millis(*settings, "peer-timeout-ms", "PEER_TIMEOUT_MS", 3000)};
  const refsys::RetryPolicy retries{
      static_cast<int>(settings->integer("call-attempts", "CALL_ATTEMPTS", 3, 1, 10)),
      std::chrono::milliseconds(100)};
  orders::SagaTiming timing;
  timing.deadline = millis(*settings, "saga-deadline-ms", "SAGA_DEADLINE_MS", 30000);
  timing.retry_interval = millis(*settings, "saga-retry-interval-ms", "SAGA_RETRY_INTERVAL_MS", 1000);
  const auto outbox_interval = millis(*settings, "outbox-interval-ms", "OUTBOX_INTERVAL_MS", 500);
  const std::string crash_point = settings->text("test-crash-at", "ORDER_TEST_CRASH_AT", "");

  if (inventory_url.empty() || payment_url.empty()) {
    logger.error("--inventory-url (INVENTORY_URL) and --payment-url (PAYMENT_URL) are required");
    return 2;
  }
  if (!orders::CrashHook::is_known_point(crash_point)) {
    logger.error("unknown test crash point", {}, {{"point", crash_point}});
    return 2;
  }
  if (!crash_point.empty()) {
    logger.warn("TEST HOOK ENABLED: the process exits when a saga reaches this point", {},
                {{"point", crash_point}});
  }

  const auto database_options =
      refsys::read_database_options(*settings, "order-service.db", ORDER_MIGRATIONS_DIR);
  if (!refsys::reject_unknown_flags(*settings, logger)) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  auto database = refsys::open_service_database(database_options, logger);
  if (!database.db) {
    return database.exit_code;
  }

  orders::OrderStore store(*database.db);
  const orders::InventoryPeer inventory(refsys::PeerClient(inventory_url, timeouts), retries);
  const orders::PaymentPeer payment(refsys::PeerClient(payment_url, timeouts), retries);
  const orders::CrashHook crash_hook(crash_point, logger);
  orders::SagaRunner saga(store, inventory, payment, timing, crash_hook, logger);

  const int pending = store.make_pending_due(orders::now_ms());
  if (pending > 0) {
    logger.info("resuming pending sagas", {}, {{"count", pending}});
  }
  orders::Ticker saga_worker;
  saga_worker.start(std::chrono::milliseconds(200),
                    [&] { orders::resume_due_sagas(store, saga, logger); });
  orders::Ticker outbox_relay;
  outbox_relay.start(outbox_interval, [&] { orders::relay_outbox(store, logger); });

  refsys::HttpServer http(server_options, logger);
  orders::add_order_routes(http, store, saga, crash_hook, logger);
  const int code = http.run();
  saga_worker.stop();
  outbox_relay.stop();
  orders::relay_outbox(store, logger);  // publish what the last requests wrote
  return code;
}
