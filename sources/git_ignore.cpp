#include "sources/git_ignore.h"

#include <algorithm>

#include <git2.h>

#include "sources/git_repository.h"

namespace archgate {

std::vector<bool> git_ignored_files(const std::string& root, const std::vector<FileEntry>& entries) {
  auto opened = GitRepository::discover(root);
  if (!opened.repository || opened.repository->bare()) return {};
  const GitRepository& repository = *opened.repository;
  // Tracked paths, relative to the repository's top (opened as a file, as
  // sources/git_source.cpp does: the repository would keep the index).
  git_index* index = nullptr;
  std::vector<std::string> tracked;
  if (git_index_open(&index, (repository.git_dir() + "index").c_str()) == 0) {
    std::size_t count = git_index_entrycount(index);
    tracked.reserve(count);
    for (std::size_t i = 0; i < count; ++i)
      if (const git_index_entry* e = git_index_get_byindex(index, i)) tracked.emplace_back(e->path);
    git_index_free(index);
  }
  std::sort(tracked.begin(), tracked.end());
  std::string prefix = repository.prefix().empty() ? std::string() : repository.prefix() + "/";
  // A folder git ignores (a copy under build/, say) was chosen on purpose:
  // its files are checked.
  int root_ignored = 0;
  if (!prefix.empty() && git_ignore_path_is_ignored(&root_ignored, repository.get(), prefix.c_str()) == 0 &&
      root_ignored)
    return {};
  std::vector<bool> ignored(entries.size(), false);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    std::string path = prefix + entries[i].path;
    if (std::binary_search(tracked.begin(), tracked.end(), path)) continue;
    // libgit2 applies the rules of every parent folder too (a file in an
    // ignored folder is ignored), as git does.
    int is = 0;
    if (git_ignore_path_is_ignored(&is, repository.get(), path.c_str()) == 0 && is) ignored[i] = true;
  }
  return ignored;
}

void PathPatterns::Free::operator()(git_pathspec* p) const { git_pathspec_free(p); }

std::variant<PathPatterns, std::string> PathPatterns::compile(const std::vector<std::string>& patterns) {
  PathPatterns out;
  if (patterns.empty()) return out;
  ensure_libgit2();
  std::vector<char*> strings;
  for (const auto& p : patterns) strings.push_back(const_cast<char*>(p.c_str()));
  git_strarray array{strings.data(), strings.size()};
  git_pathspec* spec = nullptr;
  if (git_pathspec_new(&spec, &array) != 0) return git_error_text("invalid pattern");
  out.spec_.reset(spec, Free{});
  return out;
}

bool PathPatterns::matches(const std::string& path) const {
  return spec_ && git_pathspec_matches_path(spec_.get(), GIT_PATHSPEC_DEFAULT, path.c_str()) == 1;
}

}  // namespace archgate
