// Validation of the inventory-service request bodies. Pure functions: a body
// in, either the parsed request or the message for the 400 answer out.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stock_store.h"

namespace inventory {

constexpr std::size_t kMaxSkuLength = 64;
constexpr std::size_t kMaxKeyLength = 128;
constexpr std::size_t kMaxLines = 50;
constexpr std::int64_t kMaxQuantity = 100000;
constexpr std::int64_t kMaxOnHand = 1000000000;
constexpr std::int64_t kMaxUnitPriceCents = 100000000;

template <typename T>
struct Parsed {
  std::optional<T> value;
  std::string error;  // set when value is empty
};

struct ReserveRequest {
  std::string key;
  std::vector<ReservationLine> lines;
};

struct LevelRequest {
  std::int64_t on_hand = 0;
  std::int64_t unit_price_cents = 0;
};

// {"reservationKey": "...", "items": [{"sku": "...", "quantity": 2}, ...]}
Parsed<ReserveRequest> parse_reserve_request(const nlohmann::json& body);
// {"items": [...]} or {} (the items are only needed for an unknown key)
Parsed<std::vector<ReservationLine>> parse_release_request(const nlohmann::json& body);
// {"onHand": 100, "unitPriceCents": 250}
Parsed<LevelRequest> parse_level_request(const nlohmann::json& body);

bool is_valid_sku(const std::string& sku);
bool is_valid_key(const std::string& key);

}  // namespace inventory
