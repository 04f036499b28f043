#include "decline_policy.h"

namespace payments {

std::optional<std::string> decline_reason(const DeclinePolicy& policy, std::string_view customer_id,
                                          std::int64_t amount_cents) {
  if (customer_id.substr(0, 7) == "decline") {
    return "card_declined";
  }
  if (amount_cents > policy.limit_cents) {
    return "amount_over_limit";
  }
  return std::nullopt;
}

}  // namespace payments
