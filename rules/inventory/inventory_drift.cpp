// AG502 inventory-drift: the inventory and the Compose files disagree about
// which services exist.
#include <algorithm>
#include <iterator>
#include <set>

#include "base/text.h"
#include "rules/common/database_connections.h"
#include "rules/common/service_refs.h"
#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kInventoryDrift;
const RuleInfo kInventoryDrift{
    .id = "AG502",
    .name = "inventory-drift",
    .severity = Severity::warning,
    .family = "inventory",
    .summary = "A Compose application service is missing from the inventory, or an inventory service is missing "
               "from Compose.",
    .what = "Compares the services of the Compose files with the inventory, in both directions, when the "
            "repository has Compose files at all:\n\n"
            "- every Compose **application** service must be an inventory service (matched through the "
            "service's `compose` name, which defaults to its `name`). Application services are those built "
            "from the repository (`build`), and pulled images that look like one of yours: the image is named "
            "like the Compose service, or the service's name ends in `-service`, `-svc`, `-api`, `-worker` or "
            "`-gateway`. Datastores (postgres, redis, kafka ..., and the emulators of managed stores: Firestore, "
            "Pub/Sub, Cosmos DB, DynamoDB local, Azurite, LocalStack ...), also when built here from a Dockerfile "
            "whose built stage starts `FROM` one or named as the host of another service's database or "
            "emulator variable (`FIRESTORE_EMULATOR_HOST=firestore:8787`, `DATABASE_URL=postgres://orders-db/...`), "
            "infrastructure tools (nginx, traefik, prometheus, grafana, jaeger, otel-collector, mailhog, adminer, "
            "wiremock ..., also built here `FROM` a monitoring image), migration jobs "
            "(flyway, liquibase, services named `*migrat*`) and one-shot jobs that others wait for with "
            "`condition: service_completed_successfully` are left out. The finding points at the Compose "
            "service's key.\n"
            "- every inventory service of kind `service`, `gateway` or `worker` must have a Compose service. "
            "The finding points at the service's name in `service-inventory.json`. This direction is skipped "
            "when a Compose file or an included file could not be read (AG001, AG002), since its services are "
            "unknown, and a service whose Compose definition could not be resolved is not reported again.",
    .why = "The inventory is only useful while it describes the system that really runs. A service that Compose "
           "starts but the inventory does not know escapes every ownership and call rule (its migrations, "
           "database and calls are never checked); an inventory entry without a Compose service is a service "
           "that was renamed, merged or removed, and the rules keep judging a ghost.",
    .fires = "```yaml\n# compose.yaml\nservices:\n  order-service:\n    build: services/order-service\n"
             "  notification-service:          # <- AG502: not in service-inventory.json\n"
             "    build: services/notification-service\n```\n\n"
             "```jsonc\n{ \"services\": [\n  { \"name\": \"order-service\", \"owns\": [\"orders\"], \"mayCall\": [] },\n"
             "  { \"name\": \"payment-service\", \"owns\": [\"payments\"], \"mayCall\": [] }  // <- AG502: not in "
             "Compose\n] }\n```",
    .clean = "```yaml\n# compose.yaml\nservices:\n  orders:                 # inventory: order-service with \"compose\": "
             "\"orders\"\n    build: services/order-service\n  orders-db:\n    image: postgres:16   # a datastore\n"
             "  jaeger:\n    image: jaegertracing/all-in-one:1.57   # a tool\n```",
    .fix = "Add the missing service to `service-inventory.json` (with what it owns and may call), or set the "
           "inventory service's `compose` field to the name it has in Compose. Remove inventory entries of "
           "services that no longer exist. If a Compose service is a tool rather than an application, give it "
           "an image rather than a `build`, or declare it in the inventory with kind `datastore`. Shared "
           "infrastructure built here (a config server, service discovery, an admin or tracing server) goes in "
           "the inventory with kind `platform`: every service may call it without `mayCall`, and it needs no "
           "contract or rollback notes.",
    .options = "",
    .release_sentence = "",
};

