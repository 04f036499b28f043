// The order-service's own tables: orders, order_items, outbox_events. Every
// change of an order that others may care about writes its outbox event in
// the same transaction.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/db.h"
#include "order.h"
#include "order_requests.h"

namespace orders {

struct CreateOutcome {
  Order order;
  bool created = false;     // false: the Idempotency-Key was seen before
  bool key_reused = false;  // the key was seen with a different request
};

struct OutboxEvent {
  std::string id;
  std::string order_id;
  std::int64_t sequence = 0;
  std::string type;
  std::string payload;  // JSON
  std::string created_at;
  std::string request_id;  // of the request that placed the order
};

struct CreateTimes {
  std::int64_t now_ms = 0;
  std::int64_t first_retry_at_ms = 0;  // when the background worker may first pick it up
  std::int64_t deadline_at_ms = 0;     // forward steps give up after this
};

class OrderStore {
 public:
  explicit OrderStore(refsys::Database& db) : db_(db) {}

  // Inserts the order (PENDING, step RESERVE), its items and an OrderPlaced
  // event in one transaction - or returns the order already stored under the
  // same Idempotency-Key.
  CreateOutcome create(const NewOrder& request, const std::optional<std::string>& idempotency_key,
                       const std::string& request_id, const CreateTimes& times);

  std::optional<Order> find(const std::string& id);

  // RESERVE -> CHARGE, storing the prices the reservation returned.
  void record_reserved(const std::string& id, const std::map<std::string, std::int64_t>& unit_prices);
  void mark_charge_attempted(const std::string& id);
  // CHARGE -> CONFIRM.
  void record_charged(const std::string& id);
  // Any forward step -> COMPENSATE, with the reason the order will be cancelled for.
  void start_compensation(const std::string& id, const std::string& reason);
  // CONFIRM -> DONE, status CONFIRMED, OrderConfirmed event.
  void finish_confirmed(const std::string& id);
  // COMPENSATE -> DONE, status CANCELLED, OrderCancelled event.
  void finish_cancelled(const std::string& id);
  // Counts a failed attempt and sets when to try again.
  void schedule_retry(const std::string& id, std::int64_t next_attempt_at_ms);

  // PENDING orders whose next attempt is due.
  std::vector<std::string> due_pending(std::int64_t now_ms, int limit);
  // Makes every PENDING order due now (start-up). Returns how many there are.
  int make_pending_due(std::int64_t now_ms);

  std::vector<OutboxEvent> unpublished_events(int limit);
  void mark_published(const std::vector<std::string>& event_ids);

  bool healthy();

 private:
  refsys::Database& db_;
};

}  // namespace orders
