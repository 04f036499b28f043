#include "payment_api.h"

#include <thread>

#include "common/json_http.h"
#include "payment_requests.h"

namespace payments {

namespace {

using refsys::send_error;
using refsys::send_json;

constexpr std::string_view kInvalidKey = "a payment key is 1 to 128 characters from A-Z a-z 0-9 . _ : -";

nlohmann::json payment_json(const Payment& payment) {
  nlohmann::json json{{"paymentKey", payment.key},
                      {"orderId", payment.order_id},
                      {"customerId", payment.customer_id},
                      {"amountCents", payment.amount_cents},
                      {"status", payment.status},
                      {"createdAt", payment.created_at}};
  if (payment.decline_reason) {
    json["declineReason"] = *payment.decline_reason;
  }
  return json;
}

void charge(refsys::HttpServer& http, PaymentStore& store, const refsys::Logger& logger,
            const PaymentApiOptions& options, const httplib::Request& req, httplib::Response& res) {
  const auto body = refsys::parse_json_object(req, res);
  if (!body) {
    return;
  }
  const auto parsed = parse_charge_request(*body);
  if (!parsed.value) {
    send_error(res, 400, "invalid_request", parsed.error);
    return;
  }
  const auto outcome = store.charge(*parsed.value);
  const std::string request_id = http.request_id(req, res);
  switch (outcome.result) {
    case ChargeResult::charged:
      logger.info("payment charged", request_id,
                  {{"payment_key", outcome.payment.key}, {"order_id", outcome.payment.order_id}});
      if (options.hang_after_charge.count() > 0) {
        logger.warn("test hook: holding the answer to a committed charge", request_id,
                    {{"ms", options.hang_after_charge.count()}});
        std::this_thread::sleep_for(options.hang_after_charge);
      }
      send_json(res, 201, payment_json(outcome.payment));
      return;
    case ChargeResult::declined:
      logger.info("payment declined", request_id,
                  {{"payment_key", outcome.payment.key}, {"reason", *outcome.payment.decline_reason}});
      send_json(res, 402, payment_json(outcome.payment));
      return;
    case ChargeResult::replayed:
      send_json(res, outcome.payment.status == "DECLINED" ? 402 : 200, payment_json(outcome.payment));
      return;
    case ChargeResult::voided:
      send_error(res, 409, "payment_voided", "this payment key was refunded before it was charged");
      return;
    case ChargeResult::key_reused:
      send_error(res, 422, "key_reused", "this payment key was used for a different charge");
      return;
  }
}

}  // namespace

void add_payment_routes(refsys::HttpServer& http, PaymentStore& store, const refsys::Logger& logger,
                        PaymentApiOptions options) {
  auto& routes = http.routes();

  routes.Get("/health", [&store](const httplib::Request&, httplib::Response& res) {
    if (store.healthy()) {
      send_json(res, 200, {{"status", "ok"}, {"service", "payment-service"}});
    } else {
      send_json(res, 503, {{"status", "unavailable"}, {"service", "payment-service"}});
    }
  });

  routes.Post("/payments", [&http, &store, &logger, options](const httplib::Request& req, httplib::Response& res) {
    charge(http, store, logger, options, req, res);
  });

  routes.Get("/payments", [&store](const httplib::Request& req, httplib::Response& res) {
    const std::string order_id = req.get_param_value("orderId");
    if (!is_valid_id(order_id)) {
      send_error(res, 400, "invalid_order_id", "the query parameter orderId is required");
      return;
    }
    nlohmann::json list = nlohmann::json::array();
    for (const auto& payment : store.for_order(order_id)) {
      list.push_back(payment_json(payment));
    }
    send_json(res, 200, {{"payments", list}});
  });

  routes.Get(R"(/payments/([^/]+))", [&store](const httplib::Request& req, httplib::Response& res) {
    const std::string key = req.matches[1];
    if (!is_valid_id(key)) {
      send_error(res, 400, "invalid_key", kInvalidKey);
      return;
    }
    if (const auto payment = store.find(key)) {
      send_json(res, 200, payment_json(*payment));
    } else {
      send_error(res, 404, "payment_not_found", "no payment has this key");
    }
  });

  routes.Post(R"(/payments/([^/]+)/refund)", [&](const httplib::Request& req, httplib::Response& res) {
    const std::string key = req.matches[1];
    if (!is_valid_id(key)) {
      send_error(res, 400, "invalid_key", kInvalidKey);
      return;
    }
    std::string order_id;
    if (!req.body.empty()) {
      const auto body = refsys::parse_json_object(req, res);
      if (!body) {
        return;
      }
      const auto parsed = parse_refund_request(*body);
      if (!parsed.order_id) {
        send_error(res, 400, "invalid_request", parsed.error);
        return;
      }
      order_id = *parsed.order_id;
    }
    const auto outcome = store.refund(key, order_id);
    if (outcome.result != RefundResult::unchanged) {
      logger.info(outcome.result == RefundResult::refunded ? "payment refunded" : "payment key voided",
                  http.request_id(req, res), {{"payment_key", key}});
    }
    send_json(res, 200, payment_json(outcome.payment));
  });
}

}  // namespace payments
