#pragma once

#include <string>

#include "cli/check_command.h"

namespace archgate {

ExitCode run_rules_list();
ExitCode run_explain(const std::string& id);
// Writes docs/rules/<ID>.md for every rule into `dir` (used to regenerate the
// pages; a test fails when they drift).
ExitCode run_write_docs(const std::string& dir);

}  // namespace archgate
