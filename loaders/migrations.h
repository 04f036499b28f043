// Migration folders in every layout of SPEC 2.4, with their rollback
// counterparts and notes.
#pragma once

#include <set>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "model/model.h"
#include "sources/file_source.h"

namespace archgate {

// Every migration below `dir` (a service's migration folder). Down/undo/revert
// files are returned too (direction down) so rules can pair them.
// Unparseable statements are AG001 findings; the rest of the file is kept.
//
// Layouts (SPEC 2.4), decided per file:
//   Liquibase formatted SQL  first line `--liquibase formatted sql`; one
//                            MigrationFile per `--changeset author:id` (same
//                            path, version = id, description = author,
//                            start_line = the changeset line); its
//                            `--rollback` lines set has_down_section.
//   dbmate                   a `-- migrate:up` line; statements come from the
//                            up section only; a down section holding SQL sets
//                            has_down_section.
//   sqitch                   `dir` or its parent holds sqitch.plan (or `dir`
//                            has deploy/ and revert/): deploy/<change>.sql is
//                            up, revert/<change>.sql down, version = change.
//   Flyway                   V<ver>__x.sql up, U<ver>__x.sql down, R__x.sql
//                            repeatable ("1_1" is version "1.1").
//   golang-migrate           <ver>_x.up.sql / <ver>_x.down.sql.
//   plain                    <digits>[_-.]x.sql up; down when the name ends in
//                            .down/_rollback/-undo/... or it sits in a down/,
//                            rollback/, undo/ or revert/ folder; one folder per
//                            migration (2020..._x/up.sql, down.sql,
//                            migration.sql) takes the folder's version; a .sql
//                            file without any version is repeatable.
// `-- rollback: <how>` anywhere in the file (in the change set for Liquibase)
// is the rollback note. PostgreSQL ("postgres" or "") is parsed with
// libpg_query, other dialects are token-scanned (loaders/sql.h). NUL bytes,
// invalid UTF-8, an oversized or unreadable file: one AG001 for the file (a
// file with bad bytes is still read with them replaced; an unreadable up
// migration is left out, an unreadable down file still counts as a rollback).
std::vector<MigrationFile> load_migrations(const FileSource& files, std::string_view service,
                                           std::string_view dir, std::string_view dialect, Sink& findings);

// True when `up` has a rollback: a down file with the same version, a down
// section, or a rollback note. Repeatable migrations and down files need none.
// Flyway, golang-migrate and plain files pair by version (compared with
// leading zeros dropped, "1_1" == "1.1"); sqitch by change name; dbmate and
// Liquibase only in the file itself.
bool has_rollback(const MigrationFile& up, const std::vector<MigrationFile>& all);

// The same question for many migrations: indexes the down files once.
class RollbackIndex {
 public:
  explicit RollbackIndex(const std::vector<MigrationFile>& all);
  bool has_rollback(const MigrationFile& up) const;

 private:
  std::set<std::pair<std::string, std::string>> versions_;  // (service, normalized version) of down files
  std::set<std::pair<std::string, std::string>> sqitch_;    // (service, change) of revert scripts
};

// What the rollback of `up` would look like in its layout, for messages:
// "undo file U3__add_index.sql", "down file 1_x.down.sql",
// "revert script revert/add_x.sql", "\"-- migrate:down\" section with SQL",
// "\"--rollback\" line".
std::string expected_rollback(const MigrationFile& up);

std::string_view migration_layout_name(MigrationLayout layout);

}  // namespace archgate
