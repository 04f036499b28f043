// Test helper: a real git repository in a temporary folder, built with the
// `git` command (tests may run git; archgate itself never does).
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace archgate::testing {

class TempGitRepo {
 public:
  TempGitRepo() {
    std::string pattern = (std::filesystem::temp_directory_path() / "archgate-git-test-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    root_ = pattern;
    git("init -q -b main");
  }
  ~TempGitRepo() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  TempGitRepo(const TempGitRepo&) = delete;
  TempGitRepo& operator=(const TempGitRepo&) = delete;

  const std::filesystem::path& root() const { return root_; }
  std::string path() const { return root_.string(); }

  void write(const std::string& relative, const std::string& content) const {
    auto p = root_ / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << content;
  }

  // Runs `git ARGS` in the repository with a fixed identity and no user or
  // system configuration; throws when git fails.
  void git(const std::string& args) const {
    std::string command = "cd '" + root_.string() +
                          "' && export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null "
                          "GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid GIT_COMMITTER_NAME=t "
                          "GIT_COMMITTER_EMAIL=t@example.invalid && (git " +
                          args + ") >/dev/null 2>&1";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("git " + args + " failed");
  }

  void commit_all(const std::string& message) const { git("add -A && git commit -q -m '" + message + "'"); }

 private:
  std::filesystem::path root_;
};

}  // namespace archgate::testing
