#include "cli/install_hook.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "sources/git_repository.h"

namespace archgate {

namespace fs = std::filesystem;

namespace {

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

// The running binary, absolute (the hook must not depend on $PATH).
std::string own_binary() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec && !self.empty()) return self.string();
  return {};
}

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The folder the hook checks, relative to the top of the working tree: the
// nearest one holding service-inventory.json, from `prefix` upwards (a hook
// checking a folder without one would stop every commit). nullopt when none.
std::optional<std::string> checked_root(const GitRepository& repository) {
  std::string prefix = repository.prefix();
  while (true) {
    std::error_code ec;
    if (fs::is_regular_file(fs::path(repository.workdir()) / prefix / "service-inventory.json", ec)) return prefix;
    if (prefix.empty()) return std::nullopt;
    auto slash = prefix.rfind('/');
    prefix = slash == std::string::npos ? std::string() : prefix.substr(0, slash);
  }
}

}  // namespace

std::string pre_commit_script(const std::string& binary, const std::string& checked) {
  std::string script;
  script += "#!/bin/sh\n";
  script += std::string(kHookMarker) + "\n";
  script += "# Checks what is staged before each commit; only findings the commit brings fail it.\n";
  script += "# Skip once with `git commit --no-verify`; remove this file to uninstall.\n";
  script += "# git runs hooks from the top of the working tree.\n";
  script += "exec " + shell_quote(binary) + " check --staged " + shell_quote(checked.empty() ? "." : checked) + "\n";
  return script;
}

ExitCode run_install_hook(const InstallHookOptions& options) {
  auto fail = [](const std::string& message) {
    std::cerr << "archgate: error: " << message << '\n';
    return ExitCode::cannot_judge;
  };
  auto opened = GitRepository::discover(options.path);
  if (!opened.repository) return fail("install-hook: " + opened.error);
  const GitRepository& repository = *opened.repository;
  if (repository.bare()) return fail("install-hook: the repository is bare: there is nothing to commit from");
  std::string error;
  auto hooks = repository.hooks_dir(error);
  if (!hooks) return fail("install-hook: " + error);
  auto checked = checked_root(repository);
  std::string asked = repository.prefix().empty() ? "the top of the working tree" : repository.prefix();
  if (!checked) {
    return fail("install-hook: neither " + asked +
                " nor a folder above it holds service-inventory.json; run install-hook in (or name) the folder "
                "archgate checks, or write its inventory first");
  }
  if (*checked != repository.prefix()) {
    std::cerr << "archgate: " << asked << " holds no service-inventory.json; the hook checks "
              << (checked->empty() ? std::string("the top of the working tree") : *checked) << ", which does\n";
  }
  std::string binary = own_binary();
  if (binary.empty()) return fail("install-hook: cannot tell where the archgate binary is (/proc/self/exe)");

  fs::path hook = fs::path(*hooks) / "pre-commit";
  std::error_code ec;
  if (fs::exists(fs::symlink_status(hook, ec))) {
    auto existing = read_file(hook);
    bool ours = existing && existing->find(kHookMarker) != std::string::npos;
    if (!ours && !options.force) {
      return fail(hook.string() +
                  " is a hook archgate did not write; leaving it alone (--force replaces it and keeps it as "
                  "pre-commit.before-archgate)");
    }
    if (!ours) {
      fs::path backup = hook;
      backup += ".before-archgate";
      fs::rename(hook, backup, ec);
      if (ec) return fail("cannot keep the old hook as " + backup.string() + ": " + ec.message());
      std::cerr << "archgate: kept the previous hook as " << backup.string() << '\n';
    }
  }
  fs::create_directories(hook.parent_path(), ec);
  {
    // Write beside the hook, then rename: a half-written hook never runs.
    fs::path temporary = hook;
    temporary += ".archgate-tmp";
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << pre_commit_script(binary, *checked);
    out.close();
    if (!out) return fail("cannot write " + temporary.string());
    fs::permissions(temporary,
                    fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                        fs::perms::others_exec,
                    ec);
    if (ec) return fail("cannot make " + temporary.string() + " executable: " + ec.message());
    fs::rename(temporary, hook, ec);
    if (ec) return fail("cannot install " + hook.string() + ": " + ec.message());
  }
  std::cerr << "archgate: installed the pre-commit hook " << hook.string() << " (runs " << binary
            << " check --staged " << (checked->empty() ? "." : *checked) << ")\n";
  return ExitCode::clean;
}

}  // namespace archgate
