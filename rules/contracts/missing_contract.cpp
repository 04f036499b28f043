// AG405 missing-contract: a service or gateway has no OpenAPI file.
#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kMissingContract;
const RuleInfo kMissingContract{
    .id = "AG405",
    .name = "missing-contract",
    .severity = Severity::warning,
    .family = "contracts",
    .summary = "A service or gateway in the inventory has no OpenAPI contract.",
    .what = "Reports every inventory service of kind `service` or `gateway` for which archgate found no OpenAPI "
            "file: the service has no `openapi` field and none of the default locations exists, "
            "`<path>/openapi.yaml`, `<path>/openapi.yml`, `<path>/openapi.json`, `<path>/api/openapi.yaml`, "
            "`<path>/api/openapi.yml` or `<path>/api/openapi.json`, where `<path>` is the service's `path` "
            "(default `services/<name>` when that folder exists, else `<name>`). The finding points at the "
            "service's name in `service-inventory.json`. Services of kind `worker` and `datastore` serve no "
            "HTTP API and are exempt. An `openapi` field that names a missing file is reported by AG002 instead, "
            "and a contract that exists but cannot be parsed by AG001.",
    .why = "The contract is what the other rules check a service against: without it archgate cannot tell "
           "whether a caller uses operations that exist (AG403), whether the gateway routes to real operations "
           "(AG203), whether the API leaks table names (AG401), whether a change breaks clients (AG404), nor "
           "probe the service with `archgate verify`. For people, a service without a contract has an API that "
           "exists only in its code: clients guess, and every change may break them unnoticed.",
    .fires = "```json\n{ \"services\": [\n  { \"name\": \"order-service\", \"owns\": [\"orders\"] }\n] }\n```\n\n"
             "```text\nservices/order-service/\n  src/main.cpp\n  docs/order-api.yaml     # not at a default "
             "location\n```",
    .clean = "```json\n{ \"services\": [\n  { \"name\": \"order-service\", \"owns\": [\"orders\"],\n"
             "    \"openapi\": \"services/order-service/docs/order-api.yaml\" },\n"
             "  { \"name\": \"outbox-relay\", \"kind\": \"worker\" }\n] }\n```",
    .fix = "Write the service's OpenAPI contract and put it at `<path>/openapi.yaml` (or another default "
           "location), or point the service's `openapi` field in `service-inventory.json` at the file where it "
           "already lives. If the component serves no HTTP API, give it `\"kind\": \"worker\"` (or "
           "`\"datastore\"`) in the inventory.",
    .options = "",
    .release_sentence = "",
};

void check_missing_contract(const RuleContext& ctx) {
  const Inventory& inventory = ctx.model.inventory;
  for (const auto& service : inventory.services) {
    if (service.kind != ServiceKind::service && service.kind != ServiceKind::gateway) continue;
    // A declared contract that does not exist is AG002's finding.
    if (!service.openapi.empty() || service.openapi_field) continue;
    std::string root = service.path.empty() ? service.name : service.path;
    std::string looked = root + "/openapi.{yaml,yml,json} and " + root + "/api/openapi.{yaml,yml,json}";
    if (!service.path_exists) {
      looked += service.path_field ? " (the folder " + root + " does not exist)"
                                   : " (neither services/" + service.name + " nor " + service.name + " is a folder)";
    }
    std::string file = inventory.path.empty() ? std::string("service-inventory.json") : inventory.path;
    ctx.report(service.span,
               service.name + " has no OpenAPI contract: archgate looked for " + looked + "; if the contract lives elsewhere, "
                   "name it in the \"openapi\" field of " + service.name + " in " + file,
               service.name);
  }
}

}  // namespace archgate
