#include "cli/verbose.h"

#include <cstddef>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>

#include "base/display_text.h"
#include "base/text.h"

namespace archgate {

namespace {

// Why a file of a migrations folder is not one of its migrations.
std::string not_a_migration(std::string_view path) {
  std::string name = to_lower(path_basename(path));
  if (name.ends_with(".xml") || name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json"))
    return "a changelog in " + name.substr(name.rfind('.') + 1) + ": archgate reads SQL migrations only";
  if (!name.ends_with(".sql")) return "not a .sql file";
  return "not read as a migration";
}

std::string plural(std::size_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

void describe(const Project& project, const Model& model, const InventoryService& s) {
  auto shown = [](std::string_view text) { return display_escape(text); };
  std::cerr << "  " << shown(s.name) << " (" << service_kind_name(s.kind) << ")\n";
  std::cerr << "    folder      "
            << (s.path.empty() ? std::string("the repository root") : shown(s.path))
            << (s.path_exists ? "" : " (does not exist)") << '\n';
  std::cerr << "    contract    " << (s.openapi.empty() ? std::string("none found") : shown(s.openapi)) << '\n';

  if (s.migrations.empty()) {
    std::cerr << "    migrations  none found\n";
  } else {
    std::map<std::string_view, MigrationDirection> taken;  // file -> direction of its first migration
    std::size_t up = 0, down = 0, repeatable = 0;
    for (const auto& m : model.migrations) {
      if (m.service != s.name) continue;
      taken.emplace(m.path, m.direction);
      (m.direction == MigrationDirection::up ? up : m.direction == MigrationDirection::down ? down : repeatable)++;
    }
    std::cerr << "    migrations  " << shown(s.migrations) << ": " << plural(up, "up migration") << ", "
              << plural(down, "down migration") << ", " << repeatable << " repeatable\n";
    for (const FileEntry* entry : project.sides.head->files_under(s.migrations)) {
      if (taken.count(entry->path)) continue;
      std::cerr << "      not a migration: " << shown(entry->path) << " (" << not_a_migration(entry->path) << ")\n";
    }
  }

  const ComposeService* compose = nullptr;
  for (const auto& c : model.compose.services)
    if (c.name == s.compose) compose = &c;
  std::cerr << "    compose     "
            << (compose ? shown(compose->name) : model.compose.files.empty() ? std::string("no Compose file")
                                                                             : "no service \"" + shown(s.compose) + "\"")
            << '\n';

  std::size_t code = 0, tests = 0, sql = 0;
  for (const auto& f : model.sources) {
    if (f.service != s.name) continue;
    if (f.language == "sql") ++sql;
    else if (f.is_test) ++tests;
    else ++code;
  }
  auto folder = model.service_folders.find(s.name);
  std::size_t test_files = folder == model.service_folders.end() ? 0 : folder->second.test_files.size();
  std::cerr << "    code        " << plural(code, "source file") << ", " << plural(tests, "test file")
            << " by name, " << plural(test_files, "file") << " in test folders, " << plural(sql, "other SQL file")
            << '\n';
  std::string runbook = folder == model.service_folders.end() ? std::string() : folder->second.rollback_runbook;
  std::cerr << "    rollback    " << (runbook.empty() ? std::string("no notes found") : shown(runbook)) << '\n';
}

}  // namespace

void print_services(const Project& project) {
  std::cout.flush();  // the report first, when both go to one terminal
  std::fflush(stdout);
  auto built = build_project_model(project, {});
  if (auto* error = std::get_if<AnalysisError>(&built)) {
    std::cerr << "archgate: --verbose: " << display_escape(error->message) << '\n';
    return;
  }
  const Model& model = std::get<ProjectModel>(built).model;
  std::cerr << "archgate: what was found for each service of " << display_escape(model.inventory.path) << '\n';
  for (const auto& s : model.inventory.services) describe(project, model, s);
}

}  // namespace archgate
