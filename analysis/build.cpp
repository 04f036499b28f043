#include "analysis/build.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <tuple>
#include <unordered_set>
#include <variant>

#include "analysis/service_folder.h"
#include "analysis/suppressions.h"
#include "base/parallel.h"
#include "base/text.h"
#include "cache/codec.h"
#include "cache/task_cache.h"
#include "loaders/compose.h"
#include "loaders/migrations.h"
#include "loaders/openapi.h"
#include "loaders/source_scan.h"

namespace archgate {

namespace {

// Remembers every file read (or refused: too large, outside the root), so the
// summary can say how many files a run looked at.
class RecordingSource final : public FileSource {
 public:
  explicit RecordingSource(const FileSource& inner) : inner_(inner) { set_max_file_size(inner.max_file_size()); }
  const std::vector<FileEntry>& files() const override { return inner_.files(); }
  std::string describe() const override { return inner_.describe(); }
  ReadResult read(std::string_view path) const override {
    ReadResult r = inner_.read(path);
    if (r.status == ReadStatus::not_found) return r;
    // Every file read is searched for suppression comments here, so files
    // reached through $ref, extends or env_file are covered too.
    std::vector<Suppression> found;
    if (r.status == ReadStatus::ok) found = find_suppressions(path, r.content);
    std::lock_guard<std::mutex> lock(mutex_);
    read_.emplace_back(path);
    for (auto& s : found) suppressions_.push_back(std::move(s));
    return r;
  }
  // What a loader task read through its own source (cache/tracking_source.h).
  void note(TaskReads reads) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& p : reads.paths) read_.push_back(std::move(p));
    for (auto& s : reads.suppressions) suppressions_.push_back(std::move(s));
  }
  std::vector<Suppression> take_suppressions() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::sort(suppressions_.begin(), suppressions_.end(), [](const Suppression& a, const Suppression& b) {
      return std::tie(a.span.path, a.span.line, a.span.column) < std::tie(b.span.path, b.span.line, b.span.column);
    });
    // A file read twice (a shared $ref target) is searched twice.
    suppressions_.erase(std::unique(suppressions_.begin(), suppressions_.end(),
                                    [](const Suppression& a, const Suppression& b) {
                                      return a.span.path == b.span.path && a.span.line == b.span.line &&
                                             a.span.column == b.span.column;
                                    }),
                        suppressions_.end());
    return std::move(suppressions_);
  }
  // Every file read, once each, sorted.
  std::vector<std::string> paths() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::string> out = std::move(read_);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

 private:
  const FileSource& inner_;
  mutable std::mutex mutex_;
  mutable std::vector<std::string> read_;  // with repeats (a $ref target read by several tasks)
  mutable std::vector<Suppression> suppressions_;
};

Diagnostic load_problem(std::string rule, const std::string& path, std::uint32_t line, std::uint32_t column,
                        std::string message) {
  Diagnostic d;
  d.rule = std::move(rule);
  d.severity = Severity::error;
  d.span = {path, line, column, 0, 0};
  d.message = std::move(message);
  return d;
}

// What a task's loader made: the alternative of its Task::Kind.
using Artifact = std::variant<ComposeProject, OpenApiDocument, std::vector<MigrationFile>, std::optional<SourceFile>,
                              ServiceFolder>;

// One unit of loading work; its results land in its own slot.
struct Task {
  // The order of PhaseTimes::kinds (and of Artifact's alternatives).
  enum class Kind { compose, contract, migrations, source, folder } kind;
  double busy_ms = 0;
  const InventoryService* service = nullptr;
  std::string path;
  VectorSink findings;
  std::vector<std::string_view> folder_files;  // folder: the files of the service (views into the listing)
  std::vector<std::string_view> nearby_tests;  // folder: the files of its test folders elsewhere (NearbyTestFolders)
  TaskReads reads;
  // Made when the task runs or is decoded, emptied into the model: a run
  // holds 8,000 tasks per side, most of them never decoded, and a Task with
  // every kind's artifact inline was 1.1 KB.
  std::unique_ptr<Artifact> made;
  // A result taken from the cache or the other side, still encoded until the
  // model is assembled: `encoded` owns it, or `encoded_at` points at the
  // record that does (BuildResult::tasks of this or the other side).
  std::string encoded;
  const std::string* encoded_at = nullptr;
  // Found in the cache by a build that may never be assembled (its findings
  // may be cached too): only the key and the digest of its inputs are kept,
  // and assemble_model() reads the entry again.
  std::optional<CacheKey> in_cache;
  ContentId inputs_id;
  bool from_other_side = false;
  bool cached_and_kept = false;  // encoded_at is set once the records are kept
  // With cached_and_kept: the record of this side that encoded_at points at,
  // which assemble_model() takes over (release_kept).
  std::string* kept_record = nullptr;

