// AG302 unhealthy-dependency: depends_on a health-checked service without
// waiting for it to be healthy.
#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kUnhealthyDependency;
const RuleInfo kUnhealthyDependency{
    .id = "AG302",
    .name = "unhealthy-dependency",
    .severity = Severity::warning,
    .family = "operations",
    .summary = "`depends_on` a service with a health check, without `condition: service_healthy`.",
    .what = "For every `depends_on` entry of every Compose service, looks up the service it names. When that "
            "service has a health check (a Compose `healthcheck.test`, or a `HEALTHCHECK` in the Dockerfile it "
            "is built from) but the entry waits only for `service_started` (the default of the short list form "
            "`depends_on: [db]`), the entry is reported. The related location is the dependency's health check. "
            "Entries with `condition: service_completed_successfully` are left alone.",
    .why = "`service_started` means the container was created, not that it answers: the dependant starts "
           "while the database is still initialising, its first connections fail, and whether the stack comes "
           "up depends on timing. The health check already says when the dependency is ready; "
           "`condition: service_healthy` makes Compose wait for it.",
    .fires = "```yaml\nservices:\n  order-service:\n    image: order-service\n    depends_on:\n"
             "      - postgres              # <- AG302: postgres has a health check\n  postgres:\n"
             "    image: postgres:16\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\", \"-U\", "
             "\"postgres\"]\n```",
    .clean = "```yaml\nservices:\n  order-service:\n    image: order-service\n    depends_on:\n      postgres:\n"
             "        condition: service_healthy\n  postgres:\n    image: postgres:16\n    healthcheck:\n"
             "      test: [\"CMD\", \"pg_isready\", \"-U\", \"postgres\"]\n```",
    .fix = "Use the long form of `depends_on` with `condition: service_healthy` for the entry. Add "
           "`restart: true` when the dependant should also restart after the dependency was restarted.",
    .options = "",
    .release_sentence = "",
};

namespace {

std::string inventory_name(const Model& model, const std::string& compose_name) {
  for (const auto& s : model.inventory.services)
    if (s.compose == compose_name) return s.name;
  return compose_name;
}

}  // namespace

void check_unhealthy_dependency(const RuleContext& ctx) {
  const ComposeProject& project = ctx.model.compose;
  for (const auto& s : project.services) {
    for (const auto& d : s.depends_on) {
      if (d.condition == "service_healthy" || d.condition == "service_completed_successfully") continue;
      const ComposeService* target = project.find(d.service);
      if (!target || target == &s) continue;
      if (target->health != HealthState::compose && target->health != HealthState::dockerfile) continue;
      std::string message = "service \"" + s.name + "\" depends on \"" + d.service +
                            "\", which has a health check, without condition: service_healthy";
      std::vector<Related> related{{target->health_span, "\"" + d.service + "\" has a health check here"}};
      ctx.report(d.span, std::move(message), inventory_name(ctx.model, s.name), std::move(related),
                 "depends_on:" + d.service);
    }
  }
}

}  // namespace archgate
