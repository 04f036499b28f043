// Which files a run reads, by mode:
//   plain           the working tree of PATH
//   --staged        the git index (what would be committed), compared with HEAD
//   --base REV      the working tree, compared with the merge base of REV and HEAD
// In the two compared modes the base side is the tree of a commit, read from
// the object database (sources/git_source.h).
#pragma once

#include <variant>

#include "analysis/analysis.h"

namespace archgate {

// The sides of `request`, or what stops the run: not a directory, not a git
// repository, an unknown revision, no merge base.
std::variant<Sides, AnalysisError> open_sides(const AnalysisRequest& request);

}  // namespace archgate
