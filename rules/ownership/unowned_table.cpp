// AG103 unowned-table: a migration creates a table its service does not list
// in `owns`.
#include <set>
#include <utility>

#include "rules/ownership/ownership.h"
#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kUnownedTable;
const RuleInfo kUnownedTable{
    .id = "AG103",
    .name = "unowned-table",
    .severity = Severity::warning,
    .family = "ownership",
    .summary = "A migration creates a table its service does not list in `owns`.",
    .what = "Looks at every table a service's migrations create (`CREATE TABLE`, `CREATE TABLE ... AS`, "
            "`SELECT ... INTO`) and reports those the service's `owns` list does not name, once per table, at its "
            "first creation. Temporary tables, views, and tables the same service's migrations drop again are "
            "left alone. A table another service owns is AG102, not this rule.",
    .why = "The inventory is the map everybody reads to know who owns what. A table missing from it is invisible to "
           "the ownership rules: nobody is told when another service starts writing it, and the next architect "
           "assumes it is up for grabs.",
    .fires = "```sql\n-- services/order-service/migrations/V4__audit.sql\n"
             "CREATE TABLE audit_log (id bigserial PRIMARY KEY, entry jsonb);\n```\n\n"
             "with `\"owns\": [\"orders\", \"order_items\"]` for order-service.",
    .clean = "```json\n{ \"name\": \"order-service\", \"owns\": [\"orders\", \"order_items\", \"audit_log\"] }\n```",
    .fix = "Add the table to the service's `owns` list in `service-inventory.json` (schema-qualified if the service "
           "uses its own schema), or drop it if it is a leftover.",
    .options = "",
    .release_sentence = "no shared database tables",
};

namespace {
std::string owns_summary(const InventoryService& service) {
  if (service.owns.empty()) return service.name + " owns no tables";
  std::string out = service.name + " owns ";
  for (std::size_t i = 0; i < service.owns.size(); ++i) {
    if (i > 0) out += ", ";
    out += "\"" + service.owns[i].value + "\"";
  }
  return out;
}
}  // namespace

void check_unowned_table(const RuleContext& ctx) {
  const OwnershipIndex& index = ctx.ownership();
  // Tables a service's own migrations drop again (scratch and backup tables).
  std::set<std::pair<std::string, std::string>> dropped;
  for (const auto& migration : ctx.model.migrations) {
    if (migration.direction == MigrationDirection::down) continue;
    for (const auto& statement : migration.statements) {
      for (const auto& ref : statement.tables) {
        if (ref.access == TableAccess::drop) dropped.emplace(migration.service, ref.table.display());
      }
    }
  }
  std::set<std::pair<std::string, std::string>> reported;
  for (const auto& migration : ctx.model.migrations) {
    if (migration.direction == MigrationDirection::down) continue;
    const InventoryService* service = ctx.model.inventory.find(migration.service);
    if (!service) continue;
    for (const auto& statement : migration.statements) {
      for (const auto& ref : statement.tables) {
        if (ref.access != TableAccess::create || ref.is_view) continue;
        std::pair<std::string, std::string> key{migration.service, ref.table.display()};
        if (dropped.count(key) || reported.count(key)) continue;
        if (index.owner_of(ref.table)) continue;  // owned here, or AG102's business
        reported.insert(key);
        std::string message = migration.service + " creates table " + quoted_table(ref.table) +
                              ", which is not in its \"owns\" list";
        ctx.report(ref.span, std::move(message), migration.service,
                   {Related{service->span, owns_summary(*service)}}, ref.table.display());
      }
    }
  }
}

}  // namespace archgate
