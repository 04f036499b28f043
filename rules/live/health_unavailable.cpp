// AG601 health-unavailable: `archgate verify` asked a service's documented
// health path, and it did not answer 2xx.
#include "rules/live/verdict.h"

namespace archgate {

extern const RuleInfo kHealthUnavailable;
const RuleInfo kHealthUnavailable{
    .id = "AG601",
    .name = "health-unavailable",
    .severity = Severity::error,
    .family = "live",
    .summary = "The documented health path of a running service does not answer 2xx.",
    .what = "Runs under `archgate verify` only. The first request to each verified service is a `GET` of the "
            "health path its contract declares (`/health`, `/healthz`, `/ready`, `/readyz`, `/live`, `/livez` or "
            "`/actuator/health`). When that request gets an answer whose status is not 2xx — 503 while a "
            "database is down, 404 because the path is not served, 500, a redirect to a login page on the "
            "same origin — the rule reports the health operation in the contract, with the request and an "
            "escaped excerpt of the answer's body as evidence.\n\n"
            "A 502/503/504 from a gateway's own health path is this rule's, not AG612's. A request that gets "
            "no answer at all, or a redirect to another origin, is AG613's. One finding per service and "
            "status.",
    .why = "Orchestrators and load balancers take a service out of rotation, or never put it in, when its "
           "health check fails; Compose's `condition: service_healthy` keeps every dependent service from "
           "starting. A health path that does not answer 2xx on a running system means the platform sees the "
           "service as down, or that the check is not wired to what the contract says.",
    .fires = "```yaml\n# services/order-service/openapi.yaml\npaths:\n  /health:\n    get:\n      responses:\n"
             "        \"200\": {description: the service is up}\n```\n\nThe running service:\n\n"
             "```\nGET http://127.0.0.1:8080/health answered 503: {\"status\": \"down\", \"db\": \"connection "
             "refused\"}\n```",
    .clean = "```yaml\npaths:\n  /health:\n    get:\n      responses:\n        \"200\": {description: the service "
             "is up}\n```\n\nThe running service:\n\n```\nGET http://127.0.0.1:8080/health answered 200: "
             "{\"status\": \"up\"}\n```",
    .fix = "Make the service healthy (the excerpt of the answer usually says what it is missing: a database, a "
           "broker, a configuration value), or serve the health path the contract declares. If the service is "
           "meant to be verified while a dependency is down, give it a liveness path that does not check that "
           "dependency.",
    .options = "`archgate verify` options: `--timeout S` bounds each request; `--header 'K: V'` is sent with "
               "every request, the health check included.",
    .release_sentence = "",
};

void check_health_unavailable(const RuleContext& ctx) {
  auto judge = [&](const verify::Observation& o, live::AnswerReporter& out) {
    std::string key = live::operation_key(*o.probe.operation) + " " + std::to_string(live::status_of(o));
    if (!out.first(key)) return;
    out.report(o.probe.span,
               "the health path of " + display_escape(out.service) + " does not answer 2xx: " +
                   verify::exchange_summary(o.exchange) + live::body_evidence(o),
               key);
  };
  live::for_each_answer(ctx, {live::Verdict::health_unavailable}, judge);
}

}  // namespace archgate
