// AG201 gateway-owns-data: the gateway owns tables, has migrations, or is
// wired to a database.
#include <algorithm>

#include "loaders/compose.h"
#include "rules/common/database_connections.h"
#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kGatewayOwnsData;
const RuleInfo kGatewayOwnsData{
    .id = "AG201",
    .name = "gateway-owns-data",
    .severity = Severity::error,
    .family = "gateway",
    .summary = "The gateway owns tables, has migrations, or is wired to a database.",
    .what = "For every inventory service of kind `gateway` (by default the service named `gateway` or "
            "`*-gateway`), reports:\n\n"
            "- each table in its `owns` list (at the `owns` entry);\n"
            "- its SQL migrations (at the first migration file);\n"
            "- in Compose (its service found through the inventory's `compose` name): each `depends_on` entry "
            "naming a database container (postgres, mysql, mariadb, mongo, mssql, oracle, cockroach, "
            "cassandra ...), and each environment variable that connects it to a database (a "
            "`postgres://` / `mysql://` / `mongodb://` / JDBC URL, a libpq or ADO.NET connection string, or a "
            "`DB_HOST` + `DB_NAME` pair).\n\n"
            "Caches and brokers (redis, kafka, rabbitmq) are not databases here: a gateway may keep a rate "
            "limiter or a session cache.",
    .why = "The gateway routes, authenticates and forwards; the services behind it own the business data. A "
           "gateway with its own tables becomes a second owner of the domain: business rules drift into it, "
           "it can no longer be scaled or replaced without a data migration, and every release of a backend "
           "risks breaking a copy of its data at the edge.",
    .fires = "```json\n{ \"name\": \"gateway\", \"owns\": [\"carts\"], \"mayCall\": [\"order-service\"] }\n```\n\n"
             "```yaml\nservices:\n  gateway:\n    environment:\n"
             "      DATABASE_URL: postgres://gw@postgres/gateway   # <- AG201\n    depends_on: [postgres]"
             "          # <- AG201\n```",
    .clean = "```json\n{ \"name\": \"gateway\", \"owns\": [], \"mayCall\": [\"order-service\"] }\n```\n\n"
             "```yaml\nservices:\n  gateway:\n    environment:\n      ORDER_URL: http://order-service:3000\n"
             "      REDIS_URL: redis://redis:6379    # a cache is fine\n    depends_on:\n      order-service:\n"
             "        condition: service_healthy\n```",
    .fix = "Move the tables (and their migrations) to the service that owns the business concept and let the "
           "gateway call it. Remove the database from the gateway's `depends_on` and environment. If the "
           "component really owns data, it is not a gateway: give it `\"kind\": \"service\"` in the inventory.",
    .options = "",
    .release_sentence = "the gateway does not store business data",
};

namespace {

void check_gateway(const RuleContext& ctx, const InventoryService& gw) {
  for (const auto& table : gw.owns) {
    ctx.report(table.span, "gateway \"" + gw.name + "\" owns table \"" + table.value + "\"", gw.name);
  }

  std::vector<const MigrationFile*> migrations;
  for (const auto& m : ctx.model.migrations)
    if (m.service == gw.name) migrations.push_back(&m);
  if (!migrations.empty()) {
    // The first forward migration (an undo file is not where the data starts).
    auto first = std::min_element(migrations.begin(), migrations.end(), [](const MigrationFile* a, const MigrationFile* b) {
      bool a_down = a->direction == MigrationDirection::down;
      bool b_down = b->direction == MigrationDirection::down;
      return a_down != b_down ? b_down : a->path < b->path;
    });
    Span at;
    at.path = (*first)->path;
    at.line = 1;
    at.column = 1;
    std::string count = std::to_string(migrations.size()) + (migrations.size() == 1 ? " file" : " files");
    ctx.report(at, "gateway \"" + gw.name + "\" has database migrations (" + count + ")", gw.name);
  }

  const ComposeProject& project = ctx.model.compose;
  const ComposeService* cs = project.find(gw.compose);
  if (!cs) return;
  for (const auto& d : cs->depends_on) {
    const ComposeService* target = project.find(d.service);
    if (!target || !is_database_image(target->image)) continue;
    ctx.report(d.span, "gateway \"" + gw.name + "\" depends on database \"" + d.service + "\" (" + target->image + ")",
               gw.name, {{target->span, "\"" + d.service + "\" is a database"}});
  }
  for (const auto& c : database_connections(*cs)) {
    std::string server = c.target.host + (c.target.port.empty() ? "" : ":" + c.target.port);
    ctx.report(c.evidence->span,
               "gateway \"" + gw.name + "\" connects to database \"" + c.target.database + "\" on \"" + server +
                   "\" (" + c.evidence->name + ")",
               gw.name);
  }
}

}  // namespace

void check_gateway_owns_data(const RuleContext& ctx) {
  for (const auto& s : ctx.model.inventory.services) {
    if (s.kind == ServiceKind::gateway) check_gateway(ctx, s);
  }
}

}  // namespace archgate
