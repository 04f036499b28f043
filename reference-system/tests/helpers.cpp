#include "helpers.h"

#include <thread>

#include "checks.h"

namespace e2e {

std::string text_of(const nlohmann::json& object, const std::string& key) {
  if (!object.is_object()) {
    return {};
  }
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void set_stock(System& system, const std::string& sku, int on_hand, int unit_price_cents) {
  const auto answer = system.call("inventory-service", "PUT", "/inventory/" + sku,
                                  {{"onHand", on_hand}, {"unitPriceCents", unit_price_cents}});
  CHECK_E2E(answer.status == 200, "PUT /inventory/", sku, " answered ", answer.status);
}

nlohmann::json stock_of(System& system, const std::string& sku) {
  const auto answer = system.call("gateway", "GET", "/inventory/" + sku);
  CHECK_E2E(answer.status == 200, "GET /inventory/", sku, " answered ", answer.status);
  return answer.body;
}

Answer place_order(System& system, const std::string& customer, const std::vector<Line>& lines,
                   const std::string& idempotency_key, const std::string& request_id) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& line : lines) {
    items.push_back({{"sku", line.sku}, {"quantity", line.quantity}});
  }
  httplib::Headers headers;
  if (!idempotency_key.empty()) {
    headers.emplace("Idempotency-Key", idempotency_key);
  }
  if (!request_id.empty()) {
    headers.emplace("x-request-id", request_id);
  }
  return system.call("gateway", "POST", "/orders", {{"customerId", customer}, {"items", items}}, headers);
}

nlohmann::json wait_until_final(System& system, const std::string& order_id,
                                std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  nlohmann::json last;
  while (std::chrono::steady_clock::now() < until) {
    const auto answer = system.call("gateway", "GET", "/orders/" + order_id);
    if (answer.status == 200) {
      last = answer.body;
      if (last.value("status", "") != "PENDING") {
        return last;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK_E2E(false, "order ", order_id, " still not final: ", last.dump());
}

std::vector<nlohmann::json> payments_of(System& system, const std::string& order_id) {
  const auto answer = system.call("payment-service", "GET", "/payments?orderId=" + order_id);
  CHECK_E2E(answer.status == 200, "GET /payments answered ", answer.status);
  return answer.body.at("payments").get<std::vector<nlohmann::json>>();
}

std::string order_id_logged_for(System& system, const std::string& request_id,
                                std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    for (const auto& line : system.log_lines("order-service")) {
      if (text_of(line, "msg") == "order placed" && text_of(line, "request_id") == request_id) {
        return text_of(line, "order_id");
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK_E2E(false, "order-service never logged an order for request ", request_id);
}

void check_stock_invariant(System& system, const std::map<std::string, int>& initial) {
  for (const auto& [sku, quantity] : initial) {
    const auto level = stock_of(system, sku);
    const int on_hand = level.at("onHand").get<int>();
    const int confirmed = level.at("confirmed").get<int>();
    const int reserved = level.at("reserved").get<int>();
    CHECK_E2E(on_hand + confirmed == quantity, sku, ": on hand ", on_hand, " + confirmed ", confirmed,
              " != initial ", quantity);
    CHECK_E2E(reserved == 0, sku, ": ", reserved, " still reserved");
  }
}

void check_payment_invariant(System& system, const nlohmann::json& order) {
  const std::string id = order.at("id");
  const auto payments = payments_of(system, id);
  CHECK_E2E(payments.size() <= 1, "order ", id, " has ", payments.size(), " payments");
  const bool confirmed = order.at("status") == "CONFIRMED";
  const bool charged = !payments.empty() && payments[0].at("status") == "CHARGED";
  CHECK_E2E(confirmed == charged, "order ", order.dump(), " vs payments ", nlohmann::json(payments).dump());
  if (charged) {
    CHECK_E2E(payments[0].at("amountCents") == order.at("totalCents"), "charged amount differs from the total");
  }
}

}  // namespace e2e
