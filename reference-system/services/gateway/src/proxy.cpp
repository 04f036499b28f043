#include "proxy.h"

#include "common/json_http.h"

namespace gateway {

namespace {

// Headers passed through from the caller, besides x-request-id.
constexpr const char* kForwardedRequestHeaders[] = {"Idempotency-Key", "Accept"};
// Headers passed back from the backend.
constexpr const char* kForwardedResponseHeaders[] = {"Location", "Idempotent-Replayed"};

std::string backend_path(const Route& route, const httplib::Request& req) {
  std::string path = route.path_template;
  const auto names = path_parameters(route.path_template);
  for (std::size_t i = 0; i < names.size() && i + 1 < req.matches.size(); ++i) {
    path = refsys::expand_path(path, names[i], req.matches[i + 1].str());
  }
  return path;
}

}  // namespace

void Proxy::forward(const Route& route, const httplib::Request& req, httplib::Response& res,
                    const std::string& request_id) const {
  const auto backend = backends_.find(route.backend);
  if (backend == backends_.end()) {
    refsys::send_error(res, 503, "backend_unavailable", "no address is configured for " + route.backend);
    return;
  }
  httplib::Headers headers{{"x-request-id", request_id}};
  for (const char* name : kForwardedRequestHeaders) {
    if (req.has_header(name)) {
      headers.emplace(name, req.get_header_value(name));
    }
  }
  const std::string content_type = req.get_header_value("Content-Type");
  const auto answer = backend->second.send(route.method, backend_path(route, req), headers, req.body,
                                           content_type.empty() ? "application/json" : content_type);
  if (!answer.answered()) {
    const int status = answer.not_sent() ? 503 : 502;
    logger_.warn("backend unreachable", request_id,
                 {{"backend", route.backend}, {"error", answer.error_text()}, {"status", status}});
    refsys::send_error(res, status, status == 503 ? "backend_unavailable" : "bad_gateway",
                       route.backend + " did not answer");
    return;
  }
  res.status = answer.status;
  for (const char* name : kForwardedResponseHeaders) {
    const auto header = answer.headers.find(name);
    if (header != answer.headers.end()) {
      res.set_header(name, header->second);
    }
  }
  const auto type = answer.headers.find("Content-Type");
  res.set_content(answer.body, type != answer.headers.end() ? type->second : "application/json");
}

}  // namespace gateway
