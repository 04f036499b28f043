// The saga against in-process fake peers on loopback ports.
#include "saga.h"

#include <catch2/catch.hpp>

#include "common/http_server.h"
#include <httplib.h>

#include <thread>

#include "common/migrations.h"

namespace {

// A fake inventory-service or payment-service: answers every POST with the
// status and body set for its path (or path prefix, when it ends in '/'),
// and records the paths called.
class FakePeer {
 public:
  FakePeer() {
    server_.Post(".*", [this](const httplib::Request& req, httplib::Response& res) {
      const std::lock_guard<std::mutex> lock(mutex_);
      calls_.push_back(req.path);
      for (const auto& [prefix, answer] : answers_) {
        const bool matches = prefix.back() == '/' ? req.path.rfind(prefix, 0) == 0 : req.path == prefix;
        if (matches) {
          res.status = answer.first;
          res.set_content(answer.second, "application/json");
          return;
        }
      }
      res.status = 200;
      res.set_content("{}", "application/json");
    });
    server_.set_keep_alive_max_count(1);  // no idle connections: stop() returns at once
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = refsys::listen_in_background(server_);
  }
  ~FakePeer() {
    server_.stop();
    thread_.join();
  }
  void answer(const std::string& prefix, int status, const std::string& body) {
    const std::lock_guard<std::mutex> lock(mutex_);
    answers_.insert(answers_.begin(), {prefix, {status, body}});
  }
  std::vector<std::string> calls() {
    const std::lock_guard<std::mutex> lock(mutex_);
    return calls_;
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::pair<std::string, std::pair<int, std::string>>> answers_;
  std::vector<std::string> calls_;
};

constexpr const char* kReserved =
    R"({"status":"RESERVED","items":[{"sku":"apple","quantity":2,"unitPriceCents":150}]})";

struct Fixture {
  refsys::Logger logger{"order-service-test"};
  refsys::Database db{":memory:", refsys::Synchronous::normal};
  orders::OrderStore store{db};
  FakePeer inventory_server;
  FakePeer payment_server;
  orders::InventoryPeer inventory{refsys::PeerClient(inventory_server.url(), {}), {2, std::chrono::milliseconds(1)}};
  orders::PaymentPeer payment{refsys::PeerClient(payment_server.url(), {}), {2, std::chrono::milliseconds(1)}};
  orders::CrashHook no_crash{"", logger};
  orders::SagaTiming timing;
  Fixture() {
    refsys::migrate_up(db, ORDER_MIGRATIONS_DIR, logger);
    inventory_server.answer("/reservations", 201, kReserved);
    payment_server.answer("/payments", 201, R"({"status":"CHARGED"})");
  }
  std::string place(std::int64_t deadline_ms = 60000) {
    const auto now = orders::now_ms();
    return store.create({"c-1", {{"apple", 2, std::nullopt}}}, std::nullopt, "req-1",
                        {now, now + 60000, now + deadline_ms})
        .order.id;
  }
  orders::Order run(const std::string& id) {
    orders::SagaRunner saga(store, inventory, payment, timing, no_crash, logger);
    return *saga.advance(id);
  }
};

}  // namespace

TEST_CASE("saga: reserve, charge, confirm") {
  Fixture f;
  const auto order = f.run(f.place());
  CHECK(order.status == orders::OrderStatus::confirmed);
  CHECK(order.total_cents == 300);
  CHECK(f.inventory_server.calls() ==
        std::vector<std::string>{"/reservations", "/reservations/order-" + order.id + "/confirm"});
  CHECK(f.payment_server.calls() == std::vector<std::string>{"/payments"});
}

TEST_CASE("saga: short stock cancels without touching payments") {
  Fixture f;
  f.inventory_server.answer("/reservations", 409, R"({"error":"insufficient_stock"})");
  const auto order = f.run(f.place());
  CHECK(order.status == orders::OrderStatus::cancelled);
  CHECK(order.cancel_reason == "insufficient_stock");
  CHECK(f.payment_server.calls().empty());
  CHECK(f.inventory_server.calls().back() == "/reservations/order-" + order.id + "/release");
}

TEST_CASE("saga: a declined payment refunds (nothing) and releases the stock") {
  Fixture f;
  f.payment_server.answer("/payments", 402, R"({"status":"DECLINED"})");
  const auto order = f.run(f.place());
  CHECK(order.status == orders::OrderStatus::cancelled);
  CHECK(order.cancel_reason == "payment_declined");
  CHECK(f.payment_server.calls().back() == "/payments/order-" + order.id + "/refund");
  CHECK(f.inventory_server.calls().back() == "/reservations/order-" + order.id + "/release");
}

TEST_CASE("saga: an unavailable payment is retried before the deadline, compensated after it") {
  Fixture f;
  f.payment_server.answer("/payments", 503, R"({"error":"down"})");
  f.payment_server.answer("/payments/", 200, R"({"status":"VOIDED"})");
  const auto waiting = f.run(f.place(60000));
  CHECK(waiting.status == orders::OrderStatus::pending);
  CHECK(waiting.step == orders::SagaStep::charge);
  CHECK(waiting.attempts == 1);

  const auto late = f.run(f.place(-1));
  CHECK(late.status == orders::OrderStatus::cancelled);
  CHECK(late.cancel_reason == "payment_unavailable");
  CHECK(f.payment_server.calls().back() == "/payments/order-" + late.id + "/refund");
}

TEST_CASE("saga: after the charge it only goes forward") {
  Fixture f;
  f.inventory_server.answer("/reservations/", 503, R"({"error":"down"})");
  const auto order = f.run(f.place(-1));
  CHECK(order.status == orders::OrderStatus::pending);
  CHECK(order.step == orders::SagaStep::confirm);
}
