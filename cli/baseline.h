// Baselines: record today's findings by fingerprint (no line numbers, so
// unrelated edits do not churn the file); later runs report only findings not
// in the baseline and count the entries that no longer occur.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "base/diagnostic.h"

namespace archgate {

inline constexpr const char* kDefaultBaselineFile = "archgate-baseline.json";

struct Baseline {
  std::multiset<std::string> fingerprints;
};

struct BaselineRead {
  Baseline baseline;
  std::string error;  // "" when fine
};

BaselineRead read_baseline(const std::string& file);
bool write_baseline(const std::string& file, const std::vector<Diagnostic>& diagnostics);

struct BaselineOutcome {
  std::size_t matched = 0;  // findings hidden because the baseline has them
  std::size_t stale = 0;    // baseline entries that no longer occur
};
BaselineOutcome apply_baseline(std::vector<Diagnostic>& diagnostics, const Baseline& baseline);

}  // namespace archgate
