#include "cache/task_cache.h"

#include <sys/stat.h>

#include "cache/codec.h"

namespace archgate {

namespace {

// Bump when the meaning of a stored entry changes without the binary changing.
constexpr int kFormat = 1;

}  // namespace

std::string loading_options(const Config& c) {
  Config copy = c;
  Encoder out;
  fields(out, copy.extra_compose_files, copy.max_file_size, copy.default_dialect, copy.paths.service,
         copy.paths.openapi, copy.paths.migrations, copy.business_terms, copy.correlation_header,
         copy.strict_table_names, copy.environment);
  return out.take();
}

std::string build_identity() {
  std::string id = std::string("archgate ") + ARCHGATE_VERSION + " format " + std::to_string(kFormat);
  struct ::stat st;
  if (::stat("/proc/self/exe", &st) == 0) {
    id += " exe " + std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
          std::to_string(st.st_mtim.tv_nsec) + " " + std::to_string(st.st_ino);
  }
  return id;
}

TaskCache::TaskCache(const CacheStore* store, const FileSource& source, const Config& config, bool content_ids)
    : store_(store), source_(source), ids_(store, source), all_files_digest_(listing_digest(source.files())),
      content_ids_(content_ids) {
  if (store_) context_ = build_identity() + "\n" + loading_options(config) + "\n";
}

std::optional<StoredTask> split_stored_task(std::string_view payload, bool with_output) {
  Decoder in(payload);
  StoredTask task;
  task.deps = in.view();
  if (with_output) {
    task.output = in.view();
    if (!in.at_end()) return std::nullopt;
  }
  if (!in.ok()) return std::nullopt;
  return task;
}

ContentId inputs_digest(std::string_view material, std::string_view encoded_deps) {
  std::string all(material);
  all += '\0';
  all += encoded_deps;
  return content_id_of(all);
}

CacheKey TaskCache::key(std::string_view material) const {
  if (!store_) return {};
  std::string all = context_;
  all += material;
  return store_->key(all);
}

void TaskCache::prefetch(std::vector<CacheKey> keys, unsigned jobs, bool outputs) const {
  if (!store_) return;
  if (outputs) {
    store_->prefetch(std::move(keys), jobs);
    return;
  }
  store_->prefetch(std::move(keys), jobs, [](std::string& payload) {
    auto stored = split_stored_task(payload, false);
    if (!stored) return;
    payload.resize(static_cast<std::size_t>(stored->deps.data() + stored->deps.size() - payload.data()));
    payload.shrink_to_fit();
  });
}

std::optional<TaskRecord> TaskCache::find(const CacheKey& key, const std::string* digest_of, bool with_output) {
  if (!store_) return std::nullopt;
  auto payload = store_->get(key);
  std::optional<StoredTask> stored;
  if (payload) stored = split_stored_task(*payload, with_output);
  if (stored) {
    Decoder deps_in(stored->deps);
    TaskRecord record;
    value(deps_in, record.deps);
    if (deps_in.ok() && deps_in.at_end() && still_holds(record.deps)) {
      if (digest_of) record.inputs_id = inputs_digest(*digest_of, stored->deps);
      if (with_output) {
        // The output is the payload's tail: moved to the front in place
        // rather than copied into a string of its own.
        auto offset = static_cast<std::size_t>(stored->output.data() - payload->data());
        payload->erase(0, offset);
        record.output = std::move(*payload);
      }
      ++hits_;
      return record;
    }
  }
  ++misses_;
  return std::nullopt;
}

void TaskCache::store(const CacheKey& key, const std::vector<Dependency>& deps, std::string_view output) {
  if (!store_) return;
  Encoder deps_out;
  value(deps_out, const_cast<std::vector<Dependency>&>(deps));  // writing reads only
  Encoder out;
  out.bytes(deps_out.take());
  out.bytes(output);
  store_->put(key, out.take());
}

}  // namespace archgate
