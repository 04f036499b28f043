// Formats read by CI systems: GitHub workflow commands, JUnit XML, and the
// GitLab code-quality (Code Climate) JSON.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

#include "emitters/report.h"

namespace archgate {

// GitHub shows 10 annotations of a kind per step and drops the rest
// silently: the most severe are emitted first, and the last one says how
// many more there are.
inline constexpr std::size_t kGithubAnnotationsPerKind = 10;
void emit_github(const Report& report, std::ostream& out);
// The job-summary table ($GITHUB_STEP_SUMMARY), kept under `limit` bytes
// (GitHub's limit per step, 1 MiB) with the findings left out counted; and
// the outputs ($GITHUB_OUTPUT). Paths in annotations and the summary are
// relative to $GITHUB_WORKSPACE when the checked folder is inside it.
inline constexpr std::size_t kGithubStepSummaryLimit = 1024 * 1024;
std::string github_step_summary(const Report& report, std::size_t limit = kGithubStepSummaryLimit);
std::string github_outputs(const Report& report);

// One testcase per rule that ran, one <failure> per finding.
void emit_junit(const Report& report, std::ostream& out);

void emit_codeclimate(const Report& report, std::ostream& out);

}  // namespace archgate
