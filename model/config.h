// What a run is asked to do: command-line options merged over archgate.yaml.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostic.h"

namespace archgate {

struct Config {
  // Rule selection: ids or prefixes ("AG1", "AG301").
  std::vector<std::string> select;  // empty = all
  std::vector<std::string> ignore;
  std::map<std::string, Severity> severity_overrides;

  // Loading.
  std::vector<std::string> extra_compose_files;
  std::uint64_t max_file_size = 8ull * 1024 * 1024;
  std::string default_dialect = "postgres";

  // Rule options.
  std::vector<std::string> business_terms;  // added to AG202's defaults
  std::string correlation_header = "x-request-id";
  bool strict_table_names = false;          // AG401

  bool rule_enabled(std::string_view id) const;
};

}  // namespace archgate
