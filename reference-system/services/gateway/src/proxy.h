// Forwarding one request to its backend: the same method, path and body, the
// caller's x-request-id (or the one the gateway created) and Idempotency-Key,
// and the backend's answer passed back unchanged. A backend that cannot be
// reached is answered 503 (no connection) or 502 (connection lost, bad or no
// answer). The gateway never retries: only the caller knows whether a repeat
// is safe (it is, for POST /orders with the same Idempotency-Key).
#pragma once

#include <map>
#include <string>

#include <httplib.h>

#include "common/log.h"
#include "common/peer_client.h"
#include "routes.h"

namespace gateway {

class Proxy {
 public:
  Proxy(std::map<std::string, refsys::PeerClient> backends, const refsys::Logger& logger)
      : backends_(std::move(backends)), logger_(logger) {}

  void forward(const Route& route, const httplib::Request& req, httplib::Response& res,
               const std::string& request_id) const;

 private:
  std::map<std::string, refsys::PeerClient> backends_;
  const refsys::Logger& logger_;
};

}  // namespace gateway
