// AG610 operation-not-implemented: a documented operation answers 404 or 405
// for its route: the running service does not implement it.
#include "rules/live/verdict.h"

namespace archgate {

extern const RuleInfo kOperationNotImplemented;
const RuleInfo kOperationNotImplemented{
    .id = "AG610",
    .name = "operation-not-implemented",
    .severity = Severity::error,
    .family = "live",
    .summary = "A documented operation answers 404 or 405 for its route.",
    .what = "Runs under `archgate verify` only. The rule reports an operation whose valid request (or the "
            "read-back of a created resource) gets 405 Method Not Allowed, or whose valid request gets 404 "
            "Not Found when that cannot mean \"no such resource\": the path has no parameter "
            "(`GET /orders`), or no documented response covers 404 (exactly, as `4XX` or as `default`). A 404 "
            "to `GET /orders/{id}` that the contract documents is an unknown id, not a missing route, and is "
            "not reported.\n\n"
            "The finding points at the operation, with the request and the answer. The other requests of "
            "the operation that got the same status are part of the same finding, not AG603's. One finding "
            "per operation and status.",
    .why = "The contract promises an operation the running service does not have: a route renamed in the "
           "code but not in the contract, a handler never registered, a path prefix the contract leaves "
           "out, a method the service spells differently. Every client written from the contract fails on "
           "it, and nothing else in the pipeline notices until they do.",
    .fires = "```yaml\n# services/order-service/openapi.yaml\npaths:\n  /orders:\n    get:\n      responses:\n"
             "        \"200\": {description: the orders}\n```\n\nThe running service:\n\n```\nGET "
             "http://127.0.0.1:8080/orders answered 404: Cannot GET /orders\n```",
    .clean = "The running service:\n\n```\nGET http://127.0.0.1:8080/orders answered 200: [{\"id\": \"o-1\"}]\n"
             "```\n\nor, for `GET /orders/{id}` documenting `\"404\": {description: no such order}`:\n\n```\nGET "
             "http://127.0.0.1:8080/orders/o-0 answered 404: {\"error\": \"no such order\"}\n```",
    .fix = "Implement the operation, or correct the contract: the path (a missing `/v1` prefix: the "
           "contract's `servers` are not added to the URL given with `--service`, so give the prefix there, "
           "`--service order-service=http://127.0.0.1:8080/v1`), the method, or remove the operation. When an "
           "operation with a path parameter may answer 404, document the 404.",
    .options = "`archgate verify` options: `--service NAME=URL` may carry a base path; `--operation 'METHOD "
               "/path'` verifies one operation.",
    .release_sentence = "",
};

void check_operation_not_implemented(const RuleContext& ctx) {
  auto judge = [&](const verify::Observation& o, live::AnswerReporter& out) {
    const OpenApiOperation& op = *o.probe.operation;
    int status = live::status_of(o);
    std::string key = live::operation_key(op) + " " + std::to_string(status);
    if (!out.first(key)) return;
    std::string what;
    if (status == 405) {
      what = " is documented, but the service does not allow the method on its path";
    } else if (!live::has_path_parameter(op)) {
      what = " is documented, but the service has no route for it";
    } else {
      what = " is documented, but the service has no route for it (a 404 the operation does not document)";
    }
    out.report(op.span,
               live::operation_label(op) + what + ": " + verify::exchange_summary(o.exchange) +
                   live::body_evidence(o),
               key);
  };
  live::for_each_answer(ctx, {live::Verdict::operation_not_implemented}, judge);
}

}  // namespace archgate
