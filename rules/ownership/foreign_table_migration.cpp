// AG102 foreign-table-migration: a service's migration creates, alters, drops
// or writes a table another service owns.
#include "rules/ownership/ownership.h"
#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kForeignTableMigration;
const RuleInfo kForeignTableMigration{
    .id = "AG102",
    .name = "foreign-table-migration",
    .severity = Severity::error,
    .family = "ownership",
    .summary = "A service's migration creates, alters, drops or writes a table another service owns.",
    .what = "Reads every migration of every service (all layouts: Flyway, golang-migrate, dbmate, Liquibase, "
            "sqitch, numbered files) and looks at each table a statement changes: `CREATE TABLE`, `ALTER TABLE`, "
            "`CREATE INDEX ... ON`, `CREATE TRIGGER ... ON`, `COMMENT ON`, `GRANT ... ON`, `DROP TABLE`, "
            "`TRUNCATE`, and the targets of `INSERT`, `UPDATE`, `DELETE`, `MERGE` and `COPY ... FROM`, including "
            "those inside function bodies and `DO` blocks. When the table is listed in another service's `owns` "
            "(and not in this service's own), it reports the table name in the statement and points at the owner's "
            "inventory entry. Down/undo/revert scripts are not checked: they undo what the up script did. Reading "
            "another service's table is AG105, a foreign key to it AG104.",
    .why = "A migration is a schema change the owning team never reviewed. The owner's next migration collides with "
           "it, its code breaks on a column it did not add, and rolling back one service now needs the other. "
           "Data written behind the owner's back skips its validation and its events. \"No shared database "
           "tables\" means no other service's migrations on them.",
    .fires = "```sql\n-- services/order-service/migrations/V3__stock_view.sql\n"
             "ALTER TABLE stock ADD COLUMN reserved_for bigint;\n```\n\n"
             "with `inventory-service` owning `stock` in `service-inventory.json`.",
    .clean = "```sql\n-- services/order-service/migrations/V3__reservation_ref.sql\n"
             "ALTER TABLE orders ADD COLUMN reservation_id bigint;\n```\n\n"
             "order-service keeps the id inventory-service returned from its reserve call in its own table.",
    .fix = "Move the change into the owning service's migrations and let the owner expose what the other service "
           "needs through its API or events. If the table really belongs to this service, move it in the "
           "inventory's `owns` lists.",
    .options = "",
    .release_sentence = "no shared database tables",
};

namespace {
bool changes(TableAccess access) {
  return access == TableAccess::create || access == TableAccess::alter || access == TableAccess::drop ||
         access == TableAccess::write;
}
}  // namespace

void check_foreign_table_migration(const RuleContext& ctx) {
  const OwnershipIndex& index = ctx.ownership();
  for (const auto& migration : ctx.model.migrations) {
    if (migration.direction == MigrationDirection::down) continue;
    for (const auto& statement : migration.statements) {
      for (const auto& ref : statement.tables) {
        if (!changes(ref.access)) continue;
        auto owner = index.foreign_owner(migration.service, ref.table);
        if (!owner) continue;
        std::string what = ref.is_view ? "view" : "table";
        std::string message = migration.service + " " + std::string(table_access_name(ref.access)) + " " + what +
                              " " + quoted_table(ref.table) + ", owned by " + owner->service->name;
        ctx.report(ref.span, std::move(message), migration.service,
                   {Related{owner->entry->span, owner->service->name + " owns \"" + owner->entry->value + "\""}},
                   std::string(table_access_name(ref.access)) + " " + ref.table.display());
      }
    }
  }
}

}  // namespace archgate
