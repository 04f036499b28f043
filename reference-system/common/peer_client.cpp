#include "peer_client.h"

#include <map>
#include <memory>
#include <thread>

namespace refsys {

namespace {

std::map<std::string, std::unique_ptr<httplib::Client>>& thread_clients() {
  thread_local std::map<std::string, std::unique_ptr<httplib::Client>> clients;
  return clients;
}

httplib::Client& cached_client(const std::string& base_url) {
  auto& slot = thread_clients()[base_url];
  if (!slot) {
    slot = std::make_unique<httplib::Client>(base_url);
    slot->set_keep_alive(true);
    slot->set_tcp_nodelay(true);
  }
  return *slot;
}

void drop_cached_client(const std::string& base_url) {
  // A failed connection may be half-closed; the next call opens a new one.
  thread_clients().erase(base_url);
}

bool is_unreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

}  // namespace

std::string PeerResponse::error_text() const {
  if (answered()) {
    return "HTTP " + std::to_string(status);
  }
  return httplib::to_string(error);
}

PeerResponse PeerClient::send(std::string_view method, const std::string& path_and_query,
                              const httplib::Headers& headers, const std::string& body,
                              std::string_view content_type) const {
  httplib::Client& client = cached_client(base_url_);
  client.set_connection_timeout(timeouts_.connect);
  client.set_read_timeout(timeouts_.read);
  client.set_write_timeout(timeouts_.read);

  httplib::Request request;
  request.method = std::string(method);
  request.path = path_and_query;
  request.headers = headers;
  if (!body.empty() || method == "POST" || method == "PUT") {
    request.body = body;
    request.set_header("Content-Type", std::string(content_type));
  }
  auto result = client.send(request);

  PeerResponse response;
  response.error = result.error();
  if (result) {
    response.status = result->status;
    response.body = std::move(result->body);
    response.headers = result->headers;
  } else {
    drop_cached_client(base_url_);
  }
  return response;
}

PeerResponse call_with_retries(const RetryPolicy& policy, const std::function<PeerResponse()>& call) {
  auto backoff = policy.first_backoff;
  PeerResponse response;
  for (int attempt = 1; attempt <= policy.attempts; ++attempt) {
    response = call();
    if (response.answered() && response.status < 500) {
      return response;
    }
    if (attempt < policy.attempts) {
      std::this_thread::sleep_for(backoff);
      backoff *= 2;
    }
  }
  return response;
}

std::string expand_path(std::string_view path_template, std::string_view name, std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (const char c : value) {
    if (is_unreserved(c)) {
      encoded += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      encoded += '%';
      encoded += kHex[byte >> 4];
      encoded += kHex[byte & 0xF];
    }
  }
  const std::string placeholder = "{" + std::string(name) + "}";
  std::string path(path_template);
  if (const auto at = path.find(placeholder); at != std::string::npos) {
    path.replace(at, placeholder.size(), encoded);
  }
  return path;
}

}  // namespace refsys
