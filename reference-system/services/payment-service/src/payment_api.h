// The HTTP operations of payment-service (see openapi.yaml).
#pragma once

#include <chrono>

#include "common/http_server.h"
#include "common/log.h"
#include "payment_store.h"

namespace payments {

struct PaymentApiOptions {
  // TEST ONLY (PAYMENT_TEST_HANG_AFTER_CHARGE_MS): after a new charge is
  // committed, wait this long before answering, so a test can kill the
  // service while a charge is in flight. 0 (the default) disables it.
  std::chrono::milliseconds hang_after_charge{0};
};

void add_payment_routes(refsys::HttpServer& http, PaymentStore& store, const refsys::Logger& logger,
                        PaymentApiOptions options);

}  // namespace payments
