#include "cache/tracking_source.h"

#include <functional>

#include "analysis/suppressions.h"

namespace archgate {

namespace {

std::uint64_t mix(std::uint64_t h, std::uint64_t v) { return (h ^ v) * 0x100000001b3ULL + 0x9e3779b97f4a7c15ULL; }

std::uint64_t entry_digest(std::uint64_t h, const FileEntry& e) {
  h = mix(h, std::hash<std::string_view>{}(e.path));
  return mix(h, (e.symlink ? 1 : 0) | (e.special ? 2 : 0));
}

}  // namespace

std::uint64_t listing_digest(const std::vector<const FileEntry*>& entries) {
  std::uint64_t h = entries.size();
  for (const auto* e : entries) h = entry_digest(h, *e);
  return h;
}

std::uint64_t listing_digest(const std::vector<FileEntry>& entries) {
  std::uint64_t h = entries.size();
  for (const auto& e : entries) h = entry_digest(h, e);
  return h;
}

TrackingSource::TrackingSource(const FileSource& inner, FileIds* ids, std::uint64_t all_files_digest)
    : inner_(inner), ids_(ids), all_files_digest_(all_files_digest) {
  set_max_file_size(inner.max_file_size());
}

const std::vector<FileEntry>& TrackingSource::files() const {
  if (!listed_) {
    listed_ = true;
    deps_.push_back({Dependency::Kind::listing, {}, ReadStatus::ok, {}, all_files_digest_});
  }
  return inner_.files();
}

ReadResult TrackingSource::read(std::string_view path) const {
  ReadResult r = inner_.read(path);
  Dependency d{Dependency::Kind::read, std::string(path), r.status, {}, 0};
  if (r.status == ReadStatus::too_large) d.answer = r.size;
  if (r.status == ReadStatus::ok) {
    if (ids_) {
      const FileEntry* entry = ids_->entry(path);
      std::optional<ContentId> known = entry ? ids_->known(*entry) : std::nullopt;
      d.id = known ? *known : content_id_of(r.content);
      if (entry && !known) ids_->learn(*entry, d.id);
    }
    for (auto& s : find_suppressions(path, r.content)) reads_.suppressions.push_back(std::move(s));
  }
  if (r.status != ReadStatus::not_found) reads_.paths.emplace_back(path);
  deps_.push_back(std::move(d));
  return r;
}

bool TrackingSource::exists(std::string_view path) const {
  bool answer = inner_.exists(path);
  deps_.push_back({Dependency::Kind::exists, std::string(path), ReadStatus::ok, {}, answer ? 1u : 0u});
  return answer;
}

bool TrackingSource::is_directory(std::string_view path) const {
  bool answer = inner_.is_directory(path);
  deps_.push_back({Dependency::Kind::directory, std::string(path), ReadStatus::ok, {}, answer ? 1u : 0u});
  return answer;
}

std::vector<const FileEntry*> TrackingSource::files_under(std::string_view dir) const {
  auto answer = inner_.files_under(dir);
  deps_.push_back({Dependency::Kind::under, std::string(dir), ReadStatus::ok, {}, listing_digest(answer)});
  return answer;
}

bool dependencies_hold(const std::vector<Dependency>& deps, const FileSource& source, FileIds& ids,
                       std::uint64_t all_files_digest) {
  for (const auto& d : deps) {
    switch (d.kind) {
      case Dependency::Kind::listing:
        if (all_files_digest != d.answer) return false;
        break;
      case Dependency::Kind::exists:
        if (source.exists(d.path) != (d.answer != 0)) return false;
        break;
      case Dependency::Kind::directory:
        if (source.is_directory(d.path) != (d.answer != 0)) return false;
        break;
      case Dependency::Kind::under:
        if (listing_digest(source.files_under(d.path)) != d.answer) return false;
        break;
      case Dependency::Kind::read: {
        if (d.status == ReadStatus::ok) {
          const FileEntry* entry = ids.entry(d.path);
          if (entry) {
            if (auto known = ids.known(*entry)) {
              if (*known != d.id) return false;
              break;
            }
          }
        }
        // Not known without reading (or not a plain read): ask again.
        ReadResult r = source.read(d.path);
        if (r.status != d.status) return false;
        if (r.status == ReadStatus::too_large && r.size != d.answer) return false;
        if (r.status == ReadStatus::ok) {
          ContentId id = content_id_of(r.content);
          if (const FileEntry* entry = ids.entry(d.path)) ids.learn(*entry, id);
          if (id != d.id) return false;
        }
        break;
      }
    }
  }
  return true;
}

}  // namespace archgate
