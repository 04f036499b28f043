// AG001 unreadable-artifact: a file archgate must read cannot be parsed.
// The loaders find these while building the Model (Model::load_findings);
// this rule reports them so selection and severities apply as to any rule.
#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kUnreadableArtifact;
const RuleInfo kUnreadableArtifact{
    .id = "AG001",
    .name = "unreadable-artifact",
    .severity = Severity::error,
    .family = "integrity",
    .summary = "A file that should be read cannot be parsed (syntax error, bad encoding, over a limit).",
    .what = "Reports every artifact archgate is meant to read but cannot: the inventory's services' OpenAPI "
            "contracts and the files their `$ref`s reach, Compose files and their `env_file`s, Dockerfiles, SQL "
            "migrations (one finding per statement the PostgreSQL grammar rejects), and source files over the size "
            "limit. The finding points at the line and column where the parser gave up. A bad file is one finding; "
            "everything else is still checked. A required Compose variable without a value (`${VERSION:?}`, set by "
            "a release tool) is not a broken file: it is a note that names the variable, the value is read as "
            "empty, and every rule still runs. Likewise a migration whose marks say it was written for another "
            "database (backquoted names, `ENGINE=`, `AUTO_INCREMENT` for MySQL; `[bracketed]` names, a `GO` line, "
            "`IDENTITY(` for SQL Server; `AUTOINCREMENT`, `PRAGMA` for SQLite) is read with that dialect's table "
            "scanner, with one note per file naming the dialect and the mark, instead of an error per statement.",
    .why = "A file archgate cannot read is a file none of the other rules looked at. Silently skipping it would "
           "turn a typo into a clean report: the migration with a syntax error might be the one that alters "
           "another service's table. The run therefore fails until the file is readable or excluded.",
    .fires = "```sql\n-- services/order-service/migrations/0002_items.up.sql\nCREATE TABLE order_items (\n"
             "  id bigint PRIMARY KEY,\n  order_id bigint REFERENCES orders(id)\n  quantity integer\n);\n```\n\n"
             "The missing comma after the foreign key is a syntax error at line 4.",
    .clean = "```sql\nCREATE TABLE order_items (\n  id bigint PRIMARY KEY,\n  order_id bigint REFERENCES orders(id),\n"
             "  quantity integer\n);\n```",
    .fix = "Fix the syntax error the message names. For SQL written for another database, set the service's "
           "`dialect` in `service-inventory.json` (`mysql`, `sqlserver`, `sqlite`) so archgate reads it with a "
           "table scanner instead of the PostgreSQL grammar. For a file over the size limit, split it. For a "
           "required Compose variable, give its value with `env:` in archgate.yaml or `--env-file FILE`.",
    .options = "",
    .release_sentence = "",
};

void check_unreadable_artifact(const RuleContext& ctx) {
  for (const auto& d : ctx.model.load_findings) {
    if (d.rule == kUnreadableArtifact.id) ctx.report(d);
  }
}

}  // namespace archgate
