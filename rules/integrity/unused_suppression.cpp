// AG004 unused-suppression: an archgate-ignore comment suppresses no finding
// of an enabled rule. Runs last: it needs to know what the others found.
#include <string_view>
#include <unordered_set>

#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kUnusedSuppression;
const RuleInfo kUnusedSuppression{
    .id = "AG004",
    .name = "unused-suppression",
    .severity = Severity::warning,
    .family = "integrity",
    .summary = "An `archgate-ignore` comment suppresses no finding of an enabled rule.",
    .what = "Reports `archgate-ignore` comments that suppressed nothing in this run: the violation they excused is "
            "gone, the comment sits on the wrong line, or it names a rule id that does not exist. A comment whose "
            "rules are all disabled in this run (`--select`, `--ignore`) is not judged, nor is one in a file that "
            "could not be read (AG001): what that file would have shown is unknown.",
    .why = "Stale suppressions hide the next real violation on the same line, and an id with a typo suppresses "
           "nothing while looking as if it did.",
    .fires = "```yaml\n  order-service:\n    # archgate-ignore AG301: health check lands in PR 214\n"
             "    image: example/order-service:1\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n```\n\n"
             "The service has a health check now; the comment suppresses nothing.",
    .clean = "```yaml\n  # archgate-ignore AG301: one-shot migration job, exits when done\n  migrate:\n"
             "    image: example/migrate:1\n```",
    .fix = "Delete the comment, move it onto the line of the finding (or the line above), or correct the rule id.",
    .options = "",
    .release_sentence = "",
    .runs_last = true,
};

void check_unused_suppression(const RuleContext& ctx) {
  if (!ctx.suppression_used) return;
  // A file that could not be read whole (AG001) had findings nobody saw: its
  // suppressions are unknown, not unused.
  std::unordered_set<std::string_view> unread;
  for (const auto& d : ctx.model.load_findings) {
    if (d.rule == "AG001" && !d.assumption) unread.insert(d.span.path);
  }
  const auto& all = ctx.model.suppressions;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if ((*ctx.suppression_used)[i]) continue;
    const Suppression& s = all[i];
    if (unread.contains(s.span.path)) continue;
    std::string unknown;
    bool judged = false;
    for (const auto& id : s.rules) {
      if (!find_rule(id)) unknown += (unknown.empty() ? "" : ", ") + id;
      else if (ctx.config.rule_enabled(id)) judged = true;
    }
    std::string ids;
    for (const auto& id : s.rules) ids += (ids.empty() ? "" : ", ") + id;
    if (!unknown.empty()) {
      ctx.report(s.span, "archgate-ignore names " + unknown + ", which " +
                             (unknown.find(',') == std::string::npos ? "is not a rule" : "are not rules"),
                 {}, {}, "unknown " + ids);
    } else if (judged) {
      ctx.report(s.span, "archgate-ignore " + ids + " suppresses nothing on this line or the next", {}, {},
                 "unused " + ids);
    }
  }
}

}  // namespace archgate
