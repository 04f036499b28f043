// archgate.yaml / .archgate.yaml: options that change what a run checks.
// Strict: an unknown key or a wrong type stops the run (exit 2) with the
// file, line and column, instead of being silently ignored.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loaders/inventory.h"
#include "model/config.h"
#include "sources/file_source.h"

namespace archgate {

// The rule ids a configuration may name: `select`/`ignore` entries are
// prefixes of one of them (or ALL), `severity` keys are exactly one.
using RuleIds = std::vector<std::string_view>;
bool matches_rule_pattern(const RuleIds& known, std::string_view pattern);

struct ConfigLoad {
  std::string path;  // "" when the repository has no config file
  std::optional<InventoryError> error;
};

// Finds archgate.yaml or .archgate.yaml at the root of the checked
// repository and applies it to `config`. (A file named with --config is the
// user's own and is read by the command line, then given to apply_config.)
ConfigLoad load_config(const FileSource& files, Config& config, const RuleIds& known);

// Applies already-read text. A duplicate key, an unknown option or rule id,
// or a wrong type is an error with its position.
std::optional<InventoryError> apply_config(std::string_view path, std::string_view text, Config& config,
                                           const RuleIds& known);

}  // namespace archgate
