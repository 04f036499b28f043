// What the live rules (rules/live/) share: which rule an answer belongs to,
// so that one answer is never judged by two rules, how a finding shows its
// evidence, and the loop most of them are (for_each_answer: the answers of
// a verdict, one finding per service and key).
//
// An answer's status belongs to at most one of the status rules, the first
// that applies:
//
//   no answer, or a 3xx to another origin           AG613 unreachable-service
//   health probe, not 2xx                           AG601 health-unavailable
//   gateway, 502/503/504                            AG612 gateway-route-broken
//   5xx                                             AG602 server-error
//   the route is missing (see below)                AG610 operation-not-implemented
//   read-back probe, not 2xx                        AG611 created-resource-unavailable
//   negative probe, 2xx                             AG607 invalid-request-accepted
//   positive/create probe, 400 401 403 413 415 422  AG608 valid-request-rejected
//   status not documented                           AG603 undocumented-status
//
// The route of an operation is missing when a positive, create or read-back
// probe got 405, or a positive or create probe got 404 although the
// operation has no path parameter (so no unknown id explains it) or no
// documented response matches 404 (exactly, `4XX` or `default`). Every answer
// of that operation with that status then belongs to AG610 (a negative probe
// that got the same 404 tells nothing new).
//
// Only an answer no status rule took is judged on its content: its media
// type (AG605), else its body against the schema (AG604), its required
// headers (AG606) and the echo of the request id (AG609). A create answered
// 2xx whose read-back could not be sent (no id in the answer) is AG611's
// when its body passed AG604 and AG605.
#pragma once

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/display_text.h"
#include "base/text.h"
#include "rules/rule.h"
#include "verify/results.h"

namespace archgate::live {

using verify::LiveResults;
using verify::Observation;
using verify::Purpose;

enum class Verdict {
  not_sent,                      // skipped: nothing to judge
  unreachable,                   // AG613
  health_unavailable,            // AG601
  gateway_route_broken,          // AG612
  server_error,                  // AG602
  operation_not_implemented,     // AG610
  created_resource_unavailable,  // AG611
  invalid_request_accepted,      // AG607
  valid_request_rejected,        // AG608
  undocumented_status,           // AG603
  none,                          // the status is fine: judge the content
};

inline bool is_2xx(int status) { return status >= 200 && status <= 299; }

inline int status_of(const Observation& o) { return o.exchange.response ? o.exchange.response->status : 0; }

inline const verify::VerifiedService* service_of(const LiveResults& live, const Observation& o) {
  return o.probe.service < live.services.size() ? &live.services[o.probe.service] : nullptr;
}

inline std::string service_name(const LiveResults& live, const Observation& o) {
  const auto* service = service_of(live, o);
  return service ? service->name : std::string();
}

inline bool on_gateway(const LiveResults& live, const Observation& o) {
  const auto* service = service_of(live, o);
  return service && service->gateway;
}

// The Location of a 3xx answer that leaves the service's origin (relative
// references stay on it), or nothing.
inline std::optional<std::string> off_origin_location(const LiveResults& live, const Observation& o) {
  if (!o.sent || !o.exchange.response) return std::nullopt;
  const auto& response = *o.exchange.response;
  if (response.status < 300 || response.status > 399) return std::nullopt;
  auto location = response.header("location");
  const auto* service = service_of(live, o);
  if (!location || !service || service->origin.same_origin(*location)) return std::nullopt;
  return location;
}

inline bool has_path_parameter(const OpenApiOperation& op) {
  for (const auto& p : op.parameters)
    if (p.in == "path") return true;
  return op.path.find('{') != std::string::npos;
}

// "GET /orders/{id}", shown escaped.
inline std::string operation_label(const OpenApiOperation& op) {
  std::string method(op.method.str());
  for (char& c : method)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return display_excerpt(method, 16) + " " + display_excerpt(op.path, 200);
}

// The part of a fingerprint that names the operation: method and path
// template, never the URL (it holds generated values).
inline std::string operation_key(const OpenApiOperation& op) { return op.method.str() + " " + op.path; }

// ": <excerpt of the body>", or "" when the answer has no body.
inline std::string body_evidence(const Observation& o) {
  if (!o.exchange.response || o.exchange.response->body.empty()) return {};
  std::string excerpt = verify::body_excerpt(o.exchange.response->body);
  return excerpt.empty() ? std::string() : ": " + excerpt;
}

// Media types compared without parameters and case: a documented "*/*" or
// "type/*" covers every media type (of that type).
inline std::string bare_media_type(std::string_view content_type) {
  std::string lower = to_lower(content_type);
  auto semicolon = lower.find(';');
  if (semicolon != std::string::npos) lower.resize(semicolon);
  return std::string(trim(lower));
}

inline bool media_type_documented(const OpenApiResponse& documented, std::string_view media) {
  for (const auto& m : documented.content) {
    std::string d = bare_media_type(m.content_type);
    if (d == media || d == "*/*") return true;
    bool range = d.size() > 2 && d.ends_with("/*");
    if (range && media.starts_with(std::string_view(d).substr(0, d.size() - 1))) return true;
  }
  return false;
}

// The answer has a body whose media type (none counts as one) is not one
// its documented response lists. Only judged when the documented response
// lists content.
inline bool content_type_mismatch(const Observation& o) {
  if (!o.exchange.response || !o.matched.response || o.matched.response->content.empty()) return false;
  const auto& response = *o.exchange.response;
  if (response.body.empty() || o.exchange.request.method == "HEAD") return false;
  std::string media = response.media_type();
  return media.empty() || !media_type_documented(*o.matched.response, media);
}

// The verdict on every observation's status, in observation order.
class Judgement {
 public:
  explicit Judgement(const LiveResults& live) : verdicts_(live.observations.size(), Verdict::not_sent) {
    std::set<std::pair<const OpenApiOperation*, int>> missing_routes;
    for (const auto& o : live.observations) {
      if (!o.sent || !o.exchange.response || !o.probe.operation) continue;
      int status = status_of(o);
      Purpose p = o.probe.purpose;
      bool route_probe = p == Purpose::positive || p == Purpose::create;
      if ((status == 405 && (route_probe || p == Purpose::read_back)) ||
          (status == 404 && route_probe && (!has_path_parameter(*o.probe.operation) || !o.matched.response))) {
        missing_routes.insert({o.probe.operation, status});
      }
    }
    for (std::size_t i = 0; i < live.observations.size(); ++i) {
      verdicts_[i] = judge(live, live.observations[i], missing_routes);
    }
  }

