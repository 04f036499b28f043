// The git repository holding a checked folder, read through libgit2 (archgate
// never runs `git`). Used by the git file sources (sources/git_source.h), PR
// mode (merge base) and `archgate install-hook` (hooks folder).
#pragma once

#include <memory>
#include <optional>
#include <string>

struct git_repository;

namespace archgate {

// Initialises libgit2 once per process (never shut down: the process ends).
void ensure_libgit2();

// The last libgit2 error message, or `fallback` when there is none.
std::string git_error_text(const std::string& fallback);

struct GitRepositoryDeleter {
  void operator()(git_repository* repo) const;
};
using GitRepositoryHandle = std::unique_ptr<git_repository, GitRepositoryDeleter>;

class GitRepository {
 public:
  struct Opened;

  // Finds the repository holding `path` (searching upwards like git does;
  // worktrees and bare repositories included). The error says why not.
  static Opened discover(const std::string& path);

  git_repository* get() const { return repo_.get(); }
  // The folder git reads the repository from (".git/", a worktree's
  // ".git/worktrees/x/", or the bare repository).
  const std::string& git_dir() const { return git_dir_; }
  bool bare() const { return workdir_.empty(); }
  // The top of the working tree ("" for a bare repository).
  const std::string& workdir() const { return workdir_; }
  // Where the checked path sits inside the repository: "" for the top of the
  // working tree, else "services/order-service" ('/'-separated). Files
  // outside it are invisible to the git sources.
  const std::string& prefix() const { return prefix_; }

  // The commit a revision names (a sha, branch, tag, HEAD~2, origin/main...),
  // as 40 hex digits; the error names the revision when it is unknown.
  std::optional<std::string> resolve_commit(const std::string& rev, std::string& error) const;
  // The best common ancestor of two commits; nullopt with an error when the
  // two have no common history (or a shallow clone lacks it).
  std::optional<std::string> merge_base(const std::string& one, const std::string& two, std::string& error) const;
  // The folder git runs hooks from: core.hooksPath when set, else the
  // repository's (common) hooks folder, so linked worktrees share it.
  std::optional<std::string> hooks_dir(std::string& error) const;

  // Another handle on the same repository, for use by one thread at a time.
  GitRepositoryHandle reopen() const;

 private:
  GitRepositoryHandle repo_;
  std::string git_dir_;
  std::string workdir_;
  std::string prefix_;
};

struct GitRepository::Opened {
  std::shared_ptr<GitRepository> repository;  // null on error
  std::string error;
};

}  // namespace archgate
