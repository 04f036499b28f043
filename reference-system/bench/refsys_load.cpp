// refsys_load: drives orders through the gateway with concurrent clients,
// then prints throughput, latency percentiles and the invariant check.
//
//   refsys_load --gateway URL --inventory URL --payment URL
//               [--orders 3000] [--clients 16] [--skus 20] [--stock 1000]
//               [--decline-percent 5]
//
// It seeds its own SKUs on inventory-service (the gateway does not expose
// that) and reads payments from payment-service for the check. The easiest
// way to run it is `reference-system/run.sh bench` (see README.md).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "common/settings.h"
#include "load_checks.h"
#include "load_client.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string gateway, inventory, payment;
  long long orders = 3000, clients = 16, skus = 20, stock = 1000, decline_percent = 5;
};

struct Placed {
  std::string id;
  int status = 0;
  double ms = 0;
};

double percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) {
    return 0;
  }
  const auto index = static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(index, sorted.size() - 1)];
}

nlohmann::json random_items(std::mt19937& random, const Options& options, const std::string& run) {
  std::uniform_int_distribution<int> count(1, 3), quantity(1, 3);
  std::uniform_int_distribution<long long> sku(0, options.skus - 1);
  std::map<long long, int> chosen;
  for (int i = count(random); i > 0; --i) {
    chosen[sku(random)] = quantity(random);
  }
  nlohmann::json items = nlohmann::json::array();
  for (const auto& [index, amount] : chosen) {
    items.push_back({{"sku", "load-" + run + "-" + std::to_string(index)}, {"quantity", amount}});
  }
  return items;
}

std::vector<Placed> place_orders(const Options& options, const std::string& run) {
  std::vector<Placed> placed(static_cast<std::size_t>(options.orders));
  std::atomic<long long> next{0};
  std::vector<std::thread> clients;
  for (long long c = 0; c < options.clients; ++c) {
    clients.emplace_back([&, c] {
      load::JsonClient gateway(options.gateway);
      std::mt19937 random(static_cast<unsigned>(c * 7919 + 17));
      std::uniform_int_distribution<int> percent(0, 99);
      for (long long i = next++; i < options.orders; i = next++) {
        const bool decline = percent(random) < options.decline_percent;
        const std::string customer = (decline ? "decline-" : "customer-") + std::to_string(i % 97);
        const nlohmann::json body{{"customerId", customer}, {"items", random_items(random, options, run)}};
        const auto started = Clock::now();
        const auto reply = gateway.send("POST", "/orders", body,
                                        {{"Idempotency-Key", "load-" + run + "-" + std::to_string(i)}});
        auto& slot = placed[static_cast<std::size_t>(i)];
        slot.ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
        slot.status = reply.status;
        if (reply.body.is_object()) {
          slot.id = reply.body.value("id", "");
        }
      }
    });
  }
  for (auto& client : clients) {
    client.join();
  }
  return placed;
}

bool wait_until_final(const Options& options, const std::vector<Placed>& placed) {
  load::JsonClient gateway(options.gateway);
  const auto until = Clock::now() + std::chrono::seconds(60);
  for (const auto& order : placed) {
    if (order.status != 202 || order.id.empty()) {
      continue;
    }
    while (gateway.get("/orders/" + order.id).body.value("status", "") == "PENDING") {
      if (Clock::now() > until) {
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  const auto settings = refsys::Settings::parse(argc, argv);
  if (!settings) {
    return 2;
  }
  Options options;
  options.gateway = settings->text("gateway", "GATEWAY_URL", "");
  options.inventory = settings->text("inventory", "INVENTORY_URL", "");
  options.payment = settings->text("payment", "PAYMENT_URL", "");
  options.orders = settings->integer("orders", "", 3000, 1, 10000000);
  options.clients = settings->integer("clients", "", 16, 1, 256);
  options.skus = settings->integer("skus", "", 20, 1, 10000);
  options.stock = settings->integer("stock", "", 1000, 0, 1000000000);
  options.decline_percent = settings->integer("decline-percent", "", 5, 0, 100);
  if (options.gateway.empty() || options.inventory.empty() || options.payment.empty() ||
      !settings->unknown_flags().empty()) {
    std::fputs("usage: refsys_load --gateway URL --inventory URL --payment URL [--orders N] [--clients N]\n"
               "                   [--skus N] [--stock N] [--decline-percent P]\n", stderr);
    return 2;
  }

  const std::string run = std::to_string(std::random_device{}() % 1000000);
  std::map<std::string, long long> initial;
  load::JsonClient inventory(options.inventory);
  for (long long k = 0; k < options.skus; ++k) {
    const std::string sku = "load-" + run + "-" + std::to_string(k);
    const auto reply = inventory.send("PUT", "/inventory/" + sku,
                                      {{"onHand", options.stock}, {"unitPriceCents", 100 + k}});
    if (reply.status != 200) {
      std::fprintf(stderr, "cannot seed %s on inventory-service: HTTP %d\n", sku.c_str(), reply.status);
      return 1;
    }
    initial[sku] = options.stock;
  }

  const auto started = Clock::now();
  auto placed = place_orders(options, run);
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  const bool settled = wait_until_final(options, placed);

  std::map<int, long long> by_status;
  std::vector<double> latencies;
  load::CheckInput check{options.gateway, options.payment, initial, {}};
  for (const auto& order : placed) {
    ++by_status[order.status];
    latencies.push_back(order.ms);
    if (!order.id.empty()) {
      check.order_ids.push_back(order.id);
    }
  }
  std::sort(latencies.begin(), latencies.end());
  const auto result = load::check_invariants(check);
  const long long unanswered = options.orders - static_cast<long long>(check.order_ids.size());

  std::printf("refsys_load: %lld orders, %lld clients, %lld SKUs x %lld units\n", options.orders,
              options.clients, options.skus, options.stock);
  std::printf("  wall time      %.2f s\n", seconds);
  std::printf("  throughput     %.1f orders/s\n", static_cast<double>(options.orders) / seconds);
  std::printf("  latency (ms)   p50 %.1f  p95 %.1f  p99 %.1f  max %.1f\n", percentile(latencies, 50),
              percentile(latencies, 95), percentile(latencies, 99), latencies.back());
  std::printf("  answers       ");
  for (const auto& [status, count] : by_status) {
    std::printf(" %d: %lld", status, count);
  }
  std::printf("\n  final          CONFIRMED %lld, CANCELLED %lld, without an order id %lld\n",
              result.confirmed_orders, result.cancelled_orders, unanswered);
  const bool ok = result.ok && settled && unanswered == 0;
  std::printf("  invariants     %s\n", ok ? "OK (nothing lost, nothing doubled)" : "FAILED");
  for (const auto& problem : result.problems) {
    std::printf("    %s\n", problem.c_str());
  }
  if (!settled) {
    std::printf("    some orders were still PENDING after 60 s\n");
  }
  return ok ? 0 : 1;
}
