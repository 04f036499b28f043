#include "sources/file_source.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <system_error>
#include <thread>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <optional>

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
    root_fd_ = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    scan();
  }
  ~WorkingTree() override {
    if (root_fd_ >= 0) ::close(root_fd_);
  }
  WorkingTree(const WorkingTree&) = delete;
  WorkingTree& operator=(const WorkingTree&) = delete;

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
    if (const FileEntry* listed = find_listed(*rel); listed && listed->special) {
      r.status = ReadStatus::not_a_file;
      r.detail = "a FIFO, socket or device, not a file; it was not read";
      return r;
    }
    if (auto fast = read_listed(*rel)) return std::move(*fast);
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
    if (r.size > max_file_size()) return too_large(r.size, max_file_size());
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
  // The common case, in four system calls: a plain file of the listing (so no
  // symlink on its way, as the listing never enters one), opened below the
  // root with openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS), so the kernel
  // refuses it should a folder have become a symlink since. Anything else
  // (nullopt) takes the careful path of read().
  const FileEntry* find_listed(const std::string& rel) const {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), rel,
                               [](const FileEntry& e, const std::string& p) { return e.path < p; });
    return it == entries_.end() || it->path != rel ? nullptr : &*it;
  }

  std::optional<ReadResult> read_listed(const std::string& rel) const {
    if (root_fd_ < 0) return std::nullopt;
    const FileEntry* listed = find_listed(rel);
    if (!listed || listed->symlink) return std::nullopt;
    struct open_how how {};
    how.flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS;
    long fd = ::syscall(SYS_openat2, root_fd_, rel.c_str(), &how, sizeof how);
    if (fd < 0) return std::nullopt;
    int file = static_cast<int>(fd);
    struct ::stat st;
    std::optional<ReadResult> out;
    if (::fstat(file, &st) == 0 && S_ISREG(st.st_mode)) {
      auto size = static_cast<std::uint64_t>(st.st_size);
      if (size > max_file_size()) {
        out = too_large(size, max_file_size());
      } else if (auto content = read_up_to(file, static_cast<std::size_t>(size))) {
        out.emplace();
        out->size = size;
        out->content = std::move(*content);
        out->status = ReadStatus::ok;
      }
    }
    ::close(file);
    return out;
  }

  bool inside_root(const fs::path& p) const {
    auto rs = root_.native();
    auto ps = p.native();
    return ps == rs || (ps.size() > rs.size() && ps.compare(0, rs.size(), rs) == 0 && ps[rs.size()] == '/');
  }

  // One pass over the tree with openat/fstatat relative to each folder's
  // descriptor (no path is resolved from the root again), stacks of folders
  // instead of recursion (a hostile tree may be very deep), two threads (most
  // of the time is fstatat), symlinks listed but never followed, and the
  // folders no repository wants read skipped.
  void scan() {
    struct Pending {
      int fd;
      std::string prefix;  // "" or "a/b/"
    };
    int root_fd = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root_fd < 0) return;
    std::vector<Pending> stack{{root_fd, ""}};
    auto list_folder = [&](Pending dir, std::vector<FileEntry>& found, std::vector<Pending>& folders) {
      DIR* listing = ::fdopendir(dir.fd);
      if (!listing) {
        ::close(dir.fd);
        return;
      }
      while (const struct dirent* e = ::readdir(listing)) {
        std::string_view name = e->d_name;
        if (name == "." || name == "..") continue;
        // A folder or a symlink as readdir() names it needs no stat: a folder
        // is opened below (O_NOFOLLOW refuses one that became a symlink since),
        // a symlink keeps no stat data. File systems that do not say
        // (DT_UNKNOWN) get one for every entry.
        struct ::stat st {};
        if (e->d_type == DT_DIR) {
          st.st_mode = S_IFDIR;
        } else if (e->d_type == DT_LNK) {
          st.st_mode = S_IFLNK;
        } else if (e->d_type != DT_REG && e->d_type != DT_UNKNOWN) {
          st.st_mode = S_IFIFO;  // a FIFO, socket or device: which one does not matter
        } else if (::fstatat(dir.fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
          continue;
        }
        if (S_ISDIR(st.st_mode)) {
          if (skipped_folder(std::string(name))) continue;
          int child = ::openat(dir.fd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
          if (child >= 0) folders.push_back({child, dir.prefix + std::string(name) + "/"});
          continue;
        }
        FileEntry f;
        f.path = dir.prefix + std::string(name);
        f.symlink = S_ISLNK(st.st_mode);
        f.special = !S_ISREG(st.st_mode) && !f.symlink;
        if (S_ISREG(st.st_mode)) {
          f.size = static_cast<std::uint64_t>(st.st_size);
          f.stat.valid = true;
          f.stat.mtime_ns = std::int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec;
          f.stat.ctime_ns = std::int64_t{st.st_ctim.tv_sec} * 1'000'000'000 + st.st_ctim.tv_nsec;
          f.stat.inode = st.st_ino;
          f.stat.device = st.st_dev;
        }
        found.push_back(std::move(f));
      }
      ::closedir(listing);  // closes dir.fd
    };
    // The first two levels on this thread (they are few), then their
    // subfolders shared out between two threads by an atomic index, each
    // worked off depth first on its own stack: no thread waits for another.
    std::vector<FileEntry> top;
    std::vector<Pending> seeds;
    {
      std::vector<Pending> level;
      list_folder(std::move(stack.back()), top, level);
      stack.clear();
      for (auto& dir : level) list_folder(std::move(dir), top, seeds);
    }
    std::vector<std::vector<FileEntry>> found(2);
    std::atomic<std::size_t> next{0};
    auto worker = [&](std::vector<FileEntry>& mine) {
      std::vector<Pending> own;
      for (std::size_t i = next++; i < seeds.size(); i = next++) {
        own.push_back(std::move(seeds[i]));
        while (!own.empty()) {
          Pending dir = std::move(own.back());
          own.pop_back();
          list_folder(std::move(dir), mine, own);
        }
      }
    };
    std::thread helper(worker, std::ref(found[1]));
    worker(found[0]);
    helper.join();
    found[0].insert(found[0].end(), std::make_move_iterator(top.begin()), std::make_move_iterator(top.end()));
    entries_ = std::move(found[0]);
    entries_.insert(entries_.end(), std::make_move_iterator(found[1].begin()), std::make_move_iterator(found[1].end()));
    std::sort(entries_.begin(), entries_.end(),
              [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
  }

  fs::path root_;
  int root_fd_ = -1;
  std::vector<FileEntry> entries_;
};

}  // namespace

ReadResult too_large(std::uint64_t size, std::uint64_t limit) {
  ReadResult r;
  r.status = ReadStatus::too_large;
  r.size = size;
  r.detail = "file is " + std::to_string(size) + " bytes, over the limit of " + std::to_string(limit);
  return r;
}

std::optional<std::string> read_up_to(int fd, std::size_t size) {
  std::string data(size, '\0');
  std::size_t got = 0;
  while (got < data.size()) {
    ssize_t n = ::read(fd, data.data() + got, data.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::nullopt;
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  data.resize(got);
  return data;
}

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
  if (r.size > max_file_size()) return too_large(r.size, max_file_size());
  r.status = ReadStatus::ok;
  r.content = content;
  return r;
}

}  // namespace archgate
