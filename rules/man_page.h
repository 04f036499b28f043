// archgate(1), the manual page, in roff: the commands and options of the
// command line (cli/rules_command.cpp reads them from the CLI11 app, so the
// page says what --help says) and every rule from the registry, the metadata
// `archgate rules` prints. `archgate write-man FILE` writes it; the build
// puts it into the Debian package (cmake/packaging.cmake).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace archgate {

struct ManOption {
  std::string names;        // "--jobs, -j"
  std::string value;        // "N"; empty for a flag
  std::string description;  // one line; `backticks` mark code
};

struct ManCommand {
  std::string name;                  // "check", "cache clear"
  std::string arguments;             // "[PATH]", "ID"
  std::string description;           // one line
  std::vector<ManOption> options;    // its options that check does not have as they are
  std::vector<std::string> shared;   // the names of check's options it also takes
};

struct ManPage {
  std::string version;                   // "0.1.0"
  std::vector<ManCommand> commands;      // in the order of --help
  std::vector<ManOption> check_options;  // OPTIONS: those of `archgate check`
};

std::string man_page(const ManPage& page);

// Text as roff input: backslashes and hyphens escaped, a line that would
// start with `.` or `'` guarded, non-ASCII characters as groff glyphs, and
// `code` in bold.
std::string roff_text(std::string_view text);

}  // namespace archgate
