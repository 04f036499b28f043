// AG304 migration-without-rollback: an up migration without a down/undo/revert
// counterpart and without a rollback note.
#include "base/text.h"
#include "loaders/migrations.h"
#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kMigrationWithoutRollback;
const RuleInfo kMigrationWithoutRollback{
    .id = "AG304",
    .name = "migration-without-rollback",
    .severity = Severity::error,
    .family = "operations",
    .summary = "A migration has no down/undo/revert counterpart and no rollback note.",
    .what = "Checks every up migration for a way back, in its own layout: a Flyway `V3__x.sql` needs "
            "`U3__x.sql`, golang-migrate's `3_x.up.sql` needs `3_x.down.sql`, a numbered `003_x.sql` a "
            "`003_x.down.sql` (or a file with the same number in a `down/`, `rollback/` or `undo/` folder), a "
            "sqitch `deploy/x.sql` needs `revert/x.sql`, a dbmate file a `-- migrate:down` section that holds SQL, "
            "a Liquibase change set a `--rollback` line. Instead of a script, a comment `-- rollback: <how>` in the "
            "migration (for Liquibase: in the change set) documents a manual way back. Repeatable migrations "
            "(Flyway `R__x.sql`, Liquibase `runAlways`) need none. Every `.sql` file of a migrations folder is a "
            "migration, numbered or not (`schema.sql` pairs with `schema.down.sql`), and a Liquibase file is "
            "one by its `--changeset` lines even without the `--liquibase formatted sql` header.",
    .why = "The moment a release goes wrong is the worst moment to find out how to undo its schema change. A "
           "written rollback (or an honest note such as `-- rollback: restore from the 02:00 snapshot`) is "
           "reviewed with the change, and the person on call can run it.",
    .fires = "```\nservices/order-service/migrations/\n  V1__init.sql\n  U1__init.sql\n  V2__add_index.sql      "
             "<- no U2__add_index.sql, no note\n```",
    .clean = "```sql\n-- services/order-service/migrations/V2__add_index.sql\n"
             "-- rollback: DROP INDEX CONCURRENTLY orders_created_at_idx;\n"
             "CREATE INDEX CONCURRENTLY orders_created_at_idx ON orders (created_at);\n```",
    .fix = "Add the counterpart script the message names, or a `-- rollback: <how>` comment explaining how to undo "
           "the change by hand (or why it needs no undo).",
    .options = "",
    .release_sentence = "every service has rollback notes",
};

void check_migration_without_rollback(const RuleContext& ctx) {
  RollbackIndex rollbacks(ctx.model.migrations);
  for (const auto& migration : ctx.model.migrations) {
    if (migration.direction != MigrationDirection::up || rollbacks.has_rollback(migration)) continue;
    std::string subject = migration.layout == MigrationLayout::liquibase
                              ? "change set " + (migration.description.empty() ? std::string()
                                                                                : migration.description + ":") +
                                    migration.version
                              : std::string(path_basename(migration.path));
    std::string message = subject + " has no " + expected_rollback(migration) + " and no \"-- rollback:\" note";
    Span span;
    span.path = migration.path;
    span.line = migration.start_line;
    span.column = 1;
    ctx.report(span, std::move(message), migration.service, {}, subject);
  }
}

}  // namespace archgate
