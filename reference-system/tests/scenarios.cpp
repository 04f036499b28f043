#include "scenarios.h"

#include <future>
#include <thread>

#include "checks.h"
#include "helpers.h"

namespace e2e {

namespace {

using namespace std::chrono_literals;
using nlohmann::json;

void order_is_confirmed(System& system) {
  system.start_all();
  set_stock(system, "apple", 10, 150);
  set_stock(system, "pear", 4, 80);
  const auto answer = place_order(system, "alice", {{"apple", 2}, {"pear", 1}}, "key-1", "e2e-confirmed-1");
  CHECK_E2E(answer.status == 201, answer.status, " ", answer.body.dump());
  CHECK_E2E(answer.body.at("status") == "CONFIRMED");
  CHECK_E2E(answer.body.at("totalCents") == 2 * 150 + 80);
  CHECK_E2E(answer.header("x-request-id") == "e2e-confirmed-1", "the gateway echoes the request id");

  const auto apple = stock_of(system, "apple");
  CHECK_E2E(apple.at("onHand") == 8 && apple.at("confirmed") == 2, apple.dump());
  const std::string id = answer.body.at("id");
  const auto payments = payments_of(system, id);
  CHECK_E2E(payments.size() == 1 && payments[0].at("status") == "CHARGED", json(payments).dump());

  // The request id travelled gateway -> order-service -> inventory and payment.
  for (const char* service : {"order-service", "inventory-service", "payment-service"}) {
    bool seen = false;
    for (const auto& line : system.log_lines(service)) {
      seen = seen || text_of(line, "request_id") == "e2e-confirmed-1";
    }
    CHECK_E2E(seen, service, " never logged the request id");
  }
  // The outbox relay published OrderPlaced and OrderConfirmed to the log.
  const auto until = std::chrono::steady_clock::now() + 5s;
  int published = 0;
  while (published < 2 && std::chrono::steady_clock::now() < until) {
    published = 0;
    for (const auto& line : system.log_lines("order-service")) {
      published += text_of(line, "msg") == "outbox event published" && text_of(line, "order_id") == id;
    }
    std::this_thread::sleep_for(50ms);
  }
  CHECK_E2E(published == 2, "published events for the order: ", published);

  check_payment_invariant(system, answer.body);
  check_stock_invariant(system, {{"apple", 10}, {"pear", 4}});
}

void insufficient_stock(System& system) {
  system.start_all();
  set_stock(system, "apple", 1, 150);
  set_stock(system, "pear", 5, 80);
  const auto answer = place_order(system, "alice", {{"pear", 1}, {"apple", 2}});
  CHECK_E2E(answer.status == 409, answer.status, " ", answer.body.dump());
  CHECK_E2E(answer.body.at("status") == "CANCELLED");
  CHECK_E2E(answer.body.at("cancelReason") == "insufficient_stock", answer.body.dump());
  CHECK_E2E(payments_of(system, answer.body.at("id")).empty(), "no payment for a short order");
  check_stock_invariant(system, {{"apple", 1}, {"pear", 5}});
}

void declined_payment(System& system) {
  system.start_all();
  set_stock(system, "apple", 10, 150);
  const auto answer = place_order(system, "decline-bob", {{"apple", 3}});
  CHECK_E2E(answer.status == 402, answer.status, " ", answer.body.dump());
  CHECK_E2E(answer.body.at("status") == "CANCELLED");
  CHECK_E2E(answer.body.at("cancelReason") == "payment_declined");
  const auto payments = payments_of(system, answer.body.at("id"));
  CHECK_E2E(payments.size() == 1 && payments[0].at("status") == "DECLINED", json(payments).dump());
  CHECK_E2E(stock_of(system, "apple").at("onHand") == 10, "the stock is back");
  check_payment_invariant(system, answer.body);
  check_stock_invariant(system, {{"apple", 10}});
}

// payment-service commits a charge, then is killed before it answers. The
// saga cannot know whether it was charged; it retries with the same key once
// payment-service is back, finds the charge, and completes - charged once.
void payment_killed_mid_charge(System& system) {
  system.start_all({}, {{"PAYMENT_TEST_HANG_AFTER_CHARGE_MS", "30000"}});
  set_stock(system, "apple", 10, 150);
  auto pending = std::async(std::launch::async, [&system] {
    return place_order(system, "carol", {{"apple", 2}}, "key-kill-pay", "e2e-kill-pay");
  });
  const std::string id = order_id_logged_for(system, "e2e-kill-pay");
  const auto until = std::chrono::steady_clock::now() + 10s;
  while (system.call("payment-service", "GET", "/payments/order-" + id, nullptr, {}, 1000ms).status != 200) {
    CHECK_E2E(std::chrono::steady_clock::now() < until, "the charge never reached payment-service");
    std::this_thread::sleep_for(20ms);
  }
  system.kill("payment-service");
  CHECK_E2E(pending.wait_for(30s) == std::future_status::ready, "POST /orders never answered");
  const auto answer = pending.get();
  CHECK_E2E(answer.status == 202 && answer.body.at("status") == "PENDING", answer.status, " ", answer.body.dump());

  system.start("payment-service");
  const auto order = wait_until_final(system, id);
  CHECK_E2E(order.at("status") == "CONFIRMED", order.dump());
  check_payment_invariant(system, order);
  check_stock_invariant(system, {{"apple", 10}});
}

// payment-service is down past the saga deadline: the order is compensated
// (the payment key voided, the stock released) once payment-service is back.
void payment_down_compensates(System& system) {
  system.start_all({{"SAGA_DEADLINE_MS", "500"}});
  set_stock(system, "apple", 10, 150);
  system.kill("payment-service");
  const auto answer = place_order(system, "dave", {{"apple", 4}});
  CHECK_E2E(answer.status == 202 && answer.body.at("status") == "PENDING", answer.status, " ", answer.body.dump());
  std::this_thread::sleep_for(1000ms);
  const std::string id = answer.body.at("id");
  CHECK_E2E(system.call("gateway", "GET", "/orders/" + id).body.at("status") == "PENDING",
            "the order waits for payment-service to void the charge");
  CHECK_E2E(stock_of(system, "apple").at("reserved") == 4, "the stock stays reserved meanwhile");

  system.start("payment-service");
  const auto order = wait_until_final(system, id);
  CHECK_E2E(order.at("status") == "CANCELLED" && order.at("cancelReason") == "payment_unavailable", order.dump());
  const auto payments = payments_of(system, id);
  CHECK_E2E(payments.size() == 1 && payments[0].at("status") == "VOIDED", json(payments).dump());
  check_payment_invariant(system, order);
  check_stock_invariant(system, {{"apple", 10}});
}

// order-service exits at a saga step; restarted, it resumes the saga and
// finishes it, and the client's retry with the same Idempotency-Key returns
// the same order.
void order_service_crash(System& system, const std::string& point) {
  system.start_all({{"ORDER_TEST_CRASH_AT", point}});
  set_stock(system, "apple", 10, 150);
  const std::string request_id = "e2e-crash-" + point;
  const auto lost = place_order(system, "erin", {{"apple", 3}}, "key-crash", request_id);
  CHECK_E2E(lost.status == 502 || lost.status == 503, "the gateway maps the crash to 502/503, got ",
            lost.status);
  CHECK_E2E(system.wait_exit("order-service", 10s) == 86, "order-service exits at the hook");
  const std::string id = order_id_logged_for(system, request_id);

  system.start("order-service");  // without the hook; it resumes pending sagas at start-up
  const auto order = wait_until_final(system, id);
  CHECK_E2E(order.at("status") == "CONFIRMED", order.dump());
  const auto retried = place_order(system, "erin", {{"apple", 3}}, "key-crash");
  CHECK_E2E(retried.status == 201 && retried.body.at("id") == id, retried.status, " ", retried.body.dump());
  CHECK_E2E(retried.header("Idempotent-Replayed") == "true");
  CHECK_E2E(stock_of(system, "apple").at("confirmed") == 3, "reserved and confirmed once");
  check_payment_invariant(system, order);
  check_stock_invariant(system, {{"apple", 10}});
}

void repeated_idempotency_key(System& system) {
  system.start_all();
  set_stock(system, "apple", 10, 150);
  const auto first = place_order(system, "frank", {{"apple", 1}}, "key-repeat");
  const auto second = place_order(system, "frank", {{"apple", 1}}, "key-repeat");
  CHECK_E2E(first.status == 201 && second.status == 201, first.status, " ", second.status);
  CHECK_E2E(first.body.at("id") == second.body.at("id"), "the same order");
  CHECK_E2E(second.header("Idempotent-Replayed") == "true");
  const auto other = place_order(system, "frank", {{"apple", 2}}, "key-repeat");
  CHECK_E2E(other.status == 422, "a different request with the same key: ", other.status);
  CHECK_E2E(stock_of(system, "apple").at("confirmed") == 1, "the order was placed once");
  CHECK_E2E(payments_of(system, first.body.at("id")).size() == 1);
  check_payment_invariant(system, first.body);
  check_stock_invariant(system, {{"apple", 10}});
}

void bad_requests(System& system) {
  system.start_all();
  set_stock(system, "apple", 10, 150);
  const std::vector<std::pair<std::string, std::string>> bodies{
      {"{not json", "malformed_json"},
      {"[1,2]", "malformed_json"},
      {R"({"items":[{"sku":"apple","quantity":1}]})", "invalid_request"},
      {R"({"customerId":"c"})", "invalid_request"},
      {R"({"customerId":"c","items":[{"sku":"apple","quantity":-1}]})", "invalid_request"},
      {R"({"customerId":"c","items":[{"sku":"apple","quantity":0}]})", "invalid_request"},
      {R"({"customerId":"c","items":[{"sku":"apple","quantity":"2"}]})", "invalid_request"},
      {R"({"customerId":"c","items":[{"sku":"apple","quantity":1.5}]})", "invalid_request"},
      {R"({"customerId":"c","items":[{"quantity":1}]})", "invalid_request"},
  };
  for (const auto& [body, code] : bodies) {
    const auto answer = system.call_raw("gateway", "POST", "/orders", body);
    CHECK_E2E(answer.status == 400 && answer.body.value("error", "") == code, body, " -> ", answer.status, " ",
              answer.body.dump());
  }
  const auto bad_key = system.call_raw("gateway", "POST", "/orders",
                                       R"({"customerId":"c","items":[{"sku":"apple","quantity":1}]})",
                                       {{"Idempotency-Key", std::string(200, 'k')}});
  CHECK_E2E(bad_key.status == 400, "an overlong Idempotency-Key: ", bad_key.status);
  CHECK_E2E(system.call("gateway", "GET", "/orders/no-such-order").status == 404);
  CHECK_E2E(system.call("gateway", "GET", "/inventory/no-such-sku").status == 404);
  CHECK_E2E(system.call("gateway", "GET", "/no-such-route").status == 404);
  CHECK_E2E(system.call("gateway", "PUT", "/inventory/apple", {{"onHand", 99}, {"unitPriceCents", 1}}).status == 404,
            "the gateway does not expose setting stock");
  CHECK_E2E(system.call_raw("inventory-service", "POST", "/reservations",
                            R"({"reservationKey":"k","items":[{"sku":"apple","quantity":-3}]})").status == 400);
  CHECK_E2E(system.call_raw("payment-service", "POST", "/payments",
                            R"({"paymentKey":"k","orderId":"o","customerId":"c","amountCents":-5})").status == 400);
  CHECK_E2E(system.call_raw("inventory-service", "PUT", "/inventory/apple", R"({"onHand":-1,"unitPriceCents":1})")
                .status == 400);
  for (const auto& line : system.log_lines("order-service")) {
    CHECK_E2E(text_of(line, "msg") != "order placed", "a bad request placed an order");
  }
  CHECK_E2E(stock_of(system, "apple").at("unitPriceCents") == 150, "nothing changed");
  check_stock_invariant(system, {{"apple", 10}});
}

void backend_down(System& system) {
  system.start_all();
  set_stock(system, "apple", 10, 150);
  system.kill("order-service");
  const auto answer = place_order(system, "gina", {{"apple", 1}});
  CHECK_E2E(answer.status == 503 && answer.body.value("error", "") == "backend_unavailable", answer.status);
  CHECK_E2E(system.call("gateway", "GET", "/health").status == 200, "the gateway itself stays up");
  check_stock_invariant(system, {{"apple", 10}});
}

// Many clients at once against little stock: never oversold, every
// confirmed order charged once, every cancelled one not charged.
void concurrent_orders(System& system) {
  system.start_all();
  set_stock(system, "apple", 30, 100);
  set_stock(system, "pear", 30, 70);
  std::vector<std::future<std::vector<json>>> clients;
  for (int client = 0; client < 6; ++client) {
    clients.push_back(std::async(std::launch::async, [&system, client] {
      std::vector<json> placed;
      for (int i = 0; i < 12; ++i) {
        const std::string customer = (i % 5 == 4 ? "decline-" : "c-") + std::to_string(client);
        const auto answer = place_order(system, customer, {{"apple", 1 + i % 3}, {"pear", 1 + client % 2}},
                                        "k-" + std::to_string(client) + "-" + std::to_string(i));
        placed.push_back(answer.body);
      }
      return placed;
    }));
  }
  int confirmed_apples = 0;
  int confirmed_orders = 0;
  for (auto& client : clients) {
    CHECK_E2E(client.wait_for(60s) == std::future_status::ready, "a client hung");
    for (const auto& order : client.get()) {
      CHECK_E2E(order.is_object() && order.contains("status"), order.dump());
      CHECK_E2E(order.at("status") != "PENDING", order.dump());
      check_payment_invariant(system, order);
      if (order.at("status") == "CONFIRMED") {
        ++confirmed_orders;
        for (const auto& item : order.at("items")) {
          confirmed_apples += item.at("sku") == "apple" ? item.at("quantity").get<int>() : 0;
        }
      }
    }
  }
  CHECK_E2E(confirmed_orders > 0, "some orders went through");
  CHECK_E2E(stock_of(system, "apple").at("confirmed") == confirmed_apples, "confirmed stock matches the orders");
  check_stock_invariant(system, {{"apple", 30}, {"pear", 30}});
}

}  // namespace

const std::vector<Scenario>& all_scenarios() {
  static const std::vector<Scenario> scenarios{
      {"order-confirmed", order_is_confirmed},
      {"insufficient-stock", insufficient_stock},
      {"declined-payment", declined_payment},
      {"payment-killed-mid-charge", payment_killed_mid_charge},
      {"payment-down-compensates", payment_down_compensates},
      {"order-crash-created", [](System& s) { order_service_crash(s, "created"); }},
      {"order-crash-reserve-sent", [](System& s) { order_service_crash(s, "reserve-sent"); }},
      {"order-crash-reserved", [](System& s) { order_service_crash(s, "reserved"); }},
      {"order-crash-charge-sent", [](System& s) { order_service_crash(s, "charge-sent"); }},
      {"order-crash-charged", [](System& s) { order_service_crash(s, "charged"); }},
      {"order-crash-confirm-sent", [](System& s) { order_service_crash(s, "confirm-sent"); }},
      {"repeated-idempotency-key", repeated_idempotency_key},
      {"bad-requests", bad_requests},
      {"backend-down", backend_down},
      {"concurrent-orders", concurrent_orders},
  };
  return scenarios;
}

}  // namespace e2e
