#include "order_store.h"

#include <catch2/catch.hpp>

#include "common/migrations.h"

namespace {

struct Fixture {
  refsys::Logger logger{"order-service-test"};
  refsys::Database db{":memory:", refsys::Synchronous::normal};
  orders::OrderStore store{db};
  Fixture() { refsys::migrate_up(db, ORDER_MIGRATIONS_DIR, logger); }
};

orders::NewOrder two_items() {
  return {"c-1", {{"apple", 2, std::nullopt}, {"pear", 1, std::nullopt}}};
}

}  // namespace

TEST_CASE("an order and its OrderPlaced event are written together") {
  Fixture f;
  const auto created = f.store.create(two_items(), std::string("key-1"), "req-1", {1000, 2000, 31000});
  REQUIRE(created.created);
  CHECK(created.order.status == orders::OrderStatus::pending);
  CHECK(created.order.step == orders::SagaStep::reserve);
  const auto events = f.store.unpublished_events(10);
  REQUIRE(events.size() == 1);
  CHECK(events[0].type == "OrderPlaced");
  CHECK(events[0].order_id == created.order.id);
  f.store.mark_published({events[0].id});
  CHECK(f.store.unpublished_events(10).empty());
}

TEST_CASE("the same Idempotency-Key returns the same order, or refuses a different request") {
  Fixture f;
  const auto first = f.store.create(two_items(), std::string("key-1"), "req-1", {1000, 2000, 31000});
  const auto again = f.store.create(two_items(), std::string("key-1"), "req-2", {1000, 2000, 31000});
  CHECK_FALSE(again.created);
  CHECK(again.order.id == first.order.id);
  auto other = two_items();
  other.items[0].quantity = 3;
  CHECK(f.store.create(other, std::string("key-1"), "req-3", {1000, 2000, 31000}).key_reused);
  CHECK(f.store.create(two_items(), std::nullopt, "req-4", {1000, 2000, 31000}).order.id != first.order.id);
}

TEST_CASE("the saga steps are recorded with prices, total and final events") {
  Fixture f;
  const auto id = f.store.create(two_items(), std::nullopt, "req-1", {1000, 2000, 31000}).order.id;
  f.store.record_reserved(id, {{"apple", 120}, {"pear", 80}});
  auto order = f.store.find(id);
  CHECK(order->step == orders::SagaStep::charge);
  CHECK(order->total_cents == 2 * 120 + 80);
  f.store.mark_charge_attempted(id);
  f.store.record_charged(id);
  f.store.finish_confirmed(id);
  order = f.store.find(id);
  CHECK(order->status == orders::OrderStatus::confirmed);
  CHECK(order->charge_attempted);
  const auto events = f.store.unpublished_events(10);
  REQUIRE(events.size() == 2);
  CHECK(events[1].type == "OrderConfirmed");
  CHECK(events[1].sequence == 2);
}

TEST_CASE("pending orders become due for the worker, and all of them at start-up") {
  Fixture f;
  const auto id = f.store.create(two_items(), std::nullopt, "req-1", {1000, 2000, 31000}).order.id;
  CHECK(f.store.due_pending(1500, 10).empty());
  CHECK(f.store.due_pending(2000, 10) == std::vector<std::string>{id});
  f.store.schedule_retry(id, 9000);
  CHECK(f.store.due_pending(5000, 10).empty());
  CHECK(f.store.make_pending_due(5000) == 1);
  CHECK(f.store.due_pending(5000, 10).size() == 1);
  f.store.start_compensation(id, "insufficient_stock");
  f.store.finish_cancelled(id);
  CHECK(f.store.find(id)->cancel_reason == "insufficient_stock");
  CHECK(f.store.due_pending(99999, 10).empty());
}
