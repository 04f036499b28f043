// AG404 breaking-change: with --base (or --staged), an OpenAPI change that
// breaks the service's clients. The comparison is rules/common/openapi_diff.
#include "rules/common/openapi_diff.h"
#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kBreakingChange;
const RuleInfo kBreakingChange{
    .id = "AG404",
    .name = "breaking-change",
    .severity = Severity::error,
    .family = "contracts",
    .summary = "With `--base`: an OpenAPI change breaks clients (removed path, operation, response or property; "
               "new required parameter or request property; changed type; narrowed enum).",
    .what = "Runs only when archgate compares two sides: `check --base REV` (the working tree against the merge "
            "base of REV and HEAD) and `check --staged` (the index against HEAD). For every service whose "
            "OpenAPI contract exists on both sides, operations are matched by method and path template "
            "(`/orders/{id}` is `/orders/{orderId}`), `$ref`s are resolved on both sides (across files; "
            "`allOf` members folded in; `$ref` cycles end), and these changes are reported:\n\n"
            "| change | reported at (head) |\n|---|---|\n"
            "| a path was removed | the `paths` key |\n"
            "| an operation (method) was removed | the path's key |\n"
            "| a success response (2xx, 3xx) was removed | the operation's method key |\n"
            "| a response property was removed | the `properties` key of the schema that lost it |\n"
            "| a new required query, path or cookie parameter, or an optional one became required | the "
            "parameter |\n"
            "| a new required header, or an optional header became required | the header parameter |\n"
            "| a new required request body property, or an optional one became required | the property |\n"
            "| the request body became required | `requestBody` |\n"
            "| a type changed: a request accepts less, or a response may return another type | `type` |\n"
            "| a request enum lost values, or a request field got an enum | `enum` |\n\n"
            "Each message names the operation (`GET /orders/{id}`), the place (`response 200`, "
            "`request body`, `query parameter \"limit\"`) and the property path (`items[].sku`); the base "
            "location is a related note. Requests and responses are judged in opposite directions: a request "
            "may accept more and a response may return more properties, never the reverse (`integer` to "
            "`number` is fine in a request, not in a response). `readOnly` properties are not request fields "
            "and `writeOnly` ones are not response fields. Where `oneOf`/`anyOf` make the set of properties "
            "uncertain, removals and new required properties are not judged. A whole contract that is "
            "removed is reported once at the service's inventory entry. See docs/breaking-changes.md for "
            "how this compares with oasdiff's catalogue.",
    .why = "Clients are generated from the contract and deployed on their own schedule: the gateway, other "
           "services, mobile apps that stay installed for months. A removed field or a new required "
           "parameter breaks every client that has not been changed in the same release, and the break "
           "shows up only in production traffic. Catching it in the pull request lets the author version the "
           "API, keep the old field, or coordinate the clients.",
    .fires = "```diff\n# services/order-service/openapi.yaml\n paths:\n   /orders/{id}:\n     get:\n"
             "       parameters:\n+        - {name: tenant, in: query, required: true, schema: {type: string}}"
             "   # AG404\n       responses:\n         \"200\":\n           content:\n             application/json:\n"
             "               schema:\n                 properties:\n-                  total: {type: number}"
             "                   # AG404: removed\n+                  total: {type: string}"
             "                   # AG404: changed type\n```",
    .clean = "```diff\n # additive changes keep old clients working\n         \"200\":\n           content:\n"
             "             application/json:\n               schema:\n                 properties:\n"
             "                   total: {type: number}\n+                  currency: {type: string}"
             "      # a new response property\n+        - {name: page, in: query, schema: {type: integer}}"
             "       # a new optional parameter\n```",
    .fix = "Make the change additive: keep the old path, operation, field or type next to the new one and "
           "deprecate it (`deprecated: true`); give a new parameter or request property a default and leave "
           "it optional; widen enums instead of narrowing them. When a break is intended, publish it as a "
           "new version (`/v2/orders`) and suppress the finding with a reason that names the migration plan.",
    .options = "",
    .release_sentence = "",
};

void check_breaking_change(const RuleContext& ctx) {
  if (!ctx.base) return;
  for (const auto& old : ctx.base->contracts) {
    if (old.service.empty() || old.operations.empty()) continue;
    const InventoryService* service = ctx.model.inventory.find(old.service);
    if (!service) continue;  // the service itself was removed
    const OpenApiDocument* now = ctx.model.contract_of(old.service);
    bool readable = now && now->readable;
    if (!now || (!readable && now->operations.empty())) {
      if (now) continue;  // unreadable: AG001 says so; nothing to compare
      const Span& anchor = service->openapi_field ? service->openapi_field->span : service->span;
      ctx.report(anchor,
                 old.service + ": its OpenAPI contract " + old.path + " was removed; its " +
                     std::to_string(old.operations.size()) +
                     (old.operations.size() == 1 ? " operation is" : " operations are") +
                     " no longer documented for clients",
                 old.service, {Related{Span{old.path, 1, 1, 0, 0}, "at the base: the contract"}});
      continue;
    }
    for (auto& change : find_breaking_changes(old, *now)) {
      std::vector<Related> related;
      if (change.base) related.push_back(std::move(*change.base));
      ctx.report(change.head, old.service + ": " + change.message, old.service, std::move(related),
                 std::string(breaking_kind_name(change.kind)) + '\x1f' + change.message);
    }
  }
}

}  // namespace archgate
