// AG307 missing-correlation-id: a service's code never mentions the
// correlation header (x-request-id), so it can neither read nor forward it.
#include <map>

#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kMissingCorrelationId;
const RuleInfo kMissingCorrelationId{
    .id = "AG307",
    .name = "missing-correlation-id",
    .severity = Severity::warning,
    .family = "operations",
    .summary = "A service's code never reads or forwards `x-request-id` (or the configured correlation header).",
    .what = "For every inventory service of kind `service`, `gateway` or `worker` that has source code archgate "
            "scans, looks for the correlation header's name as a string literal in any of its source files "
            "(compared without regard to case: `\"x-request-id\"`, `'X-Request-ID'`, `` `x-request-id` ``). "
            "Reading the header from a request, setting it on an outgoing call, echoing it on a response and "
            "putting it in a log context all need that literal. When none of the service's files has it, the "
            "service is reported at its name in `service-inventory.json`.\n\n"
            "Services without scanned source files (only a contract or a Dockerfile, or code in a language "
            "archgate does not scan) are not judged, and datastores are never checked. The literal must be "
            "the whole string: `\"X-Request-Id: \" + id` does not count.",
    .why = "One request crosses the gateway and several services. Without an id that every service reads "
           "from the incoming request, writes into each log line and forwards on each outgoing call, the logs "
           "of one failed order cannot be put together, and a saga step that failed in payment-service cannot "
           "be matched to the order that started it. The release checklist asks for structured logs with "
           "`x-request-id`; a service that never touches the header breaks the chain for everything behind it.",
    .fires = "```js\n// services/payment-service/src/server.js: the header appears nowhere\n"
             "app.post('/charges', async (req, res) => {\n  log.info('charging', { order: req.body.orderId });\n"
             "  res.status(201).json(await charge(req.body));\n});\n```",
    .clean = "```js\nconst REQUEST_ID = 'x-request-id';\napp.use((req, res, next) => {\n"
             "  req.id = req.get(REQUEST_ID) ?? randomUUID();\n  res.set(REQUEST_ID, req.id);\n  next();\n});\n```",
    .fix = "Read the header in the service's request middleware (create an id when it is missing), put it "
           "into every log line, echo it on the response and pass it on every outgoing call. When the "
           "middleware lives in a shared library outside the service's folder, name the header in the "
           "service's own code where it configures that library (`server.use(requestId('x-request-id'))`).",
    .options = "`correlation_header` (default `x-request-id`): the header name to look for, for systems that "
               "use `traceparent`, `x-correlation-id` or another name.",
    .release_sentence = "every service has logs with x-request-id",
};

void check_missing_correlation_id(const RuleContext& ctx) {
  if (ctx.config.correlation_header.empty()) return;
  std::map<std::string_view, std::pair<std::size_t, bool>> seen;  // service -> (source files, mentions header)
  for (const auto& file : ctx.model.sources) {
    if (file.language == "sql") continue;  // seed data and queries are not code that handles requests
    auto& s = seen[file.service];
    ++s.first;
    if (!file.header_mentions.empty()) s.second = true;
  }
  for (const auto& service : ctx.model.inventory.services) {
    if (service.kind == ServiceKind::datastore || service.kind == ServiceKind::platform) continue;
    auto s = seen.find(service.name);
    if (s == seen.end() || s->second.first == 0 || s->second.second) continue;
    std::size_t n = s->second.first;
    ctx.report(service.span,
               "the code of " + service.name + " never reads or forwards the " + ctx.config.correlation_header +
                   " header (" +
                   (n == 1 ? std::string("its only source file does not name it)")
                           : "none of its " + std::to_string(n) + " source files names it)"),
               service.name);
  }
}

}  // namespace archgate
