// AG604 response-schema-violation: a running service's JSON answer does not
// validate against the schema its contract documents for it.
#include "rules/live/verdict.h"

namespace archgate {

extern const RuleInfo kResponseSchemaViolation;
const RuleInfo kResponseSchemaViolation{
    .id = "AG604",
    .name = "response-schema-violation",
    .severity = Severity::error,
    .family = "live",
    .summary = "A JSON answer does not validate against the documented schema; the finding names the JSON "
               "pointer.",
    .what = "Runs under `archgate verify` only. The body of each answer whose status and media type are "
            "documented is validated against the documented schema, read in the OpenAPI dialect of the "
            "contract: `nullable`, 3.1 type arrays, `readOnly`/`writeOnly` (a `writeOnly` property is not "
            "expected in an answer), `allOf`/`oneOf`/`anyOf`, `enum`, formats. Each property that breaks the "
            "schema is reported once per operation, status and JSON pointer (`/items/0/price`), with what is "
            "wrong, the place of the schema in the contract (as a related location) and an excerpt of the "
            "body.\n\n"
            "A body that is not JSON at all where JSON is documented (an HTML error page, an empty body) is "
            "one finding for the operation and status. An answer whose media type is not documented is "
            "AG605's, not this rule's; answers with a status problem (AG601–AG603, AG607, AG608, AG610–AG613) "
            "are not validated.",
    .why = "The schema is what clients deserialize into. A price sent as a string, a missing required "
           "property or a `null` the schema does not allow breaks generated clients at run time, in another "
           "team's service, often far from the cause. Contract tests written by hand rarely cover every "
           "property; the running service is the only proof.",
    .fires = "```yaml\n# services/order-service/openapi.yaml\ncomponents:\n  schemas:\n    Order:\n"
             "      type: object\n      required: [id, total]\n      properties:\n        id: {type: string}\n"
             "        total: {type: number}\n```\n\nThe running service:\n\n```\nGET "
             "http://127.0.0.1:8080/orders/o-1 answered 200: {\"id\": \"o-1\", \"total\": \"12.50\"}\n```\n\n"
             "reported at `/total`: a string where the schema wants a number.",
    .clean = "```yaml\n        total: {type: number}\n```\n\nThe running service:\n\n```\nGET "
             "http://127.0.0.1:8080/orders/o-1 answered 200: {\"id\": \"o-1\", \"total\": 12.5}\n```",
    .fix = "Decide which side is right. When the service is, correct the schema (a `nullable: true`, a "
           "property that is not `required`, a type). When the contract is, fix the serialization: a "
           "decimal serialized as a string, a missing field, an internal field that leaks.",
    .options = "",
    .release_sentence = "",
};

void check_response_schema_violation(const RuleContext& ctx) {
  auto judge = [&](const verify::Observation& o, live::AnswerReporter& out) {
    if (live::content_type_mismatch(o)) return;  // AG605
    const OpenApiOperation& op = *o.probe.operation;
    std::string base_key = live::operation_key(op) + " " + std::to_string(live::status_of(o));
    std::string evidence = verify::exchange_summary(o.exchange) + live::body_evidence(o);
    if (!o.body_problem.empty()) {
      std::string key = base_key + " body";
      if (!out.first(key)) return;
      out.report(o.probe.span,
                 "the answer of " + live::operation_label(op) + " is not the documented JSON (" +
                     display_excerpt(o.body_problem, 160) + "): " + evidence,
                 key);
      return;
    }
    for (const auto& violation : o.violations) {
      std::string key = base_key + " " + violation.pointer;
      if (!out.first(key)) continue;
      std::string where = violation.pointer.empty() ? std::string("the top level")
                                                    : display_excerpt(violation.pointer, 120);
      std::string schema;
      std::vector<Related> related;
      if (violation.schema_span.known()) {
        schema = " (schema at " + display_escape(violation.schema_span.path) + ":" +
                 std::to_string(violation.schema_span.line) + ")";
        related.push_back({violation.schema_span, "the schema"});
      }
      out.report(o.probe.span,
                 "the answer of " + live::operation_label(op) + " breaks its schema at " + where + ": " +
                     display_excerpt(violation.message, 200) + schema + ": " + evidence,
                 key, std::move(related));
    }
  };
  live::for_each_answer(ctx, {live::Verdict::none}, judge);
}

}  // namespace archgate
