#include "emitters/report.h"

#include "rules/rule.h"

namespace archgate {

Summary count(const std::vector<Diagnostic>& diagnostics) {
  Summary s;
  for (const auto& d : diagnostics) {
    switch (d.severity) {
      case Severity::error: ++s.errors; break;
      case Severity::warning: ++s.warnings; break;
      case Severity::note: ++s.notes; break;
    }
  }
  return s;
}

std::string rule_name(const std::string& id) {
  const Rule* r = find_rule(id);
  return r ? std::string(r->info.name) : std::string();
}

}  // namespace archgate
