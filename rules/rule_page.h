// The documentation page of a rule, generated from its metadata. The same
// text is `archgate explain ID` and docs/rules/<ID>.md (a test fails when a
// page drifts).
#pragma once

#include <string>

#include "rules/rule.h"

namespace archgate {

std::string rule_page(const RuleInfo& info);
// docs/rules/README.md: every rule with its summary, by family.
std::string rule_index();

}  // namespace archgate
