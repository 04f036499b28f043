// A FileSource that notes every question a loader task asks of the checked
// files — each read (with the id of what it got), each exists(),
// is_directory() and files_under(), and a look at the whole listing — so a
// cached result of the task can later be trusted exactly when every question
// still gets the same answer (cache/task_cache.h). It also collects what the
// run needs from every read: the path (Model::files) and the suppression
// comments in it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "cache/codec.h"
#include "cache/file_ids.h"
#include "model/model.h"
#include "sources/file_source.h"

namespace archgate {

struct Dependency {
  enum class Kind : std::uint8_t { read, exists, directory, under, listing };
  Kind kind = Kind::read;
  std::string path;
  ReadStatus status = ReadStatus::ok;  // read
  ContentId id;                        // read, when ok
  std::uint64_t answer = 0;            // exists / directory: 0 or 1; under / listing: digest; too_large: size
};

// What a task read, apart from the model it built.
struct TaskReads {
  std::vector<std::string> paths;  // every file read (or refused), in order
  std::vector<Suppression> suppressions;
};

class TrackingSource final : public FileSource {
 public:
  // `ids` null: no content ids are computed (no cache). `all_files_digest`
  // is listing_digest(inner.files()), computed once per run.
  TrackingSource(const FileSource& inner, FileIds* ids, std::uint64_t all_files_digest);

  const std::vector<FileEntry>& files() const override;
  ReadResult read(std::string_view path) const override;
  std::string describe() const override { return inner_.describe(); }
  bool exists(std::string_view path) const override;
  bool is_directory(std::string_view path) const override;
  std::vector<const FileEntry*> files_under(std::string_view dir) const override;

  std::vector<Dependency> take_dependencies() { return std::move(deps_); }
  TaskReads take_reads() { return std::move(reads_); }

 private:
  const FileSource& inner_;
  FileIds* ids_;
  std::uint64_t all_files_digest_;
  // One task runs on one thread: no locking.
  mutable std::vector<Dependency> deps_;
  mutable TaskReads reads_;
  mutable bool listed_ = false;
};

// Digests of listing answers, shared by tracking and checking.
std::uint64_t listing_digest(const std::vector<const FileEntry*>& entries);
std::uint64_t listing_digest(const std::vector<FileEntry>& entries);

// Whether every dependency still holds in `source`: ids come from `ids` where
// known, else the file is read again (and its id learned). `all_files_digest`
// is listing_digest(source.files()), computed once per run by the caller.
bool dependencies_hold(const std::vector<Dependency>& deps, const FileSource& source, FileIds& ids,
                       std::uint64_t all_files_digest);

template <typename Ar>
void value(Ar& ar, Dependency& d) {
  fields(ar, d.kind, d.path, d.status, d.answer);
  if (d.kind == Dependency::Kind::read && d.status == ReadStatus::ok) {
    std::string id(d.id.bytes.begin(), d.id.bytes.end());
    ar.bytes(id);
    if constexpr (Ar::kReading) {
      if (id.size() != d.id.bytes.size()) {
        ar.fail();
        return;
      }
      std::copy(id.begin(), id.end(), d.id.bytes.begin());
    }
  }
}
template <typename Ar>
void value(Ar& ar, TaskReads& r) {
  fields(ar, r.paths, r.suppressions);
}

}  // namespace archgate