namespace {

// Infrastructure and tooling images (last path component, without tag).
constexpr std::string_view kToolImages[] = {
    "nginx",        "nginx-unprivileged", "traefik",   "envoy",         "haproxy",       "caddy",
    "prometheus",   "grafana",            "alertmanager", "node-exporter", "cadvisor",   "pushgateway",
    "jaeger",       "all-in-one",         "zipkin",    "opentelemetry-collector", "opentelemetry-collector-contrib",
    "otel-collector", "loki",             "promtail",  "tempo",         "fluentd",       "fluent-bit",
    "logstash",     "kibana",             "vector",    "mailhog",       "mailpit",       "adminer",
    "pgadmin4",     "phpmyadmin",         "kafka-ui",  "akhq",          "kafdrop",       "redis-commander",
    "redisinsight", "mongo-express",      "wiremock",  "mockserver",    "prism",         "swagger-ui",
    "busybox",      "alpine",             "curl",      "flyway",        "liquibase",     "migrate",
    "dbmate",       "sqitch",             "atlas",     "toxiproxy",     "keycloak",      "schema-registry",
    "cp-schema-registry", "connect",      "cp-kafka-connect", "portainer", "watchtower",  "dozzle",
    "mc",           "selenium",           "pact-broker", "nats-box",    "debezium-connect", "ubuntu",
    "debian",       "seq",                "elasticsearch-exporter", "blackbox-exporter"};

std::string image_name(std::string_view image) {
  std::string name = to_lower(trim(image));
  if (std::size_t at = name.find('@'); at != std::string::npos) name.resize(at);
  std::size_t slash = name.rfind('/');
  std::size_t colon = name.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) name.resize(colon);
  slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

bool tool_image(std::string_view image) {
  std::string name = image_name(image);
  return std::find(std::begin(kToolImages), std::end(kToolImages), name) != std::end(kToolImages);
}

bool monitoring_image(std::string_view image) {
  static constexpr std::string_view kMonitoring[] = {"prometheus", "grafana", "alertmanager", "loki", "promtail",
                                                     "tempo", "jaeger", "zipkin", "otel-collector", "seq",
                                                     "opentelemetry-collector", "opentelemetry-collector-contrib",
                                                     "kibana", "logstash", "fluentd", "fluent-bit"};
  if (image.empty()) return false;
  std::string name = image_name(image);
  return std::find(std::begin(kMonitoring), std::end(kMonitoring), name) != std::end(kMonitoring);
}

bool app_like_name(std::string_view name) {
  std::string n = to_lower(name);
  for (std::string_view suffix : {"-service", "_service", "-svc", "-api", "_api", "-worker", "-gateway"}) {
    if (n.size() > suffix.size() && n.ends_with(suffix)) return true;
  }
  return false;
}

// A Compose service that is one of the system's applications.
bool application(const ComposeService& s, const std::set<std::string>& jobs) {
  if (s.datastore || jobs.count(s.name)) return false;
  if (to_lower(s.name).find("migrat") != std::string::npos) return false;
  // Built from this repository: an application, unless the Dockerfile only
  // configures a monitoring tool (FROM grafana/grafana, FROM prom/prometheus).
  // Other tool images (nginx, alpine, debian) are the usual bases of
  // applications.
  if (!s.build_context.empty() || !s.dockerfile.empty()) return !monitoring_image(s.base_image);
  if (s.image.empty() || tool_image(s.image)) return false;
  return image_name(s.image) == to_lower(s.name) || app_like_name(s.name);
}

// What the loaders could not read in the Compose files: whether a whole file
// (or an include) is missing, so the service list is incomplete, and which
// services had a broken part (they may have been left out).
struct ComposeGaps {
  bool incomplete = false;
  std::set<std::string> services;
};

ComposeGaps compose_gaps(const Model& model) {
  ComposeGaps gaps;
  for (const auto& finding : model.load_findings) {
    if ((finding.rule != "AG001" && finding.rule != "AG002") || finding.assumption) continue;
    bool in_compose = false;
    for (const auto& file : model.compose.files) in_compose = in_compose || finding.span.path == file;
    if (!in_compose) continue;
    if (finding.service.empty()) gaps.incomplete = true;
    else gaps.services.insert(finding.service);
  }
  if (model.compose.services.empty()) gaps.incomplete = true;
  return gaps;
}

}  // namespace

void check_inventory_drift(const RuleContext& ctx) {
  const Model& model = ctx.model;
  if (model.compose.files.empty()) return;
  const ServiceRefs refs(model);
  const std::string inventory = model.inventory.path.empty() ? "service-inventory.json" : model.inventory.path;

  std::set<std::string> jobs;  // waited for until they complete: one-shot jobs
  for (const auto& s : model.compose.services)
    for (const auto& d : s.depends_on)
      if (d.condition == "service_completed_successfully") jobs.insert(d.service);

  // A service that others reach as their database or emulator
  // (DATABASE_URL=postgres://orders-db/..., FIRESTORE_EMULATOR_HOST=firestore:8787)
  // is a store, whatever it is built from (FROM node plus firebase-tools).
  std::set<std::string> stores;
  for (const auto& s : model.compose.services)
    for (const auto& c : database_connections(s))
      for (auto host : split(c.target.host, ',')) stores.insert(std::string(trim(host)));

  for (const auto& s : model.compose.services) {
    if (!application(s, jobs) || stores.count(to_lower(s.name)) || refs.service_for_compose(s.name)) continue;
    ctx.report(s.span, "Compose service \"" + s.name + "\" is not in " + inventory +
                           " (no inventory service has it as its name or \"compose\" name)" + platform_hint(s.name));
  }

  ComposeGaps gaps = compose_gaps(model);
  if (gaps.incomplete) return;
  for (const auto& s : model.inventory.services) {
    if (s.kind == ServiceKind::datastore || refs.compose_service_of(s) || gaps.services.count(s.compose)) continue;
    std::vector<Related> related;
    if (s.compose_field) related.push_back({s.compose_field->span, "its Compose name is given here"});
    std::string files;
    for (const auto& f : model.compose.files) files += (files.empty() ? "" : ", ") + f;
    ctx.report(s.span,
               "inventory service \"" + s.name + "\" has no Compose service \"" + s.compose + "\" (in " + files + ")",
               s.name, std::move(related));
  }
}

}  // namespace archgate
