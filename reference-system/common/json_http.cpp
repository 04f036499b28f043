#include "json_http.h"

namespace refsys {

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json");
}

void send_error(httplib::Response& res, int status, std::string_view code, std::string_view message) {
  send_json(res, status, {{"error", code}, {"message", message}});
}

std::optional<nlohmann::json> parse_json_object(const httplib::Request& req, httplib::Response& res) {
  // Depth is bounded by the 64 KiB body limit; parse errors, and numbers out
  // of range, are caught here.
  nlohmann::json body;
  try {
    body = nlohmann::json::parse(req.body, nullptr, false);
  } catch (const nlohmann::json::exception&) {
    body = nlohmann::json(nlohmann::json::value_t::discarded);
  }
  if (body.is_discarded()) {
    send_error(res, 400, "malformed_json", "the request body is not valid JSON");
    return std::nullopt;
  }
  if (!body.is_object()) {
    send_error(res, 400, "malformed_json", "the request body must be a JSON object");
    return std::nullopt;
  }
  return body;
}

}  // namespace refsys
