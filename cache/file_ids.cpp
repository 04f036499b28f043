#include "cache/file_ids.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "cache/codec.h"

namespace archgate {

namespace {

constexpr std::int64_t kRacyNs = 2'000'000'000;

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

FileIds::FileIds(const CacheStore* store, const FileSource& source)
    : store_(store), files_(source.files()), listed_at_ns_(now_ns()) {
  by_path_.reserve(files_.size());
  for (const auto& e : files_) by_path_.emplace(e.path, &e);
  if (!store_) return;
  std::error_code ec;
  // One record set per checked folder and source kind.
  key_ = store_->key("file ids\n" + std::filesystem::absolute(store_->dir(), ec).string() + "\n" + source.describe());
  auto payload = store_->get(key_);
  if (!payload) return;
  Decoder in(*payload);
  std::size_t n = in.count();
  old_.resize(files_.size());
  for (std::size_t i = 0; i < n && in.ok(); ++i) {
    Record r;
    std::string_view path = in.view();
    fields(in, r.size, r.stat.mtime_ns, r.stat.ctime_ns, r.stat.inode, r.stat.device, r.trusted);
    std::string_view id = in.view();
    if (id.size() != r.id.bytes.size()) in.fail();
    if (!in.ok()) break;
    const FileEntry* e = entry(path);
    if (!e) continue;  // no longer listed
    std::copy(id.begin(), id.end(), r.id.bytes.begin());
    r.stat.valid = true;
    old_[index_of(*e)] = r;
  }
  if (!in.ok() || !in.at_end()) std::vector<Record>().swap(old_);  // a damaged record set is no record set
}

bool FileIds::same_stat(const Record& r, const FileEntry& e) {
  return r.stat.valid && e.stat.valid && r.size == e.size && r.stat.mtime_ns == e.stat.mtime_ns &&
         r.stat.ctime_ns == e.stat.ctime_ns && r.stat.inode == e.stat.inode && r.stat.device == e.stat.device;
}

const FileEntry* FileIds::entry(std::string_view path) const {
  auto it = by_path_.find(path);
  return it == by_path_.end() ? nullptr : it->second;
}

std::optional<ContentId> FileIds::known(const FileEntry& e) const {
  if (e.id) return e.id;
  if (!e.stat.valid) return std::nullopt;
  const std::size_t i = index_of(e);
  if (learned_any_) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (same_stat(learned_[i], e)) return learned_[i].id;
  }
  if (i >= old_.size() || !old_[i].trusted || !same_stat(old_[i], e)) return std::nullopt;
  return old_[i].id;
}

void FileIds::learn(const FileEntry& e, const ContentId& id) {
  if (!e.stat.valid) return;
  Record r;
  r.size = e.size;
  r.stat = e.stat;
  r.id = id;
  r.trusted = e.stat.mtime_ns + kRacyNs < listed_at_ns_ && e.stat.ctime_ns + kRacyNs < listed_at_ns_;
  std::lock_guard<std::mutex> lock(mutex_);
  if (learned_.empty()) learned_.resize(files_.size());
  learned_[index_of(e)] = r;
  learned_any_ = true;
}

void FileIds::save() {
  if (!store_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (learned_.empty()) return;
  // The new records, and what is still true of the old ones, in the
  // listing's order. Paths are written as plain bytes: each appears once
  // (interning them only cost a table of 28,000 strings at N=1000).
  std::size_t count = 0;
  auto record_of = [&](std::size_t i) -> const Record* {
    if (learned_[i].stat.valid) return &learned_[i];
    if (i < old_.size() && same_stat(old_[i], files_[i])) return &old_[i];
    return nullptr;
  };
  for (std::size_t i = 0; i < files_.size(); ++i) count += record_of(i) != nullptr;
  Encoder out;
  out.varint(count);
  for (std::size_t i = 0; i < files_.size(); ++i) {
    const Record* record = record_of(i);
    if (!record) continue;
    Record r = *record;
    out.bytes(files_[i].path);
    fields(out, r.size, r.stat.mtime_ns, r.stat.ctime_ns, r.stat.inode, r.stat.device, r.trusted);
    out.bytes(std::string_view(reinterpret_cast<const char*>(r.id.bytes.data()), r.id.bytes.size()));
  }
  store_->put(key_, out.take());
}

}  // namespace archgate
