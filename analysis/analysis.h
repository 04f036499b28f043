// The analysis of a repository as a library: every command that reads a
// repository (check, baseline, and the commands that need the model itself)
// opens it with open_project(), then either runs check's pipeline on it
// (analyse()) or only builds its model (build_project_model()). Nothing here
// prints: problems that stop a run come back as an AnalysisError for the
// command line to print.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "analysis/build.h"
#include "cache/store.h"
#include "emitters/report.h"
#include "loaders/inventory.h"
#include "model/config.h"
#include "model/model.h"
#include "sources/file_source.h"

namespace archgate {

// What the command line asks of an analysis (archgate.yaml fills in the rest).
struct AnalysisRequest {
  std::string path = ".";
  std::string config_file;  // --config; default archgate.yaml / .archgate.yaml in the root
  std::vector<std::string> select;  // rule ids or prefixes, each value may be comma separated
  std::vector<std::string> ignore;
  unsigned jobs = 0;                // 0 = all cores
  std::uint64_t max_file_size = 0;  // 0 = the configured limit
  bool no_cache = false;            // neither read nor write the cache
  std::string cache_dir;            // default PATH/.archgate-cache
  bool staged = false;              // the git index, compared with HEAD
  std::string base_rev;             // the working tree, compared with the merge base of this and HEAD
  std::string env_file;             // --env-file: dotenv variables for Compose, over archgate.yaml `env:`
};

// A problem that stops the run (exit code 2): path, line, column, message.
// The command line prints it as `path:line:column: error: message` (no line:
// `path: error: message`; no path: `archgate: error: message`). The
// inventory's and the configuration's own errors are of this type.
using AnalysisError = InventoryError;

// The files of a run (chosen by analysis/sides.cpp): the checked side and, in
// two-sided runs (--staged, --base), the side it is compared with.
struct Sides {
  std::unique_ptr<FileSource> head;
  std::unique_ptr<FileSource> base;  // null when nothing is compared
  std::string base_label;            // "HEAD", "the merge base with origin/main"
  std::string base_commit;           // 40 hex digits
};

// An opened repository: its files (both sides), its configuration
// (archgate.yaml, then the command line), the cache and the workers.
struct Project {
  std::string root;  // the checked folder, absolute and without symlinks
  Sides sides;
  Config config;
  unsigned jobs = 1;
  std::unique_ptr<CacheStore> cache;  // null: every task runs (cache_note says why)
  std::string cache_note;             // the cache folder, or why there is none
  std::chrono::steady_clock::time_point started;  // when open_project() began
  double list_ms = 0;                 // listing the files (both sides)
};

std::variant<Project, AnalysisError> open_project(const AnalysisRequest& request);

// check's pipeline: both sides built (loader tasks through the cache), the
// findings taken from the cache when the same inputs were checked before,
// else the model assembled and the rules run (with suppressions), and in
// two-sided runs the findings the base side has too left out.
struct Analysis {
  Report report;  // report.files is the project's checked side
  // Printed as `archgate: note: ...` (a base side without a usable inventory).
  std::vector<std::string> notes;
  // Where the time went (check --timings).
  PhaseTimes times;           // of the checked side
  PhaseTimes base_times;      // of the other side of --staged / --base
  double base_build_ms = 0;   // building and assembling that side
  double rules_ms = 0;
  bool findings_cached = false;       // no rule ran: the same inputs were checked before
  bool base_findings_cached = false;  // the base side's rules did not run
};

// The project's models are buried (base/bury.h): call it once, at the end of a run.
std::variant<Analysis, AnalysisError> analyse(const Project& project);

// For the commands that need the model itself: the checked side alone,
// assembled, through the cache.
struct ModelOptions {
  // Services whose OpenAPI contract keeps its parsed trees (OpenApiDocument's
  // files[].doc and the schema pointers into them), for walking schemas;
  // the others drop them (loaders/openapi.h drop_trees). Empty: none.
  std::vector<std::string> contract_trees_for;
};

struct ProjectModel {
  Model model;
  PhaseTimes times;
};

std::variant<ProjectModel, AnalysisError> build_project_model(const Project& project, const ModelOptions& options);

}  // namespace archgate
