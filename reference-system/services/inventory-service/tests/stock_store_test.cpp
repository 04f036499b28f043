#include "stock_store.h"

#include <catch2/catch.hpp>

#include "common/migrations.h"

namespace {

struct Fixture {
  refsys::Logger logger{"inventory-service-test"};
  refsys::Database db{":memory:", refsys::Synchronous::normal};
  inventory::StockStore store{db};
  Fixture() {
    refsys::migrate_up(db, INVENTORY_MIGRATIONS_DIR, logger);
    store.set_level("apple", 10, 120);
    store.set_level("pear", 5, 80);
  }
};

std::vector<inventory::ReservationLine> lines(std::int64_t apples, std::int64_t pears) {
  return {{"apple", apples, 0}, {"pear", pears, 0}};
}

}  // namespace

TEST_CASE("a reservation takes stock and records the price") {
  Fixture f;
  const auto outcome = f.store.reserve("order-1", lines(3, 2));
  REQUIRE(outcome.result == inventory::ReserveResult::created);
  CHECK(outcome.reservation.lines.at(0).unit_price_cents == 120);
  const auto apple = f.store.level("apple");
  CHECK(apple->on_hand == 7);
  CHECK(apple->reserved == 3);
}

TEST_CASE("a repeated key replays without taking stock twice") {
  Fixture f;
  f.store.reserve("order-1", lines(3, 2));
  const auto again = f.store.reserve("order-1", lines(3, 2));
  CHECK(again.result == inventory::ReserveResult::replayed);
  CHECK(f.store.level("apple")->on_hand == 7);
  CHECK(f.store.reserve("order-1", lines(4, 2)).result == inventory::ReserveResult::key_reused);
}

TEST_CASE("short stock refuses the whole reservation") {
  Fixture f;
  const auto outcome = f.store.reserve("order-1", lines(3, 6));
  CHECK(outcome.result == inventory::ReserveResult::insufficient_stock);
  CHECK(outcome.sku == "pear");
  CHECK(outcome.available == 5);
  CHECK(f.store.level("apple")->on_hand == 10);
  CHECK_FALSE(f.store.find("order-1"));
  CHECK(f.store.reserve("order-2", {{"plum", 1, 0}}).result == inventory::ReserveResult::unknown_sku);
}

TEST_CASE("confirm keeps the stock taken, release gives it back") {
  Fixture f;
  f.store.reserve("order-1", lines(3, 2));
  f.store.reserve("order-2", lines(1, 1));
  CHECK(f.store.confirm("order-1").result == inventory::ChangeResult::changed);
  CHECK(f.store.confirm("order-1").result == inventory::ChangeResult::unchanged);
  CHECK(f.store.release("order-1", {}).result == inventory::ChangeResult::conflict);
  CHECK(f.store.release("order-2", {}).result == inventory::ChangeResult::changed);
  CHECK(f.store.release("order-2", {}).result == inventory::ChangeResult::unchanged);
  CHECK(f.store.confirm("order-2").result == inventory::ChangeResult::conflict);
  const auto apple = f.store.level("apple");
  CHECK(apple->on_hand == 7);
  CHECK(apple->confirmed == 3);
  CHECK(apple->reserved == 0);
  CHECK(apple->on_hand + apple->confirmed == 10);
}

TEST_CASE("releasing an unknown key with items leaves a tombstone that refuses a late reserve") {
  Fixture f;
  CHECK(f.store.release("order-9", {}).result == inventory::ChangeResult::not_found);
  CHECK(f.store.release("order-9", lines(1, 1)).result == inventory::ChangeResult::changed);
  CHECK(f.store.reserve("order-9", lines(1, 1)).result == inventory::ReserveResult::already_released);
  CHECK(f.store.level("apple")->on_hand == 10);
  CHECK(f.store.confirm("order-9").result == inventory::ChangeResult::conflict);
}

TEST_CASE("the down migration removes the schema") {
  Fixture f;
  CHECK(refsys::current_schema_version(f.db) == 1);
  refsys::migrate_down_to(f.db, INVENTORY_MIGRATIONS_DIR, 0, f.logger);
  CHECK(refsys::current_schema_version(f.db) == 0);
  CHECK_THROWS(f.store.level("apple"));
  refsys::migrate_up(f.db, INVENTORY_MIGRATIONS_DIR, f.logger);
  CHECK_FALSE(f.store.level("apple"));
}
