// The one finding type every loader, rule and emitter speaks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/shared_path.h"

namespace archgate {

enum class Severity : std::uint8_t { note = 0, warning = 1, error = 2 };

std::string_view severity_name(Severity severity);
std::optional<Severity> parse_severity(std::string_view text);

// A place in a file of the checked repository. Lines and columns start at 1;
// columns count Unicode code points. end_* is exclusive of the column after
// the evidence (SARIF's endColumn), and 0 when unknown.
struct Span {
  SharedPath path;  // relative to the checked root, '/' separated
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::uint32_t end_line = 0;
  std::uint32_t end_column = 0;

  bool known() const { return !path.empty(); }
};

struct Related {
  Span span;
  std::string message;
};

struct Diagnostic {
  std::string rule;  // "AG102"
  Severity severity = Severity::error;
  std::string message;
  std::string service;       // the service the finding is about, may be empty
  Span span;                 // primary evidence
  std::string logical_path;  // e.g. "services.order-service.depends_on.redis"
  std::vector<Related> related;
  std::string help;
  // Stable identity without line numbers; filled by finalize_fingerprints()
  // from rule, path, service, message and `fingerprint_key` when set.
  std::string fingerprint_key;
  std::string fingerprint;
  // What archgate assumed to go on reading (a required Compose variable
  // without a value read as empty): a note whatever the rule's severity,
  // and not a gap in what was read.
  bool assumption = false;
};

// Sorts by path, line, column, rule; keeps one of the findings with the same
// rule and message at the same place; fills fingerprints (an occurrence
// counter separates identical findings in one file).
void finalize_diagnostics(std::vector<Diagnostic>& diagnostics);

// Collects diagnostics; loaders and rules report through it.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual void report(Diagnostic diagnostic) = 0;
};

class VectorSink final : public Sink {
 public:
  void report(Diagnostic diagnostic) override { items.push_back(std::move(diagnostic)); }
  std::vector<Diagnostic> items;
};

}  // namespace archgate
