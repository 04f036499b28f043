// FileSources over git, read through libgit2 with no checkout: the index
// (`check --staged`: exactly what would be committed) and the tree of any
// revision (`check --base`: the merge-base side, read from the object
// database, so a CI clone needs the commits but no work tree for them).
//
// The checked PATH may be a subfolder of the repository: paths are then
// relative to it and files outside it are invisible, as in the working tree.
// Like the working tree, .git, node_modules and .archgate-cache folders are
// skipped. Guarded traps of libgit2 1.5:
//  - a symlink entry (mode 120000) is a blob holding its target: the target
//    is resolved textually against the entry's folder and served only while
//    it stays inside the checked root (else ReadStatus::outside_root);
//  - submodules (gitlinks) are not files and are not listed;
//  - a blob's size is read from its header (git_odb_read_header) before the
//    blob itself, so an oversized one is refused without being inflated.
// Thread safety: read() may be called from several threads at once. Each
// read borrows an object-database handle from a pool (one per concurrent
// reader, each from its own git_repository), so no libgit2 object is ever
// used by two threads at the same time and reads do not wait for each other.
#pragma once

#include <memory>
#include <string>

#include "sources/file_source.h"
#include "sources/git_repository.h"

namespace archgate {

struct GitSourceOpened {
  std::unique_ptr<FileSource> source;  // null on error
  std::string error;                   // why not, for an exit-2 message
};

// The staged content of the repository holding `repo_path`. Unstaged edits
// and untracked files are invisible; conflicted and intent-to-add (`git add
// -N`) entries are not staged content and are skipped. When GIT_INDEX_FILE is
// set (git sets it for hooks of `git commit -a` / `git commit FILE`), that
// index is read, as git itself would.
GitSourceOpened open_git_index(const std::string& repo_path);
// The tree of revision `rev` (a sha, branch, tag, HEAD~1 ...).
GitSourceOpened open_git_tree(const std::string& repo_path, const std::string& rev);

// The same, on a repository already discovered (PR mode opens several
// sources on one repository).
GitSourceOpened open_git_index(const std::shared_ptr<GitRepository>& repository);
GitSourceOpened open_git_tree(const std::shared_ptr<GitRepository>& repository, const std::string& rev);

}  // namespace archgate
