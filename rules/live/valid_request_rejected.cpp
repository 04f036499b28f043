// AG608 valid-request-rejected: a running service refused, as invalid, a
// request built from its contract's examples or schemas.
#include "rules/live/verdict.h"

namespace archgate {

extern const RuleInfo kValidRequestRejected;
const RuleInfo kValidRequestRejected{
    .id = "AG608",
    .name = "valid-request-rejected",
    .severity = Severity::error,
    .family = "live",
    .summary = "A request built from the contract's example or schema gets a 4xx that calls it invalid or "
               "unauthorized.",
    .what = "Runs under `archgate verify` only. The valid request of each operation is built from the "
            "contract: its examples first, else values generated from its schemas. When the service refuses "
            "it as invalid — 400, 413, 415 or 422 — the contract and the service disagree on what a valid "
            "request is, and the rule reports the operation with what the request was built from and the "
            "answer. A 401 or 403 is reported too: the service wants credentials the run did not pass.\n\n"
            "Other 4xx answers are business outcomes, not judged here: a 409 (the order already exists), a "
            "404 for an id from the example that does not exist (unless the route itself is missing: "
            "AG610). Undocumented ones are AG603's. One finding per operation and status.",
    .why = "The contract's examples and schemas are what client teams copy. A request built from them that "
           "the service refuses means every client written from the contract is refused too: a required "
           "field the contract does not mention, a stricter format, a media type the service does not "
           "parse.",
    .fires = "```yaml\n# services/order-service/openapi.yaml\npaths:\n  /orders:\n    post:\n      requestBody:\n"
             "        content:\n          application/json:\n            example: {sku: A-1, quantity: 2}\n```\n\n"
             "The running service:\n\n```\nPOST http://127.0.0.1:8080/orders answered 422: {\"errors\": "
             "[{\"field\": \"customerId\", \"message\": \"must not be null\"}]}\n```",
    .clean = "```yaml\n            example: {sku: A-1, quantity: 2, customerId: c-7}\n```\n\nThe running service:"
             "\n\n```\nPOST http://127.0.0.1:8080/orders answered 201: {\"id\": \"o-19\"}\n```",
    .fix = "Read the refusal in the excerpt and bring the contract and the service together: add the missing "
           "required property to the schema and the example, or relax the service's validation. For 401 and "
           "403, pass credentials: `archgate verify --header 'Authorization: Bearer …'`.",
    .options = "`archgate verify` options: `--header 'K: V'` (repeatable) is sent with every request, for "
               "credentials and tenant headers.",
    .release_sentence = "",
};

void check_valid_request_rejected(const RuleContext& ctx) {
  auto judge = [&](const verify::Observation& o, live::AnswerReporter& out) {
    const OpenApiOperation& op = *o.probe.operation;
    int status = live::status_of(o);
    std::string key = live::operation_key(op) + " " + std::to_string(status);
    if (!out.first(key)) return;
    bool credentials = status == 401 || status == 403;
    std::string built = o.probe.description.empty() ? std::string()
                                                    : " (" + display_excerpt(o.probe.description, 200) + ")";
    std::string help = credentials
                           ? "the service wants credentials: pass them with --header (e.g. --header "
                             "'Authorization: Bearer <token>'); archgate verify sends it with every request"
                           : "the contract and the service disagree on what a valid request is: fix the "
                             "example or schema, or the service's validation";
    out.report(o.probe.span,
               live::operation_label(op) +
                   (credentials ? " refused a request built from its contract for want of credentials"
                                : " refused a request built from its contract as invalid") +
                   built + ": " + verify::exchange_summary(o.exchange) + live::body_evidence(o),
               key, {}, help);
  };
  live::for_each_answer(ctx, {live::Verdict::valid_request_rejected}, judge);
}

}  // namespace archgate
