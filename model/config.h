// What a run is asked to do: command-line options merged over archgate.yaml.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostic.h"

namespace archgate {

// Where a service's files are when the inventory does not say (SPEC 2.1);
// archgate.yaml may replace each list. `{name}` stands for the service name.
struct PathConventions {
  std::vector<std::string> service = {"services/{name}", "{name}"};
  std::vector<std::string> openapi = {"openapi.yaml",     "openapi.yml",     "openapi.json",
                                      "api/openapi.yaml", "api/openapi.yml", "api/openapi.json"};
  std::vector<std::string> migrations = {"migrations", "db/migrations", "src/main/resources/db/migration"};
};

struct Config {
  // Rule selection: ids or prefixes ("AG1", "AG301").
  std::vector<std::string> select;  // empty = all
  std::vector<std::string> ignore;
  std::map<std::string, Severity> severity_overrides;

  // Loading.
  // Files no run reads (archgate.yaml `exclude:`): git pathspecs relative to
  // the root. Files git ignores are left out as well (untracked ones).
  std::vector<std::string> exclude;
  std::vector<std::string> extra_compose_files;
  std::uint64_t max_file_size = 8ull * 1024 * 1024;
  std::string default_dialect = "postgres";
  PathConventions paths;
  // Variables Compose would take from the shell (archgate.yaml `env:`, then
  // --env-file): they win over .env. The process environment is never read.
  std::map<std::string, std::string, std::less<>> environment;

  // Rule options.
  std::vector<std::string> business_terms;  // added to AG202's defaults
  std::string correlation_header = "x-request-id";
  bool strict_table_names = false;          // AG401

  // `archgate verify`: where the services run (`verify: services:` in
  // archgate.yaml), by inventory name; --service NAME=URL wins.
  std::map<std::string, std::string> verify_services;

  bool rule_enabled(std::string_view id) const;
};

}  // namespace archgate
