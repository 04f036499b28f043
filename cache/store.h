// Where cached results live: one file per entry in `<dir>/v1/`, written to a
// temporary file and renamed into place, so concurrent runs never see half an
// entry and the last writer of a key wins with an equally valid one.
//
// A repository under review may be hostile, and `.archgate-cache/` sits inside
// it: a committed cache folder must not be able to feed a run its results.
// Every key is therefore salted with a secret kept outside the repository
// (`$XDG_CACHE_HOME/archgate/secret`, else `~/.cache/archgate/secret`), so
// entries made elsewhere are never even looked up. Each entry repeats its key
// and carries its payload's length and checksum; a truncated, corrupted or
// foreign entry reads as a miss. Entries and folders are opened without
// following symlinks, and anything that is not a regular file is ignored.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sources/content_id.h"

namespace archgate {

using CacheKey = ContentId;

class CacheStore {
 public:
  // The store in `dir` (created when missing) for entries of `generation`
  // (the archgate build: entries of other builds are never valid here). Each
  // generation has its own folder below `dir/v1/`; opening a new one removes
  // the folders of generations unused for a week, so upgrades and rebuilds do
  // not pile up. Null, with the reason in `why_not`, when the store cannot be
  // used: no secret can be kept, a folder is a symlink or not ours, or it
  // cannot be created.
  static std::unique_ptr<CacheStore> open(const std::string& dir, std::string_view generation,
                                          std::string& why_not);

  // The salted key of `material` (what identifies an entry).
  CacheKey key(std::string_view material) const;
  std::optional<std::string> get(const CacheKey& key) const;
  // Best effort: a store that cannot be written is a slower run, not an error.
  void put(const CacheKey& key, std::string_view payload) const;

  const std::string& dir() const { return dir_; }

 private:
  CacheStore(std::string dir, std::string entries, std::string secret)
      : dir_(std::move(dir)), entries_(std::move(entries)), secret_(std::move(secret)) {}
  std::string entry_path(const CacheKey& key) const;

  std::string dir_;      // the cache folder
  std::string entries_;  // dir_/v1/<generation>
  std::string secret_;   // salts every key
};

// Removes the cache folder `dir` (only what archgate writes there); false with
// a message when something could not be removed.
bool clear_cache(const std::string& dir, std::string& message);

// The default cache folder of a checked root: `<root>/.archgate-cache`.
std::string default_cache_dir(const std::string& root);

}  // namespace archgate
