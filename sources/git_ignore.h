// What a repository leaves out, through libgit2: the files git ignores
// (.gitignore, .git/info/exclude, core.excludesFile) and pathspec patterns
// (archgate.yaml `exclude:`, matched as `git ls-files` matches them).
#pragma once

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "sources/file_source.h"

struct git_pathspec;

namespace archgate {

// For each entry of a working-tree listing of `root`, whether git ignores it:
// an untracked file that an ignore rule names (tracked files are never
// ignored, as in git). Empty when `root` is in no git repository (nothing is
// ignored then).
std::vector<bool> git_ignored_files(const std::string& root, const std::vector<FileEntry>& entries);

// Compiled pathspec patterns: "generated" (that file or everything below
// that folder), "*.pb.go" (`*` also matches '/': any depth), "docs/**/x.sql".
class PathPatterns {
 public:
  // The patterns, or why one cannot be used.
  static std::variant<PathPatterns, std::string> compile(const std::vector<std::string>& patterns);
  bool empty() const { return !spec_; }
  bool matches(const std::string& path) const;

 private:
  struct Free {
    void operator()(git_pathspec* p) const;
  };
  std::shared_ptr<git_pathspec> spec_;
};

}  // namespace archgate
