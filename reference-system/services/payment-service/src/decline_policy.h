// When a charge is declined. This is a stand-in for a card processor, made
// predictable for tests and demos:
//   - a customerId that starts with "decline" is declined (card_declined);
//   - an amount above the limit (--charge-limit-cents, default 500000) is
//     declined (amount_over_limit).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace payments {

struct DeclinePolicy {
  std::int64_t limit_cents = 500000;
};

// The decline reason, or nullopt when the charge goes through.
std::optional<std::string> decline_reason(const DeclinePolicy& policy, std::string_view customer_id,
                                          std::int64_t amount_cents);

}  // namespace payments
