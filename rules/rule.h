// A rule: its metadata (the one source for `archgate rules`, `explain`, the
// docs pages and SARIF descriptions) and a pure check over the Model.
//
// Each rule lives in rules/<family>/<name>.cpp, defines one `const RuleInfo`
// and one check function, and has one line in rules/registry.cpp.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "model/config.h"
#include "model/model.h"

namespace archgate {

namespace verify {
struct LiveResults;  // verify/results.h
}

struct RuleInfo {
  std::string_view id;        // "AG102"
  std::string_view name;      // "foreign-table-migration"
  Severity severity;          // default
  std::string_view family;    // "ownership", "gateway", "operations", "contracts", "inventory", "integrity",
                              // "live" (judges what `archgate verify` saw; runs only there)
  std::string_view summary;   // one line
  std::string_view what;      // what it does (markdown)
  std::string_view why;       // why it matters
  std::string_view fires;     // an example that fires (markdown, with code fences)
  std::string_view clean;     // an example that does not fire
  std::string_view fix;       // how to fix
  std::string_view options;   // configuration that affects it ("" when none)
  std::string_view release_sentence;  // the releaseRules/mustNot idea it enforces ("" when none)
  // Runs after every other rule and after suppressions were applied
  // (AG004 judges which suppressions were used).
  bool runs_last = false;
};

class OwnershipIndex;  // rules/ownership/ownership.h

// What the rules of one run_rules() call share: indexes of the model that
// several rules need, each built once, by the first rule that asks.
struct RuleShared {
  RuleShared();
  ~RuleShared();
  std::once_flag ownership_once;
  std::unique_ptr<OwnershipIndex> ownership;
};

class RuleContext {
 public:
  RuleContext(const Model& model, const Config& config, const RuleInfo& info, Sink& sink)
      : model(model), config(config), info(info), sink_(sink) {}

  const Model& model;
  const Config& config;
  const RuleInfo& info;
  // For rules that run last: per Model::suppressions entry, whether it
  // suppressed a finding.
  const std::vector<bool>* suppression_used = nullptr;
  // PR mode (`check --base REV`): the model of the merge base, for the rules
  // that compare the two sides (AG308, AG404). nullptr in every other mode;
  // those rules then report nothing.
  const Model* base = nullptr;
  // `archgate verify`: the requests sent to the running services and their
  // answers, for the live rules (family "live"); nullptr under `check`.
  const verify::LiveResults* live = nullptr;
  // Set by run_rules(); a context made on its own (tests) builds its own.
  RuleShared* shared = nullptr;

  // The inventory's `owns` entries, indexed by table (five ownership rules
  // each built one per run).
  const OwnershipIndex& ownership() const;

  // Reports a finding of this rule at `span`. Returns it for chaining related
  // locations before it is sent: use the overload with `related`.
  void report(const Span& span, std::string message, std::string service = {},
              std::vector<Related> related = {}, std::string fingerprint_key = {}, std::string help = {}) const;
  void report(Diagnostic diagnostic) const;  // rule and severity are filled in

 private:
  Sink& sink_;
  mutable std::shared_ptr<RuleShared> own_shared_;  // when `shared` is null
};

using CheckFunction = void (*)(const RuleContext&);

struct Rule {
  const RuleInfo& info;
  CheckFunction check;
};

// The registry (rules/registry.cpp): every rule, in id order.
const std::vector<Rule>& all_rules();
const Rule* find_rule(std::string_view id_or_name);

// Runs every enabled rule, applies the suppression comments, then runs the
// rules that judge the suppressions. Findings get the rule's (or configured)
// severity. `base` is the merge-base model in PR mode (see RuleContext::base).
// `jobs` workers run the rules side by side (the findings come out in the
// same order whatever the number). With `live` (`archgate verify`) only the
// live rules run, else only the others.
std::vector<Diagnostic> run_rules(const Model& model, const Config& config, const Model* base = nullptr,
                                  unsigned jobs = 1, const verify::LiveResults* live = nullptr);

// Whether a rule judges live verification (family "live") rather than files.
bool is_live_rule(const RuleInfo& info);

}  // namespace archgate
