// Every read of the checked repository goes through a FileSource: the working
// tree today, the git index (--staged) and a tree at a revision (--base) through
// the same interface. Paths are relative to the root, '/'-separated, without
// "." or ".." (see normalize_relative()).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sources/content_id.h"

namespace archgate {

enum class ReadStatus : std::uint8_t {
  ok,
  not_found,
  too_large,     // over the per-file limit; nothing was read
  outside_root,  // a symlink whose target leaves the root
  not_a_file,    // a directory, submodule, device ...
  io_error,
};

struct ReadResult {
  ReadStatus status = ReadStatus::not_found;
  std::string content;     // only when status == ok
  std::uint64_t size = 0;  // known size, also for too_large
  std::string detail;      // human-readable reason for non-ok statuses
};

// What the working tree's listing learned of a file from lstat(2); the cache
// trusts a remembered content id while these stay the same (cache/file_ids.h).
struct FileStat {
  bool valid = false;  // false for symlinks and in-memory or git sources
  std::int64_t mtime_ns = 0;
  std::int64_t ctime_ns = 0;
  std::uint64_t inode = 0;
  std::uint64_t device = 0;
};

struct FileEntry {
  std::string path;
  std::uint64_t size = 0;
  bool symlink = false;
  // A FIFO, socket or device: listed so a loader that expects a file there
  // can say so, never opened (reading one could block the run).
  bool special = false;
  FileStat stat;
  // The content's id when the source knows it without reading: git sources,
  // for every entry but symlinks (whose content is their target's).
  std::optional<ContentId> id;
};

class FileSource {
 public:
  virtual ~FileSource() = default;

  // Every regular file, symlink and special file below the root, sorted by path. Folders
  // no repository wants read (.git, node_modules, .archgate-cache) are skipped.
  virtual const std::vector<FileEntry>& files() const = 0;
  virtual ReadResult read(std::string_view path) const = 0;
  // A human name for messages: "working tree", "index", "HEAD~1".
  virtual std::string describe() const = 0;

  // Questions about the listing. Virtual so that a wrapper can note every
  // question a loader asked (cache/tracking_source.h); the answers come from
  // files().
  virtual bool exists(std::string_view path) const;
  virtual bool is_directory(std::string_view path) const;
  // Files directly or indirectly below dir ("" for the root), sorted.
  virtual std::vector<const FileEntry*> files_under(std::string_view dir) const;

  std::uint64_t max_file_size() const { return max_file_size_; }
  void set_max_file_size(std::uint64_t bytes) { max_file_size_ = bytes; }

 private:
  std::uint64_t max_file_size_ = 8ull * 1024 * 1024;
};

// What a read of a file of `size` bytes over the limit gives (no content).
ReadResult too_large(std::uint64_t size, std::uint64_t limit);

// Up to `size` bytes from the open file `fd` (fewer when it shrank
// meanwhile); nullopt on a read error.
std::optional<std::string> read_up_to(int fd, std::size_t size);

// The working tree below `root`. Symlinks are followed only while their
// resolved target stays inside the root.
std::unique_ptr<FileSource> open_working_tree(const std::string& root);

// In-memory files, for unit tests.
class MemoryFileSource final : public FileSource {
 public:
  void add(std::string path, std::string content);
  const std::vector<FileEntry>& files() const override { return entries_; }
  ReadResult read(std::string_view path) const override;
  std::string describe() const override { return "memory"; }

 private:
  std::vector<FileEntry> entries_;
  std::vector<std::string> contents_;
};

}  // namespace archgate
