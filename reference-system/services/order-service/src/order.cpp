#include "order.h"

namespace orders {

std::string to_string(OrderStatus status) {
  switch (status) {
    case OrderStatus::pending: return "PENDING";
    case OrderStatus::confirmed: return "CONFIRMED";
    case OrderStatus::cancelled: return "CANCELLED";
  }
  return "PENDING";
}

std::string to_string(SagaStep step) {
  switch (step) {
    case SagaStep::reserve: return "RESERVE";
    case SagaStep::charge: return "CHARGE";
    case SagaStep::confirm: return "CONFIRM";
    case SagaStep::compensate: return "COMPENSATE";
    case SagaStep::done: return "DONE";
  }
  return "DONE";
}

OrderStatus order_status_from(const std::string& text) {
  if (text == "CONFIRMED") return OrderStatus::confirmed;
  if (text == "CANCELLED") return OrderStatus::cancelled;
  return OrderStatus::pending;
}

SagaStep saga_step_from(const std::string& text) {
  if (text == "RESERVE") return SagaStep::reserve;
  if (text == "CHARGE") return SagaStep::charge;
  if (text == "CONFIRM") return SagaStep::confirm;
  if (text == "COMPENSATE") return SagaStep::compensate;
  return SagaStep::done;
}

}  // namespace orders
