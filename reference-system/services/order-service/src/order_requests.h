// Validation of POST /orders: the body and the Idempotency-Key header.
// Pure functions, so the 400 rules are unit tested without a server.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "order.h"

namespace orders {

constexpr std::size_t kMaxIdLength = 64;
constexpr std::size_t kMaxItems = 50;
constexpr std::int64_t kMaxQuantity = 1000;
constexpr std::size_t kMaxIdempotencyKeyLength = 128;

struct NewOrder {
  std::string customer_id;
  std::vector<OrderItem> items;  // sorted by SKU, no SKU twice
};

struct ParsedOrder {
  std::optional<NewOrder> value;
  std::string error;
};

// {"customerId": "c-1", "items": [{"sku": "apple", "quantity": 2}]}
ParsedOrder parse_new_order(const nlohmann::json& body);

// What identifies the request for the Idempotency-Key check: the same key
// with a different fingerprint is refused (422).
std::string fingerprint(const NewOrder& order);

// An Idempotency-Key is 1..128 visible ASCII characters.
bool is_valid_idempotency_key(const std::string& key);

bool is_valid_order_id(const std::string& id);

}  // namespace orders