  Verdict operator[](std::size_t i) const { return verdicts_[i]; }
  std::size_t size() const { return verdicts_.size(); }

 private:
  static Verdict judge(const LiveResults& live, const Observation& o,
                       const std::set<std::pair<const OpenApiOperation*, int>>& missing_routes) {
    if (!o.sent || !o.probe.operation) return Verdict::not_sent;
    if (!o.exchange.response || off_origin_location(live, o)) return Verdict::unreachable;
    int status = status_of(o);
    Purpose p = o.probe.purpose;
    if (p == Purpose::health && !is_2xx(status)) return Verdict::health_unavailable;
    if (on_gateway(live, o) && (status == 502 || status == 503 || status == 504)) return Verdict::gateway_route_broken;
    if (status >= 500 && status <= 599) return Verdict::server_error;
    if (missing_routes.contains({o.probe.operation, status})) return Verdict::operation_not_implemented;
    if (p == Purpose::read_back && !is_2xx(status)) return Verdict::created_resource_unavailable;
    if (p == Purpose::negative && is_2xx(status)) return Verdict::invalid_request_accepted;
    if ((p == Purpose::positive || p == Purpose::create) &&
        (status == 400 || status == 401 || status == 403 || status == 413 || status == 415 || status == 422)) {
      return Verdict::valid_request_rejected;
    }
    if (!o.matched.response) return Verdict::undocumented_status;
    return Verdict::none;
  }

  std::vector<Verdict> verdicts_;
};

// What for_each_answer() hands a rule with each answer: its verdict, the
// name of its service, and the rule's findings so far (one per service and
// fingerprint key).
class AnswerReporter {
 public:
  AnswerReporter(const RuleContext& ctx, std::set<std::string>& seen, Verdict verdict, std::string service)
      : verdict(verdict), service(std::move(service)), ctx_(ctx), seen_(seen) {}

  const Verdict verdict;
  const std::string service;

  // Whether the rule has no finding with `key` for this service yet (the key
  // is then taken): the first answer with a key stands for the others.
  bool first(const std::string& key) { return seen_.insert(service + '\x1f' + key).second; }

  // A finding at `span`, for this service.
  void report(const Span& span, std::string message, std::string key, std::vector<Related> related = {},
              std::string help = {}) const {
    ctx_.report(span, std::move(message), service, std::move(related), std::move(key), std::move(help));
  }

 private:
  const RuleContext& ctx_;
  std::set<std::string>& seen_;
};

// The loop of most live rules: `judge(o, out)` (an Observation and an
// AnswerReporter) for every observation whose verdict is one of `verdicts`,
// in observation order. Nothing runs under `check` (no live results).
template <typename Judge>
void for_each_answer(const RuleContext& ctx, std::initializer_list<Verdict> verdicts, Judge&& judge) {
  if (!ctx.live) return;
  const LiveResults& live = *ctx.live;
  Judgement judged(live);
  std::set<std::string> seen;
  for (std::size_t i = 0; i < live.observations.size(); ++i) {
    if (std::find(verdicts.begin(), verdicts.end(), judged[i]) == verdicts.end()) continue;
    const Observation& o = live.observations[i];
    AnswerReporter out(ctx, seen, judged[i], service_name(live, o));
    judge(o, out);
  }
}

}  // namespace archgate::live
