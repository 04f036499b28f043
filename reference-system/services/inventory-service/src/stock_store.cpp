#include "stock_store.h"

#include <map>

#include "common/log.h"

namespace inventory {

namespace {

using refsys::Connection;

std::optional<Reservation> load_reservation(const Connection& c, const std::string& key) {
  auto rows = c.prepare(
      "SELECT sku, quantity, unit_price_cents, status FROM reservations "
      "WHERE reservation_key = ? ORDER BY sku");
  rows.bind_all(key);
  Reservation reservation;
  reservation.key = key;
  bool found = false;
  while (rows.step()) {
    found = true;
    reservation.lines.push_back({rows.text(0), rows.integer(1), rows.integer(2)});
    const std::string status = rows.text(3);
    // Rows of one key share a status; a released row wins over the others.
    if (status == "RELEASED") {
      reservation.status = ReservationStatus::released;
    } else if (status == "CONFIRMED" && reservation.status != ReservationStatus::released) {
      reservation.status = ReservationStatus::confirmed;
    }
  }
  if (!found) {
    return std::nullopt;
  }
  return reservation;
}

bool same_lines(const Reservation& existing, const std::vector<ReservationLine>& lines) {
  std::map<std::string, std::int64_t> wanted;
  for (const auto& line : lines) {
    wanted[line.sku] = line.quantity;
  }
  std::map<std::string, std::int64_t> held;
  for (const auto& line : existing.lines) {
    held[line.sku] = line.quantity;
  }
  return wanted == held;
}

void set_status(const Connection& c, const std::string& key, std::string_view status) {
  c.prepare("UPDATE reservations SET status = ?, updated_at = ? WHERE reservation_key = ?")
      .bind_all(std::string(status), refsys::utc_timestamp(), key)
      .run();
}

}  // namespace

std::string to_string(ReservationStatus status) {
  switch (status) {
    case ReservationStatus::reserved: return "RESERVED";
    case ReservationStatus::confirmed: return "CONFIRMED";
    case ReservationStatus::released: return "RELEASED";
  }
  return "RESERVED";
}

std::optional<StockLevel> StockStore::level(const std::string& sku) {
  return db_.read([&](const Connection& c) -> std::optional<StockLevel> {
    auto row = c.prepare("SELECT on_hand, unit_price_cents FROM stock WHERE sku = ?");
    row.bind_all(sku);
    if (!row.step()) {
      return std::nullopt;
    }
    StockLevel level{sku, row.integer(0), 0, 0, row.integer(1)};
    auto sums = c.prepare(
        "SELECT status, SUM(quantity) FROM reservations "
        "WHERE sku = ? AND status IN ('RESERVED', 'CONFIRMED') GROUP BY status");
    sums.bind_all(sku);
    while (sums.step()) {
      (sums.text(0) == "RESERVED" ? level.reserved : level.confirmed) = sums.integer(1);
    }
    return level;
  });
}

StockLevel StockStore::set_level(const std::string& sku, std::int64_t on_hand,
                                 std::int64_t unit_price_cents) {
  db_.transaction([&](const Connection& c) {
    c.prepare(
         "INSERT INTO stock (sku, on_hand, unit_price_cents, updated_at) VALUES (?, ?, ?, ?) "
         "ON CONFLICT (sku) DO UPDATE SET on_hand = excluded.on_hand, "
         "unit_price_cents = excluded.unit_price_cents, updated_at = excluded.updated_at")
        .bind_all(sku, on_hand, unit_price_cents, refsys::utc_timestamp())
        .run();
  });
  return *level(sku);
}

ReserveOutcome StockStore::reserve(const std::string& key, const std::vector<ReservationLine>& lines) {
  return db_.transaction([&](const Connection& c) {
    ReserveOutcome outcome;
    if (auto existing = load_reservation(c, key)) {
      if (existing->status == ReservationStatus::released) {
        outcome.result = ReserveResult::already_released;
      } else if (!same_lines(*existing, lines)) {
        outcome.result = ReserveResult::key_reused;
      } else {
        outcome.result = ReserveResult::replayed;
      }
      outcome.reservation = std::move(*existing);
      return outcome;
    }
    Reservation reservation{key, ReservationStatus::reserved, {}};
    for (const auto& line : lines) {
      auto row = c.prepare("SELECT on_hand, unit_price_cents FROM stock WHERE sku = ?");
      row.bind_all(line.sku);
      if (!row.step()) {
        outcome.result = ReserveResult::unknown_sku;
        outcome.sku = line.sku;
        return outcome;
      }
      if (row.integer(0) < line.quantity) {
        outcome.result = ReserveResult::insufficient_stock;
        outcome.sku = line.sku;
        outcome.available = row.integer(0);
        return outcome;
      }
      reservation.lines.push_back({line.sku, line.quantity, row.integer(1)});
    }
    const std::string now = refsys::utc_timestamp();
    for (const auto& line : reservation.lines) {
      c.prepare("UPDATE stock SET on_hand = on_hand - ?, updated_at = ? WHERE sku = ?")
          .bind_all(line.quantity, now, line.sku)
          .run();
      c.prepare(
           "INSERT INTO reservations (reservation_key, sku, quantity, unit_price_cents, status, "
           "created_at, updated_at) VALUES (?, ?, ?, ?, 'RESERVED', ?, ?)")
          .bind_all(key, line.sku, line.quantity, line.unit_price_cents, now, now)
          .run();
    }
    outcome.result = ReserveResult::created;
    outcome.reservation = std::move(reservation);
    return outcome;
  });
}

std::optional<Reservation> StockStore::find(const std::string& key) {
  return db_.read([&](const Connection& c) { return load_reservation(c, key); });
}

ChangeOutcome StockStore::confirm(const std::string& key) {
  return db_.transaction([&](const Connection& c) {
    auto existing = load_reservation(c, key);
    if (!existing) {
      return ChangeOutcome{ChangeResult::not_found, std::nullopt};
    }
    if (existing->status == ReservationStatus::released) {
      return ChangeOutcome{ChangeResult::conflict, existing};
    }
    if (existing->status == ReservationStatus::confirmed) {
      return ChangeOutcome{ChangeResult::unchanged, existing};
    }
    set_status(c, key, "CONFIRMED");
    existing->status = ReservationStatus::confirmed;
    return ChangeOutcome{ChangeResult::changed, existing};
  });
}

ChangeOutcome StockStore::release(const std::string& key, const std::vector<ReservationLine>& lines) {
  return db_.transaction([&](const Connection& c) {
    auto existing = load_reservation(c, key);
    const std::string now = refsys::utc_timestamp();
    if (!existing) {
      if (lines.empty()) {
        return ChangeOutcome{ChangeResult::not_found, std::nullopt};
      }
      // Tombstone: remember the key as released, nothing was taken from stock.
      for (const auto& line : lines) {
        c.prepare(
             "INSERT INTO reservations (reservation_key, sku, quantity, unit_price_cents, status, "
             "created_at, updated_at) SELECT ?, sku, ?, unit_price_cents, 'RELEASED', ?, ? "
             "FROM stock WHERE sku = ?")
            .bind_all(key, line.quantity, now, now, line.sku)
            .run();
      }
      return ChangeOutcome{ChangeResult::changed, load_reservation(c, key)};
    }
    if (existing->status == ReservationStatus::confirmed) {
      return ChangeOutcome{ChangeResult::conflict, existing};
    }
    if (existing->status == ReservationStatus::released) {
      return ChangeOutcome{ChangeResult::unchanged, existing};
    }
    for (const auto& line : existing->lines) {
      c.prepare("UPDATE stock SET on_hand = on_hand + ?, updated_at = ? WHERE sku = ?")
          .bind_all(line.quantity, now, line.sku)
          .run();
    }
    set_status(c, key, "RELEASED");
    existing->status = ReservationStatus::released;
    return ChangeOutcome{ChangeResult::changed, existing};
  });
}

bool StockStore::healthy() {
  try {
    return db_.read([](const Connection& c) {
      auto row = c.prepare("SELECT 1");
      return row.step();
    });
  } catch (const refsys::DbError&) {
    return false;
  }
}

}  // namespace inventory
