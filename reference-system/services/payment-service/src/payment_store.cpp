#include "payment_store.h"

#include "common/log.h"

namespace payments {

namespace {

using refsys::Connection;

constexpr const char* kColumns =
    "SELECT payment_key, order_id, customer_id, amount_cents, status, decline_reason, created_at "
    "FROM payments ";

Payment read_payment(const refsys::Statement& row) {
  return Payment{row.text(0), row.text(1), row.text(2), row.integer(3),
                 row.text(4), row.optional_text(5), row.text(6)};
}

std::optional<Payment> load(const Connection& c, const std::string& key) {
  auto row = c.prepare(std::string(kColumns) + "WHERE payment_key = ?");
  row.bind_all(key);
  if (!row.step()) {
    return std::nullopt;
  }
  return read_payment(row);
}

void insert(const Connection& c, const Payment& payment) {
  c.prepare(
       "INSERT INTO payments (payment_key, order_id, customer_id, amount_cents, status, "
       "decline_reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, payment.key)
      .bind(2, payment.order_id)
      .bind(3, payment.customer_id)
      .bind(4, payment.amount_cents)
      .bind(5, payment.status)
      .bind(6, payment.decline_reason ? refsys::DbValue(*payment.decline_reason) : refsys::DbValue(nullptr))
      .bind(7, payment.created_at)
      .bind(8, payment.created_at)
      .run();
}

}  // namespace

ChargeOutcome PaymentStore::charge(const ChargeRequest& request) {
  return db_.transaction([&](const Connection& c) {
    if (auto existing = load(c, request.key)) {
      ChargeResult result = ChargeResult::replayed;
      if (existing->status == "VOIDED") {
        result = ChargeResult::voided;
      } else if (existing->order_id != request.order_id ||
                 existing->customer_id != request.customer_id ||
                 existing->amount_cents != request.amount_cents) {
        result = ChargeResult::key_reused;
      }
      return ChargeOutcome{result, std::move(*existing)};
    }
    Payment payment{request.key, request.order_id, request.customer_id, request.amount_cents,
                    "CHARGED", decline_reason(policy_, request.customer_id, request.amount_cents),
                    refsys::utc_timestamp()};
    if (payment.decline_reason) {
      payment.status = "DECLINED";
    }
    insert(c, payment);
    const auto result = payment.decline_reason ? ChargeResult::declined : ChargeResult::charged;
    return ChargeOutcome{result, std::move(payment)};
  });
}

RefundOutcome PaymentStore::refund(const std::string& key, const std::string& order_id) {
  return db_.transaction([&](const Connection& c) {
    auto existing = load(c, key);
    if (!existing) {
      Payment tombstone{key, order_id, "", 0, "VOIDED", std::nullopt, refsys::utc_timestamp()};
      insert(c, tombstone);
      return RefundOutcome{RefundResult::voided, std::move(tombstone)};
    }
    if (existing->status != "CHARGED") {
      return RefundOutcome{RefundResult::unchanged, std::move(*existing)};
    }
    c.prepare("UPDATE payments SET status = 'REFUNDED', updated_at = ? WHERE payment_key = ?")
        .bind_all(refsys::utc_timestamp(), key)
        .run();
    existing->status = "REFUNDED";
    return RefundOutcome{RefundResult::refunded, std::move(*existing)};
  });
}

std::optional<Payment> PaymentStore::find(const std::string& key) {
  return db_.read([&](const Connection& c) { return load(c, key); });
}

std::vector<Payment> PaymentStore::for_order(const std::string& order_id) {
  return db_.read([&](const Connection& c) {
    auto rows = c.prepare(std::string(kColumns) + "WHERE order_id = ? ORDER BY created_at, payment_key");
    rows.bind_all(order_id);
    std::vector<Payment> found;
    while (rows.step()) {
      found.push_back(read_payment(rows));
    }
    return found;
  });
}

bool PaymentStore::healthy() {
  try {
    return db_.read([](const Connection& c) { return c.prepare("SELECT 1").step(); });
  } catch (const refsys::DbError&) {
    return false;
  }
}

}  // namespace payments
