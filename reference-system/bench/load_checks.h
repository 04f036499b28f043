// The benchmark's invariant check, after every order is final:
//  - nothing lost: every order placed can be read back and is CONFIRMED or CANCELLED;
//  - nothing doubled: per SKU, on hand + confirmed == initial, nothing left
//    reserved, and the confirmed quantity equals the sum over CONFIRMED orders;
//    every order has at most one payment, CHARGED exactly when CONFIRMED, for its total.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace load {

struct CheckInput {
  std::string gateway_url;
  std::string payment_url;
  std::map<std::string, long long> initial_stock;
  std::vector<std::string> order_ids;
};

struct CheckResult {
  bool ok = true;
  std::vector<std::string> problems;  // the first few
  long long confirmed_orders = 0;
  long long cancelled_orders = 0;
};

CheckResult check_invariants(const CheckInput& input);

}  // namespace load
