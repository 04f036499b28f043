#include "order_api.h"

#include "common/json_http.h"
#include "order_requests.h"

namespace orders {

namespace {

using refsys::send_error;
using refsys::send_json;

// Below the gateway's backend timeout (30 s by default), so a slow saga
// answers 202 instead of the gateway answering 502.
constexpr std::chrono::milliseconds kInlineSagaBudget{10000};

void place_order(refsys::HttpServer& http, OrderStore& store, SagaRunner& saga,
                 const CrashHook& crash_hook, const refsys::Logger& logger,
                 const httplib::Request& req, httplib::Response& res) {
  std::optional<std::string> idempotency_key;
  if (req.has_header("Idempotency-Key")) {
    idempotency_key = req.get_header_value("Idempotency-Key");
    if (!is_valid_idempotency_key(*idempotency_key)) {
      send_error(res, 400, "invalid_idempotency_key",
                 "Idempotency-Key must be 1 to 128 visible ASCII characters");
      return;
    }
  }
  const auto body = refsys::parse_json_object(req, res);
  if (!body) {
    return;
  }
  const auto parsed = parse_new_order(*body);
  if (!parsed.value) {
    send_error(res, 400, "invalid_request", parsed.error);
    return;
  }
  const std::string request_id = http.request_id(req, res);
  const std::int64_t now = now_ms();
  const CreateTimes times{now, now + saga.timing().retry_interval.count(),
                          now + saga.timing().deadline.count()};
  const auto created = store.create(*parsed.value, idempotency_key, request_id, times);
  if (created.key_reused) {
    send_error(res, 422, "idempotency_key_reused",
               "this Idempotency-Key was used for a different order request");
    return;
  }
  if (created.created) {
    logger.info("order placed", request_id, {{"order_id", created.order.id}});
    crash_hook.at("created", created.order.id);
  } else {
    res.set_header("Idempotent-Replayed", "true");
  }
  // A replay of an order whose saga is still pending helps it along too;
  // advance() returns at once when another thread is already running it.
  // The caller waits for the saga at most kInlineSagaBudget, then gets 202.
  auto order = created.order;
  if (order.status == OrderStatus::pending) {
    if (auto advanced = saga.advance(order.id, kInlineSagaBudget)) {
      order = std::move(*advanced);
    }
  }
  res.set_header("Location", "/orders/" + order.id);
  send_json(res, status_code_for(order), order_json(order));
}

}  // namespace

int status_code_for(const Order& order) {
  switch (order.status) {
    case OrderStatus::confirmed: return 201;
    case OrderStatus::pending: return 202;
    case OrderStatus::cancelled: return order.cancel_reason == "payment_declined" ? 402 : 409;
  }
  return 500;
}

nlohmann::json order_json(const Order& order) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : order.items) {
    items.push_back({{"sku", item.sku},
                     {"quantity", item.quantity},
                     {"unitPriceCents", item.unit_price_cents ? nlohmann::json(*item.unit_price_cents)
                                                              : nlohmann::json(nullptr)}});
  }
  return {{"id", order.id},
          {"status", to_string(order.status)},
          {"customerId", order.customer_id},
          {"items", items},
          {"totalCents", order.total_cents ? nlohmann::json(*order.total_cents) : nlohmann::json(nullptr)},
          {"cancelReason", order.cancel_reason ? nlohmann::json(*order.cancel_reason) : nlohmann::json(nullptr)},
          {"createdAt", order.created_at},
          {"updatedAt", order.updated_at}};
}

void add_order_routes(refsys::HttpServer& http, OrderStore& store, SagaRunner& saga,
                      const CrashHook& crash_hook, const refsys::Logger& logger) {
  auto& routes = http.routes();

  routes.Get("/health", [&store](const httplib::Request&, httplib::Response& res) {
    if (store.healthy()) {
      send_json(res, 200, {{"status", "ok"}, {"service", "order-service"}});
    } else {
      send_json(res, 503, {{"status", "unavailable"}, {"service", "order-service"}});
    }
  });

  routes.Post("/orders", [&](const httplib::Request& req, httplib::Response& res) {
    place_order(http, store, saga, crash_hook, logger, req, res);
  });

  routes.Get(R"(/orders/([^/]+))", [&store](const httplib::Request& req, httplib::Response& res) {
    const std::string id = req.matches[1];
    if (!is_valid_order_id(id)) {
      send_error(res, 400, "invalid_order_id", "an order id is 1 to 64 characters from A-Z a-z 0-9 . _ : -");
      return;
    }
    if (const auto order = store.find(id)) {
      send_json(res, 200, order_json(*order));
    } else {
      send_error(res, 404, "order_not_found", "no order has this id");
    }
  });
}

}  // namespace orders
