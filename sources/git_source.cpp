#include "sources/git_source.h"

#include <git2.h>

#include <algorithm>
#include <cstring>
#include <cstdlib>
#include <mutex>
#include <vector>

#include "base/text.h"

namespace archgate {

namespace {

// Symlinks pointing at symlinks are followed this many times at most.
constexpr int kMaxSymlinkHops = 16;

struct OdbDeleter {
  void operator()(git_odb* odb) const { git_odb_free(odb); }
};
using OdbHandle = std::unique_ptr<git_odb, OdbDeleter>;

bool skipped_folder(std::string_view name) {
  return name == ".git" || name == "node_modules" || name == ".archgate-cache";
}

// True when `path` is what normalize_relative() leaves as it is (not empty,
// relative, no empty, "." or ".." segment) and no segment is a skipped
// folder. One pass without allocating: it runs for every entry of the index
// and of a tree (28,000 at 1,000 services).
bool clean_visible(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.front() == '\\') return false;
  if (path.size() >= 2 && path[1] == ':') return false;  // C:\ and friends
  for (std::size_t start = 0;;) {
    std::size_t end = path.find('/', start);
    std::string_view part = path.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (part.empty() || part == "." || part == ".." || skipped_folder(part)) return false;
    if (end == std::string_view::npos) return true;
    start = end + 1;
  }
}

// A path as stored in git, made relative to the checked prefix; nullopt when
// it lies outside the prefix, in a skipped folder, or is not a clean
// relative path (a hostile tree can hold odd names).
std::optional<std::string> visible_path(std::string_view full, const std::string& prefix) {
  std::string_view rest = full;
  if (!prefix.empty()) {
    if (rest.size() <= prefix.size() + 1 || rest.compare(0, prefix.size(), prefix) != 0 ||
        rest[prefix.size()] != '/') {
      return std::nullopt;
    }
    rest.remove_prefix(prefix.size() + 1);
  }
  if (!clean_visible(rest)) return std::nullopt;
  return std::string(rest);
}

struct GitEntry {
  FileEntry file;
  git_oid id;
  bool symlink = false;
};

// Object-database handles, one per concurrent reader: a thread borrows one
// for a read and gives it back, so no handle is shared between threads.
class OdbPool {
 public:
  explicit OdbPool(std::shared_ptr<GitRepository> repository) : repository_(std::move(repository)) {}

  class Lease {
   public:
    Lease(const OdbPool& pool, OdbHandle odb) : pool_(pool), odb_(std::move(odb)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (odb_) pool_.give_back(std::move(odb_));
    }
    git_odb* get() const { return odb_.get(); }

   private:
    const OdbPool& pool_;
    OdbHandle odb_;
  };

  Lease borrow() const {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!free_.empty()) {
        OdbHandle odb = std::move(free_.back());
        free_.pop_back();
        return Lease(*this, std::move(odb));
      }
    }
    // Opening is done outside the lock: it touches the disk.
    OdbHandle odb;
    if (GitRepositoryHandle repo = repository_->reopen()) {
      git_odb* raw = nullptr;
      // The odb keeps its own reference; the repository may go.
      if (git_repository_odb(&raw, repo.get()) == 0) odb.reset(raw);
    }
    return Lease(*this, std::move(odb));
  }

 private:
  void give_back(OdbHandle odb) const {
    std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(std::move(odb));
  }

  std::shared_ptr<GitRepository> repository_;
  mutable std::mutex mutex_;
  mutable std::vector<OdbHandle> free_;
};

class GitSource final : public FileSource {
 public:
  GitSource(std::shared_ptr<GitRepository> repository, std::string description, std::vector<GitEntry> entries)
      : pool_(std::move(repository)), description_(std::move(description)) {
    // The index and a tree walk list paths in order already (git sorts a
    // folder as its name and '/'); sorting is for whatever else comes.
    auto by_path = [](const GitEntry& a, const GitEntry& b) { return a.file.path < b.file.path; };
    if (!std::is_sorted(entries.begin(), entries.end(), by_path)) std::sort(entries.begin(), entries.end(), by_path);
    entries.erase(std::unique(entries.begin(), entries.end(),
                              [](const GitEntry& a, const GitEntry& b) { return a.file.path == b.file.path; }),
                  entries.end());
    files_.reserve(entries.size());
    blobs_.reserve(entries.size());
    for (auto& e : entries) {
      files_.push_back(std::move(e.file));
      blobs_.push_back({e.id, e.symlink});
    }
  }

  const std::vector<FileEntry>& files() const override { return files_; }
  std::string describe() const override { return description_; }

