#include "order_requests.h"

#include <catch2/catch.hpp>

using nlohmann::json;

TEST_CASE("an order needs a customer and items with positive quantities") {
  const auto ok = orders::parse_new_order(
      json::parse(R"({"customerId":"c-1","items":[{"sku":"pear","quantity":1},{"sku":"apple","quantity":2}]})"));
  REQUIRE(ok.value);
  CHECK(ok.value->items.at(0).sku == "apple");  // sorted, so the fingerprint ignores order

  CHECK(orders::parse_new_order(json::parse(R"({"items":[{"sku":"a","quantity":1}]})")).error ==
        "customerId is required");
  CHECK(orders::parse_new_order(json::parse(R"({"customerId":"c","items":[]})")).error ==
        "items must be an array of 1 to 50 elements");
  CHECK(orders::parse_new_order(json::parse(R"({"customerId":"c","items":[{"sku":"a","quantity":-2}]})")).error ==
        "items[0].quantity must be an integer from 1 to 1000");
  CHECK(orders::parse_new_order(json::parse(R"({"customerId":"c","items":[{"sku":"a","quantity":0}]})")).error ==
        "items[0].quantity must be an integer from 1 to 1000");
  CHECK(orders::parse_new_order(json::parse(R"({"customerId":"c","items":[{"quantity":1}]})")).error ==
        "items[0].sku is required");
  CHECK(orders::parse_new_order(json::parse(R"({"customerId":"c","items":[3]})")).error ==
        "items[0] must be an object");
  CHECK(orders::parse_new_order(
            json::parse(R"({"customerId":"c","items":[{"sku":"a","quantity":1},{"sku":"a","quantity":1}]})"))
            .error == "items[1].sku repeats a");
}

TEST_CASE("the fingerprint ignores item order, not content") {
  const auto a = orders::parse_new_order(
      json::parse(R"({"customerId":"c","items":[{"sku":"x","quantity":1},{"sku":"y","quantity":2}]})"));
  const auto b = orders::parse_new_order(
      json::parse(R"({"customerId":"c","items":[{"sku":"y","quantity":2},{"sku":"x","quantity":1}]})"));
  const auto c = orders::parse_new_order(
      json::parse(R"({"customerId":"c","items":[{"sku":"y","quantity":3},{"sku":"x","quantity":1}]})"));
  CHECK(orders::fingerprint(*a.value) == orders::fingerprint(*b.value));
  CHECK(orders::fingerprint(*a.value) != orders::fingerprint(*c.value));
}

TEST_CASE("idempotency keys are short visible ASCII") {
  CHECK(orders::is_valid_idempotency_key("7c1e-42"));
  CHECK_FALSE(orders::is_valid_idempotency_key(""));
  CHECK_FALSE(orders::is_valid_idempotency_key("has space"));
  CHECK_FALSE(orders::is_valid_idempotency_key(std::string(129, 'k')));
}
