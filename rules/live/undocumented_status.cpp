// AG603 undocumented-status: a running service answered with a status its
// contract does not document for the operation.
#include "rules/live/verdict.h"

namespace archgate {

extern const RuleInfo kUndocumentedStatus;
const RuleInfo kUndocumentedStatus{
    .id = "AG603",
    .name = "undocumented-status",
    .severity = Severity::error,
    .family = "live",
    .summary = "A running service answers with a status its contract does not document (exactly, as a `2XX`-style "
               "range, or as `default`).",
    .what = "Runs under `archgate verify` only. Each answer's status is looked up among the operation's "
            "documented responses: the exact code first, then its range (`4XX`), then `default`. When none "
            "matches, the rule reports the operation (for an invalid request, the schema it broke) with the "
            "statuses the contract does document, the request and an excerpt of the answer.\n\n"
            "Answers another live rule explains are left to it: 5xx (AG602, AG612), 404/405 to a valid request "
            "(AG610) or to the read-back of a created resource (AG611), a failing health path (AG601), 4xx "
            "refusals of a valid request (AG608) and 2xx to an invalid one (AG607). One finding per operation "
            "and status.",
    .why = "Clients are generated from the contract or written against it: a status it does not list is a "
           "case no client handles. A 409 that the contract never mentions becomes an unexpected exception in "
           "the caller; a 200 where the contract promises 201 breaks a client that checks for 201.",
    .fires = "```yaml\n# services/inventory-service/openapi.yaml\npaths:\n  /stock/{sku}/reservations:\n"
             "    post:\n      responses:\n        \"201\": {description: reserved}\n        \"404\": "
             "{description: unknown sku}\n```\n\nThe running service:\n\n```\nPOST "
             "http://127.0.0.1:8081/stock/A-1/reservations answered 409: {\"error\": \"not enough stock\"}\n```",
    .clean = "```yaml\npaths:\n  /stock/{sku}/reservations:\n    post:\n      responses:\n        \"201\": "
             "{description: reserved}\n        \"404\": {description: unknown sku}\n        \"409\": "
             "{description: not enough stock}\n```\n\nThe running service answers the same 409.",
    .fix = "When the status is right, document it (with its body schema) in the operation's `responses`, or "
           "add a `4XX`/`default` response that covers it. When it is not, change the service to answer the "
           "documented status.",
    .options = "",
    .release_sentence = "",
};

namespace {

std::string documented_statuses(const OpenApiOperation& op) {
  if (op.responses.empty()) return "it documents no response";
  std::string out = "documented: ";
  for (std::size_t i = 0; i < op.responses.size(); ++i) {
    if (i) out += ", ";
    out += display_excerpt(op.responses[i].status, 20);
  }
  return out;
}

}  // namespace

void check_undocumented_status(const RuleContext& ctx) {
  auto judge = [&](const verify::Observation& o, live::AnswerReporter& out) {
    const OpenApiOperation& op = *o.probe.operation;
    int status = live::status_of(o);
    std::string key = live::operation_key(op) + " " + std::to_string(status);
    if (!out.first(key)) return;
    out.report(o.probe.span,
               "status " + std::to_string(status) + " is not documented for " + live::operation_label(op) + " (" +
                   documented_statuses(op) + "): " + verify::exchange_summary(o.exchange) + live::body_evidence(o),
               key);
  };
  live::for_each_answer(ctx, {live::Verdict::undocumented_status}, judge);
}

}  // namespace archgate