  ReadResult read(std::string_view path) const override {
    ReadResult r;
    auto clean = normalize_relative(path);
    if (!clean || clean->empty()) {
      r.status = ReadStatus::outside_root;
      r.detail = "path leaves the repository";
      return r;
    }
    OdbPool::Lease odb = pool_.borrow();
    if (!odb.get()) {
      r.status = ReadStatus::io_error;
      r.detail = "cannot open the git object database";
      return r;
    }
    std::string current = *clean;
    for (int hop = 0; hop <= kMaxSymlinkHops; ++hop) {
      const Blob* blob = find(current);
      if (!blob) {
        r.status = hop == 0 ? ReadStatus::not_found : is_directory(current) ? ReadStatus::not_a_file
                                                                             : ReadStatus::not_found;
        r.detail = hop == 0 ? "no such file" : is_directory(current) ? "symlink to a folder" : "dangling symlink";
        return r;
      }
      if (!blob->symlink) return read_blob(odb.get(), blob->id);
      // A symlink: its blob is the target path, resolved against the link's
      // folder and never allowed out of the checked root.
      ReadResult link = read_blob(odb.get(), blob->id, 4096);
      if (link.status != ReadStatus::ok) return link;
      const std::string& target = link.content;
      std::optional<std::string> next;
      if (!target.empty() && target.front() != '/' && target.find('\0') == std::string::npos) {
        next = normalize_relative(path_join(path_dirname(current), target));
      }
      if (!next || next->empty()) {
        r.status = ReadStatus::outside_root;
        r.detail = "symlink target \"" + target.substr(0, 200) + "\" leaves the repository";
        return r;
      }
      current = std::move(*next);
    }
    r.status = ReadStatus::not_a_file;
    r.detail = "too many levels of symlinks";
    return r;
  }

 private:
  struct Blob {
    git_oid id;
    bool symlink = false;
  };

  const Blob* find(std::string_view path) const {
    auto it = std::lower_bound(files_.begin(), files_.end(), path,
                               [](const FileEntry& e, std::string_view p) { return e.path < p; });
    if (it == files_.end() || it->path != path) return nullptr;
    return &blobs_[static_cast<std::size_t>(it - files_.begin())];
  }

  ReadResult read_blob(git_odb* odb, const git_oid& id, std::uint64_t limit = 0) const {
    ReadResult r;
    if (limit == 0) limit = max_file_size();
    std::size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    if (git_odb_read_header(&size, &type, odb, &id) != 0) {
      r.status = ReadStatus::io_error;
      r.detail = "missing git object (" + git_error_text("not found") + ")";
      return r;
    }
    r.size = size;
    if (type != GIT_OBJECT_BLOB) {
      r.status = ReadStatus::not_a_file;
      r.detail = "not a file in git";
      return r;
    }
    if (size > limit) return too_large(size, limit);
    git_odb_object* object = nullptr;
    if (git_odb_read(&object, odb, &id) != 0) {
      r.status = ReadStatus::io_error;
      r.detail = "cannot read git object (" + git_error_text("unreadable") + ")";
      return r;
    }
    r.content.assign(static_cast<const char*>(git_odb_object_data(object)), git_odb_object_size(object));
    git_odb_object_free(object);
    r.size = r.content.size();
    r.status = ReadStatus::ok;
    return r;
  }

  OdbPool pool_;
  std::string description_;
  std::vector<FileEntry> files_;
  std::vector<Blob> blobs_;  // parallel to files_
};

std::optional<GitEntry> make_entry(std::string_view full_path, std::uint32_t mode, const git_oid& id,
                                   std::uint64_t size, const std::string& prefix) {
  bool symlink = mode == GIT_FILEMODE_LINK;
  if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE && !symlink) return std::nullopt;
  auto path = visible_path(full_path, prefix);
  if (!path) return std::nullopt;
  GitEntry e;
  e.file.path = std::move(*path);
  e.file.size = symlink ? 0 : size;
  e.file.symlink = symlink;
  e.id = id;
  e.symlink = symlink;
  if (!symlink) {
    ContentId content;
    static_assert(sizeof id.id >= sizeof content.bytes);
    std::memcpy(content.bytes.data(), id.id, content.bytes.size());
    e.file.id = content;
  }
  return e;
}

std::string short_id(const git_oid& id) {
  char text[8];
  git_oid_tostr(text, sizeof text, &id);
  return text;
}

}  // namespace