  // This task's artifact, made empty the first time.
  template <typename T>
  T& artifact() {
    if (!made) made = std::make_unique<Artifact>(std::in_place_type<T>);
    return std::get<T>(*made);
  }
};

// What identifies a task for the cache, besides the run's options.
std::string task_material(const Task& t) {
  std::size_t size = 32 + t.path.size();
  if (t.service) size += t.service->name.size() + t.service->dialect.size();
  for (std::string_view f : t.folder_files) size += f.size() + 1;
  for (std::string_view f : t.nearby_tests) size += f.size() + 2;
  std::string m;
  m.reserve(size);
  m += "task ";
  m += std::to_string(static_cast<int>(t.kind));
  m += '\n';
  m += t.path;
  m += '\n';
  if (t.service) {
    m += t.service->name;
    m += '\n';
    m += service_kind_name(t.service->kind);
    m += '\n';
    m += t.service->dialect;
    m += '\n';
  }
  for (std::string_view f : t.folder_files) {
    m += f;
    m += '\n';
  }
  for (std::string_view f : t.nearby_tests) {
    m += '+';
    m += f;
    m += '\n';
  }
  return m;
}

// A task's output in the cache: its findings, what it read, and its artifact.
template <typename Ar>
void task_output(Ar& ar, Task& t) {
  fields(ar, t.findings.items, t.reads);
  switch (t.kind) {
    case Task::Kind::compose: value(ar, t.artifact<ComposeProject>()); break;
    case Task::Kind::contract: value(ar, t.artifact<OpenApiDocument>()); break;
    case Task::Kind::migrations: value(ar, t.artifact<std::vector<MigrationFile>>()); break;
    case Task::Kind::source: value(ar, t.artifact<std::optional<SourceFile>>()); break;
    case Task::Kind::folder: value(ar, t.artifact<ServiceFolder>()); break;
  }
}

// Runs the loader of a task, reading through `task_files`.
// A contract keeps its parsed trees only with `keep_trees` (see
// BuildOptions::contract_trees).
void run_task(Task& t, const FileSource& task_files, const Config& config, const ScanOptions& scan_base,
              bool keep_trees = false) {
  try {
    switch (t.kind) {
      case Task::Kind::compose:
        t.artifact<ComposeProject>() = load_compose(task_files, config.extra_compose_files, t.findings, config.environment);
        break;
      case Task::Kind::contract: {
        OpenApiDocument& contract = t.artifact<OpenApiDocument>();
        contract = load_openapi(task_files, t.path, t.findings);
        contract.service = t.service->name;
        if (!keep_trees) drop_trees(contract);  // see load_contract_trees()
        break;
      }
      case Task::Kind::migrations:
        t.artifact<std::vector<MigrationFile>>() = load_migrations(task_files, t.service->name, t.path,
                                       t.service->dialect.empty() ? config.default_dialect : t.service->dialect,
                                       t.findings);
        break;
      case Task::Kind::source: {
        ReadResult r = task_files.read(t.path);
        if (r.status == ReadStatus::too_large) {
          t.findings.report(load_problem("AG001", t.path, 1, 1, "not scanned: " + r.detail));
          break;
        }
        if (r.status != ReadStatus::ok) break;
        ScanOptions options = scan_base;
        options.computations = t.service->kind == ServiceKind::gateway;
        auto& source = t.artifact<std::optional<SourceFile>>();
        source = scan_source(t.path, r.content, options);
        source->service = t.service->name;
        break;
      }
      case Task::Kind::folder:
        t.artifact<ServiceFolder>() = inspect_service_folder(task_files, t.path, t.folder_files, t.nearby_tests);
        break;
    }
  } catch (const std::exception& e) {
    // A loader bug must not hide the rest of the repository.
    t.findings.report(load_problem("AG001", t.path.empty() ? std::string("compose.yaml") : t.path, 1, 1,
                                   "internal error while reading this artifact: " + std::string(without_library_tag(e.what()))));
  }
}

}  // namespace

