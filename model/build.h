// Builds the Model from a FileSource: inventory first (it says where every
// service lives), then Compose, contracts, migrations and source files in
// parallel, each file read once.
#pragma once

#include <optional>

#include "loaders/inventory.h"
#include "model/config.h"
#include "model/model.h"
#include "sources/file_source.h"

namespace archgate {

struct PhaseTimes {
  double read_parse_ms = 0;
  double model_ms = 0;
};

struct BuildResult {
  Model model;
  std::optional<InventoryError> fatal;  // stops the run with exit 2
  PhaseTimes times;
};

BuildResult build_model(const FileSource& files, const Config& config, unsigned jobs);

}  // namespace archgate
