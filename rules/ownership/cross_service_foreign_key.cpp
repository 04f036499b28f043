// AG104 cross-service-foreign-key: a foreign key references a table another
// service owns.
#include "rules/ownership/ownership.h"
#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kCrossServiceForeignKey;
const RuleInfo kCrossServiceForeignKey{
    .id = "AG104",
    .name = "cross-service-foreign-key",
    .severity = Severity::error,
    .family = "ownership",
    .summary = "A foreign key references a table another service owns.",
    .what = "Finds every `REFERENCES` in the services' migrations (column constraints, table constraints, "
            "`ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY`) and reports those whose referenced table belongs to "
            "a different service than the table holding the key. The holder is the service owning the "
            "referencing table, or the migration's service when nobody lists it. The finding points at the "
            "referenced table name and at the owner's inventory entry.",
    .why = "A foreign key across services welds their databases together: the two can no longer live in separate "
           "databases, the owner cannot delete or reshape its rows without the other's consent (the constraint "
           "fails its migrations), and a restore of one service's data breaks the other's. Services refer to each "
           "other's data by id and keep it consistent with events or sagas.",
    .fires = "```sql\n-- services/order-service/migrations/V2__items.sql\nCREATE TABLE order_items (\n"
             "  id bigserial PRIMARY KEY,\n  order_id bigint REFERENCES orders (id),\n"
             "  stock_id bigint REFERENCES stock (id)\n);\n```\n\n"
             "with `stock` owned by inventory-service.",
    .clean = "```sql\nCREATE TABLE order_items (\n  id bigserial PRIMARY KEY,\n"
             "  order_id bigint REFERENCES orders (id),\n  sku text NOT NULL  -- inventory-service's key, no constraint\n);\n```",
    .fix = "Drop the constraint and keep only the id. Check the reference through the owner's API when the row is "
           "written, and react to the owner's events (e.g. `stock.deleted`) instead of relying on `ON DELETE`.",
    .options = "",
    .release_sentence = "no shared database tables",
};

void check_cross_service_foreign_key(const RuleContext& ctx) {
  const OwnershipIndex& index = ctx.ownership();
  for (const auto& migration : ctx.model.migrations) {
    if (migration.direction == MigrationDirection::down) continue;
    for (const auto& statement : migration.statements) {
      for (const auto& ref : statement.tables) {
        if (ref.access != TableAccess::references) continue;
        // Whose table holds the key: its owner, else the migration's service.
        std::string holder = migration.service;
        if (ref.from_table) {
          if (auto from_owner = index.owner_of(*ref.from_table)) holder = from_owner->service->name;
        }
        auto owner = index.foreign_owner(holder, ref.table);
        if (!owner) continue;
        std::string message =
            ref.from_table ? holder + "'s table " + quoted_table(*ref.from_table) + " has a foreign key to " +
                                 quoted_table(ref.table) + ", owned by " + owner->service->name
                           : holder + " adds a foreign key to " + quoted_table(ref.table) + ", owned by " +
                                 owner->service->name;
        ctx.report(ref.span, std::move(message), migration.service,
                   {Related{owner->entry->span, owner->service->name + " owns \"" + owner->entry->value + "\""}},
                   (ref.from_table ? ref.from_table->display() : std::string()) + " -> " + ref.table.display());
      }
    }
  }
}

}  // namespace archgate
