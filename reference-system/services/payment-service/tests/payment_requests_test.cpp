#include "payment_requests.h"

#include <catch2/catch.hpp>

using nlohmann::json;

TEST_CASE("a charge request needs every field and a non-negative amount") {
  const auto ok = payments::parse_charge_request(
      json::parse(R"({"paymentKey":"order-1","orderId":"1","customerId":"alice","amountCents":250})"));
  REQUIRE(ok.value);
  CHECK(ok.value->amount_cents == 250);
  CHECK(payments::parse_charge_request(
            json::parse(R"({"paymentKey":"order-1","orderId":"1","customerId":"alice","amountCents":-1})"))
            .error == "amountCents must be an integer from 0 to 1000000000000");
  CHECK(payments::parse_charge_request(json::parse(R"({"paymentKey":"order-1","orderId":"1","amountCents":1})"))
            .error == "customerId is required");
  CHECK(payments::parse_charge_request(
            json::parse(R"({"paymentKey":"order-1","orderId":"1","customerId":"alice","amountCents":"9"})"))
            .error.find("amountCents must be an integer") == 0);
}

TEST_CASE("a refund request may name the order") {
  CHECK(payments::parse_refund_request(json::object()).order_id == "");
  CHECK(payments::parse_refund_request(json::parse(R"({"orderId":"7"})")).order_id == "7");
  CHECK_FALSE(payments::parse_refund_request(json::parse(R"({"orderId":7})")).order_id);
}
