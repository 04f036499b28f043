#include "load_checks.h"

#include "load_client.h"

namespace load {

namespace {

void problem(CheckResult& result, std::string text) {
  result.ok = false;
  if (result.problems.size() < 10) {
    result.problems.push_back(std::move(text));
  }
}

}  // namespace

CheckResult check_invariants(const CheckInput& input) {
  CheckResult result;
  JsonClient gateway(input.gateway_url);
  JsonClient payments(input.payment_url);
  std::map<std::string, long long> confirmed_by_orders;
  for (const auto& id : input.order_ids) {
    const auto order = gateway.get("/orders/" + id);
    if (order.status != 200) {
      problem(result, "order " + id + " cannot be read back: HTTP " + std::to_string(order.status));
      continue;
    }
    const std::string status = order.body.value("status", "");
    const auto paid = payments.get("/payments?orderId=" + id);
    const auto list = paid.body.is_object() ? paid.body.value("payments", nlohmann::json::array())
                                            : nlohmann::json::array();
    if (list.size() > 1) {
      problem(result, "order " + id + " has " + std::to_string(list.size()) + " payments");
    }
    const bool charged = !list.empty() && list[0].value("status", "") == "CHARGED";
    if (status == "CONFIRMED") {
      ++result.confirmed_orders;
      for (const auto& item : order.body["items"]) {
        confirmed_by_orders[item.value("sku", "")] += item.value("quantity", 0LL);
      }
      if (!charged || list[0].value("amountCents", -1LL) != order.body.value("totalCents", -2LL)) {
        problem(result, "confirmed order " + id + " is not charged its total once");
      }
    } else if (status == "CANCELLED") {
      ++result.cancelled_orders;
      if (charged) {
        problem(result, "cancelled order " + id + " is still charged");
      }
    } else {
      problem(result, "order " + id + " is " + status);
    }
  }
  for (const auto& [sku, initial] : input.initial_stock) {
    const auto level = gateway.get("/inventory/" + sku);
    const long long on_hand = level.body.value("onHand", -1LL);
    const long long confirmed = level.body.value("confirmed", -1LL);
    const long long reserved = level.body.value("reserved", -1LL);
    if (on_hand + confirmed != initial) {
      problem(result, sku + ": on hand " + std::to_string(on_hand) + " + confirmed " +
                          std::to_string(confirmed) + " != initial " + std::to_string(initial));
    }
    if (reserved != 0) {
      problem(result, sku + ": " + std::to_string(reserved) + " left reserved");
    }
    if (confirmed != confirmed_by_orders[sku]) {
      problem(result, sku + ": confirmed " + std::to_string(confirmed) + " but confirmed orders hold " +
                          std::to_string(confirmed_by_orders[sku]));
    }
  }
  return result;
}

}  // namespace load
