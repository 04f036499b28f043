// Which files `archgate check` reads, by mode:
//   plain           the working tree of PATH
//   --staged        the git index (what would be committed), compared with HEAD
//   --base REV      the working tree, compared with the merge base of REV and HEAD
// In the two compared modes the base side is the tree of a commit, read from
// the object database (sources/git_source.h).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "sources/file_source.h"

namespace archgate {

struct CheckOptions;

struct CheckSources {
  std::unique_ptr<FileSource> head;
  std::unique_ptr<FileSource> base;  // null when nothing is compared
  std::string base_label;            // "HEAD", "the merge base with origin/main"
  std::string base_commit;           // 40 hex digits
};

// Opens the sources; on a problem that stops the run (not a directory, not a
// git repository, unknown revision, no merge base) prints it and returns
// nullopt (exit code 2).
std::optional<CheckSources> open_check_sources(const CheckOptions& options);

}  // namespace archgate
