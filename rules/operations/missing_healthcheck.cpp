// AG301 missing-healthcheck: a Compose service without a health check.
#include <algorithm>

#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kMissingHealthcheck;
const RuleInfo kMissingHealthcheck{
    .id = "AG301",
    .name = "missing-healthcheck",
    .severity = Severity::error,
    .family = "operations",
    .summary = "A Compose service has no health check (none in Compose or its Dockerfile, or `disable: true`).",
    .what = "Looks at every service of the merged Compose project (`compose.yaml` and its override, the files "
            "named in the config, `include`d files, with `extends` and YAML merge keys applied) and reports each "
            "one that has no health check: no `healthcheck.test` in Compose and no `HEALTHCHECK` instruction in "
            "the Dockerfile its `build` section builds (the stage that is built: `build.target`, or the last). "
            "A service whose check is switched off (`healthcheck: {disable: true}`, `test: [\"NONE\"]`, or "
            "`HEALTHCHECK NONE` in the Dockerfile) is reported too. Databases and caches count like any other "
            "service. One-shot jobs are left alone: a service that others wait for only with "
            "`condition: service_completed_successfully` is meant to exit, not to stay healthy.\n\n"
            "The finding points at the service's key in the file that first defines it; when a Dockerfile was "
            "read and has no `HEALTHCHECK`, it is shown as a related location.",
    .why = "Without a health check, Docker (and every orchestrator that reads the same file) only knows "
           "whether the process is running, not whether it answers. `depends_on` with "
           "`condition: service_healthy` cannot be used, so dependants start against a service that is still "
           "migrating its database or has hung; a deadlocked process stays in rotation for ever. The release "
           "rule \"every service has healthcheck\" cannot be verified by reading a Dockerfile in a review.",
    .fires = "```yaml\n# compose.yaml\nservices:\n  order-service:          # <- AG301\n    image: "
             "node:22-alpine\n    command: node services/order.mjs\n  redis:\n    image: redis:7-alpine\n"
             "    healthcheck:\n      disable: true        # <- AG301: disables its health check\n```",
    .clean = "```yaml\nservices:\n  order-service:\n    build: services/order-service   # its Dockerfile has\n"
             "                                    # HEALTHCHECK CMD wget -qO- localhost:3000/health\n"
             "  redis:\n    image: redis:7-alpine\n    healthcheck:\n      test: [\"CMD\", \"redis-cli\", "
             "\"ping\"]\n      interval: 5s\n  migrate:                 # a one-shot job\n    image: flyway/flyway\n"
             "  api:\n    image: api\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n    depends_on:\n"
             "      migrate:\n        condition: service_completed_successfully\n```",
    .fix = "Add a `healthcheck` with a `test` that proves the service answers (its `/health` endpoint, "
           "`pg_isready`, `redis-cli ping`), or a `HEALTHCHECK CMD ...` instruction in the last stage of its "
           "Dockerfile. Remove `disable: true`. Distroless images have no shell or curl: build a tiny health "
           "probe into the image, or use the service's own binary (`CMD [\"/app\", \"healthcheck\"]`).",
    .options = "",
    .release_sentence = "every service has healthcheck",
};

namespace {

std::string inventory_name(const Model& model, const std::string& compose_name) {
  for (const auto& s : model.inventory.services)
    if (s.compose == compose_name) return s.name;
  return compose_name;
}

// Waited for only with service_completed_successfully: a job that exits.
bool one_shot(const ComposeProject& project, const std::string& name) {
  bool awaited = false;
  for (const auto& other : project.services) {
    for (const auto& d : other.depends_on) {
      if (d.service != name) continue;
      if (d.condition != "service_completed_successfully") return false;
      awaited = true;
    }
  }
  return awaited;
}

}  // namespace

void check_missing_healthcheck(const RuleContext& ctx) {
  const ComposeProject& project = ctx.model.compose;
  for (const auto& s : project.services) {
    if (s.health == HealthState::compose || s.health == HealthState::dockerfile) continue;
    if (one_shot(project, s.name)) continue;
    std::vector<Related> related;
    std::string message;
    if (s.health == HealthState::disabled) {
      message = "service \"" + s.name + "\" disables its health check";
      related.push_back({s.health_span, "the health check is switched off here"});
    } else {
      message = "service \"" + s.name + "\" has no health check";
      if (!s.dockerfile.empty()) {
        Span dockerfile;
        dockerfile.path = s.dockerfile;
        dockerfile.line = 1;
        dockerfile.column = 1;
        related.push_back({dockerfile, "no HEALTHCHECK in the stage of this Dockerfile that is built"});
      }
    }
    ctx.report(s.span, std::move(message), inventory_name(ctx.model, s.name), std::move(related));
  }
}

}  // namespace archgate
