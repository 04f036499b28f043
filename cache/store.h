// Where cached results live: one SQLite database, `<dir>/cache.sqlite`, in
// WAL mode, so concurrent runs read while one writes and never see half an
// entry. Entries found during a run are written at its end in one
// transaction (put() only queues them); a run that cannot get the write lock
// in time simply does not store them.
//
// A repository under review may be hostile, and `.archgate-cache/` sits inside
// it: a committed cache folder must not be able to feed a run its results.
// Every key is therefore salted with a secret kept outside the repository
// (`$XDG_CACHE_HOME/archgate/secret`, else `~/.cache/archgate/secret`), so
// entries made elsewhere are never even looked up. Each entry repeats its key
// and carries its payload's length and checksum; a truncated, corrupted or
// foreign entry, or a database SQLite finds damaged, reads as a miss. The
// folder and the database are opened without following symlinks, and SQLite
// runs in its defensive mode.
#pragma once

#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sources/content_id.h"

struct sqlite3;
struct sqlite3_stmt;

namespace archgate {

using CacheKey = ContentId;

class CacheStore {
 public:
  // The store in `dir` (created when missing) for entries of `generation`
  // (the archgate build: entries of other builds are never valid here, and
  // those not written for a week are removed by a run that stores entries,
  // at most once a day).
  // Null, with the reason in `why_not`, when the store cannot be used: no
  // secret can be kept, the folder or database is a symlink or not ours, or
  // SQLite cannot open it.
  static std::unique_ptr<CacheStore> open(const std::string& dir, std::string_view generation,
                                          std::string& why_not);
  ~CacheStore();
  CacheStore(const CacheStore&) = delete;
  CacheStore& operator=(const CacheStore&) = delete;

  // The salted key of `material` (what identifies an entry).
  CacheKey key(std::string_view material) const;
  // Thread-safe.
  std::optional<std::string> get(const CacheKey& key) const;
  // Looks `keys` up ahead of get(), in key order (the table's order), split
  // into `jobs` runs of neighbouring keys read side by side: a run that finds
  // most of its entries reads each page of the database once. Looked up in
  // the tasks' order, nearly every entry cost a 64 KiB page read of its own
  // (about 500 MiB copied from the page cache for 8,000 entries). get() then
  // hands each prefetched entry out once, checked as usual. `keep`, when
  // given, cuts each checked payload down to what the caller will use, so
  // the entries read ahead do not all stay whole in memory.
  void prefetch(std::vector<CacheKey> keys, unsigned jobs,
                const std::function<void(std::string&)>& keep = nullptr) const;
  // Queues an entry for flush(). Thread-safe.
  void put(const CacheKey& key, std::string_view payload) const;
  // Writes the queued entries on a thread of its own (best effort: a store
  // that cannot be written is a slower next run, not an error); the writing
  // overlaps the rules and ends before the store is destroyed.
  void flush() const;
  // Frees what the idle connections keep of the database pages they read
  // (up to 2 MiB each): called once a run's lookups are done, so that the
  // model decoded next reuses that memory instead of touching new pages.
  void release_memory() const;
  // Waits for the writing that flush() started.
  void wait() const {
    if (writer_.joinable()) writer_.join();
  }

  const std::string& dir() const { return dir_; }

 private:
  CacheStore(std::string dir, std::string database, std::string generation, std::string secret)
      : dir_(std::move(dir)), database_(std::move(database)), generation_(std::move(generation)),
        secret_(std::move(secret)) {}
  struct Connection {
    sqlite3* db = nullptr;
    sqlite3_stmt* select = nullptr;  // prepared once per connection
  };
  Connection borrow() const;
  void give_back(Connection c) const;
  // The stored bytes of `key` (header and payload, unchecked).
  std::optional<std::string> fetch(const CacheKey& key) const;
  // The payload of `data` when it is a sound entry of `key`.
  static std::optional<std::string> checked(const CacheKey& key, std::optional<std::string> data);

  std::string dir_;       // the cache folder
  std::string database_;  // dir_/cache.sqlite
  std::string generation_;
  std::string secret_;  // salts every key
  mutable std::mutex mutex_;
  mutable std::vector<Connection> idle_;  // open connections, one per concurrent reader
  mutable std::vector<std::pair<CacheKey, std::string>> pending_;
  struct KeyHash {
    std::size_t operator()(const CacheKey& k) const noexcept {
      std::size_t h;
      std::memcpy(&h, k.bytes.data(), sizeof h);  // a salted SHA-1: any 8 bytes of it will do
      return h;
    }
  };
  // prefetch()'s answers, checked (absent and unsound ones are nullopt), until
  // get() takes them.
  mutable std::unordered_map<CacheKey, std::optional<std::string>, KeyHash> prefetched_;
  mutable std::thread writer_;
  void write(std::vector<std::pair<CacheKey, std::string>> entries) const;
  bool prune_if_due(sqlite3* db, std::int64_t now) const;
};

// Removes the cache folder `dir` (only what archgate writes there); false with
// a message when something could not be removed.
bool clear_cache(const std::string& dir, std::string& message);

// The default cache folder of a checked root: `<root>/.archgate-cache`.
std::string default_cache_dir(const std::string& root);

}  // namespace archgate
