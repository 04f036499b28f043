// `archgate install-hook [PATH] [--force]`: writes a git pre-commit hook that
// runs `archgate check --staged` with the binary that installed it.
#pragma once

#include <string>

#include "cli/check_command.h"

namespace archgate {

// The hook archgate writes carries this line; a hook with it may be replaced
// without --force, any other hook only with --force.
inline constexpr const char* kHookMarker = "# archgate-hook: written by `archgate install-hook`";

struct InstallHookOptions {
  std::string path = ".";  // a folder inside the repository: the root to check
  bool force = false;
};

ExitCode run_install_hook(const InstallHookOptions& options);

// The script (exposed for tests): `binary` is the absolute archgate path,
// `checked` the folder to check, relative to the top of the working tree
// ("" for the top).
std::string pre_commit_script(const std::string& binary, const std::string& checked);

}  // namespace archgate
