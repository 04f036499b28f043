// Validation of the payment-service request bodies. Pure functions.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "payment_store.h"

namespace payments {

constexpr std::size_t kMaxIdLength = 128;
constexpr std::int64_t kMaxAmountCents = 1000000000000;

struct ParsedCharge {
  std::optional<ChargeRequest> value;
  std::string error;
};

// {"paymentKey": "...", "orderId": "...", "customerId": "...", "amountCents": 1234}
ParsedCharge parse_charge_request(const nlohmann::json& body);

struct ParsedRefund {
  std::optional<std::string> order_id;  // "" when the body names none
  std::string error;
};

// {} or {"orderId": "..."} (recorded when the refund voids an unknown key)
ParsedRefund parse_refund_request(const nlohmann::json& body);

bool is_valid_id(const std::string& id);

}  // namespace payments
