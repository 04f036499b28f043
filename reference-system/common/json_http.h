// JSON request and response helpers. Every error body has one shape:
// {"error": "<code>", "message": "<text>"}.
#pragma once

#include <optional>
#include <string_view>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace refsys {

void send_json(httplib::Response& res, int status, const nlohmann::json& body);

void send_error(httplib::Response& res, int status, std::string_view code, std::string_view message);

// The body as a JSON object, or nullopt after answering 400 malformed_json.
std::optional<nlohmann::json> parse_json_object(const httplib::Request& req, httplib::Response& res);

}  // namespace refsys
