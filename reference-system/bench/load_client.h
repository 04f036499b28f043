// A small JSON-over-HTTP client for the load benchmark: one keep-alive
// connection per instance, so each benchmark thread owns one.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace load {

struct Reply {
  int status = 0;  // 0: no answer
  nlohmann::json body;
};

class JsonClient {
 public:
  explicit JsonClient(const std::string& base_url);
  Reply get(const std::string& path);
  Reply send(const std::string& method, const std::string& path, const nlohmann::json& body,
             const httplib::Headers& headers = {});

 private:
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace load
