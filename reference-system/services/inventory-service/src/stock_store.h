// The inventory's own tables, stock and reservations, and the rules for
// changing them. Every operation is one SQLite transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/db.h"

namespace inventory {

struct StockLevel {
  std::string sku;
  std::int64_t on_hand = 0;    // free to reserve
  std::int64_t reserved = 0;   // held by open reservations
  std::int64_t confirmed = 0;  // sold through confirmed reservations
  std::int64_t unit_price_cents = 0;
};

struct ReservationLine {
  std::string sku;
  std::int64_t quantity = 0;
  std::int64_t unit_price_cents = 0;  // filled in by the store
};

enum class ReservationStatus { reserved, confirmed, released };
std::string to_string(ReservationStatus status);

struct Reservation {
  std::string key;
  ReservationStatus status = ReservationStatus::reserved;
  std::vector<ReservationLine> lines;
};

enum class ReserveResult {
  created,             // 201
  replayed,            // 200: the same key with the same lines
  insufficient_stock,  // 409
  unknown_sku,         // 409
  already_released,    // 409: the key was released (possibly before it was reserved)
  key_reused,          // 422: the same key with different lines
};

struct ReserveOutcome {
  ReserveResult result = ReserveResult::created;
  Reservation reservation;  // for created / replayed
  std::string sku;          // the line that failed
  std::int64_t available = 0;
};

enum class ChangeResult { changed, unchanged, not_found, conflict };

struct ChangeOutcome {
  ChangeResult result = ChangeResult::changed;
  std::optional<Reservation> reservation;
};

class StockStore {
 public:
  explicit StockStore(refsys::Database& db) : db_(db) {}

  std::optional<StockLevel> level(const std::string& sku);
  // Creates or replaces the level and price of a SKU.
  StockLevel set_level(const std::string& sku, std::int64_t on_hand, std::int64_t unit_price_cents);

  // Takes every line from on_hand, all or nothing.
  ReserveOutcome reserve(const std::string& key, const std::vector<ReservationLine>& lines);
  std::optional<Reservation> find(const std::string& key);
  // RESERVED -> CONFIRMED. conflict when the reservation was released.
  ChangeOutcome confirm(const std::string& key);
  // RESERVED -> RELEASED, giving the quantities back. conflict when confirmed.
  // An unknown key with `lines` records them as RELEASED (a tombstone), so a
  // reserve call that arrives late with that key is refused; an unknown key
  // without lines is not_found.
  ChangeOutcome release(const std::string& key, const std::vector<ReservationLine>& lines);

  bool healthy();

 private:
  refsys::Database& db_;
};

}  // namespace inventory
