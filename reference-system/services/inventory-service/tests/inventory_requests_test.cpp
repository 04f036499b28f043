#include "inventory_requests.h"

#include <catch2/catch.hpp>

using nlohmann::json;

TEST_CASE("a reserve request needs a key and positive quantities") {
  const auto ok = inventory::parse_reserve_request(
      json::parse(R"({"reservationKey":"order-1","items":[{"sku":"apple","quantity":2}]})"));
  REQUIRE(ok.value);
  CHECK(ok.value->lines.at(0).quantity == 2);

  CHECK(inventory::parse_reserve_request(json::parse(R"({"items":[{"sku":"a","quantity":1}]})")).error ==
        "reservationKey is required");
  CHECK(inventory::parse_reserve_request(
            json::parse(R"({"reservationKey":"k","items":[{"sku":"a","quantity":-1}]})"))
            .error == "items[0].quantity must be an integer from 1 to 100000");
  CHECK(inventory::parse_reserve_request(
            json::parse(R"({"reservationKey":"k","items":[{"sku":"a","quantity":1.5}]})"))
            .error.find("must be an integer") != std::string::npos);
  CHECK(inventory::parse_reserve_request(json::parse(R"({"reservationKey":"k","items":[]})")).error ==
        "items must be an array of 1 to 50 elements");
  CHECK(inventory::parse_reserve_request(
            json::parse(R"({"reservationKey":"k","items":[{"sku":"a","quantity":1},{"sku":"a","quantity":2}]})"))
            .error == "items[1].sku repeats a");
  CHECK(inventory::parse_reserve_request(
            json::parse(R"({"reservationKey":"k k","items":[{"sku":"a","quantity":1}]})"))
            .error.find("reservationKey must be") == 0);
}

TEST_CASE("a release request may omit the items") {
  CHECK(inventory::parse_release_request(json::object()).value->empty());
  CHECK(inventory::parse_release_request(json::parse(R"({"items":"x"})")).error ==
        "items must be an array of 1 to 50 elements");
}

TEST_CASE("a level request needs both numbers, not negative") {
  CHECK(inventory::parse_level_request(json::parse(R"({"onHand":5,"unitPriceCents":100})")).value);
  CHECK(inventory::parse_level_request(json::parse(R"({"onHand":-5,"unitPriceCents":100})")).error ==
        "onHand must be an integer from 0 to 1000000000");
  CHECK(inventory::parse_level_request(json::parse(R"({"onHand":5})")).error == "unitPriceCents is required");
}