GitSourceOpened open_git_index(const std::shared_ptr<GitRepository>& repository) {
  GitSourceOpened result;
  if (repository->bare()) {
    result.error = "the repository is bare: it has no index to check (--staged)";
    return result;
  }
  // While git runs a pre-commit hook for `git commit -a` or `git commit
  // FILE`, what will be committed is a temporary index named by
  // GIT_INDEX_FILE (relative to the hook's folder, the working tree's top).
  // The index is opened as a file, not through the repository (which would
  // keep it, 4-5 MiB at 28,000 entries, for the rest of the run): only its
  // entries are needed, and they are copied out below.
  git_index* index = nullptr;
  const char* index_file = std::getenv("GIT_INDEX_FILE");
  bool temporary = index_file && *index_file;
  std::string file = temporary ? std::string(index_file) : repository->git_dir() + "index";
  if (git_index_open(&index, file.c_str()) != 0) {
    result.error = temporary ? "cannot read the git index " + file + ": " + git_error_text("unreadable")
                             : "cannot read the git index: " + git_error_text("unreadable");
    return result;
  }
  std::vector<GitEntry> entries;
  std::size_t count = git_index_entrycount(index);
  entries.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const git_index_entry* entry = git_index_get_byindex(index, i);
    if (!entry || git_index_entry_stage(entry) != 0) continue;  // conflicts are not staged content
    if (entry->flags_extended & GIT_INDEX_ENTRY_INTENT_TO_ADD) continue;
    if (auto e = make_entry(entry->path, entry->mode, entry->id, entry->file_size, repository->prefix())) {
      entries.push_back(std::move(*e));
    }
  }
  git_index_free(index);
  result.source = std::make_unique<GitSource>(repository, "index", std::move(entries));
  return result;
}

GitSourceOpened open_git_tree(const std::shared_ptr<GitRepository>& repository, const std::string& rev) {
  GitSourceOpened result;
  git_object* object = nullptr;
  if (git_revparse_single(&object, repository->get(), rev.c_str()) != 0) {
    result.error = "unknown revision \"" + rev + "\" (" + git_error_text("not found") + ")";
    return result;
  }
  git_object* peeled = nullptr;
  int rc = git_object_peel(&peeled, object, GIT_OBJECT_TREE);
  git_object_free(object);
  if (rc != 0) {
    result.error = "revision \"" + rev + "\" has no tree";
    return result;
  }
  git_tree* tree = reinterpret_cast<git_tree*>(peeled);
  git_oid tree_id = *git_tree_id(tree);

  // Walk only the checked subfolder: nothing outside it is visible.
  const std::string& prefix = repository->prefix();
  git_tree* walked = tree;
  git_tree* subtree = nullptr;
  std::vector<GitEntry> entries;
  bool empty = false;
  if (!prefix.empty()) {
    git_tree_entry* sub = nullptr;
    if (git_tree_entry_bypath(&sub, tree, prefix.c_str()) != 0 || git_tree_entry_type(sub) != GIT_OBJECT_TREE) {
      empty = true;  // the folder does not exist at that revision
    } else if (git_tree_lookup(&subtree, repository->get(), git_tree_entry_id(sub)) != 0) {
      git_tree_entry_free(sub);
      git_tree_free(tree);
      result.error = "cannot read the tree of " + prefix + " at " + rev + ": " + git_error_text("missing object");
      return result;
    } else {
      walked = subtree;
    }
    git_tree_entry_free(sub);
  }
  if (!empty) {
    struct Walk {
      std::vector<GitEntry>* entries;
    } walk{&entries};
    auto callback = [](const char* root, const git_tree_entry* entry, void* payload) -> int {
      auto& w = *static_cast<Walk*>(payload);
      const char* name = git_tree_entry_name(entry);
      git_filemode_t mode = git_tree_entry_filemode(entry);
      if (mode == GIT_FILEMODE_TREE) return skipped_folder(name) ? 1 : 0;  // 1 skips the subtree
      std::string path = std::string(root) + name;
      if (auto e = make_entry(path, static_cast<std::uint32_t>(mode), *git_tree_entry_id(entry), 0, {})) {
        w.entries->push_back(std::move(*e));
      }
      return 0;
    };
    rc = git_tree_walk(walked, GIT_TREEWALK_PRE, callback, &walk);
    if (rc != 0) {
      if (subtree) git_tree_free(subtree);
      git_tree_free(tree);
      result.error = "cannot read the tree of " + rev + ": " + git_error_text("missing object");
      return result;
    }
  }
  if (subtree) git_tree_free(subtree);
  git_tree_free(tree);
  result.source = std::make_unique<GitSource>(repository, rev + " (" + short_id(tree_id) + ")", std::move(entries));
  return result;
}

GitSourceOpened open_git_index(const std::string& repo_path) {
  auto opened = GitRepository::discover(repo_path);
  if (!opened.repository) return {nullptr, opened.error};
  return open_git_index(opened.repository);
}

GitSourceOpened open_git_tree(const std::string& repo_path, const std::string& rev) {
  auto opened = GitRepository::discover(repo_path);
  if (!opened.repository) return {nullptr, opened.error};
  return open_git_tree(opened.repository, rev);
}

}  // namespace archgate
