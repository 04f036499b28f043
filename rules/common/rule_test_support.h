// Test support for rule unit tests: builds the Model from in-memory files
// with the real loaders and runs one rule on it.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "model/build.h"
#include "rules/rule.h"
#include "sources/file_source.h"

namespace archgate::testing {

inline std::vector<Diagnostic> run_rule(const FileSource& files, std::string_view id, const Config& config = {}) {
  BuildResult built = build_model(files, config, 1);
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

}  // namespace archgate::testing
