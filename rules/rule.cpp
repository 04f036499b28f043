#include "rules/rule.h"

#include <exception>

#include "analysis/suppressions.h"
#include "base/parallel.h"
#include "rules/ownership/ownership.h"

namespace archgate {

void RuleContext::report(const Span& span, std::string message, std::string service,
                         std::vector<Related> related, std::string fingerprint_key, std::string help) const {
  Diagnostic d;
  d.span = span;
  d.message = std::move(message);
  d.service = std::move(service);
  d.related = std::move(related);
  d.fingerprint_key = std::move(fingerprint_key);
  d.help = std::move(help);
  report(std::move(d));
}

void RuleContext::report(Diagnostic d) const {
  d.rule = std::string(info.id);
  auto it = config.severity_overrides.find(d.rule);
  d.severity = d.assumption                               ? Severity::note
               : it != config.severity_overrides.end() ? it->second
                                                       : info.severity;
  sink_.report(std::move(d));
}

RuleShared::RuleShared() = default;
RuleShared::~RuleShared() = default;

const OwnershipIndex& RuleContext::ownership() const {
  RuleShared* s = shared;
  if (!s) {
    if (!own_shared_) own_shared_ = std::make_shared<RuleShared>();
    s = own_shared_.get();
  }
  std::call_once(s->ownership_once, [&] { s->ownership = std::make_unique<OwnershipIndex>(model.inventory); });
  return *s->ownership;
}

const Rule* find_rule(std::string_view id_or_name) {
  for (const auto& rule : all_rules()) {
    if (rule.info.id == id_or_name || rule.info.name == id_or_name) return &rule;
  }
  return nullptr;
}

bool is_live_rule(const RuleInfo& info) { return info.family == "live"; }

std::vector<Diagnostic> run_rules(const Model& model, const Config& config, const Model* base, unsigned jobs,
                                  const verify::LiveResults* live) {
  // Rules are pure functions of the model: each runs on its own sink, on any
  // worker, and the findings are joined in registry order.
  RuleShared shared;
  auto run = [&](bool last, const std::vector<bool>* used) {
    std::vector<const Rule*> chosen;
    for (const auto& rule : all_rules()) {
      if (rule.info.runs_last == last && is_live_rule(rule.info) == (live != nullptr) &&
          config.rule_enabled(rule.info.id)) {
        chosen.push_back(&rule);
      }
    }
    std::vector<VectorSink> sinks(chosen.size());
    std::vector<std::exception_ptr> failures(chosen.size());
    parallel_for(chosen.size(), jobs, [&](std::size_t i) {
      try {
        RuleContext ctx(model, config, chosen[i]->info, sinks[i]);
        ctx.suppression_used = used;
        ctx.base = base;
        ctx.live = live;
        ctx.shared = &shared;
        chosen[i]->check(ctx);
      } catch (...) {
        failures[i] = std::current_exception();  // rethrown below, on the calling thread
      }
    });
    for (auto& failure : failures)
      if (failure) std::rethrow_exception(failure);
    return sinks;
  };
  std::vector<Diagnostic> all;
  for (auto& sink : run(false, nullptr))
    for (auto& d : sink.items) all.push_back(std::move(d));
  std::vector<bool> used = apply_suppressions(all, model.suppressions);
  for (auto& sink : run(true, &used))
    for (auto& d : sink.items) all.push_back(std::move(d));
  return all;
}

}  // namespace archgate
