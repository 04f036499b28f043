// AG101 table-owned-twice: two services list the same table in `owns`.
#include "rules/ownership/ownership.h"
#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kTableOwnedTwice;
const RuleInfo kTableOwnedTwice{
    .id = "AG101",
    .name = "table-owned-twice",
    .severity = Severity::error,
    .family = "ownership",
    .summary = "Two services list the same table in `owns`.",
    .what = "Compares the `owns` lists of all services in `service-inventory.json`. Names follow PostgreSQL rules: "
            "unquoted names are case-insensitive, quoted names (`\"Stock\"`) keep their case, and an entry without "
            "a schema (`stock`) matches that table in every schema, so `stock` and `inventory.stock` are the same "
            "table while `billing.stock` and `inventory.stock` are not. The finding points at the later entry and "
            "names the earlier one.",
    .why = "Ownership is the boundary every other ownership rule checks against: a table with two owners has none. "
           "Both teams will migrate it, both will assume they may change its columns, and the first schema change "
           "one of them ships breaks the other. \"No shared database tables\" starts in the inventory.",
    .fires = "```json\n{ \"services\": [\n"
             "  { \"name\": \"order-service\", \"owns\": [\"orders\", \"stock\"] },\n"
             "  { \"name\": \"inventory-service\", \"owns\": [\"inventory.stock\", \"reservations\"] }\n] }\n```\n\n"
             "`inventory.stock` is the `stock` that order-service already claims.",
    .clean = "```json\n{ \"services\": [\n"
             "  { \"name\": \"order-service\", \"owns\": [\"orders\", \"order_items\"] },\n"
             "  { \"name\": \"inventory-service\", \"owns\": [\"inventory.stock\", \"reservations\"] },\n"
             "  { \"name\": \"warehouse-service\", \"owns\": [\"warehouse.stock\"] }\n] }\n```\n\n"
             "Two tables called `stock` in different schemas are different tables.",
    .fix = "Decide which service owns the table and remove it from the other's `owns`. The other service then "
           "asks the owner through its API (or consumes its events) instead of reading the table. If the two are "
           "really different tables, qualify both entries with their schemas.",
    .options = "",
    .release_sentence = "no shared database tables",
};

void check_table_owned_twice(const RuleContext& ctx) {
  const OwnershipIndex& index = ctx.ownership();
  for (const OwnedTable& later : index.entries()) {
    // The first earlier entry of another service that names the same table
    // (owners_of lists entries in inventory order).
    for (const OwnedTable& earlier : index.owners_of(later.table)) {
      if (earlier.entry == later.entry) break;
      if (earlier.service == later.service) continue;
      std::string message = later.service->name + " lists table \"" + later.entry->value + "\" in \"owns\", but " +
                            earlier.service->name + " already owns \"" + earlier.entry->value + "\"";
      ctx.report(later.entry->span, std::move(message), later.service->name,
                 {Related{earlier.entry->span, earlier.service->name + " owns \"" + earlier.entry->value + "\""}},
                 later.table.display());
      break;
    }
  }
}

}  // namespace archgate
