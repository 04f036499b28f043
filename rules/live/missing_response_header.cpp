// AG606 missing-response-header: a running service's answer lacks a response
// header its contract declares as required.
#include "rules/live/verdict.h"

namespace archgate {

extern const RuleInfo kMissingResponseHeader;
const RuleInfo kMissingResponseHeader{
    .id = "AG606",
    .name = "missing-response-header",
    .severity = Severity::warning,
    .family = "live",
    .summary = "An answer lacks a response header its documented response declares `required: true`.",
    .what = "Runs under `archgate verify` only. For each answer, the `headers` of the documented response "
            "that matched its status are read; each one marked `required: true` must be present in the answer "
            "(names compared without regard to case; its value is not judged). A missing one is reported at "
            "its declaration in the contract, once per operation, status and header, with the request as "
            "evidence and the operation as a related location.\n\n"
            "The correlation header (`x-request-id`, or the configured one) is AG609's, even when the "
            "contract declares it. Answers with a status problem are left to the status rules.",
    .why = "A required header is a promise clients build on: the `Location` of what a `POST` created, the "
           "`ETag` a client sends back in `If-Match`, the `Retry-After` of a 429, rate-limit headers a client "
           "throttles by. When it is missing, those clients break or silently fall back to guessing.",
    .fires = "```yaml\n# services/order-service/openapi.yaml\npaths:\n  /orders:\n    post:\n      responses:\n"
             "        \"201\":\n          description: created\n          headers:\n            Location:\n"
             "              required: true\n              schema: {type: string}\n```\n\nThe running service:\n\n"
             "```\nPOST http://127.0.0.1:8080/orders answered 201 (headers: Content-Type, Content-Length)\n```",
    .clean = "The running service:\n\n```\nPOST http://127.0.0.1:8080/orders answered 201 (headers: Content-Type, "
             "Content-Length, Location: /orders/o-17)\n```",
    .fix = "Set the header on every answer of that status (often a framework option, or a line in the "
           "handler). When clients do not need it, drop `required: true` from its declaration.",
    .options = "",
    .release_sentence = "",
};

void check_missing_response_header(const RuleContext& ctx) {
  auto judge = [&](const verify::Observation& o, live::AnswerReporter& out) {
    const OpenApiOperation& op = *o.probe.operation;
    for (const auto& header : o.missing_headers) {
      if (iequals(header.value, ctx.live->request_id_header)) continue;  // AG609
      std::string key = live::operation_key(op) + " " + o.matched.documented_as + " " + to_lower(header.value);
      if (!out.first(key)) continue;
      Span span = header.span.known() ? header.span : o.probe.span;
      std::vector<Related> related;
      if (header.span.known()) related.push_back({op.span, "the operation"});
      out.report(span,
                 "the answer of " + live::operation_label(op) + " lacks the required header " +
                     display_excerpt(header.value, 80) + " (declared for " +
                     display_excerpt(o.matched.documented_as, 20) + "): " + verify::exchange_summary(o.exchange),
                 key, std::move(related));
    }
  };
  live::for_each_answer(ctx, {live::Verdict::none}, judge);
}

}  // namespace archgate
