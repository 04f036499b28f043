// Structured logs: one JSON object per line on stderr, with the fields every
// service writes (ts, level, service, msg, request_id - null outside a
// request) plus optional extras.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace refsys {

enum class LogLevel { debug, info, warn, error };

std::string_view to_string(LogLevel level);

// The current UTC time as RFC 3339 with milliseconds: 2024-05-01T12:00:00.123Z.
std::string utc_timestamp();

class Logger {
 public:
  explicit Logger(std::string service) : service_(std::move(service)) {}

  const std::string& service() const { return service_; }

  // Writes one line. `fields` must be a JSON object; its keys are added after
  // the standard ones (a field named like a standard key is ignored).
  void log(LogLevel level, std::string_view msg, std::string_view request_id = {},
           const nlohmann::json& fields = nlohmann::json::object()) const;

  void info(std::string_view msg, std::string_view request_id = {},
            const nlohmann::json& fields = nlohmann::json::object()) const {
    log(LogLevel::info, msg, request_id, fields);
  }
  void warn(std::string_view msg, std::string_view request_id = {},
            const nlohmann::json& fields = nlohmann::json::object()) const {
    log(LogLevel::warn, msg, request_id, fields);
  }
  void error(std::string_view msg, std::string_view request_id = {},
             const nlohmann::json& fields = nlohmann::json::object()) const {
    log(LogLevel::error, msg, request_id, fields);
  }

 private:
  std::string service_;
};

}  // namespace refsys
