// Builds the Model from a FileSource: inventory first (it says where every
// service lives), then Compose, contracts, migrations and source files in
// parallel, each file read once.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cache/store.h"
#include "cache/task_cache.h"
#include "loaders/inventory.h"
#include "model/config.h"
#include "model/model.h"
#include "sources/file_source.h"

namespace archgate {

// Where a build spent its time. Wall-clock milliseconds, except the
// per-kind loader times, which add up each task's own time over all workers
// (so they can exceed the wall time of the parallel phase).
struct PhaseTimes {
  double inventory_ms = 0;
  double read_parse_ms = 0;  // the parallel phase, wall clock
  double model_ms = 0;
  unsigned workers = 1;
  struct Kind {
    const char* name;
    std::size_t tasks = 0;
    double busy_ms = 0;
  };
  std::vector<Kind> kinds;  // compose, contracts, migrations, source files, service folders
  bool cache_used = false;
  double cache_open_ms = 0;      // loading the remembered file ids
  double cache_read_ms = 0;      // the tasks' keys and their entries read ahead (part of read + parse)
  double cache_write_ms = 0;     // storing new entries and file ids
  std::size_t cache_hits = 0;    // tasks whose stored result was used
  std::size_t cache_misses = 0;  // tasks that ran (and were stored)
  std::size_t reused = 0;        // base side: tasks taken from the checked side
};

// Milliseconds since `start`, for PhaseTimes.
inline double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

struct BuildState;  // analysis/build.cpp

struct BuildResult {
  // Complete once assembled (BuildOptions::assemble, assemble_model); until
  // then only its inventory.
  Model model;
  std::optional<InventoryError> fatal;  // stops the run with exit 2
  PhaseTimes times;
  // With BuildOptions::keep_tasks: every task's record, by what the task was
  // asked (its kind, paths and service).
  std::unordered_map<std::string, TaskRecord> tasks;
  // With BuildOptions::digest_inputs (and a cache): a digest of everything the
  // model was built from — the inventory's bytes, the listing, and each task
  // with the answers to its questions. Equal digests, equal models.
  std::string inputs_digest;
  // With BuildOptions::keep_tasks: the inventory as parsed, before defaults
  // were resolved against this side's files, and the id of its bytes; the
  // other side copies it when its inventory has the same bytes.
  std::shared_ptr<const Inventory> parsed_inventory;
  ContentId inventory_id;
  // Until the model is assembled: the loaded tasks.
  std::shared_ptr<BuildState> state;
};

struct BuildOptions {
  unsigned jobs = 1;
  // The persistent cache (cache/task_cache.h); null: every task runs
  // (`--no-cache`).
  const CacheStore* cache = nullptr;
  // Keeps the two sides of a two-sided run ("head", "base") in separate
  // cache slots, so they do not evict each other's entries.
  std::string side = "head";
  // Two-sided runs build the checked side with keep_tasks, then the base side
  // with reuse = that result: a base task asked the same and whose every file
  // question gets the same answer on the base takes the checked side's
  // result instead of running (most files are the same on both sides).
  bool keep_tasks = false;
  const BuildResult* reuse = nullptr;
  bool digest_inputs = false;
  // Two-sided runs: up to this many contract tasks that run keep their parsed
  // trees, which AG404 needs of every contract that differs between the sides
  // (load_contract_trees() reads the others again). A budget, not "all": a
  // first run without a cache runs every task.
  std::size_t contract_trees = 0;
  // One-sided builds: the contracts of these services keep their parsed trees,
  // outside the budget. The cache holds no trees, so such a contract task
  // runs even when the cache has it (the entry is left as it is).
  std::vector<std::string> contract_trees_for;
  // Assemble the model before returning. Without, the results used from the
  // cache or the other side stay encoded until assemble_model(), so a run that
  // finds its findings in the cache (by inputs_digest) never decodes them.
  bool assemble = true;
};

// `files` and `config` must outlive the result's assembly.
BuildResult build_model(const FileSource& files, const Config& config, const BuildOptions& options);

// Decodes what the build left encoded and assembles the model. With
// `leave_out_reused`, the tasks taken from the other side are left out: the
// model then holds only what differs from that side — all that the rules
// comparing two sides need of a base (AG308, AG404 report nothing for what is
// the same on both), when the base's own findings come from the cache.
// With `release_kept`, the records kept for the other side (keep_tasks) are
// freed (each result once decoded): the other side must be assembled already.
void assemble_model(BuildResult& result, unsigned jobs, bool leave_out_reused = false, bool release_kept = false);

// Contracts are loaded without their parsed trees (loaders/openapi.h
// drop_trees); comparing two sides (AG404) needs the trees of the contracts
// that differ, and only those are read again here.
void load_contract_trees(Model& head, const FileSource& head_files, Model& base, const FileSource& base_files);

}  // namespace archgate
