#include "cli/check_sources.h"

#include <filesystem>
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

  if (options.staged) {
    auto index = open_git_index(repository);
    if (!index.source) return fail("--staged: " + index.error);
    sources.head = std::move(index.source);
    // Before the first commit there is no HEAD: everything staged is new.
    auto head = repository->resolve_commit("HEAD", error);
    if (!head) return sources;
    sources.base_commit = *head;
    sources.base_label = "HEAD";
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
    sources.head = open_working_tree(options.path);
    sources.base_commit = *merge_base;
    sources.base_label = "the merge base with " + options.base_rev;
  }
  auto base = open_git_tree(repository, sources.base_commit);
  if (!base.source) return fail(std::string(mode) + ": " + base.error);
  sources.base = std::move(base.source);
  return sources;
}

}  // namespace archgate
