#include "saga.h"

#include <algorithm>

namespace orders {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool SagaRunner::claim(const std::string& order_id) {
  const std::lock_guard<std::mutex> lock(claims_mutex_);
  return running_.insert(order_id).second;
}

void SagaRunner::release_claim(const std::string& order_id) {
  const std::lock_guard<std::mutex> lock(claims_mutex_);
  running_.erase(order_id);
}

std::optional<Order> SagaRunner::advance(const std::string& order_id,
                                         std::chrono::milliseconds budget) {
  const auto stop_at = std::chrono::steady_clock::now() + budget;
  if (!claim(order_id)) {
    return store_.find(order_id);
  }
  struct Unclaim {
    SagaRunner& runner;
    const std::string& id;
    ~Unclaim() { runner.release_claim(id); }
  } unclaim{*this, order_id};

  for (;;) {
    auto order = store_.find(order_id);
    if (!order || order->step == SagaStep::done || std::chrono::steady_clock::now() >= stop_at) {
      return order;
    }
    if (step(*order) == Progress::later) {
      return store_.find(order_id);
    }
  }
}

SagaRunner::Progress SagaRunner::step(const Order& order) {
  switch (order.step) {
    case SagaStep::reserve: return reserve(order);
    case SagaStep::charge: return charge(order);
    case SagaStep::confirm: return confirm(order);
    case SagaStep::compensate: return compensate(order);
    case SagaStep::done: return Progress::next;
  }
  return Progress::later;
}

SagaRunner::Progress SagaRunner::retry_later(const Order& order, const CallResult& result,
                                             std::string_view call) {
  const auto factor = std::int64_t{1} << std::min<std::int64_t>(order.attempts, 10);
  const std::int64_t delay =
      std::min<std::int64_t>(timing_.retry_interval.count() * factor, timing_.max_backoff.count());
  store_.schedule_retry(order.id, now_ms() + delay);
  logger_.warn("saga step will be retried", order.request_id,
               {{"order_id", order.id},
                {"step", to_string(order.step)},
                {"call", call},
                {"error", result.reason},
                {"retry_in_ms", delay}});
  return Progress::later;
}

SagaRunner::Progress SagaRunner::give_up_or_retry(const Order& order, const CallResult& result,
                                                  std::string_view call, const std::string& reason) {
  if (now_ms() < order.deadline_at_ms) {
    return retry_later(order, result, call);
  }
  logger_.warn("saga deadline passed; compensating", order.request_id,
               {{"order_id", order.id}, {"step", to_string(order.step)}, {"reason", reason}});
  store_.start_compensation(order.id, reason);
  return Progress::next;
}

SagaRunner::Progress SagaRunner::reserve(const Order& order) {
  std::map<std::string, std::int64_t> unit_prices;
  const auto result = inventory_.reserve(order, order.request_id, unit_prices);
  crash_hook_.at("reserve-sent", order.id);
  switch (result.status) {
    case CallStatus::ok:
      store_.record_reserved(order.id, unit_prices);
      logger_.info("saga: stock reserved", order.request_id, {{"order_id", order.id}});
      crash_hook_.at("reserved", order.id);
      return Progress::next;
    case CallStatus::rejected:
      logger_.info("saga: reservation refused", order.request_id,
                   {{"order_id", order.id}, {"reason", result.reason}});
      store_.start_compensation(order.id, result.reason);
      return Progress::next;
    case CallStatus::unavailable:
      return give_up_or_retry(order, result, "reserve", "inventory_unavailable");
  }
  return Progress::later;
}

SagaRunner::Progress SagaRunner::charge(const Order& order) {
  if (!order.charge_attempted) {
    // Recorded before the call: compensation then knows a charge may exist.
    store_.mark_charge_attempted(order.id);
  }
  const auto result = payment_.charge(order, order.request_id);
  crash_hook_.at("charge-sent", order.id);
  switch (result.status) {
    case CallStatus::ok:
      if (result.body.value("status", "") != "CHARGED") {
        store_.start_compensation(order.id, "payment_not_charged");
        return Progress::next;
      }
      store_.record_charged(order.id);
      logger_.info("saga: payment charged", order.request_id, {{"order_id", order.id}});
      crash_hook_.at("charged", order.id);
      return Progress::next;
    case CallStatus::rejected:
      logger_.info("saga: payment refused", order.request_id,
                   {{"order_id", order.id}, {"reason", result.reason}});
      store_.start_compensation(order.id, result.reason);
      return Progress::next;
    case CallStatus::unavailable:
      return give_up_or_retry(order, result, "charge", "payment_unavailable");
  }
  return Progress::later;
}

SagaRunner::Progress SagaRunner::confirm(const Order& order) {
  const auto result = inventory_.confirm(order, order.request_id);
  crash_hook_.at("confirm-sent", order.id);
  switch (result.status) {
    case CallStatus::ok:
      store_.finish_confirmed(order.id);
      logger_.info("saga: order confirmed", order.request_id, {{"order_id", order.id}});
      return Progress::next;
    case CallStatus::rejected:
      // The reservation is gone although it was held: give the money back.
      logger_.error("saga: reservation could not be confirmed", order.request_id,
                    {{"order_id", order.id}, {"reason", result.reason}});
      store_.start_compensation(order.id, "reservation_lost");
      return Progress::next;
    case CallStatus::unavailable:
      return retry_later(order, result, "confirm");  // past the pivot: only forward
  }
  return Progress::later;
}

SagaRunner::Progress SagaRunner::compensate(const Order& order) {
  if (order.charge_attempted) {
    const auto refund = payment_.refund(order, order.request_id);
    if (refund.status != CallStatus::ok) {
      return retry_later(order, refund, "refund");
    }
  }
  const auto release = inventory_.release(order, order.request_id);
  const bool released = release.status == CallStatus::ok ||
                        (release.status == CallStatus::rejected && release.http_status == 404);
  if (!released) {
    return retry_later(order, release, "release");
  }
  store_.finish_cancelled(order.id);
  logger_.info("saga: order cancelled", order.request_id,
               {{"order_id", order.id}, {"reason", order.cancel_reason.value_or("unknown")}});
  return Progress::next;
}

}  // namespace orders
