// Opening a service's own SQLite file at start-up:
//   --db DB_PATH                  the database file (created when missing)
//   --migrations MIGRATIONS_DIR   the service's migrations/ folder
//   --sqlite-synchronous SQLITE_SYNCHRONOUS   full (default) or normal
//   --migrate-down-to N           roll the schema back to version N and exit
#pragma once

#include <memory>
#include <string_view>

#include "db.h"
#include "log.h"
#include "settings.h"

namespace refsys {

struct DatabaseOptions {
  std::string path;
  std::string migrations;
  std::string synchronous;  // "full" or "normal"
  std::string migrate_down_to;  // empty: migrate up
};

DatabaseOptions read_database_options(const Settings& settings, std::string_view default_path,
                                      std::string_view default_migrations);

struct OpenedDatabase {
  std::unique_ptr<Database> db;  // null when the process should exit now
  int exit_code = 0;
};

// Opens the database and applies pending migrations; with --migrate-down-to
// it rolls back instead and returns no database (exit code 0 on success).
OpenedDatabase open_service_database(const DatabaseOptions& options, const Logger& logger);

}  // namespace refsys
