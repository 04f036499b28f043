// check's pipeline on an opened project (analysis/analysis.h analyse()).
#include "analysis/analysis.h"

#include <exception>
#include <set>
#include <thread>

#include "analysis/baseline.h"
#include "base/bury.h"
#include "cache/codec.h"
#include "cache/task_cache.h"
#include "rules/rule.h"

namespace archgate {

namespace {

// The contracts a change touches, parsed with their trees kept for AG404;
// 16 is more than a commit usually touches, and bounds the memory of a
// first two-sided run, where every task runs (a 50 KB contract's trees are
// about 0.6 MiB; those over the budget are read again by
// load_contract_trees()).
constexpr std::size_t kContractTrees = 16;

// Everything in the configuration that can change a finding, for keys of
// cached findings: the loading options and the rule selection.
std::string rule_options(const Config& c) {
  Config copy = c;
  Encoder out;
  fields(out, copy.select, copy.ignore, copy.severity_overrides);
  return loading_options(c) + out.take();
}

// Both sides built, their results from the cache or the other side left
// encoded until assemble_model().
struct Built {
  BuildResult head;
  std::optional<BuildResult> base;  // null without a base side, or one without a usable inventory
};

std::variant<Built, AnalysisError> build_sides(const Project& project, Analysis& a) {
  const Sides& sides = project.sides;
  BuildOptions head_options;
  head_options.jobs = project.jobs;
  head_options.cache = project.cache.get();
  head_options.keep_tasks = sides.base != nullptr;
  head_options.contract_trees = sides.base ? kContractTrees : 0;
  head_options.digest_inputs = true;
  head_options.assemble = false;
  Built built{build_model(*sides.head, project.config, head_options), std::nullopt};
  a.times = built.head.times;
  if (built.head.fatal) return std::move(*built.head.fatal);
  if (!sides.base) return built;
  // The base side after the checked one, taking every task whose files are
  // the same from it (BuildOptions::reuse).
  auto base_start = std::chrono::steady_clock::now();
  BuildOptions base_options;
  base_options.jobs = project.jobs;
  base_options.cache = project.cache.get();
  base_options.side = "base";
  base_options.reuse = &built.head;
  base_options.contract_trees = kContractTrees;
  base_options.digest_inputs = true;
  base_options.assemble = false;
  built.base = build_model(*sides.base, project.config, base_options);
  a.base_times = built.base->times;
  a.base_build_ms = ms_since(base_start);
  if (built.base->fatal) {
    // The change may bring archgate to the repository: without a usable
    // inventory at the base, every finding is new.
    a.notes.push_back(sides.base_label + " has no usable " + built.base->fatal->path + " (" +
                      built.base->fatal->message + "); every finding counts as new");
    built.base.reset();
  }
  return built;
}

// The findings of a run as cached: after the base comparison, with its counts.
struct CachedFindings {
  std::vector<Diagnostic> diagnostics;
  std::uint64_t preexisting = 0, fixed = 0, files = 0;
};

template <typename Ar>
void value(Ar& ar, CachedFindings& f) {
  value(ar, f.diagnostics);
  fields(ar, f.preexisting, f.fixed, f.files);
}

// A cached entry decoded into `out`; false when there is none or it does not decode.
template <typename T>
bool decode_entry(const std::optional<std::string>& stored, T& out) {
  if (!stored) return false;
  Decoder in(*stored);
  value(in, out);
  return in.ok() && in.at_end();
}

}  // namespace

std::variant<Analysis, AnalysisError> analyse(const Project& project) {
  Analysis a;
  const Config& config = project.config;
  const Sides& sides = project.sides;
  const CacheStore* cache = project.cache.get();
  const unsigned jobs = project.jobs;
  auto sides_built = build_sides(project, a);
  if (auto* error = std::get_if<AnalysisError>(&sides_built)) return std::move(*error);
  BuildResult& built = std::get<Built>(sides_built).head;
  std::optional<BuildResult>& base_built = std::get<Built>(sides_built).base;

  Report& report = a.report;
  auto rules_start = std::chrono::steady_clock::now();
  // The findings of the whole run, when the same inputs (both sides' digests)
  // were checked before with the same options: no model is decoded, no rule runs.
  std::optional<CacheKey> findings_key;
  Summary compared;
  if (sides.base) {
    compared.base_used = true;
    compared.base_label = sides.base_label;
    compared.base_commit = sides.base_commit;
  }
  std::size_t files_read = 0;
  if (cache && !built.inputs_digest.empty() && (!base_built || !base_built->inputs_digest.empty())) {
    findings_key = cache->key("findings\n" + build_identity() + "\n" + built.inputs_digest + "\n" +
                              (sides.base ? "base " + (base_built ? base_built->inputs_digest : "none") : "one side") +
                              "\n" + rule_options(config));
    CachedFindings found;
    if (decode_entry(cache->get(*findings_key), found)) {
      findings_key.reset();  // nothing to store
      a.findings_cached = true;
      report.diagnostics = std::move(found.diagnostics);
      compared.preexisting = found.preexisting;
      compared.fixed = found.fixed;
      files_read = found.files;
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
      if (decode_entry(cache->get(*before_key), before)) {
        before_key.reset();  // nothing to store
        a.base_findings_cached = true;
      } else {
        before.clear();
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
      load_contract_trees(built.model, *sides.head, base_built->model, *sides.base);
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
    // Two-sided runs: a finding whose fingerprint also occurs on the base
    // side was there before the change; it is counted, not reported.
    if (base_model) {
      std::multiset<std::string> old;
      for (const auto& d : before) old.insert(d.fingerprint);
      KnownFindings dropped = drop_known(report.diagnostics, std::move(old));
      compared.preexisting = dropped.matched;
      compared.fixed = dropped.unmatched;
    }
    files_read = built.model.files.size();
    if (findings_key) {
      CachedFindings stored{std::move(report.diagnostics), compared.preexisting, compared.fixed, files_read};
      Encoder out;
      value(out, stored);
      report.diagnostics = std::move(stored.diagnostics);
      cache->put(*findings_key, out.take());
    }
    if (cache) cache->flush();
  }
  a.rules_ms = ms_since(rules_start);
  report.summary = count(report.diagnostics);
  report.summary.base_used = compared.base_used;
  report.summary.base_label = compared.base_label;
  report.summary.base_commit = compared.base_commit;
  report.summary.preexisting = compared.preexisting;
  report.summary.fixed = compared.fixed;
  report.summary.files = files_read;
  report.summary.services = built.model.inventory.services.size();
  report.files = sides.head.get();
  report.root = project.root;
  for (const auto& rule : all_rules()) {
    if (!is_live_rule(rule.info) && config.rule_enabled(rule.info.id)) report.rules_run.emplace_back(rule.info.id);
  }
  // The models are millions of small allocations; the process ends soon.
  bury(std::make_unique<BuildResult>(std::move(built)));
  if (base_built) bury(std::make_unique<BuildResult>(std::move(*base_built)));
  report.summary.elapsed_ms = ms_since(project.started);
  return a;
}

}  // namespace archgate
