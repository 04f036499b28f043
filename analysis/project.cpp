// Opening a repository for analysis: its sides, its configuration, its cache;
// and the model alone, for the commands that need it.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "analysis/analysis.h"
#include "analysis/sides.h"
#include "base/text.h"
#include "cache/task_cache.h"
#include "loaders/compose_interpolate.h"
#include "sources/filtered_source.h"
#include "sources/git_ignore.h"
#include "loaders/config.h"
#include "rules/rule.h"

namespace archgate {

namespace {

std::vector<std::string> split_ids(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) {
    for (auto part : split(v, ',')) {
      auto id = trim(part);
      if (!id.empty()) out.emplace_back(id);
    }
  }
  return out;
}

RuleIds rule_ids() {
  RuleIds ids;
  for (const auto& rule : all_rules()) ids.push_back(rule.info.id);
  return ids;
}

// A file named on the command line (--config, --env-file): the user's own,
// read from wherever it is.
std::optional<std::string> read_named_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

// The configuration file first; the command line wins over it.
std::optional<AnalysisError> configure(const AnalysisRequest& request, const FileSource& files, Config& config) {
  std::optional<AnalysisError> config_error;
  const RuleIds known = rule_ids();
  if (!request.config_file.empty()) {
    std::optional<std::string> text = read_named_file(request.config_file);
    if (!text) return AnalysisError{{}, 0, 0, "cannot read " + request.config_file};
    config_error = apply_config(request.config_file, *text, config, known);
  } else {
    config_error = load_config(files, config, known).error;
  }
  if (config_error) return config_error;
  if (!request.env_file.empty()) {
    std::optional<std::string> text = read_named_file(request.env_file);
    if (!text) return AnalysisError{{}, 0, 0, "cannot read " + request.env_file};
    Dotenv env = parse_dotenv(strip_bom(*text), config.environment);
    if (!env.problems.empty()) {
      const DotenvProblem& p = env.problems.front();
      return AnalysisError{request.env_file, p.line, p.column, p.message};
    }
    for (auto& [name, value] : env.variables()) config.environment[name] = std::move(value);
  }
  // The command line's ids (the file's were checked where they are written).
  std::vector<std::string> select = split_ids(request.select);
  std::vector<std::string> ignore = split_ids(request.ignore);
  for (const auto* list : {&select, &ignore}) {
    for (const auto& id : *list) {
      if (!matches_rule_pattern(known, id)) {
        return AnalysisError{{}, 0, 0, "\"" + id + "\" matches no rule id (see `archgate rules`)"};
      }
    }
  }
  if (!select.empty()) config.select = std::move(select);
  for (auto& id : ignore) config.ignore.push_back(std::move(id));
  if (request.max_file_size) config.max_file_size = request.max_file_size;
  for (auto* list : {&config.select, &config.ignore}) {
    for (auto& id : *list) {
      if (id == "ALL") id = "AG";
    }
  }
  return std::nullopt;
}

// Leaves out of both sides the files `exclude:` names and, in the working
// tree, the untracked files git ignores (the index and revisions hold only
// tracked files), so a full run sees what --staged and --base see.
std::optional<AnalysisError> leave_out(const AnalysisRequest& request, Project& project) {
  auto compiled = PathPatterns::compile(project.config.exclude);
  if (auto* error = std::get_if<std::string>(&compiled)) return AnalysisError{{}, 0, 0, "exclude: " + *error};
  const PathPatterns& excluded = std::get<PathPatterns>(compiled);
  for (auto* side : {&project.sides.head, &project.sides.base}) {
    if (!*side) continue;
    const auto& files = (*side)->files();
    bool working_tree = side == &project.sides.head && !request.staged;
    std::vector<bool> ignored = working_tree ? git_ignored_files(request.path, files) : std::vector<bool>{};
    std::vector<bool> kept(files.size(), true);
    bool any = false;
    for (std::size_t i = 0; i < files.size(); ++i) {
      if ((!ignored.empty() && ignored[i]) || excluded.matches(files[i].path)) {
        kept[i] = false;
        any = true;
      }
    }
    if (any) *side = std::make_unique<FilteredSource>(std::move(*side), kept);
  }
  return std::nullopt;
}

}  // namespace

std::variant<Project, AnalysisError> open_project(const AnalysisRequest& request) {
  Project project;
  project.started = std::chrono::steady_clock::now();
  std::error_code ec;
  project.root = std::filesystem::weakly_canonical(std::filesystem::absolute(request.path), ec).string();
  auto sides = open_sides(request);
  if (auto* error = std::get_if<AnalysisError>(&sides)) return std::move(*error);
  project.sides = std::move(std::get<Sides>(sides));
  project.list_ms = ms_since(project.started);

  if (auto error = configure(request, *project.sides.head, project.config)) return std::move(*error);
  if (auto error = leave_out(request, project)) return std::move(*error);
  for (auto* side : {project.sides.head.get(), project.sides.base.get()}) {
    if (side) side->set_max_file_size(project.config.max_file_size);
  }
  project.jobs = request.jobs ? request.jobs : std::max(1u, std::thread::hardware_concurrency());
  // The cache of parsed files (cache/task_cache.h); a run without one is only slower.
  if (!request.no_cache) {
    std::string dir = request.cache_dir.empty() ? default_cache_dir(request.path) : request.cache_dir;
    project.cache = CacheStore::open(dir, build_identity(), project.cache_note);
    if (project.cache) project.cache_note = dir;
  } else {
    project.cache_note = "--no-cache";
  }
  return project;
}

std::variant<ProjectModel, AnalysisError> build_project_model(const Project& project, const ModelOptions& options) {
  BuildOptions build;
  build.jobs = project.jobs;
  build.cache = project.cache.get();
  build.contract_trees_for = options.contract_trees_for;
  BuildResult built = build_model(*project.sides.head, project.config, build);
  if (built.fatal) return std::move(*built.fatal);
  return ProjectModel{std::move(built.model), built.times};
}

}  // namespace archgate
