// AG607 invalid-request-accepted: a running service answered 2xx to a request
// that breaks its contract's request schema.
#include <set>

#include "rules/live/verdict.h"

namespace archgate {

extern const RuleInfo kInvalidRequestAccepted;
const RuleInfo kInvalidRequestAccepted{
    .id = "AG607",
    .name = "invalid-request-accepted",
    .severity = Severity::error,
    .family = "live",
    .summary = "A request missing a required field, with a wrong type or a value outside an enum gets a 2xx.",
    .what = "Runs under `archgate verify` only (and not with `--read-only`). For each operation with a JSON "
            "request body, `archgate verify` sends, besides the valid request, a few that break the body's "
            "schema in one place each: a required property left out, a value of the wrong type, a value "
            "outside an `enum`. Each should be refused with a 4xx. When one gets a 2xx, the rule reports the "
            "schema the request broke (the property's declaration), naming the case, with the answer as "
            "evidence. One finding per operation and case.\n\n"
            "A 5xx to such a request is AG602's, a 404/405 of a missing route AG610's.",
    .why = "What the contract calls invalid then reaches the service's logic and its database: an order "
           "without a `sku`, a quantity of `\"three\"`, a status no consumer knows. Clients trust the "
           "contract's constraints; when the service does not enforce them, the first client with a bug "
           "writes bad data that every other service has to cope with.",
    .fires = "```yaml\n# services/order-service/openapi.yaml\ncomponents:\n  schemas:\n    NewOrder:\n"
             "      type: object\n      required: [sku, quantity]\n      properties:\n        sku: {type: "
             "string}\n        quantity: {type: integer, minimum: 1}\n```\n\nThe running service, sent "
             "`{\"quantity\": 2}` (without required property \"sku\"):\n\n```\nPOST http://127.0.0.1:8080/orders "
             "answered 201: {\"id\": \"o-18\", \"sku\": null, \"quantity\": 2}\n```",
    .clean = "The running service, sent the same body:\n\n```\nPOST http://127.0.0.1:8080/orders answered 400: "
             "{\"error\": \"sku is required\"}\n```",
    .fix = "Validate request bodies against the schema at the service's edge (a validation middleware fed "
           "with the OpenAPI file, or the framework's validation annotations) and answer 400 or 422. When "
           "the service is right to accept the request, relax the schema: the property is not required, "
           "the type or the enum is wider.",
    .options = "`archgate verify` options: `--read-only` sends no request bodies, so this rule has nothing to "
               "judge; `--seed N` reproduces the generated values.",
    .release_sentence = "",
};

void check_invalid_request_accepted(const RuleContext& ctx) {
  if (!ctx.live) return;
  const verify::LiveResults& live = *ctx.live;
  live::Judgement judged(live);
  std::set<std::string> seen;
  for (std::size_t i = 0; i < live.observations.size(); ++i) {
    if (judged[i] != live::Verdict::invalid_request_accepted) continue;
    const verify::Observation& o = live.observations[i];
    const OpenApiOperation& op = *o.probe.operation;
    std::string service = live::service_name(live, o);
    std::string key = live::operation_key(op) + " " + o.probe.description;
    if (!seen.insert(service + '\x1f' + key).second) continue;
    std::string which = o.probe.description.empty() ? std::string("an invalid request")
                                                    : "a request " + display_excerpt(o.probe.description, 200);
    live::report(ctx, o.probe.span,
                 live::operation_label(op) + " accepted " + which + " instead of refusing it with a 4xx: " +
                     verify::exchange_summary(o.exchange) + live::body_evidence(o),
                 service, key);
  }
}

}  // namespace archgate
