#include "payment_requests.h"

#include "common/json_fields.h"

namespace payments {

bool is_valid_id(const std::string& id) { return refsys::is_identifier(id, kMaxIdLength); }

ParsedCharge parse_charge_request(const nlohmann::json& body) {
  refsys::FieldReader reader(body);
  auto key = reader.identifier("paymentKey", kMaxIdLength);
  auto order_id = reader.identifier("orderId", kMaxIdLength);
  auto customer_id = reader.identifier("customerId", kMaxIdLength);
  auto amount = reader.integer("amountCents", 0, kMaxAmountCents);
  if (!reader.ok()) {
    return {std::nullopt, reader.error()};
  }
  return {ChargeRequest{*key, *order_id, *customer_id, *amount}, {}};
}

ParsedRefund parse_refund_request(const nlohmann::json& body) {
  refsys::FieldReader reader(body);
  if (!reader.present("orderId")) {
    return {std::string(), {}};
  }
  auto order_id = reader.identifier("orderId", kMaxIdLength);
  if (!reader.ok()) {
    return {std::nullopt, reader.error()};
  }
  return {order_id, {}};
}

}  // namespace payments
