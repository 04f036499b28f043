// The one hand-written table of rules. Adding a rule is one line here plus
// its file under rules/<family>/ (see rules/rule.h).
#include "rules/rule.h"

namespace archgate {

#define ARCHGATE_RULE(info_symbol, check_symbol) \
  extern const RuleInfo info_symbol;             \
  void check_symbol(const RuleContext&);
#include "rules/registry.inc"
#undef ARCHGATE_RULE

const std::vector<Rule>& all_rules() {
  static const std::vector<Rule> rules = {
#define ARCHGATE_RULE(info_symbol, check_symbol) {info_symbol, &check_symbol},
#include "rules/registry.inc"
#undef ARCHGATE_RULE
  };
  return rules;
}

}  // namespace archgate