// The tasks between loading and assembling (BuildResult::state).
struct BuildState {
  std::unique_ptr<RecordingSource> files;
  const Config* config = nullptr;
  const CacheStore* cache = nullptr;  // for Task::in_cache
  ScanOptions scan_base;
  VectorSink inventory_findings;
  std::vector<std::unique_ptr<Task>> tasks;
};

BuildResult build_model(const FileSource& base_files, const Config& config, const BuildOptions& options) {
  const unsigned jobs = options.jobs;
  auto start = std::chrono::steady_clock::now();
  BuildResult result;
  auto state = std::make_shared<BuildState>();
  state->files = std::make_unique<RecordingSource>(base_files);
  state->config = &config;
  state->cache = options.cache;
  RecordingSource& files = *state->files;
  files.set_max_file_size(config.max_file_size);
  Model& model = result.model;

  // 1. The inventory says where everything is; an unusable one stops the run.
  const std::string inventory_path(kInventoryFile);
  ReadResult inventory_read = files.read(inventory_path);
  if (inventory_read.status != ReadStatus::ok) {
    result.fatal = InventoryError{inventory_path, 0, 0,
                                  inventory_read.status == ReadStatus::not_found
                                      ? "no service-inventory.json at the root of the checked repository"
                                      : "cannot read service-inventory.json: " + inventory_read.detail};
    return result;
  }
  // The other side of a two-sided run parsed the same bytes already (the
  // inventory rarely changes): a copy of its parse, before defaults, is
  // cheaper than parsing 1,000 services again.
  const ContentId inventory_id = content_id_of(inventory_read.content);
  if (options.reuse && options.reuse->parsed_inventory && options.reuse->inventory_id == inventory_id) {
    model.inventory = *options.reuse->parsed_inventory;
  } else {
    InventoryLoad inventory = parse_inventory(inventory_path, inventory_read.content);
    if (inventory.error) {
      result.fatal = std::move(inventory.error);
      return result;
    }
    model.inventory = std::move(inventory.inventory);
  }
  if (options.keep_tasks) {
    result.parsed_inventory = std::make_shared<const Inventory>(model.inventory);
    result.inventory_id = inventory_id;
  }
  VectorSink& inventory_findings = state->inventory_findings;
  resolve_inventory_defaults(model.inventory, files, inventory_findings, config.paths);
  model.inventory.index_services();

  // 2. Everything else, in parallel: each task reads its own files once.
  result.times.inventory_ms = ms_since(start);
  std::vector<std::unique_ptr<Task>>& tasks = state->tasks;
  auto add = [&](Task::Kind kind, const InventoryService* service, std::string path) {
    auto t = std::make_unique<Task>();
    t->kind = kind;
    t->service = service;
    t->path = std::move(path);
    tasks.push_back(std::move(t));
  };
  add(Task::Kind::compose, nullptr, {});
  // A file belongs to the first service whose folder holds it. The listing's
  // entries are unique per path, so they are told apart by address (sets of
  // 28,000 path strings cost a --staged run ~25 ms per side).
  std::unordered_set<const FileEntry*> claimed;
  claimed.reserve(files.files().size());
  for (const auto& service : model.inventory.services) {
    if (!service.openapi.empty()) add(Task::Kind::contract, &service, service.openapi);
    if (!service.migrations.empty()) add(Task::Kind::migrations, &service, service.migrations);
  }
  for (const auto& service : model.inventory.services) {
    if (!service.path_exists) continue;
    for (const FileEntry* entry : files.files_under(service.path)) {
      std::string_view language = source_language(entry->path);
      if (language.empty()) continue;
      // A datastore's own SQL (init scripts) is the store's, not a service's queries.
      if (language == "sql" && service.kind == ServiceKind::datastore) continue;
      if (!service.migrations.empty() && path_is_under(entry->path, service.migrations)) continue;
      if (!claimed.insert(entry).second) continue;
      add(Task::Kind::source, &service, entry->path);
    }
  }
  // Each service's folder, for its rollback runbook and tests in any language;
  // a file belongs to the first service whose folder holds it, as above.
  std::unordered_set<const FileEntry*> in_folder;
  in_folder.reserve(files.files().size());
  const NearbyTestFolders nearby(files.files());
  for (const auto& service : model.inventory.services) {
    if (!service.path_exists) continue;
    add(Task::Kind::folder, &service, service.path);
    for (const FileEntry* entry : files.files_under(service.path)) {
      if (in_folder.insert(entry).second) tasks.back()->folder_files.push_back(entry->path);
    }
    for (const auto& folder : nearby.of(service.path, service.name)) {
      for (const FileEntry* entry : files.files_under(folder)) tasks.back()->nearby_tests.push_back(entry->path);
    }
  }

  ScanOptions& scan_base = state->scan_base;
  scan_base.correlation_header = config.correlation_header;
  auto parallel_start = std::chrono::steady_clock::now();
  // Content ids are needed to store a task, and to hand it to the base side.
  TaskCache cache(options.cache, base_files, config, options.keep_tasks || options.reuse);
  result.times.cache_open_ms = ms_since(parallel_start);
  std::vector<std::optional<TaskRecord>> records(options.keep_tasks ? tasks.size() : 0);
  // What each task depended on, for BuildResult::inputs_digest.
  const bool digest = options.digest_inputs && cache.enabled();
  std::vector<ContentId> inputs(digest ? tasks.size() : 0);
  std::atomic<std::size_t> reused{0};
  std::atomic<std::size_t> trees_kept{0};
  auto wants_trees = [&](const std::string& service) {
    const auto& wanted = options.contract_trees_for;
    return !wanted.empty() && std::find(wanted.begin(), wanted.end(), service) != wanted.end();
  };
  // The tasks run kind by kind (Compose, contracts, migrations, source
  // files, folders), not service by service: a worker that keeps to one
  // parser keeps that parser's tables and code in its caches. libpg_query
  // took about twice as long per migration when interleaved with yaml-cpp.
  // (The model is still assembled in the tasks' own order.)
  std::vector<std::size_t> order(tasks.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return tasks[a]->kind < tasks[b]->kind; });
  // What each task was asked (task_material), made once: its cache key, its
  // record for the other side and the digest of its inputs all start from it.
  std::vector<std::string> materials(tasks.size());
  parallel_for(tasks.size(), jobs, [&](std::size_t i) { materials[i] = task_material(*tasks[i]); });
  // Every task's cache key, looked up before the tasks run (in key order:
  // CacheStore::prefetch). The base side of a two-sided run takes most tasks
  // from the checked side and makes the keys of only the rest, and looks
  // them up one by one.
  std::vector<CacheKey> keys;
  // A build that may never be assembled keeps of a cache hit only its key
  // and digest (Task::in_cache): a run whose findings are cached never needs
  // the outputs, and holding them all cost ~18 MiB of fresh memory at N=1000.
  const bool lazy = !options.keep_tasks && !options.assemble && digest;
  auto read_start = std::chrono::steady_clock::now();
  auto key_of = [&](std::size_t i) { return cache.key(options.side + "\n" + materials[i]); };
  if (cache.enabled() && !options.reuse) {
    keys.resize(tasks.size());
    parallel_for(tasks.size(), jobs, [&](std::size_t i) { keys[i] = key_of(i); });
    cache.prefetch(keys, jobs, !lazy);
  }
  result.times.cache_read_ms = ms_since(read_start);
  parallel_for(tasks.size(), jobs, [&](std::size_t k) {
    const std::size_t i = order[k];
    Task& t = *tasks[i];
    auto task_start = std::chrono::steady_clock::now();
    const std::string& material = materials[i];
    auto note_inputs = [&](const std::vector<Dependency>& deps) {
      if (!digest) return;
      Encoder e;
      value(e, const_cast<std::vector<Dependency>&>(deps));  // writing reads only
      inputs[i] = inputs_digest(material, e.take());
    };
    // A result used from the cache or the other side stays encoded until
    // assemble_model(): a run whose findings are cached never decodes it.
    if (options.reuse) {
      auto it = options.reuse->tasks.find(material);
      if (it != options.reuse->tasks.end() && cache.still_holds(it->second.deps)) {
        t.encoded_at = &it->second.output;
        t.from_other_side = true;
        // Same question, same answers: the other side's digest of them.
        if (digest && it->second.inputs_id) inputs[i] = *it->second.inputs_id;
        else note_inputs(it->second.deps);
        ++reused;
        t.busy_ms = ms_since(task_start);
        return;
      }
    }
    // A contract task that runs keeps its trees while the budget lasts
    // (BuildOptions::contract_trees). On the base side a contract not taken
    // from the checked side differs from it, and its trees will be needed:
    // it runs even when the cache has it (and the entry is left as it is).
    const bool tree_candidate = t.kind == Task::Kind::contract && options.contract_trees > 0;
    const bool trees_wanted = t.kind == Task::Kind::contract && wants_trees(t.service->name);
    bool keep_trees = false, in_store = false;
    CacheKey key;
    if (cache.enabled()) {
      key = options.reuse ? key_of(i) : keys[i];
      std::optional<TaskRecord> found = cache.find(key, digest ? &material : nullptr, !lazy);
      if (found && (trees_wanted || (tree_candidate && options.reuse && trees_kept++ < options.contract_trees))) {
        keep_trees = in_store = true;
      } else if (found) {
        if (digest) inputs[i] = *found->inputs_id;  // as note_inputs() would make it
        // Kept for the other side: decoded from the kept record (below).
        if (options.keep_tasks) {
          records[i] = std::move(*found);
          t.cached_and_kept = true;
        } else if (lazy) {
          t.in_cache = key;
          t.inputs_id = inputs[i];
        } else {
          t.encoded = std::move(found->output);
        }
        t.busy_ms = ms_since(task_start);
        return;
      }
    }
    if (trees_wanted) keep_trees = true;
    else if (tree_candidate && !keep_trees) keep_trees = trees_kept++ < options.contract_trees;
    TrackingSource task_files = cache.track();
    run_task(t, task_files, config, scan_base, keep_trees);
    t.reads = task_files.take_reads();
    if (cache.enabled() || options.keep_tasks) {
      Encoder out;
      task_output(out, t);
      TaskRecord record{task_files.take_dependencies(), out.take(), std::nullopt};
      note_inputs(record.deps);
      if (digest) record.inputs_id = inputs[i];
      if (cache.enabled() && !in_store) cache.store(key, record.deps, record.output);
      if (options.keep_tasks) records[i] = std::move(record);
    }
    t.busy_ms = ms_since(task_start);
  });
  auto finish_start = std::chrono::steady_clock::now();
  cache.finish();
  result.times.cache_write_ms = ms_since(finish_start);
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (!records[i]) continue;
    auto at = result.tasks.emplace(std::move(materials[i]), std::move(*records[i])).first;
    if (tasks[i]->cached_and_kept) tasks[i]->encoded_at = tasks[i]->kept_record = &at->second.output;
  }
  result.times.reused = reused;
  if (digest) {
    std::string all = "inventory " + inventory_id.hex() + " listing " +
                      std::to_string(cache.all_files_digest()) + "\n";
    all.reserve(all.size() + inputs.size() * sizeof(ContentId::bytes));
    for (const auto& id : inputs) all.append(reinterpret_cast<const char*>(id.bytes.data()), id.bytes.size());
    result.inputs_digest = content_id_of(all).hex();
  }
  result.times.read_parse_ms = ms_since(parallel_start);
  result.times.cache_used = cache.enabled();
  result.times.cache_hits = cache.hits();
  result.times.cache_misses = cache.misses();
  result.times.workers = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(tasks.size())));
  result.times.kinds = {{"compose"}, {"contracts"}, {"migrations"}, {"source files"}, {"service folders"}};
  for (const auto& t : tasks) {
    auto& k = result.times.kinds[static_cast<std::size_t>(t->kind)];
    ++k.tasks;
    k.busy_ms += t->busy_ms;
  }

  result.state = std::move(state);
  if (options.assemble) assemble_model(result, jobs);
  return result;
}

