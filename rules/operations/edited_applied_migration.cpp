// AG308 edited-applied-migration: with --base (or --staged), a forward
// migration that exists on the base side was changed or deleted.
#include <map>
#include <tuple>

#include "base/text.h"
#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kEditedAppliedMigration;
const RuleInfo kEditedAppliedMigration{
    .id = "AG308",
    .name = "edited-applied-migration",
    .severity = Severity::error,
    .family = "operations",
    .summary = "With `--base`: a migration that exists at the base was changed or deleted.",
    .what = "Runs only when archgate compares two sides: `check --base REV` (the working tree against the "
            "merge base of REV and HEAD) and `check --staged` (the index against HEAD). Every forward "
            "migration of the base side (Flyway `V`, golang-migrate `.up.sql`, dbmate, sqitch `deploy/`, "
            "plain numbered files, and each Liquibase change set) is looked up on the checked side:\n\n"
            "- same file, different text: the migration was **edited** (the finding points at its first line, "
            "or at the `--changeset` line);\n"
            "- gone, and no migration of the same service has its version and text elsewhere: it was "
            "**deleted** (the finding points at the service's `migrations` entry in `service-inventory.json`, "
            "or its name, with the old file as a related location);\n"
            "- its version now lives in another file with other text: **renamed and edited**.\n\n"
            "Line endings do not count as a change (a Windows checkout is not an edit), and a migration moved "
            "to another folder with the same text is not reported. Repeatable migrations (Flyway `R__`, Liquibase "
            "`runAlways`) are meant to be edited and are left alone, as are down/undo/revert files, which "
            "no database has run forward. A service that was removed from the inventory is not judged.",
    .why = "A migration that reached the base branch has been run by some database: a colleague's, staging, "
           "production. Migration tools never run it again, so an edit never reaches those databases and they "
           "silently drift from the schema the code expects; Flyway and Liquibase refuse to start when the "
           "checksum changed, which turns the edit into an outage at deploy time. A deleted migration "
           "leaves a table the code no longer knows how to create, and a new environment gets a different "
           "schema from the old ones.",
    .fires = "```diff\n# services/order-service/migrations/V3__add_status.sql, already on main\n"
             "-ALTER TABLE orders ADD COLUMN status text;\n+ALTER TABLE orders ADD COLUMN status text NOT NULL "
             "DEFAULT 'new';   # AG308: edited after it was applied\n```",
    .clean = "```diff\n# leave V3 as it is and add a new migration\n"
             "+# services/order-service/migrations/V4__status_not_null.sql\n"
             "+UPDATE orders SET status = 'new' WHERE status IS NULL;\n"
             "+ALTER TABLE orders ALTER COLUMN status SET NOT NULL;\n```",
    .fix = "Put the change in a new migration with the next version and restore the old file exactly as it "
           "is at the base (`git checkout origin/main -- <file>`). To undo a migration, add a migration that "
           "reverses it instead of deleting it. If the migration never left your branch's environments (it "
           "was applied nowhere else), suppress the finding with a reason.",
    .options = "",
    .release_sentence = "",
};

namespace {

bool judged(const MigrationFile& m) { return m.direction == MigrationDirection::up && m.digest != 0; }

std::string file_name(const std::string& path) { return std::string(path_basename(path)); }

std::string what(const MigrationFile& m) {
  if (m.layout == MigrationLayout::liquibase) {
    return "change set " + m.description + ":" + m.version + " in " + file_name(m.path);
  }
  return "migration " + file_name(m.path);
}

Span file_start(const MigrationFile& m) { return Span{m.path, m.start_line, 1, 0, 0}; }

// A migration's version within its service, without leading zeros ("0003"
// is "3"); a Liquibase change set is its id and author.
std::string version_key(const MigrationFile& m) {
  std::size_t i = 0;
  while (i + 1 < m.version.size() && m.version[i] == '0') ++i;
  std::string key = m.version.substr(i);
  if (m.layout == MigrationLayout::liquibase) key += '\x1f' + m.description;
  return key;
}

}  // namespace

void check_edited_applied_migration(const RuleContext& ctx) {
  if (!ctx.base) return;
  const Model& head = ctx.model;
  // Head migrations by identity: the file (and change set), and by version.
  std::map<std::tuple<std::string, std::string, std::string>, const MigrationFile*> by_file;
  std::multimap<std::pair<std::string, std::string>, const MigrationFile*> by_version;
  for (const auto& m : head.migrations) {
    if (!judged(m)) continue;
    std::string id = m.layout == MigrationLayout::liquibase ? m.version + '\x1f' + m.description : std::string();
    by_file.emplace(std::make_tuple(m.path, id, m.service), &m);
    if (!m.version.empty()) by_version.emplace(std::make_pair(m.service, version_key(m)), &m);
  }

  for (const auto& old : ctx.base->migrations) {
    if (!judged(old)) continue;
    const InventoryService* service = head.inventory.find(old.service);
    if (!service) continue;  // the service itself was removed
    std::string id = old.layout == MigrationLayout::liquibase ? old.version + '\x1f' + old.description : std::string();
    auto same = by_file.find(std::make_tuple(old.path, id, old.service));
    if (same != by_file.end()) {
      const MigrationFile& now = *same->second;
      if (now.digest == old.digest) continue;
      ctx.report(file_start(now),
                 old.service + ": " + what(old) + " exists at the base and was edited; databases that ran it "
                 "will not run it again: put the change in a new migration",
                 old.service);
      continue;
    }
    // Not in its file any more: moved, renamed, or deleted.
    const MigrationFile* moved = nullptr;
    const MigrationFile* renamed = nullptr;
    if (!old.version.empty()) {
      auto [first, last] = by_version.equal_range({old.service, version_key(old)});
      for (auto it = first; it != last; ++it) {
        if (it->second->digest == old.digest) moved = it->second;
        else if (!renamed) renamed = it->second;
      }
    }
    if (moved) continue;
    Related was{Span{old.path, old.start_line, 1, 0, 0}, "at the base: " + what(old)};
    if (renamed) {
      ctx.report(file_start(*renamed),
                 old.service + ": " + what(old) + " exists at the base and was renamed to " +
                     file_name(renamed->path) + " and edited; databases that ran it will not run it again",
                 old.service, {was});
      continue;
    }
    const Span& anchor = service->migrations_field ? service->migrations_field->span : service->span;
    ctx.report(anchor,
               old.service + ": " + what(old) + " exists at the base and was deleted; databases that ran it keep "
               "its changes: add a migration that reverses it instead",
               old.service, {was}, "deleted " + old.path + '\x1f' + id);
  }
}

}  // namespace archgate
