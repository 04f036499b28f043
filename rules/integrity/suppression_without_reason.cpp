// AG003 suppression-without-reason: an archgate-ignore comment gives no reason.
#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kSuppressionWithoutReason;
const RuleInfo kSuppressionWithoutReason{
    .id = "AG003",
    .name = "suppression-without-reason",
    .severity = Severity::warning,
    .family = "integrity",
    .summary = "An `archgate-ignore` comment gives no reason.",
    .what = "Finds `archgate-ignore` comments that name rules but say nothing after the colon. Such a comment "
            "still suppresses the finding on its line or the line below; this rule only asks for the reason.",
    .why = "A suppression is an architectural exception. Without a reason, the next reader cannot tell a "
           "deliberate, reviewed exception from a way to silence the gate, and nobody can judge later whether the "
           "exception still holds.",
    .fires = "```sql\n-- archgate-ignore AG102\nALTER TABLE stock ADD COLUMN reserved_for bigint;\n```",
    .clean = "```sql\n-- archgate-ignore AG102: one-off backfill agreed with the inventory team (ADR-12), removed in "
             "V9\nALTER TABLE stock ADD COLUMN reserved_for bigint;\n```",
    .fix = "Write why the exception is acceptable after the rule ids: `archgate-ignore AG102: <reason>`.",
    .options = "",
    .release_sentence = "",
};

void check_suppression_without_reason(const RuleContext& ctx) {
  for (const auto& s : ctx.model.suppressions) {
    if (!s.reason.empty()) continue;
    std::string ids;
    for (const auto& id : s.rules) ids += (ids.empty() ? "" : ", ") + id;
    ctx.report(s.span, "archgate-ignore " + ids + " gives no reason; write one after a colon", {}, {},
               "no-reason " + ids);
  }
}

}  // namespace archgate
