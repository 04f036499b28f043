#include "migrations.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace refsys {

namespace {

constexpr const char* kCreateBookkeeping =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL)";

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw DbError("cannot read " + path.string());
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<int> applied_versions(const Connection& connection) {
  connection.exec(kCreateBookkeeping);
  std::vector<int> versions;
  auto rows = connection.prepare("SELECT version FROM schema_migrations ORDER BY version");
  while (rows.step()) {
    versions.push_back(static_cast<int>(rows.integer(0)));
  }
  return versions;
}

}  // namespace

std::vector<Migration> list_migrations(const std::filesystem::path& folder) {
  static const std::regex kName(R"(^([0-9]+)_([A-Za-z0-9_]+)\.(up|down)\.sql$)");
  std::map<int, Migration> by_version;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    const std::string file = entry.path().filename().string();
    std::smatch match;
    if (!std::regex_match(file, match, kName)) {
      throw DbError("misnamed migration file " + entry.path().string() +
                    " (expected NNNN_name.up.sql or NNNN_name.down.sql)");
    }
    const int version = std::stoi(match[1].str());
    Migration& migration = by_version[version];
    if (!migration.name.empty() && migration.name != match[2].str()) {
      throw DbError("two migrations with version " + match[1].str() + " in " + folder.string());
    }
    migration.version = version;
    migration.name = match[2].str();
    (match[3].str() == "up" ? migration.up : migration.down) = entry.path();
  }
  if (error) {
    throw DbError("cannot list migrations in " + folder.string() + ": " + error.message());
  }
  std::vector<Migration> migrations;
  for (auto& [version, migration] : by_version) {
    if (migration.up.empty() || migration.down.empty()) {
      throw DbError("migration " + std::to_string(version) + "_" + migration.name +
                    " needs both an up and a down file");
    }
    migrations.push_back(std::move(migration));
  }
  return migrations;
}

std::vector<int> migrate_up(Database& db, const std::filesystem::path& folder, const Logger& logger) {
  const auto migrations = list_migrations(folder);
  const auto done = db.read([](const Connection& c) { return applied_versions(c); });
  std::vector<int> applied;
  for (const auto& migration : migrations) {
    if (std::find(done.begin(), done.end(), migration.version) != done.end()) {
      continue;
    }
    const std::string sql = read_file(migration.up);
    db.transaction([&](const Connection& c) {
      c.exec(sql);
      c.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
          .bind_all(static_cast<std::int64_t>(migration.version), migration.name, utc_timestamp())
          .run();
    });
    logger.info("migration applied", {},
                {{"version", migration.version}, {"name", migration.name}});
    applied.push_back(migration.version);
  }
  return applied;
}

std::vector<int> migrate_down_to(Database& db, const std::filesystem::path& folder, int target,
                                 const Logger& logger) {
  auto migrations = list_migrations(folder);
  const auto done = db.read([](const Connection& c) { return applied_versions(c); });
  std::reverse(migrations.begin(), migrations.end());
  std::vector<int> reverted;
  for (const auto& migration : migrations) {
    if (migration.version <= target ||
        std::find(done.begin(), done.end(), migration.version) == done.end()) {
      continue;
    }
    const std::string sql = read_file(migration.down);
    db.transaction([&](const Connection& c) {
      c.exec(sql);
      c.prepare("DELETE FROM schema_migrations WHERE version = ?")
          .bind_all(static_cast<std::int64_t>(migration.version))
          .run();
    });
    logger.info("migration rolled back", {},
                {{"version", migration.version}, {"name", migration.name}});
    reverted.push_back(migration.version);
  }
  return reverted;
}

int current_schema_version(Database& db) {
  const auto done = db.read([](const Connection& c) { return applied_versions(c); });
  return done.empty() ? 0 : done.back();
}

}  // namespace refsys
