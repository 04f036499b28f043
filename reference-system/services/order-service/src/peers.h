// The calls the order saga makes to inventory-service and payment-service.
// Each call carries the caller's x-request-id, has timeouts, and is retried a
// bounded number of times; every call is safe to repeat because it carries a
// key derived from the order id.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/peer_client.h"
#include "order.h"

namespace orders {

enum class CallStatus {
  ok,          // 2xx
  rejected,    // 4xx: a definite no (short stock, declined, ...)
  unavailable  // no answer, or 5xx, after every retry: the outcome is unknown
};

struct CallResult {
  CallStatus status = CallStatus::unavailable;
  int http_status = 0;
  std::string reason;  // the peer's error code, or a transport error
  nlohmann::json body;
};

class InventoryPeer {
 public:
  InventoryPeer(refsys::PeerClient client, refsys::RetryPolicy retries)
      : client_(std::move(client)), retries_(retries) {}

  // On ok, unit_prices holds the price of every SKU the reservation took.
  CallResult reserve(const Order& order, const std::string& request_id,
                     std::map<std::string, std::int64_t>& unit_prices) const;
  CallResult confirm(const Order& order, const std::string& request_id) const;
  CallResult release(const Order& order, const std::string& request_id) const;

 private:
  refsys::PeerClient client_;
  refsys::RetryPolicy retries_;
};

class PaymentPeer {
 public:
  PaymentPeer(refsys::PeerClient client, refsys::RetryPolicy retries)
      : client_(std::move(client)), retries_(retries) {}

  // rejected with reason "payment_declined" when the payment was declined.
  CallResult charge(const Order& order, const std::string& request_id) const;
  // Refunds a charge, or voids the key when nothing was charged.
  CallResult refund(const Order& order, const std::string& request_id) const;

 private:
  refsys::PeerClient client_;
  refsys::RetryPolicy retries_;
};

// Classifies a response: 2xx ok, 4xx rejected, else unavailable.
CallResult classify(const refsys::PeerResponse& response);

}  // namespace orders
