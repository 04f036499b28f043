// TEST ONLY. ORDER_TEST_CRASH_AT=<point> (or --test-crash-at) makes
// order-service exit at once, without any clean-up (as a crash or SIGKILL
// would), when a saga reaches <point>:
//   created       the order and its OrderPlaced event are committed
//   reserve-sent  inventory-service answered the reserve call; not yet recorded
//   reserved      the reservation is recorded
//   charge-sent   payment-service answered the charge call; not yet recorded
//   charged       the charge is recorded
//   confirm-sent  inventory-service confirmed; the order is not yet CONFIRMED
// The end-to-end tests use it to prove that a restart resumes every pending
// saga without losing or doubling anything. Never set it in production; the
// service logs a warning at start-up when it is set.
#pragma once

#include <string>
#include <string_view>

#include "common/log.h"

namespace orders {

class CrashHook {
 public:
  CrashHook(std::string point, const refsys::Logger& logger) : point_(std::move(point)), logger_(logger) {}

  // True when `point` is one of the names above (or empty).
  static bool is_known_point(std::string_view point);

  void at(std::string_view point, const std::string& order_id) const;

 private:
  std::string point_;
  const refsys::Logger& logger_;
};

}  // namespace orders
