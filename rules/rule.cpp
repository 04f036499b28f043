#include "rules/rule.h"

#include "model/suppressions.h"

namespace archgate {

void RuleContext::report(const Span& span, std::string message, std::string service,
                         std::vector<Related> related, std::string fingerprint_key) const {
  Diagnostic d;
  d.span = span;
  d.message = std::move(message);
  d.service = std::move(service);
  d.related = std::move(related);
  d.fingerprint_key = std::move(fingerprint_key);
  report(std::move(d));
}

void RuleContext::report(Diagnostic d) const {
  d.rule = std::string(info.id);
  auto it = config.severity_overrides.find(d.rule);
  d.severity = it != config.severity_overrides.end() ? it->second : info.severity;
  sink_.report(std::move(d));
}

const Rule* find_rule(std::string_view id_or_name) {
  for (const auto& rule : all_rules()) {
    if (rule.info.id == id_or_name || rule.info.name == id_or_name) return &rule;
  }
  return nullptr;
}

std::vector<Diagnostic> run_rules(const Model& model, const Config& config, const Model* base) {
  VectorSink sink;
  for (const auto& rule : all_rules()) {
    if (rule.info.runs_last || !config.rule_enabled(rule.info.id)) continue;
    RuleContext ctx(model, config, rule.info, sink);
    ctx.base = base;
    rule.check(ctx);
  }
  std::vector<bool> used = apply_suppressions(sink.items, model.suppressions);
  for (const auto& rule : all_rules()) {
    if (!rule.info.runs_last || !config.rule_enabled(rule.info.id)) continue;
    RuleContext ctx(model, config, rule.info, sink);
    ctx.suppression_used = &used;
    ctx.base = base;
    rule.check(ctx);
  }
  return std::move(sink.items);
}

}  // namespace archgate
