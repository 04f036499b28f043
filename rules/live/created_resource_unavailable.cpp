// AG611 created-resource-unavailable: what a POST created cannot be read back
// at the GET of the same resource.
#include "rules/live/verdict.h"

namespace archgate {

extern const RuleInfo kCreatedResourceUnavailable;
const RuleInfo kCreatedResourceUnavailable{
    .id = "AG611",
    .name = "created-resource-unavailable",
    .severity = Severity::error,
    .family = "live",
    .summary = "A resource created by POST is not readable at its GET (found through OpenAPI `links` or the "
               "returned id).",
    .what = "Runs under `archgate verify` only (not with `--read-only`). When a contract has a `POST` on a "
            "collection (`/orders`) and a `GET` of one item below it (`/orders/{id}`), `archgate verify` "
            "creates a resource and reads it back, with the id the create answer gives: through an OpenAPI "
            "`link` to the `GET`, else a body property named like the path parameter or `id`, else the last "
            "segment of a `Location` header on the same origin.\n\n"
            "The rule reports the `GET` operation when the read-back does not answer 2xx (a 404: the resource "
            "is not there, or not yet), with the create operation as a related location. It reports the "
            "`POST` operation when the create answered 2xx but gave no id to read the resource back with. A "
            "read-back that fails with a 5xx is AG602's (AG612's through a gateway), one that gets 405 "
            "AG610's. One finding per pair of operations and status.",
    .why = "Clients create something and then use it: they follow the id to the resource, show it, pay it. "
           "When it is not readable after the create answered success, it was not committed, is written "
           "asynchronously without the contract saying so (answer 202 then), lives under another id than the "
           "one returned, or the read side looks in another store. When the create answer has no id at all, "
           "a client cannot find what it made.",
    .fires = "```yaml\n# services/order-service/openapi.yaml\npaths:\n  /orders:\n    post:\n      responses:\n"
             "        \"201\": {description: created}\n  /orders/{id}:\n    get:\n      responses:\n"
             "        \"200\": {description: the order}\n        \"404\": {description: no such order}\n```\n\n"
             "The running service:\n\n```\nPOST http://127.0.0.1:8080/orders answered 201: {\"id\": \"o-20\"}\n"
             "GET http://127.0.0.1:8080/orders/o-20 answered 404: {\"error\": \"no such order\"}\n```",
    .clean = "The running service:\n\n```\nPOST http://127.0.0.1:8080/orders answered 201: {\"id\": \"o-20\"}\n"
             "GET http://127.0.0.1:8080/orders/o-20 answered 200: {\"id\": \"o-20\", \"status\": \"new\"}\n```",
    .fix = "Commit before answering, return the id the resource is read by (or a `Location` header, or an "
           "OpenAPI `links` entry that names it: `links: {GetOrder: {operationId: getOrder, parameters: {id: "
           "'$response.body#/orderId'}}}`). When the resource appears later, answer 202 and document how the "
           "client learns it is ready.",
    .options = "`archgate verify` options: `--read-only` sends no `POST`, so this rule has nothing to judge.",
    .release_sentence = "",
};

namespace {

const verify::Observation* partner_of(const verify::LiveResults& live, const verify::Observation& o) {
  if (o.probe.partner < 0 || static_cast<std::size_t>(o.probe.partner) >= live.observations.size()) return nullptr;
  return &live.observations[static_cast<std::size_t>(o.probe.partner)];
}

// Whether the create answer is otherwise fine, so that a missing id is the
// problem to report (not a broken body another rule reports).
bool clean_create(const verify::Observation& o) {
  return o.violations.empty() && o.body_problem.empty() && !live::content_type_mismatch(o);
}

}  // namespace

void check_created_resource_unavailable(const RuleContext& ctx) {
  auto judge = [&](const verify::Observation& o, live::AnswerReporter& out) {
    const verify::Observation* partner = partner_of(*ctx.live, o);
    if (out.verdict == live::Verdict::created_resource_unavailable) {
      const OpenApiOperation& reader = *o.probe.operation;
      std::string key = live::operation_key(reader) + " " + std::to_string(live::status_of(o));
      std::vector<Related> related;
      std::string created;
      if (partner && partner->probe.operation) {
        key += " after " + live::operation_key(*partner->probe.operation);
        related.push_back({partner->probe.operation->span, "created here"});
        created = " the resource " + live::operation_label(*partner->probe.operation) + " created (" +
                  verify::exchange_summary(partner->exchange) + ")";
      } else {
        created = " the created resource";
      }
      if (!out.first(key)) return;
      out.report(reader.span,
                 live::operation_label(reader) + " cannot read" + created + ": " +
                     verify::exchange_summary(o.exchange) + live::body_evidence(o),
                 key, std::move(related));
      return;
    }
    // Verdict none: a create that succeeded, whose read-back could not be sent.
    if (o.probe.purpose != verify::Purpose::create || !partner || partner->sent ||
        !live::is_2xx(live::status_of(o)) || !clean_create(o) || !partner->probe.operation) {
      return;
    }
    const OpenApiOperation& op = *o.probe.operation;
    std::string key = live::operation_key(op) + " no id for " + live::operation_key(*partner->probe.operation);
    if (!out.first(key)) return;
    std::string why = partner->skipped_because.empty() ? std::string("the answer gives no id")
                                                       : display_excerpt(partner->skipped_because, 200);
    out.report(op.span,
               live::operation_label(op) + " created a resource that cannot be read back at " +
                   live::operation_label(*partner->probe.operation) + ": " + why + ": " +
                   verify::exchange_summary(o.exchange) + live::body_evidence(o),
               key, {Related{partner->probe.operation->span, "the operation that should read it"}});
  };
  live::for_each_answer(ctx, {live::Verdict::created_resource_unavailable, live::Verdict::none}, judge);
}

}  // namespace archgate
