// AG501 unknown-service: a `mayCall` entry names a service the inventory does
// not define.
#include <algorithm>
#include <vector>

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

// Levenshtein distance, or limit + 1 once it is certainly above `limit`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  std::size_t gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (gap > limit) return limit + 1;
  std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    std::size_t row_min = current[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
      row_min = std::min(row_min, current[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(previous, current);
  }
  return previous[b.size()];
}

const InventoryService* closest(const Inventory& inventory, std::string_view name) {
  constexpr std::size_t kLimit = 2;
  const InventoryService* best = nullptr;
  std::size_t best_distance = kLimit + 1;
  for (const auto& service : inventory.services) {
    std::size_t d = edit_distance(name, service.name, kLimit);
    if (d < best_distance) {
      best = &service;
      best_distance = d;
    }
  }
  return best;
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
