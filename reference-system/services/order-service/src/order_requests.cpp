#include "order_requests.h"

#include <algorithm>

#include "common/json_fields.h"

namespace orders {

ParsedOrder parse_new_order(const nlohmann::json& body) {
  refsys::FieldReader reader(body);
  auto customer_id = reader.identifier("customerId", kMaxIdLength);
  const nlohmann::json* items = reader.ok() ? reader.array("items", kMaxItems) : nullptr;
  if (!reader.ok()) {
    return {std::nullopt, reader.error()};
  }
  NewOrder order{*customer_id, {}};
  for (std::size_t i = 0; i < items->size(); ++i) {
    refsys::FieldReader item((*items)[i], "items[" + std::to_string(i) + "].");
    auto sku = item.identifier("sku", kMaxIdLength);
    auto quantity = item.integer("quantity", 1, kMaxQuantity);
    if (!item.ok()) {
      return {std::nullopt, item.error()};
    }
    const bool repeated = std::any_of(order.items.begin(), order.items.end(),
                                      [&](const OrderItem& seen) { return seen.sku == *sku; });
    if (repeated) {
      return {std::nullopt, "items[" + std::to_string(i) + "].sku repeats " + *sku};
    }
    order.items.push_back({*sku, *quantity, std::nullopt});
  }
  std::sort(order.items.begin(), order.items.end(),
            [](const OrderItem& a, const OrderItem& b) { return a.sku < b.sku; });
  return {std::move(order), {}};
}

std::string fingerprint(const NewOrder& order) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : order.items) {
    items.push_back({item.sku, item.quantity});
  }
  return nlohmann::json{{"customerId", order.customer_id}, {"items", items}}.dump();
}

bool is_valid_idempotency_key(const std::string& key) {
  if (key.empty() || key.size() > kMaxIdempotencyKeyLength) {
    return false;
  }
  return std::all_of(key.begin(), key.end(), [](char c) { return c > ' ' && c < 127; });
}

bool is_valid_order_id(const std::string& id) { return refsys::is_identifier(id, kMaxIdLength); }

}  // namespace orders
