// `archgate check`, `archgate baseline` and `archgate cache clear`.
#pragma once

#include <string>

#include "analysis/analysis.h"
#include "cli/output.h"

namespace archgate {

struct CheckOptions {
  AnalysisRequest analysis;   // the repository and how to read it
  OutputOptions output;       // the formats, where they go, --fail-on
  std::string baseline_file;  // --baseline
  bool timings = false;       // print where the time went, on standard error
  bool verbose = false;       // print what was found for each service, on standard error
};

ExitCode run_check(const CheckOptions& options);
// `archgate baseline PATH`: records the current findings in `output`
// (default PATH/archgate-baseline.json).
ExitCode run_baseline(const AnalysisRequest& request, const std::string& output);
// `archgate cache clear PATH`: removes the cache of PATH (or `cache_dir`).
ExitCode run_cache_clear(const std::string& path, const std::string& cache_dir);

}  // namespace archgate
