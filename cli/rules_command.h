#pragma once

#include <string>

#include "cli/check_command.h"

namespace CLI {
class App;
}

namespace archgate {

// `archgate rules [--format text|json]`: every rule, as a table or a JSON array.
ExitCode run_rules_list(const std::string& format);
ExitCode run_explain(const std::string& id);
// Writes docs/rules/<ID>.md for every rule into `dir` (used to regenerate the
// pages; a test fails when they drift).
ExitCode run_write_docs(const std::string& dir);
// Writes archgate(1) into `file`: the commands and options of `app` and every
// rule (rules/man_page.h).
ExitCode run_write_man(const CLI::App& app, const std::string& file);

}  // namespace archgate
