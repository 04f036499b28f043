// The payments table and the rules for changing it. Every operation is one
// SQLite transaction; a payment key is charged at most once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/db.h"
#include "decline_policy.h"

namespace payments {

struct Payment {
  std::string key;
  std::string order_id;
  std::string customer_id;
  std::int64_t amount_cents = 0;
  std::string status;  // CHARGED, DECLINED, REFUNDED, VOIDED
  std::optional<std::string> decline_reason;
  std::string created_at;
};

struct ChargeRequest {
  std::string key;
  std::string order_id;
  std::string customer_id;
  std::int64_t amount_cents = 0;
};

enum class ChargeResult {
  charged,    // 201
  declined,   // 402
  replayed,   // same key, same request: the stored payment (200, or 402 when declined)
  voided,     // 409: the key was refunded before it was charged
  key_reused  // 422: same key, different request
};

struct ChargeOutcome {
  ChargeResult result = ChargeResult::charged;
  Payment payment;
};

enum class RefundResult { refunded, voided, unchanged };

struct RefundOutcome {
  RefundResult result = RefundResult::unchanged;
  Payment payment;
};

class PaymentStore {
 public:
  PaymentStore(refsys::Database& db, DeclinePolicy policy) : db_(db), policy_(policy) {}

  ChargeOutcome charge(const ChargeRequest& request);
  // CHARGED -> REFUNDED. An unknown key becomes VOIDED, so a charge that
  // arrives late with that key is refused. DECLINED, REFUNDED and VOIDED stay.
  RefundOutcome refund(const std::string& key, const std::string& order_id);
  std::optional<Payment> find(const std::string& key);
  std::vector<Payment> for_order(const std::string& order_id);

  bool healthy();

 private:
  refsys::Database& db_;
  DeclinePolicy policy_;
};

}  // namespace payments
