// Builds the Model from a FileSource: inventory first (it says where every
// service lives), then Compose, contracts, migrations and source files in
// parallel, each file read once.
#pragma once

#include <optional>
#include <vector>

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
};

struct BuildResult {
  Model model;
  std::optional<InventoryError> fatal;  // stops the run with exit 2
  PhaseTimes times;
};

BuildResult build_model(const FileSource& files, const Config& config, unsigned jobs);

// Contracts are loaded without their parsed trees (loaders/openapi.h
// drop_trees); comparing two sides (AG404) needs the trees of the contracts
// that differ, and only those are read again here.
void load_contract_trees(Model& head, const FileSource& head_files, Model& base, const FileSource& base_files);

}  // namespace archgate
