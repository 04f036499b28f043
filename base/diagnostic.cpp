#include "base/diagnostic.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "base/hash.h"

namespace archgate {

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::note: return "note";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "error";
}

std::optional<Severity> parse_severity(std::string_view text) {
  if (text == "note") return Severity::note;
  if (text == "warning") return Severity::warning;
  if (text == "error") return Severity::error;
  return std::nullopt;
}

void finalize_diagnostics(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.span.path, a.span.line, a.span.column, a.rule, a.message) <
           std::tie(b.span.path, b.span.line, b.span.column, b.rule, b.message);
  });
  // The same message of one rule at one place is one finding, however many
  // ways led to it (a migration folder two services share is loaded twice).
  auto same = [](const Diagnostic& a, const Diagnostic& b) {
    return a.rule == b.rule && a.span.path == b.span.path && a.span.line == b.span.line &&
           a.span.column == b.span.column && a.message == b.message;
  };
  diagnostics.erase(std::unique(diagnostics.begin(), diagnostics.end(), same), diagnostics.end());
  std::map<std::string, int> seen;
  for (auto& d : diagnostics) {
    std::string identity = d.rule + '\x1f' + d.span.path + '\x1f' + d.service + '\x1f' +
                           (d.fingerprint_key.empty() ? d.message : d.fingerprint_key);
    int occurrence = seen[identity]++;
    identity += '\x1f' + std::to_string(occurrence);
    d.fingerprint = hex64(fnv1a64(identity));
  }
}

}  // namespace archgate
