#include "sources/file_source.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/text.h"

namespace archgate {

namespace fs = std::filesystem;

bool FileSource::exists(std::string_view path) const {
  const auto& all = files();
  auto it = std::lower_bound(all.begin(), all.end(), path,
                             [](const FileEntry& e, std::string_view p) { return e.path < p; });
  return it != all.end() && it->path == path;
}

bool FileSource::is_directory(std::string_view path) const {
  if (path.empty()) return true;
  std::string prefix(path);
  prefix += '/';
  const auto& all = files();
  auto it = std::lower_bound(all.begin(), all.end(), prefix,
                             [](const FileEntry& e, const std::string& p) { return e.path < p; });
  return it != all.end() && it->path.compare(0, prefix.size(), prefix) == 0;
}

std::vector<const FileEntry*> FileSource::files_under(std::string_view dir) const {
  std::vector<const FileEntry*> out;
  const auto& all = files();
  if (dir.empty()) {
    for (const auto& e : all) out.push_back(&e);
    return out;
  }
  std::string prefix(dir);
  prefix += '/';
  auto it = std::lower_bound(all.begin(), all.end(), prefix,
                             [](const FileEntry& e, const std::string& p) { return e.path < p; });
  for (; it != all.end() && it->path.compare(0, prefix.size(), prefix) == 0; ++it) out.push_back(&*it);
  return out;
}

namespace {

bool skipped_folder(const std::string& name) {
  return name == ".git" || name == "node_modules" || name == ".archgate-cache";
}

class WorkingTree final : public FileSource {
 public:
  explicit WorkingTree(const std::string& root) {
    std::error_code ec;
    root_ = fs::weakly_canonical(fs::absolute(root, ec), ec);
    scan();
  }

  const std::vector<FileEntry>& files() const override { return entries_; }
  std::string describe() const override { return "working tree"; }

  ReadResult read(std::string_view path) const override {
    ReadResult r;
    auto rel = normalize_relative(path);
    if (!rel || rel->empty()) {
      r.status = ReadStatus::outside_root;
      r.detail = "path leaves the repository";
      return r;
    }
    std::error_code ec;
    fs::path full = root_ / fs::path(*rel);
    auto status = fs::symlink_status(full, ec);
    if (ec || !fs::exists(status)) {
      r.status = ReadStatus::not_found;
      r.detail = "no such file";
      return r;
    }
    // Resolve every symlink along the way and insist the target stays inside.
    fs::path target = fs::weakly_canonical(full, ec);
    if (ec || !inside_root(target)) {
      r.status = ReadStatus::outside_root;
      r.detail = "symlink target leaves the repository";
      return r;
    }
    auto target_status = fs::status(target, ec);
    if (ec || !fs::exists(target_status)) {
      r.status = ReadStatus::not_found;
      r.detail = "dangling symlink";
      return r;
    }
    if (!fs::is_regular_file(target_status)) {
      r.status = ReadStatus::not_a_file;
      r.detail = "not a regular file";
      return r;
    }
    r.size = fs::file_size(target, ec);
    if (ec) {
      r.status = ReadStatus::io_error;
      r.detail = ec.message();
      return r;
    }
    if (r.size > max_file_size()) {
      r.status = ReadStatus::too_large;
      r.detail = "file is " + std::to_string(r.size) + " bytes, over the limit of " +
                 std::to_string(max_file_size());
      return r;
    }
    std::ifstream in(target, std::ios::binary);
    if (!in) {
      r.status = ReadStatus::io_error;
      r.detail = "cannot open";
      return r;
    }
    r.content.resize(static_cast<std::size_t>(r.size));
    in.read(r.content.data(), static_cast<std::streamsize>(r.size));
    r.content.resize(static_cast<std::size_t>(in.gcount()));
    r.status = ReadStatus::ok;
    return r;
  }

 private:
  bool inside_root(const fs::path& p) const {
    auto rs = root_.native();
    auto ps = p.native();
    return ps == rs || (ps.size() > rs.size() && ps.compare(0, rs.size(), rs) == 0 && ps[rs.size()] == '/');
  }

  // One pass over the tree with openat/fstatat relative to each folder's
  // descriptor (no path is resolved from the root again), an explicit stack
  // instead of recursion (a hostile tree may be very deep), symlinks listed
  // but never followed, and the folders no repository wants read skipped.
  void scan() {
    struct Pending {
      int fd;
      std::string prefix;  // "" or "a/b/"
    };
    int root_fd = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root_fd < 0) return;
    std::vector<Pending> stack{{root_fd, ""}};
    while (!stack.empty()) {
      Pending dir = std::move(stack.back());
      stack.pop_back();
      DIR* listing = ::fdopendir(dir.fd);
      if (!listing) {
        ::close(dir.fd);
        continue;
      }
      while (const struct dirent* e = ::readdir(listing)) {
        std::string_view name = e->d_name;
        if (name == "." || name == "..") continue;
        struct ::stat st;
        if (::fstatat(dir.fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
          if (skipped_folder(std::string(name))) continue;
          int child = ::openat(dir.fd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
          if (child >= 0) stack.push_back({child, dir.prefix + std::string(name) + "/"});
          continue;
        }
        if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) continue;
        FileEntry f;
        f.path = dir.prefix + std::string(name);
        f.symlink = S_ISLNK(st.st_mode);
        if (!f.symlink) {
          f.size = static_cast<std::uint64_t>(st.st_size);
          f.stat.valid = true;
          f.stat.mtime_ns = std::int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec;
          f.stat.ctime_ns = std::int64_t{st.st_ctim.tv_sec} * 1'000'000'000 + st.st_ctim.tv_nsec;
          f.stat.inode = st.st_ino;
          f.stat.device = st.st_dev;
        }
        entries_.push_back(std::move(f));
      }
      ::closedir(listing);  // closes dir.fd
    }
    std::sort(entries_.begin(), entries_.end(),
              [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
  }

  fs::path root_;
  std::vector<FileEntry> entries_;
};

}  // namespace

std::unique_ptr<FileSource> open_working_tree(const std::string& root) {
  return std::make_unique<WorkingTree>(root);
}

void MemoryFileSource::add(std::string path, std::string content) {
  FileEntry e;
  e.path = path;
  e.size = content.size();
  auto it = std::lower_bound(entries_.begin(), entries_.end(), path,
                             [](const FileEntry& x, const std::string& p) { return x.path < p; });
  auto index = static_cast<std::size_t>(it - entries_.begin());
  entries_.insert(it, std::move(e));
  contents_.insert(contents_.begin() + static_cast<std::ptrdiff_t>(index), std::move(content));
}

ReadResult MemoryFileSource::read(std::string_view path) const {
  ReadResult r;
  auto it = std::lower_bound(entries_.begin(), entries_.end(), path,
                             [](const FileEntry& x, std::string_view p) { return x.path < p; });
  if (it == entries_.end() || it->path != path) {
    r.detail = "no such file";
    return r;
  }
  const auto& content = contents_[static_cast<std::size_t>(it - entries_.begin())];
  r.size = content.size();
  if (r.size > max_file_size()) {
    r.status = ReadStatus::too_large;
    r.detail = "file is " + std::to_string(r.size) + " bytes, over the limit of " +
               std::to_string(max_file_size());
    return r;
  }
  r.status = ReadStatus::ok;
  r.content = content;
  return r;
}

}  // namespace archgate
