#include "cli/check_sources.h"

#include <filesystem>
#include <future>
#include <iostream>

#include "cli/check_command.h"
#include "sources/git_source.h"

namespace archgate {

namespace {

std::nullopt_t fail(const std::string& message) {
  std::cerr << "archgate: error: " << message << '\n';
  return std::nullopt;
}

}  // namespace

std::optional<CheckSources> open_check_sources(const CheckOptions& options) {
  std::error_code ec;
  if (!std::filesystem::is_directory(options.path, ec)) return fail(options.path + " is not a directory");
  if (options.staged && !options.base_rev.empty()) {
    return fail("--staged and --base cannot be combined: --staged compares the index with HEAD");
  }
  CheckSources sources;
  if (!options.staged && options.base_rev.empty()) {
    sources.head = open_working_tree(options.path);
    return sources;
  }

  const char* mode = options.staged ? "--staged" : "--base";
  auto opened = GitRepository::discover(options.path);
  if (!opened.repository) return fail(std::string(mode) + ": " + opened.error);
  const auto& repository = opened.repository;
  std::string error;

  // The base tree is listed on a thread of its own while the checked side is
  // (libgit2 reads one repository from several threads safely).
  std::future<GitSourceOpened> base;
  auto list_base = [&](const std::string& commit) {
    base = std::async(std::launch::async, [repository, commit] { return open_git_tree(repository, commit); });
  };
  if (options.staged) {
    // Before the first commit there is no HEAD: everything staged is new.
    auto head = repository->resolve_commit("HEAD", error);
    if (head) {
      sources.base_commit = *head;
      sources.base_label = "HEAD";
      list_base(*head);
    }
    auto index = open_git_index(repository);
    if (!index.source) return fail("--staged: " + index.error);
    sources.head = std::move(index.source);
    if (!head) return sources;
  } else {
    if (repository->bare()) return fail("--base: the repository is bare: check a working tree");
    auto rev = repository->resolve_commit(options.base_rev, error);
    if (!rev) return fail("--base: " + error);
    auto head = repository->resolve_commit("HEAD", error);
    if (!head) return fail("--base: HEAD names no commit yet (" + error + ")");
    auto merge_base = repository->merge_base(*rev, *head, error);
    if (!merge_base) {
      return fail("--base: " + options.base_rev + " and HEAD have no common history (" + error +
                  "); in a shallow clone, fetch more history (actions/checkout: fetch-depth: 0)");
    }
    sources.base_commit = *merge_base;
    sources.base_label = "the merge base with " + options.base_rev;
    list_base(*merge_base);
    sources.head = open_working_tree(options.path);
  }
  GitSourceOpened opened_base = base.get();
  if (!opened_base.source) return fail(std::string(mode) + ": " + opened_base.error);
  sources.base = std::move(opened_base.source);
  return sources;
}

}  // namespace archgate
