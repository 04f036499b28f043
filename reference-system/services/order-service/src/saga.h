// The order saga: reserve stock, charge the payment, confirm the
// reservation; on a definite failure, compensate (refund if a charge was
// attempted, release the reservation) and cancel the order with a reason.
//
// Every step is recorded in the orders table before the next one starts, and
// every remote call carries a key derived from the order id, so the saga can
// be resumed from the database after a crash at any point: a repeated call
// finds the reservation or payment it made before instead of making another.
//
// While a peer is unavailable the step is retried later (with backoff) by the
// background worker. Until the charge succeeds, the saga gives up at the
// order's deadline and compensates; after it (the pivot), it only goes
// forward: confirming a held reservation cannot fail for lack of stock.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "common/log.h"
#include "crash_hook.h"
#include "order_store.h"
#include "peers.h"

namespace orders {

struct SagaTiming {
  std::chrono::milliseconds deadline{30000};        // from placement to a successful charge
  std::chrono::milliseconds retry_interval{1000};   // first background retry; doubled up to max_backoff
  std::chrono::milliseconds max_backoff{10000};
};

std::int64_t now_ms();

class SagaRunner {
 public:
  SagaRunner(OrderStore& store, const InventoryPeer& inventory, const PaymentPeer& payment,
             SagaTiming timing, const CrashHook& crash_hook, const refsys::Logger& logger)
      : store_(store), inventory_(inventory), payment_(payment), timing_(timing),
        crash_hook_(crash_hook), logger_(logger) {}

  const SagaTiming& timing() const { return timing_; }

  // Runs the saga of one order as far as it can go now: to CONFIRMED or
  // CANCELLED, or until a peer is unavailable (then a retry is scheduled),
  // or until `budget` has passed (no new step starts after it; the worker
  // picks the order up later). When another thread is already running this
  // order's saga it returns at once. Returns the order as stored afterwards.
  std::optional<Order> advance(const std::string& order_id,
                               std::chrono::milliseconds budget = std::chrono::hours(1));

 private:
  enum class Progress { next, later };

  Progress step(const Order& order);
  Progress reserve(const Order& order);
  Progress charge(const Order& order);
  Progress confirm(const Order& order);
  Progress compensate(const Order& order);
  Progress retry_later(const Order& order, const CallResult& result, std::string_view call);
  // Before the pivot: compensate once the deadline has passed, else retry later.
  Progress give_up_or_retry(const Order& order, const CallResult& result, std::string_view call,
                            const std::string& reason);

  bool claim(const std::string& order_id);
  void release_claim(const std::string& order_id);

  OrderStore& store_;
  const InventoryPeer& inventory_;
  const PaymentPeer& payment_;
  SagaTiming timing_;
  const CrashHook& crash_hook_;
  const refsys::Logger& logger_;

  std::mutex claims_mutex_;
  std::set<std::string> running_;
};

}  // namespace orders
