// The persistent cache of loader results (SPEC §10). The model builder
// (analysis/build.cpp) cuts loading into tasks — the Compose project, each
// contract with the files its $refs reach, each service's migrations, each
// source file, each service folder — and each task's result is stored under a
// key made of what the task was asked (its kind, paths, service, the options
// that change loading) and of this archgate binary. Stored with it are the
// task's dependencies: every question it asked of the files, with the answer
// (cache/tracking_source.h). A stored result is used only when every one of
// those questions gets the same answer now, so a change to any file a task
// read, or a file appearing where a task looked, makes it run again.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cache/file_ids.h"
#include "cache/store.h"
#include "cache/tracking_source.h"
#include "model/config.h"

namespace archgate {

// A loader task's result as stored: the questions it asked of the files
// (with their answers) and its output (analysis/build.cpp task_output).
struct TaskRecord {
  std::vector<Dependency> deps;
  std::string output;
  // The digest of the task's question and answers (analysis/build.cpp), when the
  // build that kept the record made one: the other side of a two-sided run
  // takes it with the record instead of encoding and hashing them again.
  std::optional<ContentId> inputs_id;
};

// A stored task entry's payload: the encoding of its dependencies, then its
// output (TaskCache::store writes it). nullopt when `payload` is not one;
// without `with_output` only the dependencies are read (`output` empty), as
// an entry read ahead without its output holds only them.
struct StoredTask {
  std::string_view deps;
  std::string_view output;
};
std::optional<StoredTask> split_stored_task(std::string_view payload, bool with_output = true);

// The digest of a task's question (its material, analysis/build.cpp) and of its
// answers (its dependencies, encoded as stored): equal digests, equal results.
ContentId inputs_digest(std::string_view material, std::string_view encoded_deps);

// This archgate: its version and its executable's identity, so a rebuilt
// binary (a fixed loader) never trusts results of the old one.
std::string build_identity();

// The options that change what loaders produce (not the rule selection),
// encoded for keys.
std::string loading_options(const Config& config);

class TaskCache {
 public:
  // `store` may be null: nothing is looked up or stored, and tasks are only
  // tracked (for the files they read and their suppressions; with
  // `content_ids`, also for the ids of what they read, as stored entries have).
  TaskCache(const CacheStore* store, const FileSource& source, const Config& config, bool content_ids = false);

  bool enabled() const { return store_ != nullptr; }
  // The key of a task described by `material` (kind, paths, service ...).
  CacheKey key(std::string_view material) const;
  // The stored task, when its dependencies still hold.
  // With `digest_of`, the record's inputs_id is the digest of that text, a
  // NUL and the stored encoding of the dependencies (what build_model hashes
  // for a task it ran), taken from the stored bytes without encoding again.
  // Without `with_output`, the record's output is left empty (it may have
  // been left out when the entry was read ahead).
  std::optional<TaskRecord> find(const CacheKey& key, const std::string* digest_of = nullptr, bool with_output = true);
  // Whether every question in `deps` gets the same answer from this source.
  bool still_holds(const std::vector<Dependency>& deps) {
    return dependencies_hold(deps, source_, ids_, all_files_digest_);
  }
  void store(const CacheKey& key, const std::vector<Dependency>& deps, std::string_view output);
  // Reads the entries of `keys` ahead of find() (CacheStore::prefetch);
  // without `outputs`, only their dependencies are kept.
  void prefetch(std::vector<CacheKey> keys, unsigned jobs, bool outputs = true) const;
  // A source that notes what the task asks (to be stored with its output).
  TrackingSource track() { return TrackingSource(source_, store_ || content_ids_ ? &ids_ : nullptr, all_files_digest_); }
  // Writes the file ids learned and the entries stored during the run.
  void finish() {
    ids_.save();
    if (store_) store_->flush();
  }

  std::size_t hits() const { return hits_; }
  // listing_digest() of the source's files, computed once.
  std::uint64_t all_files_digest() const { return all_files_digest_; }
  std::size_t misses() const { return misses_; }

 private:
  const CacheStore* store_;
  const FileSource& source_;
  FileIds ids_;
  std::uint64_t all_files_digest_ = 0;
  std::string context_;  // archgate build + loading options
  bool content_ids_ = false;
  std::atomic<std::size_t> hits_{0};
  std::atomic<std::size_t> misses_{0};
};

}  // namespace archgate
