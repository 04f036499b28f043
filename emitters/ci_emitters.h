// Formats read by CI systems: GitHub workflow commands, JUnit XML, and the
// GitLab code-quality (Code Climate) JSON.
#pragma once

#include <ostream>
#include <string>

#include "emitters/report.h"

namespace archgate {

// GitHub shows 10 annotations of a kind per step and drops the rest
// silently: the most severe are emitted first, and the last one says how
// many more there are.
inline constexpr std::size_t kGithubAnnotationsPerKind = 10;
void emit_github(const Report& report, std::ostream& out);
// The job-summary table ($GITHUB_STEP_SUMMARY) and outputs ($GITHUB_OUTPUT).
std::string github_step_summary(const Report& report);
std::string github_outputs(const Report& report);

// One testcase per rule that ran, one <failure> per finding.
void emit_junit(const Report& report, std::ostream& out);

void emit_codeclimate(const Report& report, std::ostream& out);

}  // namespace archgate
