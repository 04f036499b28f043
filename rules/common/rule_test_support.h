// Test support for rule unit tests: run one rule on a Model built by the real
// loaders from in-memory files (run_rule(files, id)), or on a Model holding a
// Compose project and a hand-written inventory (compose_model + run_rule(id, model)).
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "analysis/build.h"
#include "loaders/compose.h"
#include "model/config.h"
#include "rules/rule.h"
#include "sources/file_source.h"

namespace archgate::testing {

inline std::vector<Diagnostic> run_rule(const FileSource& files, std::string_view id, const Config& config = {}) {
  BuildResult built = build_model(files, config, {});
  INFO("inventory error: " << (built.fatal ? built.fatal->message : std::string("none")));
  REQUIRE_FALSE(built.fatal);
  const Rule* rule = find_rule(id);
  REQUIRE(rule);
  VectorSink sink;
  RuleContext ctx(built.model, config, rule->info, sink);
  rule->check(ctx);
  return std::move(sink.items);
}

inline std::string describe(const std::vector<Diagnostic>& items) {
  std::string out;
  for (const auto& d : items) {
    out += d.rule + " " + d.span.path + ":" + std::to_string(d.span.line) + ":" + std::to_string(d.span.column) +
           " " + d.message + "\n";
  }
  return out.empty() ? "(no findings)" : out;
}

struct TestService {
  std::string name;
  ServiceKind kind = ServiceKind::service;
  std::vector<std::string> owns = {};
};

// files: path -> content; every inventory service's Compose name is its name.
inline Model compose_model(const std::vector<std::pair<std::string, std::string>>& files,
                           const std::vector<TestService>& services) {
  MemoryFileSource source;
  for (const auto& [path, content] : files) source.add(path, content);
  VectorSink sink;
  Model model;
  model.compose = load_compose(source, {}, sink);
  model.load_findings = std::move(sink.items);
  model.inventory.path = "service-inventory.json";
  std::uint32_t line = 3;
  for (const auto& t : services) {
    InventoryService s;
    s.name = t.name;
    s.compose = t.name;
    s.kind = t.kind;
    s.span = Span{"service-inventory.json", line, 17, line, 17 + static_cast<std::uint32_t>(t.name.size()) + 2};
    for (const auto& table : t.owns) {
      ++line;
      s.owns.push_back({table, Span{"service-inventory.json", line, 18, 0, 0}});
    }
    ++line;
    model.inventory.services.push_back(std::move(s));
  }
  return model;
}

inline std::vector<Diagnostic> run_rule(std::string_view id, const Model& model, const Config& config = {}) {
  const Rule* rule = find_rule(id);
  if (!rule) return {};
  VectorSink sink;
  RuleContext ctx(model, config, rule->info, sink);
  rule->check(ctx);
  return std::move(sink.items);
}

}  // namespace archgate::testing
