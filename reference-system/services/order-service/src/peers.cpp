#include "peers.h"

namespace orders {

namespace {

httplib::Headers headers_for(const std::string& request_id) {
  // Correlation: the id of the request that placed the order travels on.
  return {{"x-request-id", request_id}};
}

nlohmann::json items_json(const Order& order) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : order.items) {
    items.push_back({{"sku", item.sku}, {"quantity", item.quantity}});
  }
  return items;
}

}  // namespace

CallResult classify(const refsys::PeerResponse& response) {
  CallResult result;
  result.http_status = response.status;
  if (!response.answered()) {
    result.status = CallStatus::unavailable;
    result.reason = response.error_text();
    return result;
  }
  result.body = nlohmann::json::parse(response.body, nullptr, false);
  if (result.body.is_discarded()) {
    result.body = nlohmann::json::object();
  }
  if (response.status >= 200 && response.status < 300) {
    result.status = CallStatus::ok;
  } else if (response.status >= 400 && response.status < 500) {
    result.status = CallStatus::rejected;
    result.reason = result.body.is_object() && result.body.contains("error") && result.body["error"].is_string()
                        ? result.body["error"].get<std::string>()
                        : "http_" + std::to_string(response.status);
  } else {
    result.status = CallStatus::unavailable;
    result.reason = "http_" + std::to_string(response.status);
  }
  return result;
}

CallResult InventoryPeer::reserve(const Order& order, const std::string& request_id,
                                  std::map<std::string, std::int64_t>& unit_prices) const {
  const std::string body =
      nlohmann::json{{"reservationKey", reservation_key(order)}, {"items", items_json(order)}}.dump();
  auto result = classify(refsys::call_with_retries(retries_, [&] {
    return client_.send("POST", "/reservations", headers_for(request_id), body);
  }));
  if (result.status == CallStatus::ok) {
    const auto& items = result.body.value("items", nlohmann::json::array());
    for (const auto& item : items) {
      if (item.is_object() && item.contains("sku") && item.contains("unitPriceCents") &&
          item["sku"].is_string() && item["unitPriceCents"].is_number_integer()) {
        unit_prices[item["sku"].get<std::string>()] = item["unitPriceCents"].get<std::int64_t>();
      }
    }
  }
  return result;
}

CallResult InventoryPeer::confirm(const Order& order, const std::string& request_id) const {
  const std::string path = refsys::expand_path("/reservations/{key}/confirm", "key", reservation_key(order));
  return classify(refsys::call_with_retries(retries_, [&] {
    return client_.send("POST", path, headers_for(request_id));
  }));
}

CallResult InventoryPeer::release(const Order& order, const std::string& request_id) const {
  const std::string path = refsys::expand_path("/reservations/{key}/release", "key", reservation_key(order));
  // The items let inventory-service remember the key as released even when
  // the reservation never arrived, so a late reserve call is refused.
  const std::string body = nlohmann::json{{"items", items_json(order)}}.dump();
  return classify(refsys::call_with_retries(retries_, [&] {
    return client_.send("POST", path, headers_for(request_id), body);
  }));
}

CallResult PaymentPeer::charge(const Order& order, const std::string& request_id) const {
  const std::string body = nlohmann::json{{"paymentKey", payment_key(order)},
                                          {"orderId", order.id},
                                          {"customerId", order.customer_id},
                                          {"amountCents", order.total_cents.value_or(0)}}
                               .dump();
  auto result = classify(refsys::call_with_retries(retries_, [&] {
    return client_.send("POST", "/payments", headers_for(request_id), body);
  }));
  if (result.http_status == 402) {
    result.reason = "payment_declined";
  }
  return result;
}

CallResult PaymentPeer::refund(const Order& order, const std::string& request_id) const {
  const std::string path = refsys::expand_path("/payments/{key}/refund", "key", payment_key(order));
  const std::string body = nlohmann::json{{"orderId", order.id}}.dump();
  return classify(refsys::call_with_retries(retries_, [&] {
    return client_.send("POST", path, headers_for(request_id), body);
  }));
}

}  // namespace orders
