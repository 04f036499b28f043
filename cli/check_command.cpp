// `archgate check` and `archgate baseline`: the analysis (analysis/analysis.h),
// the baseline, the report (cli/output.h) and the time each phase took.
#include "cli/check_command.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "analysis/baseline.h"
#include "cache/store.h"
#include "cli/verbose.h"

namespace archgate {

namespace {

void print_timings(const Project& p, const Analysis& a, double output_ms, double total_ms) {
  auto row = [](std::string_view name, double ms) {
    std::fprintf(stderr, "  %-18s %9.1f ms\n", std::string(name).c_str(), ms);
  };
  const PhaseTimes& t = a.times;
  std::fprintf(stderr, "archgate timings (wall clock)\n");
  row("list files", p.list_ms);
  row("inventory", t.inventory_ms);
  if (t.cache_used) row("cache index", t.cache_open_ms);
  row("read + parse", t.read_parse_ms);
  if (t.cache_used) std::fprintf(stderr, "    %-16s %9.1f ms\n", "cache read", t.cache_read_ms);
  for (const auto& k : t.kinds) {
    if (k.tasks == 0) continue;
    std::fprintf(stderr, "    %-16s %9.1f ms busy in %zu task%s\n", k.name, k.busy_ms, k.tasks, k.tasks == 1 ? "" : "s");
  }
  std::fprintf(stderr, "    (%u worker%s)\n", t.workers, t.workers == 1 ? "" : "s");
  if (t.cache_used) row("cache write", t.cache_write_ms + a.base_times.cache_write_ms);
  if (!a.findings_cached) row("model", t.model_ms);
  if (a.base_build_ms > 0) row("base side", a.base_build_ms);
  if (a.base_build_ms > 0) {
    std::fprintf(stderr, "  %-18s %zu of its tasks taken from the checked side%s\n", "", a.base_times.reused,
                 a.base_findings_cached ? "; its findings from the cache" : "");
  }
  if (t.cache_used) {
    std::size_t hits = t.cache_hits + a.base_times.cache_hits;
    std::size_t runs = hits + t.cache_misses + a.base_times.cache_misses;
    std::fprintf(stderr, "  %-18s %zu of %zu tasks reused from %s\n", "cache", hits, runs, p.cache_note.c_str());
  } else {
    std::fprintf(stderr, "  %-18s off (%s)\n", "cache", p.cache_note.c_str());
  }
  if (a.findings_cached) {
    std::fprintf(stderr, "  %-18s %9.1f ms (findings from the cache: the same inputs were checked before)\n", "rules",
                 a.rules_ms);
  } else {
    row("rules", a.rules_ms);
  }
  row("output", output_ms);
  row("total", total_ms);
}

// The project opened and analysed, its notes printed; nullopt after
// printing what stopped the run (exit code 2). The project outlives the
// analysis: the report reads excerpts from its files.
struct Analysed {
  Project project;
  Analysis analysis;
};

std::optional<Analysed> open_and_analyse(const AnalysisRequest& request) {
  auto opened = open_project(request);
  if (auto* error = std::get_if<AnalysisError>(&opened)) {
    print_error(*error);
    return std::nullopt;
  }
  Analysed result{std::move(std::get<Project>(opened)), {}};
  auto analysed = analyse(result.project);
  if (auto* error = std::get_if<AnalysisError>(&analysed)) {
    print_error(*error);
    return std::nullopt;
  }
  result.analysis = std::move(std::get<Analysis>(analysed));
  for (const auto& note : result.analysis.notes) std::cerr << "archgate: note: " << note << '\n';
  return result;
}

}  // namespace

ExitCode run_baseline(const AnalysisRequest& request, const std::string& output) {
  std::optional<Analysed> analysed = open_and_analyse(request);
  if (!analysed) return ExitCode::cannot_judge;
  const std::vector<Diagnostic>& found = analysed->analysis.report.diagnostics;
  std::string file = output.empty() ? (std::filesystem::path(request.path) / kDefaultBaselineFile).string() : output;
  if (!write_baseline(file, found)) {
    std::cerr << "archgate: error: cannot write " << file << '\n';
    return ExitCode::cannot_judge;
  }
  std::cerr << "archgate: recorded " << found.size() << " finding" << (found.size() == 1 ? "" : "s") << " in "
            << file << '\n';
  return ExitCode::clean;
}

ExitCode run_check(const CheckOptions& options) {
  auto targets = parse_output_targets(options.output);
  if (!targets) return ExitCode::cannot_judge;
  std::optional<Baseline> baseline;
  if (!options.baseline_file.empty()) {
    auto loaded = read_baseline(options.baseline_file);
    if (!loaded.error.empty()) {
      std::cerr << "archgate: error: " << loaded.error << '\n';
      return ExitCode::cannot_judge;
    }
    baseline = std::move(loaded.baseline);
  }

  std::optional<Analysed> analysed = open_and_analyse(options.analysis);
  if (!analysed) return ExitCode::cannot_judge;
  Report& report = analysed->analysis.report;
  if (baseline) apply_baseline(report, *baseline, analysed->project.config);
  auto output_start = std::chrono::steady_clock::now();
  ExitCode code = write_report(report, *targets, options.output);
  if (code == ExitCode::cannot_judge) return code;
  double output_ms = ms_since(output_start);
  if (options.verbose) print_services(analysed->project);
  if (options.timings) {
    print_timings(analysed->project, analysed->analysis, output_ms, report.summary.elapsed_ms + output_ms);
  }
  return code;
}

ExitCode run_cache_clear(const std::string& path, const std::string& cache_dir) {
  std::string message;
  bool ok = clear_cache(cache_dir.empty() ? default_cache_dir(path) : cache_dir, message);
  std::cerr << "archgate: " << message << '\n';
  return ok ? ExitCode::clean : ExitCode::cannot_judge;
}

}  // namespace archgate
