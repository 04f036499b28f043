// An order as order-service keeps it, with the state of its saga.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace orders {

enum class OrderStatus { pending, confirmed, cancelled };
// The next thing the saga does for this order.
enum class SagaStep { reserve, charge, confirm, compensate, done };

std::string to_string(OrderStatus status);
std::string to_string(SagaStep step);
OrderStatus order_status_from(const std::string& text);
SagaStep saga_step_from(const std::string& text);

struct OrderItem {
  std::string sku;
  std::int64_t quantity = 0;
  std::optional<std::int64_t> unit_price_cents;  // known once the stock is reserved
};

struct Order {
  std::string id;
  std::optional<std::string> idempotency_key;
  std::string request_fingerprint;
  std::string customer_id;
  OrderStatus status = OrderStatus::pending;
  SagaStep step = SagaStep::reserve;
  std::vector<OrderItem> items;
  std::optional<std::int64_t> total_cents;
  std::optional<std::string> cancel_reason;
  bool charge_attempted = false;
  std::int64_t attempts = 0;
  std::int64_t deadline_at_ms = 0;
  std::string request_id;  // of the request that placed the order; resumed sagas log it
  std::string created_at;
  std::string updated_at;
};

// The keys the saga sends to inventory-service and payment-service. Derived
// from the order id, so a retry after a crash reuses them and nothing is
// reserved or charged twice.
inline std::string reservation_key(const Order& order) { return "order-" + order.id; }
inline std::string payment_key(const Order& order) { return "order-" + order.id; }

}  // namespace orders
