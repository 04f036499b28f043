// AG613 unreachable-service: a running service gave no usable answer: the
// connection was refused, timed out or was reset, the answer was malformed
// or too large, or it redirected off the service's origin.
#include <map>
#include <set>

#include "rules/live/verdict.h"

namespace archgate {

extern const RuleInfo kUnreachableService;
const RuleInfo kUnreachableService{
    .id = "AG613",
    .name = "unreachable-service",
    .severity = Severity::error,
    .family = "live",
    .summary = "The service does not answer: refused, timed out, malformed or oversized answer, redirect off the "
               "origin.",
    .what = "Runs under `archgate verify` only. A request gets no answer when the connection is refused, "
            "nothing comes back before the timeout, the connection is reset, the bytes are not HTTP, or the "
            "answer is larger than the cap. A 3xx whose `Location` leaves the origin given with `--service` "
            "(another host, port or scheme; a relative `Location` stays on it) is not followed: archgate "
            "contacts only the origins it was given, so the operation cannot be verified.\n\n"
            "When every request sent to a service failed the same way (a service that is not running: "
            "`archgate verify` stops after its first request is refused), the rule reports the service once, "
            "at its first operation, and says how many requests were not sent. Otherwise it reports each "
            "operation once per kind of failure. The failure's detail and the `Location` are shown escaped.",
    .why = "A service that does not answer cannot be verified, and whatever else `archgate verify` reports "
           "about the system is incomplete without it. A timeout on one operation is a hang a client will "
           "hit too; a malformed or oversized answer breaks clients; a redirect to another origin (a login "
           "page, a `servers:` URL) sends clients, and their credentials, somewhere the contract does not "
           "say.",
    .fires = "```\n$ archgate verify --service order-service=http://127.0.0.1:8080\n```\n\nwith nothing listening "
             "on port 8080:\n\n```\nGET http://127.0.0.1:8080/health got no answer: connection refused\n```\n\n"
             "or a service that answers\n\n```\nGET http://127.0.0.1:8080/orders answered 302 (Location: "
             "https://login.example.com/?next=/orders)\n```",
    .clean = "```\nGET http://127.0.0.1:8080/health answered 200: {\"status\": \"up\"}\nGET "
             "http://127.0.0.1:8080/orders answered 302 (Location: /orders/)\n```\n\n(a redirect on the same "
             "origin is an ordinary answer, judged by the other rules)",
    .fix = "Start the service, or give `--service` the URL it listens on (scheme, host, port and base path). "
           "For a timeout, find what the operation waits for; for a redirect off the origin, verify the "
           "service behind the login (pass credentials with `--header`) or at the origin it redirects to.",
    .options = "`archgate verify` options: `--timeout S` (default 5) bounds each request; `--service NAME=URL` "
               "sets the origin.",
    .release_sentence = "",
};

namespace {

std::string failure_kind(const verify::Observation& o) {
  if (o.exchange.response) return "redirect";
  return std::string(verify::failure_name(o.exchange.failure));
}

std::string evidence(const verify::LiveResults& live, const verify::Observation& o) {
  std::string out = verify::exchange_summary(o.exchange);
  if (auto location = live::off_origin_location(live, o)) {
    out += ", redirected off the origin to " + display_excerpt(*location, 240) + "; not followed";
  }
  return out;
}

struct ServiceRequests {
  std::size_t sent = 0;
  std::size_t not_sent = 0;
  std::vector<std::size_t> failed;  // observation indexes
};

}  // namespace

void check_unreachable_service(const RuleContext& ctx) {
  if (!ctx.live) return;
  const verify::LiveResults& live = *ctx.live;
  live::Judgement judged(live);
  std::map<std::size_t, ServiceRequests> by_service;
  for (std::size_t i = 0; i < live.observations.size(); ++i) {
    const verify::Observation& o = live.observations[i];
    if (!o.probe.operation) continue;
    ServiceRequests& s = by_service[o.probe.service];
    if (judged[i] == live::Verdict::not_sent) {
      ++s.not_sent;
      continue;
    }
    ++s.sent;
    if (judged[i] == live::Verdict::unreachable) s.failed.push_back(i);
  }
  for (const auto& [index, s] : by_service) {
    if (s.failed.empty()) continue;
    const verify::Observation& first = live.observations[s.failed.front()];
    std::string service = live::service_name(live, first);
    std::string kind = failure_kind(first);
    bool all_alike = s.failed.size() == s.sent;
    for (std::size_t i : s.failed) all_alike = all_alike && failure_kind(live.observations[i]) == kind;
    if (all_alike) {
      std::string message = kind == "redirect"
                                ? display_escape(service) + " redirects off its origin: " + evidence(live, first)
                                : display_escape(service) + " is unreachable: " + evidence(live, first);
      if (s.sent > 1) message += "; all " + std::to_string(s.sent) + " requests sent to it failed the same way";
      if (s.not_sent > 0) {
        message += "; " + std::to_string(s.not_sent) + (s.not_sent == 1 ? " more request was" : " more requests were") +
                   " not sent";
      }
      ctx.report(first.probe.operation->span, std::move(message), service, {}, "service " + kind);
      continue;
    }
    std::set<std::string> seen;
    for (std::size_t i : s.failed) {
      const verify::Observation& o = live.observations[i];
      const OpenApiOperation& op = *o.probe.operation;
      std::string key = live::operation_key(op) + " " + failure_kind(o);
      if (!seen.insert(key).second) continue;
      ctx.report(op.span, evidence(live, o), service, {}, key);
    }
  }
}

}  // namespace archgate
