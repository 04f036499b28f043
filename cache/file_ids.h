// Content ids of the checked files without reading them where possible:
// git sources know every blob id; for the working tree, the id computed on an
// earlier run is trusted while the file's lstat data (size, mtime, ctime,
// inode, device) is unchanged — git's own index works the same way. A file
// modified within two seconds before the listing that recorded it is "racy"
// (a change in the same clock tick would not show in its mtime) and is read
// again next time.
#pragma once

#include <cstdint>
#include <atomic>
#include <mutex>
#include <string_view>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cache/store.h"
#include "sources/file_source.h"

namespace archgate {

class FileIds {
 public:
  // Loads what `store` remembers of the files of `source` (may be null: then
  // nothing is remembered and every id is computed).
  FileIds(const CacheStore* store, const FileSource& source);

  // The id of `entry`'s content if known without reading it.
  std::optional<ContentId> known(const FileEntry& entry) const;
  // The listing entry of `path`, or null.
  const FileEntry* entry(std::string_view path) const;
  // Remembers the id of `entry`'s content, read now. Thread-safe.
  void learn(const FileEntry& entry, const ContentId& id);
  // Writes the remembered ids back when they changed.
  void save();

 private:
  struct Record {
    std::uint64_t size = 0;
    FileStat stat;  // stat.valid: there is a record
    ContentId id;
    bool trusted = false;
  };
  static bool same_stat(const Record& r, const FileEntry& e);
  // The index of `e` in the listing (entry() hands out only its entries).
  std::size_t index_of(const FileEntry& e) const { return static_cast<std::size_t>(&e - files_.data()); }

  const CacheStore* store_;
  const std::vector<FileEntry>& files_;  // the listing, sorted by path
  std::unordered_map<std::string_view, const FileEntry*> by_path_;  // into files_
  std::atomic<bool> learned_any_{false};
  std::int64_t listed_at_ns_ = 0;
  CacheKey key_{};
  // Both by listing index: a record per file, found without hashing its path
  // and saved in the listing's order.
  std::vector<Record> old_;  // from the last run; read-only while loading
  mutable std::mutex mutex_;
  std::vector<Record> learned_;  // sized on the first learn()
};

}  // namespace archgate
