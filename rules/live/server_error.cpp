// AG602 server-error: a running service answered a request with a 5xx.
#include "rules/live/verdict.h"

namespace archgate {

extern const RuleInfo kServerError;
const RuleInfo kServerError{
    .id = "AG602",
    .name = "server-error",
    .severity = Severity::error,
    .family = "live",
    .summary = "A running service answers a request the API should handle or reject with a 5xx.",
    .what = "Runs under `archgate verify` only. Every request `archgate verify` sends is built from the "
            "contract: valid requests from its examples and schemas, and invalid ones (a required property "
            "left out, a wrong type, a value outside an enum) that the service should refuse with a 4xx. When "
            "any of them gets a 5xx, the rule reports the operation (for an invalid request, the schema the "
            "request broke), with the request, what it was built from and an escaped excerpt of the answer.\n\n"
            "One finding per operation and status, whether or not the contract documents the 5xx. A "
            "502/503/504 from a gateway is AG612's, a failing health path AG601's.",
    .why = "A 5xx says the service failed, not the client: an unhandled exception, a null where a value was "
           "expected, a constraint violation in the database, a validation that crashes instead of refusing. "
           "Clients retry 5xx answers, so an invalid request that crashes the service is retried and crashes "
           "it again; a stack trace in the body tells an attacker about the service's internals.",
    .fires = "```yaml\n# services/order-service/openapi.yaml\npaths:\n  /orders:\n    post:\n      requestBody:\n"
             "        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/"
             "NewOrder'}\n      responses:\n        \"201\": {description: created}\n        \"400\": "
             "{description: invalid order}\n```\n\nThe running service, sent an order without its required "
             "`sku`:\n\n```\nPOST http://127.0.0.1:8080/orders answered 500: {\"error\": \"TypeError: Cannot read "
             "properties of undefined (reading 'trim')\"}\n```",
    .clean = "```yaml\npaths:\n  /orders:\n    post:\n      responses:\n        \"201\": {description: created}\n"
             "        \"400\": {description: invalid order}\n```\n\nThe running service, sent the same order:\n\n"
             "```\nPOST http://127.0.0.1:8080/orders answered 400: {\"error\": \"sku is required\"}\n```",
    .fix = "Reproduce the request (the finding shows the method, the URL and what the body was built from; "
           "`archgate verify --dry-run` prints the bodies), find it in the service's log (every request "
           "carries an `x-request-id` starting with `archgate-`), and fix the failure: validate the input and "
           "answer 4xx for what the client got wrong, handle the error of the dependency that failed.",
    .options = "`archgate verify` options: `--seed N` makes the generated requests reproducible; `--operation "
               "'METHOD /path'` sends only that operation's requests.",
    .release_sentence = "",
};

void check_server_error(const RuleContext& ctx) {
  auto judge = [&](const verify::Observation& o, live::AnswerReporter& out) {
    std::string key = live::operation_key(*o.probe.operation) + " " + std::to_string(live::status_of(o));
    if (!out.first(key)) return;
    std::string request = o.probe.description.empty()
                              ? std::string()
                              : " (" + display_excerpt(o.probe.description, 200) + ")";
    out.report(o.probe.span,
               live::operation_label(*o.probe.operation) + " failed with a server error" + request + ": " +
                   verify::exchange_summary(o.exchange) + live::body_evidence(o),
               key);
  };
  live::for_each_answer(ctx, {live::Verdict::server_error}, judge);
}

}  // namespace archgate
