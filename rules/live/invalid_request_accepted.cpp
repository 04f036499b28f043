// AG607 invalid-request-accepted: a running service answered 2xx to a request
// that breaks its contract's request schema.
#include <algorithm>

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
            "outside an `enum`. Each should be refused with a 4xx. When some get a 2xx, the rule reports one "
            "finding for the operation, at the schema the first accepted request broke (the property's "
            "declaration), naming every accepted case (the others' schemas as related locations), with the "
            "first answer as evidence: a service that validates nothing is one problem, not five.\n\n"
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

namespace {

// "a request without required property \"sku\"", "a request where \"sku\" is a
// number, not string": the planner's description of a negative case.
std::string invalid_request(const verify::Observation& o) {
  if (o.probe.description.empty()) return "an invalid request";
  std::string d = display_excerpt(o.probe.description, 200);
  return d.starts_with("with") ? "a request " + d : "a request where " + d;
}

}  // namespace

// One finding per operation: a service that validates nothing accepts every
// invalid body, and that is one problem. It points at the schema the first
// accepted case broke; the others are related locations.
void check_invalid_request_accepted(const RuleContext& ctx) {
  if (!ctx.live) return;
  const verify::LiveResults& live = *ctx.live;
  live::Judgement judged(live);
  std::vector<std::pair<std::string, std::vector<const verify::Observation*>>> accepted;  // by service and operation
  for (std::size_t i = 0; i < live.observations.size(); ++i) {
    if (judged[i] != live::Verdict::invalid_request_accepted) continue;
    const verify::Observation& o = live.observations[i];
    std::string key = live::service_name(live, o) + '\x1f' + live::operation_key(*o.probe.operation);
    auto it = std::find_if(accepted.begin(), accepted.end(), [&](const auto& group) { return group.first == key; });
    if (it == accepted.end()) accepted.push_back({key, {&o}});
    else it->second.push_back(&o);
  }
  for (const auto& [_, cases] : accepted) {
    const verify::Observation& first = *cases.front();
    const OpenApiOperation& op = *first.probe.operation;
    std::string message = live::operation_label(op) + " accepted ";
    std::vector<Related> related;
    if (cases.size() == 1) {
      message += invalid_request(first) + " instead of refusing it with a 4xx: " +
                 verify::exchange_summary(first.exchange) + live::body_evidence(first);
    } else {
      message += std::to_string(cases.size()) + " invalid requests instead of refusing them with a 4xx: " +
                 invalid_request(first) + " (" + verify::exchange_summary(first.exchange) + live::body_evidence(first) +
                 ")";
      for (std::size_t c = 1; c < cases.size(); ++c) {
        message += "; " + invalid_request(*cases[c]) + " (answered " + std::to_string(live::status_of(*cases[c])) + ")";
        related.push_back({cases[c]->probe.span, "also accepted: " + display_excerpt(cases[c]->probe.description, 200)});
      }
    }
    ctx.report(first.probe.span, std::move(message), live::service_name(live, first), std::move(related),
               live::operation_key(op) + " accepted invalid requests");
  }
}

}  // namespace archgate
