#include "sources/git_repository.h"

#include <git2.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <set>
#include <vector>

namespace archgate {

namespace fs = std::filesystem;

void ensure_libgit2() {
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_init();
    // Trees are read once each (a listing walks them; nothing looks one up
    // again), so libgit2's object cache only kept them: ~7 MiB at 1,000
    // services, fresh memory a --staged run pays for.
    git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, static_cast<size_t>(0));
  });
}

std::string git_error_text(const std::string& fallback) {
  const git_error* e = git_error_last();
  if (e && e->message && *e->message) {
    std::string text = e->message;
    while (!text.empty() && (text.back() == '\n' || text.back() == '.')) text.pop_back();
    return text;
  }
  return fallback;
}

void GitRepositoryDeleter::operator()(git_repository* repo) const { git_repository_free(repo); }

namespace {

struct ObjectDeleter {
  void operator()(git_object* o) const { git_object_free(o); }
};
using ObjectHandle = std::unique_ptr<git_object, ObjectDeleter>;

std::string oid_hex(const git_oid& oid) {
  char text[GIT_OID_HEXSZ + 1];
  git_oid_tostr(text, sizeof text, &oid);
  return text;
}

}  // namespace

GitRepository::Opened GitRepository::discover(const std::string& path) {
  ensure_libgit2();
  Opened result;
  std::error_code ec;
  fs::path absolute = fs::weakly_canonical(fs::absolute(path, ec), ec);
  if (ec || !fs::is_directory(absolute, ec)) {
    result.error = path + " is not a directory";
    return result;
  }
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, absolute.c_str(), 0, nullptr) != 0) {
    result.error = path + " is not inside a git repository";
    return result;
  }
  auto repo = std::make_shared<GitRepository>();
  repo->repo_.reset(raw);
  repo->git_dir_ = git_repository_path(raw);
  if (const char* workdir = git_repository_workdir(raw)) {
    repo->workdir_ = workdir;
    fs::path top = fs::weakly_canonical(fs::path(repo->workdir_), ec);
    fs::path relative = absolute.lexically_relative(top);
    std::string prefix = relative.generic_string();
    if (prefix == "." || prefix.empty()) prefix.clear();
    if (prefix.rfind("..", 0) == 0) {
      result.error = path + " is outside the working tree of the repository at " + repo->workdir_;
      return result;
    }
    repo->prefix_ = prefix;
  }
  result.repository = std::move(repo);
  return result;
}

std::optional<std::string> GitRepository::resolve_commit(const std::string& rev, std::string& error) const {
  git_object* raw = nullptr;
  if (git_revparse_single(&raw, repo_.get(), rev.c_str()) != 0) {
    error = "unknown revision \"" + rev + "\" (" + git_error_text("not found") + ")";
    return std::nullopt;
  }
  ObjectHandle object(raw);
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT) != 0) {
    error = "revision \"" + rev + "\" does not name a commit";
    return std::nullopt;
  }
  ObjectHandle commit(peeled);
  return oid_hex(*git_object_id(commit.get()));
}

namespace {

// Ancestors of `start` (itself included), breadth first, at most `limit`,
// skipping parents the object database lacks: libgit2 1.5 does not read a
// shallow clone's .git/shallow, so its own walks fail at the boundary.
std::vector<git_oid> ancestors(git_repository* repo, const git_oid& start, std::size_t limit) {
  std::vector<git_oid> order{start};
  std::set<std::string> seen{oid_hex(start)};
  git_odb* odb = nullptr;
  if (git_repository_odb(&odb, repo) != 0) return order;
  for (std::size_t i = 0; i < order.size() && order.size() < limit; ++i) {
    git_commit* commit = nullptr;
    if (git_commit_lookup(&commit, repo, &order[i]) != 0) continue;
    unsigned parents = git_commit_parentcount(commit);
    for (unsigned p = 0; p < parents; ++p) {
      const git_oid* parent = git_commit_parent_id(commit, p);
      if (parent && git_odb_exists(odb, parent) && seen.insert(oid_hex(*parent)).second) {
        order.push_back(*parent);
      }
    }
    git_commit_free(commit);
  }
  git_odb_free(odb);
  return order;
}

}  // namespace

std::optional<std::string> GitRepository::merge_base(const std::string& one, const std::string& two,
                                                     std::string& error) const {
  git_oid a, b, base;
  if (git_oid_fromstr(&a, one.c_str()) != 0 || git_oid_fromstr(&b, two.c_str()) != 0) {
    error = "not a commit id";
    return std::nullopt;
  }
  // libgit2 1.5 does not read .git/shallow: its walk fails (and leaks) at
  // the first missing commit. In a shallow clone, look for the nearest
  // common ancestor among the commits the clone has: in CI the base is
  // usually HEAD's first parent (a pull request's merge commit), which a
  // clone of depth 2 holds.
  bool shallow = git_repository_is_shallow(repo_.get()) == 1;
  int rc = shallow ? GIT_ENOTFOUND : git_merge_base(&base, repo_.get(), &a, &b);
  if (rc == 0) return oid_hex(base);
  std::string reason = shallow ? std::string() : git_error_text("no merge base");
  constexpr std::size_t kFullWalk = 1000000;
  std::set<std::string> left;
  for (const auto& id : ancestors(repo_.get(), a, kFullWalk)) left.insert(oid_hex(id));
  for (const auto& id : ancestors(repo_.get(), b, kFullWalk)) {
    if (left.count(oid_hex(id))) return oid_hex(id);
  }
  error = shallow ? "no common history in this shallow clone" : "no common history";
  if (rc != GIT_ENOTFOUND) error += " (" + reason + ")";
  return std::nullopt;
}

std::optional<std::string> GitRepository::hooks_dir(std::string& error) const {
  git_config* config = nullptr;
  if (git_repository_config_snapshot(&config, repo_.get()) == 0) {
    const char* value = nullptr;
    std::string configured;
    if (git_config_get_string(&value, config, "core.hooksPath") == 0 && value) configured = value;
    git_config_free(config);
    if (!configured.empty()) {
      fs::path p(configured);
      if (configured.rfind("~/", 0) == 0) {
        const char* home = std::getenv("HOME");
        p = fs::path(home ? home : "") / configured.substr(2);
      } else if (p.is_relative()) {
        // git runs hooks from the top of the working tree (the git folder
        // of a bare repository), so a relative hooksPath starts there.
        p = fs::path(bare() ? git_dir_ : workdir_) / p;
      }
      return p.lexically_normal().string();
    }
  }
  git_buf buf = GIT_BUF_INIT;
  if (git_repository_item_path(&buf, repo_.get(), GIT_REPOSITORY_ITEM_HOOKS) != 0) {
    error = git_error_text("cannot find the hooks folder");
    return std::nullopt;
  }
  std::string dir(buf.ptr, buf.size);
  git_buf_dispose(&buf);
  return dir;
}

GitRepositoryHandle GitRepository::reopen() const {
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, git_dir_.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) return nullptr;
  return GitRepositoryHandle(raw);
}

}  // namespace archgate
