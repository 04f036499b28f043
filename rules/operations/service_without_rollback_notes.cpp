// AG305 service-without-rollback-notes: a service whose folder has no rollback
// runbook (ROLLBACK.md, or a README with a Rollback section).
#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kServiceWithoutRollbackNotes;
const RuleInfo kServiceWithoutRollbackNotes{
    .id = "AG305",
    .name = "service-without-rollback-notes",
    .severity = Severity::warning,
    .family = "operations",
    .summary = "A service has no rollback runbook (`ROLLBACK.md` or a `Rollback` section in its README).",
    .what = "For every inventory service of kind `service`, `gateway` or `worker` whose folder exists, looks "
            "for a rollback runbook in that folder or in its `docs/` folder:\n\n"
            "- a file named `ROLLBACK.md` in any case (also `.markdown`, `.rst`, `.txt`, or no extension), or\n"
            "- a `README.md` (or `README`, `README.markdown`, `README.rst`, `README.txt`, `RUNBOOK.md`) with a "
            "heading that mentions rollback: a Markdown `#` heading or a heading underlined with `===` / `---`, "
            "such as `## Rollback`, `# How to roll back`, `Rollback procedure`. Headings inside fenced code "
            "blocks do not count, and a mention of rollback in running text is not a section.\n\n"
            "The finding points at the service's name in `service-inventory.json`. Services of kind `datastore` "
            "are not checked, and neither are services whose folder does not exist (the other rules report "
            "what is missing there).",
    .why = "When a release goes wrong, the person on call needs to know at once how to go back: which image "
           "to redeploy, whether the migrations must be reverted first, which feature flags to switch, what "
           "happens to messages in flight. Writing this down after the incident has started is too late. The "
           "release checklist asks for rollback notes for every service; migration down files (AG304) cover "
           "the schema, this rule covers the procedure.",
    .fires = "```text\nservices/payment-service/\n  README.md          # \"# Payment service\" and \"## Running "
             "locally\" only\n  openapi.yaml\n  src/...\n```",
    .clean = "```text\nservices/payment-service/\n  ROLLBACK.md\n  ...\n```\n\nor a section in the README:\n\n"
             "```markdown\n# Payment service\n\n## Rollback\n\n1. Redeploy the previous image tag.\n"
             "2. Run the down migration `0007_refunds.down.sql` only if 0007 was applied.\n```",
    .fix = "Add `ROLLBACK.md` to the service's folder (or a `## Rollback` section to its README) that says how "
           "to return to the previous release: the deployment command, the order of code and schema rollback, "
           "data written by the new version that the old one cannot read, and who to call.",
    .options = "",
    .release_sentence = "every service has rollback notes",
};

void check_service_without_rollback_notes(const RuleContext& ctx) {
  for (const auto& service : ctx.model.inventory.services) {
    if (service.kind == ServiceKind::datastore || service.kind == ServiceKind::platform || !service.path_exists)
      continue;
    auto folder = ctx.model.service_folders.find(service.name);
    if (folder == ctx.model.service_folders.end() || !folder->second.rollback_runbook.empty()) continue;
    std::string where = service.path.empty() ? std::string("the repository root") : service.path + "/";
    ctx.report(service.span,
               service.name + " has no rollback notes: no ROLLBACK.md and no README section on rollback in " +
                   where,
               service.name);
  }
}

}  // namespace archgate
