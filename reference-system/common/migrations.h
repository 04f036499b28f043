// Schema migrations from a service's own migrations/ folder, in golang-migrate
// naming: 0001_init.up.sql with its 0001_init.down.sql. Applied in version
// order at start-up, each in its own transaction, recorded in the service's
// schema_migrations table (one row per applied version). Every up file must
// have its down file, so a release can always be rolled back.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "db.h"
#include "log.h"

namespace refsys {

struct Migration {
  int version = 0;
  std::string name;  // "init" for 0001_init.up.sql
  std::filesystem::path up;
  std::filesystem::path down;
};

// The migrations in `folder`, sorted by version. Throws DbError when a file
// is misnamed, a version repeats, or an up file has no down file.
std::vector<Migration> list_migrations(const std::filesystem::path& folder);

// Applies every migration not yet recorded. Returns the versions applied.
std::vector<int> migrate_up(Database& db, const std::filesystem::path& folder, const Logger& logger);

// Runs the down files of every applied version above `target`, newest first.
// Returns the versions rolled back.
std::vector<int> migrate_down_to(Database& db, const std::filesystem::path& folder, int target,
                                 const Logger& logger);

// The highest applied version, 0 when none.
int current_schema_version(Database& db);

}  // namespace refsys
