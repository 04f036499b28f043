// Calls to other services: per-call connect and read timeouts, keep-alive
// connections cached per thread, and bounded retries with backoff.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include <httplib.h>

namespace refsys {

struct PeerResponse {
  int status = 0;  // 0: no HTTP response arrived (see error)
  std::string body;
  httplib::Headers headers;
  httplib::Error error = httplib::Error::Success;

  bool answered() const { return status != 0; }
  // The connection was never established, so the request was not sent.
  bool not_sent() const {
    return error == httplib::Error::Connection || error == httplib::Error::ConnectionTimeout;
  }
  std::string error_text() const;
};

struct PeerTimeouts {
  std::chrono::milliseconds connect{1000};
  std::chrono::milliseconds read{3000};
};

class PeerClient {
 public:
  PeerClient(std::string base_url, PeerTimeouts timeouts)
      : base_url_(std::move(base_url)), timeouts_(timeouts) {}

  const std::string& base_url() const { return base_url_; }

  // Sends one request. Safe to call from many threads at once: each thread
  // keeps its own connection to each peer.
  PeerResponse send(std::string_view method, const std::string& path_and_query,
                    const httplib::Headers& headers, const std::string& body = {},
                    std::string_view content_type = "application/json") const;

 private:
  std::string base_url_;
  PeerTimeouts timeouts_;
};

struct RetryPolicy {
  int attempts = 3;                            // calls in all, including the first
  std::chrono::milliseconds first_backoff{100};  // doubled after each failure
};

// Repeats `call` while it fails in transport or answers 5xx, at most
// policy.attempts times, and returns the last response. Only for calls that
// are safe to repeat (idempotent, or carrying an idempotency key).
PeerResponse call_with_retries(const RetryPolicy& policy, const std::function<PeerResponse()>& call);

// "/reservations/{key}/confirm" with {key} replaced by the URL-encoded value.
std::string expand_path(std::string_view path_template, std::string_view name, std::string_view value);

}  // namespace refsys
