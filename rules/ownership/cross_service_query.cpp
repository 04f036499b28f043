// AG105 cross-service-query: SQL in a service's code, or in the views and
// functions its migrations define, reads or writes a table another service
// owns.
#include <string>

#include "rules/ownership/ownership.h"
#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kCrossServiceQuery;
const RuleInfo kCrossServiceQuery{
    .id = "AG105",
    .name = "cross-service-query",
    .severity = Severity::error,
    .family = "ownership",
    .summary = "SQL in a service's code, queries, views or functions reads or writes another service's table.",
    .what = "Finds SQL that one service runs against a table the inventory gives to another service:\n\n"
            "- string literals in the service's source code that parse as SQL (`SELECT`, `INSERT`, `UPDATE`, "
            "`DELETE`, `WITH`, `MERGE` ...; placeholders such as `?`, `$1`, `:id`, `%s`, `${id}` and "
            "concatenated pieces are understood), in JavaScript/TypeScript, Python, Java, Kotlin, Scala, Go, C#, "
            "C/C++, Rust, Ruby and PHP; SQL that PostgreSQL cannot parse and that carries another dialect's marks "
            "(`[dbo].[orders]`, backquoted names) is read by that dialect's table scanner;\n"
            "- `.sql` files in the service's folder outside its migrations (seed data, query files, sample-data "
            "loaders), read the same way;\n"
            "- views, materialized views (`CREATE TABLE AS`) and functions created by the service's migrations "
            "that read another service's table.\n\n"
            "The finding points at the table name inside the literal or statement, and at the inventory entry "
            "that says who owns the table. Test files are not checked. Writes and schema changes inside "
            "migrations are AG102's business.",
    .why = "A service that queries another service's tables is coupled to their layout: the owner can no longer "
           "rename a column, split a table or move to another database without breaking a service it does not "
           "know about, and the data bypasses the owner's rules (a reservation read straight from `stock` "
           "ignores the reservations the inventory service holds). It is the classic shared-database "
           "anti-pattern, and it usually hides in a query string rather than in a migration.",
    .fires = "```json\n{ \"name\": \"inventory-service\", \"owns\": [\"stock\", \"reservations\"] }\n```\n\n"
             "```js\n// services/order-service/src/orders.js\n"
             "const rows = await db.query('SELECT qty FROM stock WHERE sku = $1', [sku]);\n```\n\n"
             "```sql\n-- services/order-service/migrations/V4__order_stock_view.sql\n"
             "CREATE VIEW order_stock AS SELECT o.id, s.qty FROM orders o JOIN stock s ON s.sku = o.sku;\n```",
    .clean = "```js\n// services/order-service/src/orders.js\n"
             "const order = await db.query('SELECT * FROM orders WHERE id = $1', [id]);\n"
             "const stock = await fetch(`${INVENTORY_URL}/inventory/${sku}`);  // ask the owner\n```",
    .fix = "Ask the owning service through its API (or consume its events) instead of reading its tables. "
           "If the data really belongs to the querying service, move the table to its `owns` list and its "
           "migrations. If the SQL is a test fixture, keep it under a test folder.",
    .options = "",
    .release_sentence = "no shared database tables",
};

namespace {

std::string_view access_verb(TableAccess access) {
  switch (access) {
    case TableAccess::create: return "creates";
    case TableAccess::alter: return "alters";
    case TableAccess::drop: return "drops";
    case TableAccess::write: return "writes";
    case TableAccess::read: return "reads";
    case TableAccess::references: return "references";
  }
  return "uses";
}

std::string_view object_kind(std::string_view statement_kind) {
  if (statement_kind == "ViewStmt") return "view";
  if (statement_kind == "CreateTableAsStmt") return "materialized view";
  return "function";
}

std::vector<Related> owner_note(const OwnedTable& owner) {
  return {{owner.entry->span, owner.service->name + " owns \"" + owner.entry->value + "\""}};
}

}  // namespace

void check_cross_service_query(const RuleContext& ctx) {
  const OwnershipIndex& index = ctx.ownership();
  for (const auto& file : ctx.model.sources) {
    if (file.service.empty() || file.is_test) continue;
    for (const auto& statement : file.sql) {
      for (const auto& ref : statement.tables) {
        auto owner = index.foreign_owner(file.service, ref.table);
        if (!owner) continue;
        ctx.report(ref.span,
                   file.service + " " + std::string(access_verb(ref.access)) + " table " + quoted_table(ref.table) +
                       (file.language == "sql" ? " in its SQL files" : " in its code") + ", owned by " +
                       owner->service->name,
                   file.service, owner_note(*owner), std::string(access_verb(ref.access)) + " " + ref.table.display());
      }
    }
  }
  for (const auto& migration : ctx.model.migrations) {
    if (migration.service.empty() || migration.direction == MigrationDirection::down) continue;
    for (const auto& statement : migration.statements) {
      if (statement.kind != "ViewStmt" && statement.kind != "CreateTableAsStmt" &&
          statement.kind != "CreateFunctionStmt") {
        continue;
      }
      for (const auto& ref : statement.tables) {
        if (ref.access != TableAccess::read) continue;
        auto owner = index.foreign_owner(migration.service, ref.table);
        if (!owner) continue;
        ctx.report(ref.span,
                   migration.service + "'s " + std::string(object_kind(statement.kind)) + " reads table " +
                       quoted_table(ref.table) + ", owned by " + owner->service->name,
                   migration.service, owner_note(*owner), "reads " + ref.table.display());
      }
    }
  }
}

}  // namespace archgate
