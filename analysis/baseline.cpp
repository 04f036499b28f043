#include "analysis/baseline.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "base/text.h"
#include "emitters/report.h"

namespace archgate {

BaselineRead read_baseline(const std::string& file) {
  BaselineRead r;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    r.error = "cannot read the baseline " + file;
    return r;
  }
  try {
    nlohmann::json j = nlohmann::json::parse(in);
    if (!j.is_object() || j.value("version", 0) != 1 || !j.contains("findings") || !j["findings"].is_array()) {
      r.error = file + " is not an archgate baseline (expected {\"version\": 1, \"findings\": [...]})";
      return r;
    }
    for (const auto& f : j["findings"]) {
      if (!f.is_object() || !f.contains("fingerprint") || !f["fingerprint"].is_string()) {
        r.error = file + ": every finding needs a \"fingerprint\" string";
        return r;
      }
      Baseline::Entry entry{f["fingerprint"].get<std::string>(), {}};
      if (auto rule = f.find("rule"); rule != f.end() && rule->is_string()) entry.rule = rule->get<std::string>();
      r.baseline.entries.push_back(std::move(entry));
    }
  } catch (const std::exception& e) {
    r.error = file + " is not valid JSON: " + std::string(without_library_tag(e.what()));
  }
  return r;
}

bool write_baseline(const std::string& file, const std::vector<Diagnostic>& diagnostics) {
  nlohmann::ordered_json j;
  j["version"] = 1;
  j["tool"] = {{"name", "archgate"}, {"version", ARCHGATE_VERSION}};
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  for (const auto& d : diagnostics) {
    // rule, path and message are for the reader; only the fingerprint matches.
    findings.push_back({{"fingerprint", d.fingerprint},
                        {"rule", d.rule},
                        {"name", rule_name(d.rule)},
                        {"path", d.span.path},
                        {"message", d.message}});
  }
  j["findings"] = std::move(findings);
  std::ofstream out(file, std::ios::binary);
  out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  return static_cast<bool>(out);
}

KnownFindings drop_known(std::vector<Diagnostic>& diagnostics, std::multiset<std::string> known) {
  KnownFindings outcome;
  std::erase_if(diagnostics, [&](const Diagnostic& d) {
    auto it = known.find(d.fingerprint);
    if (it == known.end()) return false;
    known.erase(it);
    ++outcome.matched;
    return true;
  });
  outcome.unmatched = known.size();
  return outcome;
}

void apply_baseline(Report& report, const Baseline& baseline, const Config& config) {
  std::multiset<std::string> known;
  for (const auto& entry : baseline.entries) {
    if (entry.rule.empty() || config.rule_enabled(entry.rule)) known.insert(entry.fingerprint);
  }
  KnownFindings outcome = drop_known(report.diagnostics, std::move(known));
  Summary counted = count(report.diagnostics);
  report.summary.errors = counted.errors;
  report.summary.warnings = counted.warnings;
  report.summary.notes = counted.notes;
  report.summary.baseline_used = true;
  report.summary.baselined = outcome.matched;
  report.summary.baseline_stale = outcome.unmatched;
}

}  // namespace archgate
