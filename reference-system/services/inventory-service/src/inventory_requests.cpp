#include "inventory_requests.h"

#include <set>

#include "common/json_fields.h"

namespace inventory {

namespace {

std::optional<std::vector<ReservationLine>> read_lines(refsys::FieldReader& reader) {
  const nlohmann::json* items = reader.array("items", kMaxLines);
  if (items == nullptr) {
    return std::nullopt;
  }
  std::vector<ReservationLine> lines;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < items->size(); ++i) {
    refsys::FieldReader item((*items)[i], "items[" + std::to_string(i) + "].");
    auto sku = item.identifier("sku", kMaxSkuLength);
    auto quantity = item.integer("quantity", 1, kMaxQuantity);
    if (!item.ok()) {
      reader.fail(item.error());
      return std::nullopt;
    }
    if (!seen.insert(*sku).second) {
      reader.fail("items[" + std::to_string(i) + "].sku repeats " + *sku);
      return std::nullopt;
    }
    lines.push_back({*sku, *quantity, 0});
  }
  return lines;
}

}  // namespace

bool is_valid_sku(const std::string& sku) { return refsys::is_identifier(sku, kMaxSkuLength); }

bool is_valid_key(const std::string& key) { return refsys::is_identifier(key, kMaxKeyLength); }

Parsed<ReserveRequest> parse_reserve_request(const nlohmann::json& body) {
  refsys::FieldReader reader(body);
  auto key = reader.identifier("reservationKey", kMaxKeyLength);
  auto lines = reader.ok() ? read_lines(reader) : std::nullopt;
  if (!reader.ok()) {
    return {std::nullopt, reader.error()};
  }
  return {ReserveRequest{*key, std::move(*lines)}, {}};
}

Parsed<std::vector<ReservationLine>> parse_release_request(const nlohmann::json& body) {
  refsys::FieldReader reader(body);
  if (!reader.present("items")) {
    return {std::vector<ReservationLine>{}, {}};
  }
  auto lines = read_lines(reader);
  if (!reader.ok()) {
    return {std::nullopt, reader.error()};
  }
  return {std::move(*lines), {}};
}

Parsed<LevelRequest> parse_level_request(const nlohmann::json& body) {
  refsys::FieldReader reader(body);
  auto on_hand = reader.integer("onHand", 0, kMaxOnHand);
  auto price = reader.integer("unitPriceCents", 0, kMaxUnitPriceCents);
  if (!reader.ok()) {
    return {std::nullopt, reader.error()};
  }
  return {LevelRequest{*on_hand, *price}, {}};
}

}  // namespace inventory
