// AG605 content-type-mismatch: a running service's answer has a media type
// its contract does not document for that response.
#include "rules/live/verdict.h"

namespace archgate {

extern const RuleInfo kContentTypeMismatch;
const RuleInfo kContentTypeMismatch{
    .id = "AG605",
    .name = "content-type-mismatch",
    .severity = Severity::error,
    .family = "live",
    .summary = "The media type of an answer is not one its documented response lists.",
    .what = "Runs under `archgate verify` only. For each answer with a body whose documented response lists "
            "`content`, the answer's `Content-Type` (without parameters such as `charset`, compared without "
            "regard to case) must be one of the documented media types; a documented `*/*` covers every type "
            "and `text/*` every text type. A body without any `Content-Type` is a mismatch too. Other "
            "structured types are not equivalent: `application/problem+json` is not `application/json`.\n\n"
            "Answers without a body (204, HEAD) and responses that document no `content` are not judged; "
            "answers with a status problem are left to the status rules. One finding per operation, status "
            "and media type, at the operation, with the documented response as a related location. The body "
            "of a mismatched answer is not validated against the schema (AG604).",
    .why = "Clients choose their parser by the media type: a JSON client that gets `text/html` (a framework's "
           "error page, a proxy's maintenance page) fails on the first byte, and one that gets "
           "`application/problem+json` where it dispatches on `application/json` misses the error details. "
           "A body without a `Content-Type` leaves the client guessing, and browsers sniffing.",
    .fires = "```yaml\n# services/order-service/openapi.yaml\npaths:\n  /orders/{id}:\n    get:\n      responses:\n"
             "        \"404\":\n          description: no such order\n          content:\n            "
             "application/json:\n              schema: {$ref: '#/components/schemas/Error'}\n```\n\nThe running "
             "service:\n\n```\nGET http://127.0.0.1:8080/orders/o-404 answered 404 (Content-Type: text/html): "
             "<!DOCTYPE html><html><head><title>Error</title>…\n```",
    .clean = "```yaml\n        \"404\":\n          content:\n            application/json: {}\n```\n\nThe running "
             "service:\n\n```\nGET http://127.0.0.1:8080/orders/o-404 answered 404 (Content-Type: "
             "application/json; charset=utf-8): {\"error\": \"no such order\"}\n```",
    .fix = "Answer with the documented media type: register a JSON error handler for the framework's default "
           "error pages, set `Content-Type` on every answer with a body. When the service is right, add its "
           "media type to the response's `content` in the contract.",
    .options = "",
    .release_sentence = "",
};

namespace {

std::string documented_media(const OpenApiResponse& response) {
  std::string out;
  for (const auto& m : response.content) {
    if (!out.empty()) out += ", ";
    out += display_excerpt(m.content_type, 80);
  }
  return out;
}

}  // namespace

void check_content_type_mismatch(const RuleContext& ctx) {
  auto judge = [&](const verify::Observation& o, live::AnswerReporter& out) {
    if (!live::content_type_mismatch(o)) return;
    const OpenApiOperation& op = *o.probe.operation;
    const OpenApiResponse& documented = *o.matched.response;
    std::string media = o.exchange.response->media_type();
    std::string key = live::operation_key(op) + " " + std::to_string(live::status_of(o)) + " " + media;
    if (!out.first(key)) return;
    std::string problem = media.empty()
                              ? "has a body but no Content-Type"
                              : "is " + display_excerpt(media, 80) + ", not a documented media type";
    std::vector<Related> related;
    if (documented.span.known()) {
      related.push_back({documented.span, "the documented response " + display_excerpt(o.matched.documented_as, 20)});
    }
    out.report(o.probe.span,
               "the answer of " + live::operation_label(op) + " " + problem + " (documented: " +
                   documented_media(documented) + "): " + verify::exchange_summary(o.exchange) +
                   live::body_evidence(o),
               key, std::move(related));
  };
  live::for_each_answer(ctx, {live::Verdict::none}, judge);
}

}  // namespace archgate
