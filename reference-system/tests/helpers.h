// What the scenarios do again and again: set stock, place an order through
// the gateway, wait for its saga, read payments, and check the invariants.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "system.h"

namespace e2e {

struct Line {
  std::string sku;
  int quantity = 0;
};

// A string field of a JSON object, or "" when it is missing or not a string
// (log lines carry "request_id": null outside a request).
std::string text_of(const nlohmann::json& object, const std::string& key);

// Sets a SKU's stock and price directly on inventory-service (the gateway
// does not expose this operation).
void set_stock(System& system, const std::string& sku, int on_hand, int unit_price_cents);

// GET /inventory/{sku} through the gateway.
nlohmann::json stock_of(System& system, const std::string& sku);

// POST /orders through the gateway.
Answer place_order(System& system, const std::string& customer, const std::vector<Line>& lines,
                   const std::string& idempotency_key = {}, const std::string& request_id = {});

// Polls GET /orders/{id} until the order is no longer PENDING (or the timeout).
nlohmann::json wait_until_final(System& system, const std::string& order_id,
                                std::chrono::milliseconds timeout = std::chrono::seconds(20));

// GET /payments?orderId= on payment-service.
std::vector<nlohmann::json> payments_of(System& system, const std::string& order_id);

// The order id that order-service logged for the request with this id.
std::string order_id_logged_for(System& system, const std::string& request_id,
                                std::chrono::milliseconds timeout = std::chrono::seconds(10));

// For every SKU: on hand + confirmed == initial, and nothing left reserved.
void check_stock_invariant(System& system, const std::map<std::string, int>& initial);

// The order's payments: at most one charge ever; CHARGED exactly when the
// order is CONFIRMED, for its total.
void check_payment_invariant(System& system, const nlohmann::json& order);

}  // namespace e2e