void assemble_model(BuildResult& result, unsigned jobs, bool leave_out_reused, bool release_kept) {
  if (!result.state) return;
  std::shared_ptr<BuildState> state = std::move(result.state);
  auto model_start = std::chrono::steady_clock::now();
  Model& model = result.model;
  RecordingSource& files = *state->files;
  auto& tasks = state->tasks;
  // Entries found in the cache but not kept: read again (in key order), and
  // used only when their dependencies are the ones the build checked (a run
  // in between may have stored another result under the same key).
  std::vector<CacheKey> again;
  for (const auto& t : tasks) {
    if (t->in_cache) again.push_back(*t->in_cache);
  }
  if (!again.empty() && state->cache) state->cache->prefetch(std::move(again), jobs);
  // The other side is assembled: this side's tasks take their own kept
  // results over, and the rest of the records (every task's question and
  // dependencies, ~6 MiB at N=1000) is freed before the model is decoded.
  if (release_kept) {
    for (auto& t : tasks) {
      if (!t->kept_record) continue;
      t->encoded = std::move(*t->kept_record);
      t->encoded_at = t->kept_record = nullptr;
    }
    std::unordered_map<std::string, TaskRecord>().swap(result.tasks);
  }
  // Results used from the cache or the other side, decoded in parallel.
  parallel_for(tasks.size(), jobs, [&](std::size_t i) {
    Task& t = *tasks[i];
    if (t.in_cache) {
      std::optional<std::string> payload = state->cache ? state->cache->get(*t.in_cache) : std::nullopt;
      std::optional<StoredTask> stored;
      if (payload) stored = split_stored_task(*payload);
      if (stored && inputs_digest(task_material(t), stored->deps) == t.inputs_id) {
        Decoder in(stored->output);
        task_output(in, t);
        if (in.ok() && in.at_end()) return;
      }
    } else {
      const std::string* encoded = t.encoded_at ? t.encoded_at : &t.encoded;
      if (encoded->empty() || (leave_out_reused && t.from_other_side)) return;
      Decoder in(*encoded);
      task_output(in, t);
      bool decoded = in.ok() && in.at_end();
      std::string().swap(t.encoded);
      if (decoded) return;
    }
    // An entry passed its checksum but does not decode (an archgate bug), or
    // one read again is gone or holds another result: the task runs again.
    t.findings.items.clear();
    t.reads = {};
    t.made.reset();
    run_task(t, files, *state->config, state->scan_base);
  });

  // In a deterministic order, into vectors sized first (grown by doubling,
  // the model's largest vectors held up to twice their size, and were copied).
  std::size_t contracts = 0, migrations = 0, sources = 0;
  for (const auto& t : tasks) {
    if (leave_out_reused && t->from_other_side) continue;
    if (!t->made) continue;
    contracts += t->kind == Task::Kind::contract;
    if (auto* m = std::get_if<std::vector<MigrationFile>>(t->made.get())) migrations += m->size();
    if (auto* s = std::get_if<std::optional<SourceFile>>(t->made.get())) sources += s->has_value();
  }
  model.contracts.reserve(model.contracts.size() + contracts);
  model.migrations.reserve(model.migrations.size() + migrations);
  model.sources.reserve(model.sources.size() + sources);
  for (auto& d : state->inventory_findings.items) model.load_findings.push_back(std::move(d));
  for (auto& t : tasks) {
    if (leave_out_reused && t->from_other_side) continue;
    files.note(std::move(t->reads));
    for (auto& d : t->findings.items) model.load_findings.push_back(std::move(d));
    if (!t->made) continue;  // the source file was not read
    switch (t->kind) {
      case Task::Kind::compose: model.compose = std::move(t->artifact<ComposeProject>()); break;
      case Task::Kind::contract: model.contracts.push_back(std::move(t->artifact<OpenApiDocument>())); break;
      case Task::Kind::migrations:
        for (auto& m : t->artifact<std::vector<MigrationFile>>()) model.migrations.push_back(std::move(m));
        break;
      case Task::Kind::source:
        if (auto& source = t->artifact<std::optional<SourceFile>>()) model.sources.push_back(std::move(*source));
        break;
      case Task::Kind::folder:
        model.service_folders[t->service->name] = std::move(t->artifact<ServiceFolder>());
        break;
    }
    t->made.reset();
  }
  model.files = files.paths();
  model.suppressions = files.take_suppressions();
  result.times.model_ms = ms_since(model_start);
}

void load_contract_trees(Model& head, const FileSource& head_files, Model& base, const FileSource& base_files) {
  auto reload = [](OpenApiDocument& doc, const FileSource& files) {
    if (has_trees(doc)) return;
    VectorSink again;  // the first load reported these already
    OpenApiDocument fresh = load_openapi(files, doc.path, again);
    fresh.service = doc.service;
    doc = std::move(fresh);
  };
  for (auto& old : base.contracts) {
    if (old.service.empty()) continue;
    for (auto& now : head.contracts) {
      if (now.service != old.service || (now.digest != 0 && now.digest == old.digest)) continue;
      reload(old, base_files);
      reload(now, head_files);
    }
  }
}

}  // namespace archgate
