#include "cli/check_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <thread>

#include "base/bury.h"
#include "base/text.h"
#include "cache/codec.h"
#include "cache/store.h"
#include "cache/task_cache.h"
#include "cli/baseline.h"
#include "cli/check_sources.h"
#include "emitters/ci_emitters.h"
#include "emitters/json_emitter.h"
#include "emitters/sarif_emitter.h"
#include "emitters/text_emitter.h"
#include "loaders/config.h"
#include "model/build.h"
#include "rules/rule.h"

namespace archgate {

namespace {

struct FormatTarget {
  std::string format;
  std::string file;  // "" = stdout (or --output)
};

std::optional<FormatTarget> parse_format(const std::string& spec, std::string& error) {
  FormatTarget t;
  auto eq = spec.find('=');
  t.format = spec.substr(0, eq);
  if (eq != std::string::npos) t.file = spec.substr(eq + 1);
  if (t.format != "text" && t.format != "json" && t.format != "sarif" && t.format != "github" &&
      t.format != "junit" && t.format != "codeclimate") {
    error = "unknown format \"" + t.format + "\" (available: text, json, sarif, github, junit, codeclimate)";
    return std::nullopt;
  }
  if (eq != std::string::npos && t.file.empty()) {
    error = "--format " + spec + ": missing file name after '='";
    return std::nullopt;
  }
  return t;
}

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

bool valid_rule_pattern(const std::string& pattern) {
  for (const auto& rule : all_rules()) {
    if (rule.info.id.substr(0, std::min(pattern.size(), rule.info.id.size())) == pattern) return true;
  }
  return pattern == "ALL";
}

// Under GitHub Actions the github format also leaves counts in
// $GITHUB_OUTPUT and a table in $GITHUB_STEP_SUMMARY.
void append_to_env_file(const char* variable, const std::string& text) {
  const char* path = std::getenv(variable);
  if (!path || !*path) return;
  std::ofstream out(path, std::ios::app | std::ios::binary);
  out << text;
  if (!out) std::cerr << "archgate: warning: cannot append to $" << variable << '\n';
}

void write_github_files(const Report& report) {
  const char* actions = std::getenv("GITHUB_ACTIONS");
  if (!actions || std::string(actions) != "true") return;
  append_to_env_file("GITHUB_OUTPUT", github_outputs(report));
  append_to_env_file("GITHUB_STEP_SUMMARY", github_step_summary(report));
}

void print_location_error(const InventoryError& e) {
  std::cerr << e.path;
  if (e.line) std::cerr << ':' << e.line << ':' << e.column;
  std::cerr << ": error: " << e.message << '\n';
}

bool fails(const Summary& s, const std::string& fail_on) {
  if (fail_on == "never") return false;
  if (fail_on == "note") return s.errors + s.warnings + s.notes > 0;
  if (fail_on == "warning") return s.errors + s.warnings > 0;
  return s.errors > 0;
}

struct Analysis {
  std::unique_ptr<FileSource> source;
  Config config;
  Report report;
  PhaseTimes times;          // of the checked side
  double base_build_ms = 0;  // the other side of --staged / --base
  PhaseTimes base_times;
  bool base_findings_cached = false;  // the base side's rules did not run
  bool findings_cached = false;       // no rule ran: the same inputs were checked before
  double list_ms = 0;  // listing the files (both sides)
  double rules_ms = 0;
  std::string cache_note;  // the cache folder, or why there is none
};

void print_timings(const Analysis& a, double output_ms, double total_ms) {
  auto row = [](std::string_view name, double ms) {
    std::fprintf(stderr, "  %-18s %9.1f ms\n", std::string(name).c_str(), ms);
  };
  const PhaseTimes& t = a.times;
  std::fprintf(stderr, "archgate timings (wall clock)\n");
  row("list files", a.list_ms);
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
    std::fprintf(stderr, "  %-18s %zu of %zu tasks reused from %s\n", "cache", hits, runs, a.cache_note.c_str());
  } else {
    std::fprintf(stderr, "  %-18s off (%s)\n", "cache", a.cache_note.c_str());
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

// Two-sided runs: a finding whose fingerprint also occurs on the base side
// was there before the change; it is counted, not reported.
void drop_preexisting(std::vector<Diagnostic>& head, const std::vector<Diagnostic>& base, Summary& summary) {
  std::multiset<std::string> before;
  for (const auto& d : base) before.insert(d.fingerprint);
  std::erase_if(head, [&](const Diagnostic& d) {
    auto it = before.find(d.fingerprint);
    if (it == before.end()) return false;
    before.erase(it);
    ++summary.preexisting;
    return true;
  });
  summary.fixed = before.size();
}

// Everything in the configuration that can change a finding, for keys of
// cached findings: the loading options and the rule selection.
std::string rule_options(const Config& c) {
  Config copy = c;
  Encoder out;
  fields(out, copy.select, copy.ignore, copy.severity_overrides);
  return loading_options(c) + out.take();
}

}  // namespace

// Loads the configuration, builds the Model and runs the rules. Problems that
// stop the run are printed; nullopt means exit code 2.
static std::optional<Analysis> analyse(const CheckOptions& options) {
  auto start = std::chrono::steady_clock::now();
  Analysis a;

  std::optional<CheckSources> sources = open_check_sources(options);
  if (!sources) return std::nullopt;
  a.list_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  a.source = std::move(sources->head);
  std::unique_ptr<FileSource> base_source = std::move(sources->base);

  // The configuration file first; the command line wins over it.
  Config& config = a.config;
  std::optional<InventoryError> config_error;
  if (!options.config_file.empty()) {
    std::ifstream in(options.config_file, std::ios::binary);
    if (!in) {
      std::cerr << "archgate: error: cannot read " << options.config_file << '\n';
      return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    config_error = apply_config(options.config_file, text.str(), config);
  } else {
    config_error = load_config(*a.source, config).error;
  }
  if (config_error) {
    print_location_error(*config_error);
    return std::nullopt;
  }
  if (!options.select.empty()) config.select = split_ids(options.select);
  if (!options.ignore.empty()) {
    for (auto& id : split_ids(options.ignore)) config.ignore.push_back(id);
  }
  if (options.max_file_size) config.max_file_size = options.max_file_size;
  for (auto* list : {&config.select, &config.ignore}) {
    for (auto& id : *list) {
      if (id == "ALL") id = "AG";
      if (!valid_rule_pattern(id)) {
        std::cerr << "archgate: error: \"" << id << "\" matches no rule id (see `archgate rules`)\n";
        return std::nullopt;
      }
    }
  }
  a.source->set_max_file_size(config.max_file_size);

  unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  // The cache of parsed files (cache/task_cache.h); a run without one is only slower.
  std::unique_ptr<CacheStore> cache;
  if (!options.no_cache) {
    std::string dir = options.cache_dir.empty() ? default_cache_dir(options.path) : options.cache_dir;
    cache = CacheStore::open(dir, build_identity(), a.cache_note);
    if (cache) a.cache_note = dir;
  } else {
    a.cache_note = "--no-cache";
  }
  BuildOptions head_options;
  head_options.jobs = jobs;
  head_options.cache = cache.get();
  head_options.keep_tasks = base_source != nullptr;
  // The contracts a change touches, parsed with their trees kept for AG404;
  // 16 is more than a commit usually touches, and bounds the memory of a
  // first two-sided run, where every task runs (a 50 KB contract's trees are
  // about 0.6 MiB; those over the budget are read again by
  // load_contract_trees()).
  constexpr std::size_t kContractTrees = 16;
  head_options.contract_trees = base_source ? kContractTrees : 0;
  head_options.digest_inputs = true;
  head_options.assemble = false;
  BuildResult built = build_model(*a.source, config, head_options);
  a.times = built.times;
  if (built.fatal) {
    print_location_error(*built.fatal);
    return std::nullopt;
  }
  // The base side after the checked one, taking every task whose files are
  // the same from it (BuildOptions::reuse).
  std::optional<BuildResult> base_built;
  if (base_source) {
    base_source->set_max_file_size(config.max_file_size);
    auto base_start = std::chrono::steady_clock::now();
    BuildOptions base_options;
    base_options.jobs = jobs;
    base_options.cache = cache.get();
    base_options.side = "base";
    base_options.reuse = &built;
    base_options.contract_trees = kContractTrees;
    base_options.digest_inputs = true;
    base_options.assemble = false;
    base_built = build_model(*base_source, config, base_options);
    a.base_times = base_built->times;
    a.base_build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - base_start).count();
    if (base_built->fatal) {
      // The change may bring archgate to the repository: without a usable
      // inventory at the base, every finding is new.
      std::cerr << "archgate: note: " << sources->base_label << " has no usable " << base_built->fatal->path
                << " (" << base_built->fatal->message << "); every finding counts as new\n";
      base_built.reset();
    }
  }

  Report& report = a.report;
  auto rules_start = std::chrono::steady_clock::now();
  // The findings of the whole run, when the same inputs (both sides' digests)
  // were checked before with the same options: no model is decoded, no rule runs.
  std::optional<CacheKey> findings_key;
  Summary compared;
  if (base_source) {
    compared.base_used = true;
    compared.base_label = sources->base_label;
    compared.base_commit = sources->base_commit;
  }
  std::size_t files_read = 0;
  if (cache && !built.inputs_digest.empty() && (!base_built || !base_built->inputs_digest.empty())) {
    findings_key = cache->key("findings\n" + build_identity() + "\n" + built.inputs_digest + "\n" +
                              (base_source ? "base " + (base_built ? base_built->inputs_digest : "none") : "one side") +
                              "\n" + rule_options(config));
    if (auto stored = cache->get(*findings_key)) {
      Decoder in(*stored);
      std::vector<Diagnostic> found;
      std::uint64_t preexisting = 0, fixed = 0, files = 0;
      value(in, found);
      fields(in, preexisting, fixed, files);
      if (in.ok() && in.at_end()) {
        findings_key.reset();  // nothing to store
        a.findings_cached = true;
        report.diagnostics = std::move(found);
        compared.preexisting = preexisting;
        compared.fixed = fixed;
        files_read = files;
      }
    }
  }
  if (!a.findings_cached) {
    if (cache) cache->release_memory();
    const Model* base_model = nullptr;
    // The base side's findings: from the cache when the base was built from
    // the same inputs before (a pre-commit hook checks against the same HEAD
    // many times), else its rules run beside the checked side's.
    std::vector<Diagnostic> before;
    std::optional<CacheKey> before_key;
    if (base_built && cache && !base_built->inputs_digest.empty()) {
      before_key = cache->key("base findings\n" + build_identity() + "\n" + base_built->inputs_digest + "\n" +
                              rule_options(config));
      if (auto stored = cache->get(*before_key)) {
        Decoder in(*stored);
        value(in, before);
        if (in.ok() && in.at_end()) {
          before_key.reset();  // nothing to store
          a.base_findings_cached = true;
        } else {
          before.clear();
        }
      }
    }
    if (base_built) {
      // Without its own rules to run, the base needs only what differs from
      // the checked side (see assemble_model). It is assembled first: it
      // decodes what it took from the checked side's kept records, which the
      // checked side then frees before and while it decodes (at N=1000 they
      // are ~20 MiB, which no longer add to the decoded model's peak).
      assemble_model(*base_built, jobs, a.base_findings_cached);
      a.base_build_ms += base_built->times.model_ms;
    }
    // The records kept for the base side are not needed once it is
    // assembled (or when it had no usable inventory and was dropped).
    assemble_model(built, jobs, false, /*release_kept=*/true);
    a.times.model_ms = built.times.model_ms;
    if (base_built) {
      load_contract_trees(built.model, *a.source, base_built->model, *base_source);
      base_model = &base_built->model;
    }
    rules_start = std::chrono::steady_clock::now();  // assembling counts as "model"
    std::exception_ptr rules_failure;
    std::thread base_rules;
    if (base_model && !a.base_findings_cached) {
      base_rules = std::thread([&] {
        try {
          before = run_rules(*base_model, config, nullptr, jobs);
          finalize_diagnostics(before);
        } catch (...) {
          rules_failure = std::current_exception();
        }
      });
    }
    report.diagnostics = run_rules(built.model, config, base_model, jobs);
    if (base_rules.joinable()) base_rules.join();
    if (rules_failure) std::rethrow_exception(rules_failure);
    if (before_key && cache) {
      Encoder out;
      value(out, before);
      cache->put(*before_key, out.take());
    }
    finalize_diagnostics(report.diagnostics);
    if (base_model) drop_preexisting(report.diagnostics, before, compared);
    files_read = built.model.files.size();
    if (findings_key) {
      Encoder out;
      std::uint64_t preexisting = compared.preexisting, fixed = compared.fixed, files = files_read;
      value(out, report.diagnostics);
      fields(out, preexisting, fixed, files);
      cache->put(*findings_key, out.take());
    }
    if (cache) cache->flush();
  }
  a.rules_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - rules_start).count();
  report.summary = count(report.diagnostics);
  report.summary.base_used = compared.base_used;
  report.summary.base_label = compared.base_label;
  report.summary.base_commit = compared.base_commit;
  report.summary.preexisting = compared.preexisting;
  report.summary.fixed = compared.fixed;
  report.summary.files = files_read;
  report.summary.services = built.model.inventory.services.size();
  report.files = a.source.get();
  for (const auto& rule : all_rules()) {
    if (config.rule_enabled(rule.info.id)) report.rules_run.emplace_back(rule.info.id);
  }
  // The models are millions of small allocations; the process ends soon.
  bury(std::make_unique<BuildResult>(std::move(built)));
  if (base_built) bury(std::make_unique<BuildResult>(std::move(*base_built)));
  report.summary.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return a;
}

ExitCode run_baseline(const CheckOptions& options, const std::string& output) {
  std::optional<Analysis> analysis = analyse(options);
  if (!analysis) return ExitCode::cannot_judge;
  std::string file = output.empty() ? (std::filesystem::path(options.path) / kDefaultBaselineFile).string() : output;
  if (!write_baseline(file, analysis->report.diagnostics)) {
    std::cerr << "archgate: error: cannot write " << file << '\n';
    return ExitCode::cannot_judge;
  }
  std::cerr << "archgate: recorded " << analysis->report.diagnostics.size() << " finding"
            << (analysis->report.diagnostics.size() == 1 ? "" : "s") << " in " << file << '\n';
  return ExitCode::clean;
}

ExitCode run_check(const CheckOptions& options) {
  std::string error;
  std::vector<FormatTarget> targets;
  for (const auto& spec : options.formats.empty() ? std::vector<std::string>{"text"} : options.formats) {
    auto t = parse_format(spec, error);
    if (!t) {
      std::cerr << "archgate: error: " << error << '\n';
      return ExitCode::cannot_judge;
    }
    targets.push_back(*t);
  }
  if (options.fail_on != "error" && options.fail_on != "warning" && options.fail_on != "note" &&
      options.fail_on != "never") {
    std::cerr << "archgate: error: --fail-on takes error, warning, note or never\n";
    return ExitCode::cannot_judge;
  }
  std::optional<Baseline> baseline;
  if (!options.baseline_file.empty()) {
    auto loaded = read_baseline(options.baseline_file);
    if (!loaded.error.empty()) {
      std::cerr << "archgate: error: " << loaded.error << '\n';
      return ExitCode::cannot_judge;
    }
    baseline = std::move(loaded.baseline);
  }

  std::optional<Analysis> analysis = analyse(options);
  if (!analysis) return ExitCode::cannot_judge;
  Report& report = analysis->report;
  if (baseline) {
    double elapsed = report.summary.elapsed_ms;
    std::size_t files = report.summary.files, services = report.summary.services;
    BaselineOutcome outcome = apply_baseline(report.diagnostics, *baseline);
    Summary before = report.summary;
    report.summary = count(report.diagnostics);
    report.summary.base_used = before.base_used;
    report.summary.base_label = before.base_label;
    report.summary.base_commit = before.base_commit;
    report.summary.preexisting = before.preexisting;
    report.summary.fixed = before.fixed;
    report.summary.files = files;
    report.summary.services = services;
    report.summary.elapsed_ms = elapsed;
    report.summary.baseline_used = true;
    report.summary.baselined = outcome.matched;
    report.summary.baseline_stale = outcome.stale;
  }
  auto output_start = std::chrono::steady_clock::now();
  for (const auto& t : targets) {
    std::string file = !t.file.empty() ? t.file : options.output;
    std::ostringstream buffer;
    bool to_terminal = file.empty() && isatty(STDOUT_FILENO);
    if (t.format == "json") {
      emit_json(report, buffer);
    } else if (t.format == "sarif") {
      emit_sarif(report, buffer);
    } else if (t.format == "github") {
      emit_github(report, buffer);
      write_github_files(report);
    } else if (t.format == "junit") {
      emit_junit(report, buffer);
    } else if (t.format == "codeclimate") {
      emit_codeclimate(report, buffer);
    } else {
      TextOptions text;
      text.color = to_terminal && !options.no_color && std::getenv("NO_COLOR") == nullptr;
      text.summary = !options.quiet;
      emit_text(report, buffer, text);
    }
    if (file.empty()) {
      std::cout << buffer.str();
      std::cout.flush();
      if (!std::cout) {
        std::cerr << "archgate: error: cannot write to standard output\n";
        return ExitCode::cannot_judge;
      }
    } else {
      std::ofstream out(file, std::ios::binary);
      out << buffer.str();
      if (!out) {
        std::cerr << "archgate: error: cannot write " << file << '\n';
        return ExitCode::cannot_judge;
      }
    }
  }
  if (options.timings) {
    auto now = std::chrono::steady_clock::now();
    double output_ms = std::chrono::duration<double, std::milli>(now - output_start).count();
    print_timings(*analysis, output_ms, report.summary.elapsed_ms + output_ms);
  }
  return fails(report.summary, options.fail_on) ? ExitCode::findings : ExitCode::clean;
}

ExitCode run_cache_clear(const std::string& path, const std::string& cache_dir) {
  std::string message;
  bool ok = clear_cache(cache_dir.empty() ? default_cache_dir(path) : cache_dir, message);
  std::cerr << "archgate: " << message << '\n';
  return ok ? ExitCode::clean : ExitCode::cannot_judge;
}

}  // namespace archgate
