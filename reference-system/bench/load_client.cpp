#include "load_client.h"

namespace load {

JsonClient::JsonClient(const std::string& base_url)
    : client_(std::make_unique<httplib::Client>(base_url)) {
  client_->set_keep_alive(true);
  client_->set_tcp_nodelay(true);
  client_->set_connection_timeout(std::chrono::seconds(2));
  client_->set_read_timeout(std::chrono::seconds(60));
}

Reply JsonClient::get(const std::string& path) { return send("GET", path, nullptr); }

Reply JsonClient::send(const std::string& method, const std::string& path, const nlohmann::json& body,
                       const httplib::Headers& headers) {
  httplib::Request request;
  request.method = method;
  request.path = path;
  request.headers = headers;
  if (!body.is_null()) {
    request.body = body.dump();
    request.set_header("Content-Type", "application/json");
  }
  const auto result = client_->send(request);
  Reply reply;
  if (result) {
    reply.status = result->status;
    reply.body = nlohmann::json::parse(result->body, nullptr, false);
  }
  return reply;
}

}  // namespace load
