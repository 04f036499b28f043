#include "analysis/sides.h"

#include <filesystem>
#include <future>

#include "sources/git_source.h"

namespace archgate {

namespace {

AnalysisError fail(std::string message) { return AnalysisError{{}, 0, 0, std::move(message)}; }

}  // namespace

std::variant<Sides, AnalysisError> open_sides(const AnalysisRequest& request) {
  std::error_code ec;
  if (!std::filesystem::is_directory(request.path, ec)) return fail(request.path + " is not a directory");
  if (request.staged && !request.base_rev.empty()) {
    return fail("--staged and --base cannot be combined: --staged compares the index with HEAD");
  }
  Sides sides;
  if (!request.staged && request.base_rev.empty()) {
    sides.head = open_working_tree(request.path);
    return sides;
  }

  const char* mode = request.staged ? "--staged" : "--base";
  auto opened = GitRepository::discover(request.path);
  if (!opened.repository) return fail(std::string(mode) + ": " + opened.error);
  const auto& repository = opened.repository;
  std::string error;

  // The base tree is listed on a thread of its own while the checked side is
  // (libgit2 reads one repository from several threads safely).
  std::future<GitSourceOpened> base;
  auto list_base = [&](const std::string& commit) {
    base = std::async(std::launch::async, [repository, commit] { return open_git_tree(repository, commit); });
  };
  if (request.staged) {
    // Before the first commit there is no HEAD: everything staged is new.
    auto head = repository->resolve_commit("HEAD", error);
    if (head) {
      sides.base_commit = *head;
      sides.base_label = "HEAD";
      list_base(*head);
    }
    auto index = open_git_index(repository);
    if (!index.source) return fail("--staged: " + index.error);
    sides.head = std::move(index.source);
    if (!head) return sides;
  } else {
    if (repository->bare()) return fail("--base: the repository is bare: check a working tree");
    auto rev = repository->resolve_commit(request.base_rev, error);
    if (!rev) return fail("--base: " + error);
    auto head = repository->resolve_commit("HEAD", error);
    if (!head) return fail("--base: HEAD names no commit yet (" + error + ")");
    auto merge_base = repository->merge_base(*rev, *head, error);
    if (!merge_base) {
      return fail("--base: " + request.base_rev + " and HEAD have no common history (" + error +
                  "); in a shallow clone, fetch more history (actions/checkout: fetch-depth: 0)");
    }
    sides.base_commit = *merge_base;
    sides.base_label = "the merge base with " + request.base_rev;
    list_base(*merge_base);
    sides.head = open_working_tree(request.path);
  }
  GitSourceOpened opened_base = base.get();
  if (!opened_base.source) return fail(std::string(mode) + ": " + opened_base.error);
  sides.base = std::move(opened_base.source);
  return sides;
}

}  // namespace archgate
