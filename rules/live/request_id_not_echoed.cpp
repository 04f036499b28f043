// AG609 request-id-not-echoed: a running service (or a gateway) does not send
// back the correlation id it was sent.
#include <map>

#include "rules/live/verdict.h"

namespace archgate {

extern const RuleInfo kRequestIdNotEchoed;
const RuleInfo kRequestIdNotEchoed{
    .id = "AG609",
    .name = "request-id-not-echoed",
    .severity = Severity::warning,
    .family = "live",
    .summary = "`x-request-id` (or the configured header) is not echoed, directly or through the gateway.",
    .what = "Runs under `archgate verify` only. Every request `archgate verify` sends carries a fresh "
            "correlation id in `x-request-id` (or the header named by `correlation-header`). An answer echoes "
            "it when it carries the same header with the same value. For each verified service, the rule "
            "reports one finding when some of its answers do not echo the id: at the operation of the first "
            "such answer, saying how many of the service's answers lacked it and what the first carried "
            "instead, if anything. A service that echoes on every answer is clean. For a gateway the finding "
            "says the id is lost through the gateway: the gateway or the service behind it drops it.\n\n"
            "Answers with a status problem (AG601–AG603, AG607, AG608, AG610–AG613) are not counted. The "
            "header is judged here even when the contract declares it as a required response header (not "
            "by AG606).",
    .why = "The id ties together the log lines of one request across the gateway and every service it "
           "reaches. When the answer does not carry it, the client cannot quote it in a bug report and the "
           "gateway cannot log it; when a service does not echo what it was given, it most likely does not "
           "read it either, and its logs start a new, unrelated id. AG307 checks that the code names the "
           "header; this rule checks that the running service honours it.",
    .fires = "```\nGET http://127.0.0.1:8080/orders/o-1 (x-request-id: archgate-0-3) answered 200\n"
             "  headers: Content-Type: application/json, Content-Length: 41\n```",
    .clean = "```\nGET http://127.0.0.1:8080/orders/o-1 (x-request-id: archgate-0-3) answered 200\n"
             "  headers: Content-Type: application/json, x-request-id: archgate-0-3\n```",
    .fix = "In the service's request middleware, read the header (make an id when it is missing), put it in "
           "the log context, set it on the answer and forward it on every outgoing call. A gateway must "
           "forward it to the backend and copy it to its own answer.",
    .options = "`correlation-header` in `archgate.yaml` (default `x-request-id`): the header that is sent and "
               "looked for.",
    .release_sentence = "",
};

namespace {

struct ServiceEcho {
  std::size_t answers = 0;
  std::size_t lacking = 0;
  const verify::Observation* first = nullptr;  // the first answer that did not echo
};

}  // namespace

void check_request_id_not_echoed(const RuleContext& ctx) {
  if (!ctx.live) return;
  const verify::LiveResults& live = *ctx.live;
  if (live.request_id_header.empty()) return;
  live::Judgement judged(live);
  std::map<std::size_t, ServiceEcho> by_service;
  for (std::size_t i = 0; i < live.observations.size(); ++i) {
    if (judged[i] != live::Verdict::none) continue;
    const verify::Observation& o = live.observations[i];
    if (o.probe.request_id.empty()) continue;
    ServiceEcho& echo = by_service[o.probe.service];
    ++echo.answers;
    auto value = o.exchange.response->header(live.request_id_header);
    if (value && *value == o.probe.request_id) continue;
    if (++echo.lacking == 1) echo.first = &o;
  }
  std::string header = display_excerpt(live.request_id_header, 80);
  for (const auto& [index, echo] : by_service) {
    if (echo.lacking == 0) continue;
    const verify::Observation& o = *echo.first;
    std::string service = live::service_name(live, o);
    bool gateway = live::on_gateway(live, o);
    bool always = echo.lacking < echo.answers;
    std::string subject = gateway ? header + " is not " + (always ? "always " : "") + "echoed through " +
                                        display_escape(service)
                                  : display_escape(service) + " does not " + (always ? "always " : "") + "echo " +
                                        header;
    std::string count = always ? std::to_string(echo.lacking) + " of its " + std::to_string(echo.answers) +
                                     " answers lacked the id it was sent"
                               : (echo.answers == 1 ? std::string("its answer lacked the id it was sent")
                                                    : "none of its " + std::to_string(echo.answers) +
                                                          " answers carried the id it was sent");
    auto value = o.exchange.response->header(live.request_id_header);
    std::string carried = value ? " (it carried " + header + ": " + display_excerpt(*value, 80) + ")" : "";
    ctx.report(o.probe.operation->span,
               subject + ": " + count + "; the first, to " + live::operation_label(*o.probe.operation) + ": " +
                   verify::exchange_summary(o.exchange) + carried,
               service, {}, "request id " + to_lower(live.request_id_header));
  }
}

}  // namespace archgate
