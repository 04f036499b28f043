// What the emitters print: the findings of one run and its summary.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "base/diagnostic.h"

namespace archgate {

class FileSource;

struct Summary {
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t notes = 0;
  std::size_t files = 0;
  std::size_t services = 0;
  double elapsed_ms = 0;
  bool baseline_used = false;
  std::size_t baselined = 0;       // findings hidden by the baseline
  std::size_t baseline_stale = 0;  // baseline entries that no longer occur
  // Two-sided runs (check --base REV, check --staged): findings whose
  // fingerprint also occurs on the base side are old: counted, not reported.
  bool base_used = false;
  std::string base_label;      // "HEAD", "the merge base with origin/main"
  std::string base_commit;     // 40 hex digits
  std::size_t preexisting = 0; // old findings left out
  std::size_t fixed = 0;       // base findings that no longer occur
  // `archgate verify`: the requests sent (instead of files read), and those
  // the --max-requests budget left out.
  bool live = false;
  std::size_t requests = 0;
  std::size_t requests_left_out = 0;
};

struct Report {
  std::vector<Diagnostic> diagnostics;  // finalized (sorted, fingerprinted)
  Summary summary;
  const FileSource* files = nullptr;    // for source excerpts; may be null
  std::string root;                     // the checked folder, absolute ("" when unknown)
  std::vector<std::string> rules_run;   // ids of the enabled rules, in order
};

Summary count(const std::vector<Diagnostic>& diagnostics);

// The rule's kebab-case name for an id ("" when unknown).
std::string rule_name(const std::string& id);

}  // namespace archgate
