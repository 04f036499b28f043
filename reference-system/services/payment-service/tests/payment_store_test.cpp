#include "payment_store.h"

#include <catch2/catch.hpp>

#include "common/migrations.h"

namespace {

struct Fixture {
  refsys::Logger logger{"payment-service-test"};
  refsys::Database db{":memory:", refsys::Synchronous::normal};
  payments::PaymentStore store{db, payments::DeclinePolicy{10000}};
  Fixture() { refsys::migrate_up(db, PAYMENT_MIGRATIONS_DIR, logger); }
};

payments::ChargeRequest request(std::string customer, std::int64_t amount) {
  return {"order-1", "1", std::move(customer), amount};
}

}  // namespace

TEST_CASE("a charge is recorded once per key") {
  Fixture f;
  CHECK(f.store.charge(request("alice", 500)).result == payments::ChargeResult::charged);
  const auto again = f.store.charge(request("alice", 500));
  CHECK(again.result == payments::ChargeResult::replayed);
  CHECK(again.payment.status == "CHARGED");
  CHECK(f.store.charge(request("alice", 600)).result == payments::ChargeResult::key_reused);
  CHECK(f.store.for_order("1").size() == 1);
}

TEST_CASE("declines: customers named decline*, amounts over the limit") {
  CHECK(payments::decline_reason({100}, "decline-bob", 1) == "card_declined");
  CHECK(payments::decline_reason({100}, "alice", 101) == "amount_over_limit");
  CHECK_FALSE(payments::decline_reason({100}, "alice", 100));
  Fixture f;
  const auto outcome = f.store.charge(request("decline-bob", 500));
  CHECK(outcome.result == payments::ChargeResult::declined);
  CHECK(outcome.payment.status == "DECLINED");
  CHECK(f.store.charge(request("decline-bob", 500)).payment.status == "DECLINED");
  CHECK(f.store.refund("order-1", "1").result == payments::RefundResult::unchanged);
}

TEST_CASE("refund gives a charge back once") {
  Fixture f;
  f.store.charge(request("alice", 500));
  CHECK(f.store.refund("order-1", "1").result == payments::RefundResult::refunded);
  CHECK(f.store.refund("order-1", "1").result == payments::RefundResult::unchanged);
  CHECK(f.store.find("order-1")->status == "REFUNDED");
}

TEST_CASE("a refund before the charge voids the key, and the late charge is refused") {
  Fixture f;
  CHECK(f.store.refund("order-1", "1").result == payments::RefundResult::voided);
  CHECK(f.store.charge(request("alice", 500)).result == payments::ChargeResult::voided);
  CHECK(f.store.find("order-1")->status == "VOIDED");
}
