// Baselines: record today's findings by fingerprint (no line numbers, so
// unrelated edits do not churn the file); later runs report only findings not
// in the baseline and count the entries that no longer occur.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "emitters/report.h"
#include "model/config.h"

namespace archgate {

inline constexpr const char* kDefaultBaselineFile = "archgate-baseline.json";

struct Baseline {
  struct Entry {
    std::string fingerprint;
    std::string rule;  // "" in a hand-written baseline without it
  };
  std::vector<Entry> entries;
};

struct BaselineRead {
  Baseline baseline;
  std::string error;  // "" when fine
};

BaselineRead read_baseline(const std::string& file);
bool write_baseline(const std::string& file, const std::vector<Diagnostic>& diagnostics);

// Leaves out the findings the baseline records, and counts them and the
// baseline's entries that no longer occur in the report's summary. Entries of
// rules this run does not check (--select, --ignore) are neither.
void apply_baseline(Report& report, const Baseline& baseline, const Config& config);

// Removes the findings whose fingerprint is among `known`, each entry of
// `known` matching one finding (a baseline, or the base side of a two-sided run).
struct KnownFindings {
  std::size_t matched = 0;    // findings removed
  std::size_t unmatched = 0;  // entries of `known` that matched none
};
KnownFindings drop_known(std::vector<Diagnostic>& diagnostics, std::multiset<std::string> known);

}  // namespace archgate
