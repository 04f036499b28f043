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
    : store_(store), listed_at_ns_(now_ns()) {
  by_path_.reserve(source.files().size());
  for (const auto& e : source.files()) by_path_.emplace(e.path, &e);
  if (!store_) return;
  std::error_code ec;
  // One record set per checked folder and source kind.
  key_ = store_->key("file ids\n" + std::filesystem::absolute(store_->dir(), ec).string() + "\n" + source.describe());
  auto payload = store_->get(key_);
  if (!payload) return;
  Decoder in(*payload);
  std::size_t n = in.count();
  old_.reserve(n);
  for (std::size_t i = 0; i < n && in.ok(); ++i) {
    std::string path;
    Record r;
    in.bytes(path);
    fields(in, r.size, r.stat.mtime_ns, r.stat.ctime_ns, r.stat.inode, r.stat.device, r.trusted);
    std::string id;
    in.bytes(id);
    if (id.size() != r.id.bytes.size()) in.fail();
    if (!in.ok()) break;
    std::copy(id.begin(), id.end(), r.id.bytes.begin());
    r.stat.valid = true;
    old_.emplace(std::move(path), r);
  }
  if (!in.ok() || !in.at_end()) old_.clear();  // a damaged record set is no record set
}

bool FileIds::same_stat(const Record& r, const FileEntry& e) {
  return e.stat.valid && r.size == e.size && r.stat.mtime_ns == e.stat.mtime_ns &&
         r.stat.ctime_ns == e.stat.ctime_ns && r.stat.inode == e.stat.inode && r.stat.device == e.stat.device;
}

const FileEntry* FileIds::entry(std::string_view path) const {
  auto it = by_path_.find(path);
  return it == by_path_.end() ? nullptr : it->second;
}

std::optional<ContentId> FileIds::known(const FileEntry& e) const {
  if (e.id) return e.id;
  if (!e.stat.valid) return std::nullopt;
  if (learned_any_) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = learned_.find(e.path); it != learned_.end() && same_stat(it->second, e)) return it->second.id;
  }
  auto it = old_.find(e.path);
  if (it == old_.end() || !it->second.trusted || !same_stat(it->second, e)) return std::nullopt;
  return it->second.id;
}

void FileIds::learn(const FileEntry& e, const ContentId& id) {
  if (!e.stat.valid) return;
  Record r;
  r.size = e.size;
  r.stat = e.stat;
  r.id = id;
  r.trusted = e.stat.mtime_ns + kRacyNs < listed_at_ns_ && e.stat.ctime_ns + kRacyNs < listed_at_ns_;
  std::lock_guard<std::mutex> lock(mutex_);
  learned_[e.path] = r;
  learned_any_ = true;
}

void FileIds::save() {
  if (!store_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (learned_.empty()) return;
  // The new records, then what is still true of the old ones. Paths are
  // written as plain bytes: each appears once (interning them only cost a
  // table of 28,000 strings at N=1000, on the path between parsing and rules).
  std::vector<std::pair<const std::string*, const Record*>> all;
  all.reserve(learned_.size() + old_.size());
  for (const auto& [path, r] : learned_) all.emplace_back(&path, &r);
  for (const auto& [path, r] : old_) {
    if (learned_.count(path)) continue;
    const FileEntry* e = entry(path);
    if (e && same_stat(r, *e)) all.emplace_back(&path, &r);
  }
  Encoder out;
  out.varint(all.size());
  for (auto [path, record] : all) {
    Record r = *record;
    out.bytes(*path);
    fields(out, r.size, r.stat.mtime_ns, r.stat.ctime_ns, r.stat.inode, r.stat.device, r.trusted);
    out.bytes(std::string_view(reinterpret_cast<const char*>(r.id.bytes.data()), r.id.bytes.size()));
  }
  store_->put(key_, out.take());
}

}  // namespace archgate
