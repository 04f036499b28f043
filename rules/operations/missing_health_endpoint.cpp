// AG303 missing-health-endpoint: a service's or gateway's OpenAPI contract
// declares no health path.
#include "rules/common/health_paths.h"
#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kMissingHealthEndpoint;
const RuleInfo kMissingHealthEndpoint{
    .id = "AG303",
    .name = "missing-health-endpoint",
    .severity = Severity::warning,
    .family = "operations",
    .summary = "A service's or gateway's OpenAPI contract declares no health path (/health, /healthz, /ready, "
               "/readyz, /live, /livez, /actuator/health).",
    .what = "Looks at the `paths` of every contract archgate loaded for an inventory service (except services of "
            "kind `datastore`) and reports the contract when none of them is a health path: `/health`, "
            "`/healthz`, `/ready`, `/readyz`, `/live`, `/livez` or `/actuator/health`, each also with a trailing "
            "slash. The paths must match exactly: `/v1/health` or `/status` do not count, and a Swagger 2 "
            "`basePath` or OpenAPI `servers` prefix is not added. The finding points at the `paths` key of the "
            "contract's root file (line 1 when the file has no `paths`). Contracts that could not be read are "
            "left to AG001, services without a contract to AG405.",
    .why = "Orchestrators, load balancers and the Compose health checks (AG301) need an endpoint that says "
           "whether the service can take traffic. When it is not in the contract, clients and the platform team "
           "cannot rely on it, contract tests do not cover it, and `archgate verify` cannot probe it. The "
           "release checklist asks that every service has a health check.",
    .fires = "```yaml\n# services/order-service/openapi.yaml\nopenapi: 3.0.3\npaths:\n  /orders:\n    post:\n"
             "      responses:\n        \"201\": {description: created}\n```",
    .clean = "```yaml\nopenapi: 3.0.3\npaths:\n  /orders:\n    post:\n      responses:\n"
             "        \"201\": {description: created}\n  /health:\n    get:\n      responses:\n"
             "        \"200\": {description: the service is up}\n```",
    .fix = "Implement a cheap `GET /health` (or `/healthz`, `/readyz`, `/livez`, `/actuator/health`) that answers "
           "2xx when the service can serve requests, and declare it in the contract. If the service really "
           "serves no HTTP traffic, give it `\"kind\": \"worker\"` or `\"datastore\"` in the inventory and drop "
           "its OpenAPI file.",
    .options = "",
    .release_sentence = "every service has a health check",
};

void check_missing_health_endpoint(const RuleContext& ctx) {
  for (const auto& contract : ctx.model.contracts) {
    // An unreadable contract is AG001's finding, not evidence of a missing path.
    if (!contract.readable) continue;
    const InventoryService* service = ctx.model.inventory.find(contract.service);
    if (!service || service->kind == ServiceKind::datastore) continue;
    bool has_health = false;
    for (const auto& path : contract.path_keys) {
      if (is_health_path(path.value)) {
        has_health = true;
        break;
      }
    }
    if (has_health) continue;
    Span span = contract.paths_span;
    if (!span.known()) span = Span{contract.path, 1, 1, 0, 0};
    ctx.report(span,
               "the contract of " + service->name +
                   " declares no health endpoint (/health, /healthz, /ready, /readyz, /live, /livez or "
                   "/actuator/health)",
               service->name);
  }
}

}  // namespace archgate
