// AG501 unknown-service: a `mayCall` entry names a service the inventory does
// not define.
#include <algorithm>
#include <vector>

#include "base/text.h"
#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kUnknownService;
const RuleInfo kUnknownService{
    .id = "AG501",
    .name = "unknown-service",
    .severity = Severity::error,
    .family = "inventory",
    .summary = "A `mayCall` entry names a service that service-inventory.json does not define.",
    .what = "Checks every `mayCall` entry of every service in `service-inventory.json` against the names of the "
            "services the inventory defines, and reports each entry that matches none (names are compared "
            "exactly, case included). When a defined name is at most two edits away, the message suggests it.",
    .why = "`mayCall` is the allow-list that AG402 (undeclared-call), AG203 (gateway-unrouted-operation) and "
           "AG503 (call-cycle) reason about. An entry that names no service is usually a typo or a service that "
           "was renamed or removed: the intended dependency is then not declared at all, calls to the real "
           "service are reported as undeclared, and the call graph and architecture pictures are wrong.",
    .fires = "```json\n{ \"services\": [\n  { \"name\": \"order-service\", \"mayCall\": [\"inventroy-service\"] },\n"
             "  { \"name\": \"inventory-service\" }\n] }\n```",
    .clean = "```json\n{ \"services\": [\n  { \"name\": \"order-service\", \"mayCall\": [\"inventory-service\"] },\n"
             "  { \"name\": \"inventory-service\" }\n] }\n```",
    .fix = "Correct the name to the service's `name` in the inventory, add the missing service to the inventory, "
           "or remove the entry if the dependency is gone.",
    .options = "",
    .release_sentence = "",
};

namespace {

const InventoryService* closest(const Inventory& inventory, std::string_view name) {
  std::vector<std::string_view> names;
  for (const auto& service : inventory.services) names.push_back(service.name);
  auto at = nearest(name, names, 2);
  return at ? &inventory.services[*at] : nullptr;
}

}  // namespace

void check_unknown_service(const RuleContext& ctx) {
  const Inventory& inventory = ctx.model.inventory;
  for (const auto& service : inventory.services) {
    for (const auto& call : service.may_call) {
      if (inventory.find(call.value)) continue;
      std::string message =
          service.name + " may call \"" + call.value + "\", which " +
          (inventory.path.empty() ? std::string("the inventory") : inventory.path) + " does not define";
      if (const InventoryService* suggestion = closest(inventory, call.value)) {
        message += "; did you mean \"" + suggestion->name + "\"?";
      }
      ctx.report(call.span, std::move(message), service.name);
    }
  }
}

}  // namespace archgate
