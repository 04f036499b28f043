#include "service_database.h"

#include "migrations.h"

namespace refsys {

DatabaseOptions read_database_options(const Settings& settings, std::string_view default_path,
                                      std::string_view default_migrations) {
  return DatabaseOptions{settings.text("db", "DB_PATH", default_path),
                         settings.text("migrations", "MIGRATIONS_DIR", default_migrations),
                         settings.text("sqlite-synchronous", "SQLITE_SYNCHRONOUS", "full"),
                         settings.text("migrate-down-to", "", "")};
}

OpenedDatabase open_service_database(const DatabaseOptions& options, const Logger& logger) {
  const std::string& path = options.path;
  const std::string& migrations = options.migrations;
  const std::string& synchronous = options.synchronous;
  const std::string& down_to = options.migrate_down_to;
  if (synchronous != "full" && synchronous != "normal") {
    logger.error("--sqlite-synchronous must be full or normal", {}, {{"value", synchronous}});
    return {nullptr, 2};
  }
  try {
    auto db = std::make_unique<Database>(path, synchronous == "full" ? Synchronous::full
                                                                     : Synchronous::normal);
    if (!down_to.empty()) {
      const int target = std::stoi(down_to);
      const auto reverted = migrate_down_to(*db, migrations, target, logger);
      logger.info("schema rolled back", {},
                  {{"db", path}, {"target_version", target}, {"reverted", reverted}});
      return {nullptr, 0};
    }
    const auto applied = migrate_up(*db, migrations, logger);
    logger.info("database ready", {},
                {{"db", path},
                 {"schema_version", current_schema_version(*db)},
                 {"applied_now", applied}});
    return {std::move(db), 0};
  } catch (const std::exception& e) {
    logger.error("database start-up failed", {}, {{"db", path}, {"error", e.what()}});
    return {nullptr, 1};
  }
}

}  // namespace refsys
