// AG612 gateway-route-broken: a gateway operation reaches no backend (the
// gateway answers 502, 503 or 504).
#include "rules/live/verdict.h"

namespace archgate {

extern const RuleInfo kGatewayRouteBroken;
const RuleInfo kGatewayRouteBroken{
    .id = "AG612",
    .name = "gateway-route-broken",
    .severity = Severity::error,
    .family = "live",
    .summary = "A gateway operation reaches no backend: the gateway answers 502, 503 or 504.",
    .what = "Runs under `archgate verify` only, for services of kind `gateway` in the inventory. When a request "
            "to one of the gateway's documented operations gets 502 Bad Gateway, 503 Service Unavailable or "
            "504 Gateway Timeout, the gateway could not get an answer from the backend the route leads to. "
            "The rule reports the operation in the gateway's contract with the request and the answer. One "
            "finding per operation and status.\n\n"
            "Other 5xx from a gateway, and 502/503/504 from a service that is not a gateway, are AG602's; a "
            "gateway whose own health path fails is AG601's.",
    .why = "The gateway is the only door clients have. A route that leads nowhere — a backend renamed in "
           "Compose but not in the gateway's configuration, a wrong port, a path rewrite that drops a "
           "prefix, a backend that is down — makes the operation unavailable to every client while each "
           "service, verified on its own, looks fine.",
    .fires = "```yaml\n# services/api-gateway/openapi.yaml\npaths:\n  /api/orders/{id}:\n    get:\n      responses:\n"
             "        \"200\": {description: the order}\n```\n\nThe running gateway:\n\n```\nGET "
             "http://127.0.0.1:8000/api/orders/o-1 answered 502: <html><body><h1>502 Bad Gateway</h1>…\n```",
    .clean = "The running gateway:\n\n```\nGET http://127.0.0.1:8000/api/orders/o-1 answered 200: {\"id\": "
             "\"o-1\", \"status\": \"new\"}\n```",
    .fix = "Check the gateway's route for the operation: the backend's host name and port (as Compose names "
           "them), the path rewrite, the timeout; then check that the backend is up (verify it with its own "
           "`--service` to see its findings).",
    .options = "`archgate verify` options: `--service NAME=URL` for the backends too, so that their own "
               "findings show which side is broken.",
    .release_sentence = "",
};

void check_gateway_route_broken(const RuleContext& ctx) {
  auto judge = [&](const verify::Observation& o, live::AnswerReporter& out) {
    const OpenApiOperation& op = *o.probe.operation;
    std::string key = live::operation_key(op) + " " + std::to_string(live::status_of(o));
    if (!out.first(key)) return;
    out.report(op.span,
               "the route of " + live::operation_label(op) + " through " + display_escape(out.service) +
                   " reaches no backend: " + verify::exchange_summary(o.exchange) + live::body_evidence(o),
               key);
  };
  live::for_each_answer(ctx, {live::Verdict::gateway_route_broken}, judge);
}

}  // namespace archgate
