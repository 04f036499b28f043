// AG106 shared-database: two services connect to the same database.
#include <map>

#include "rules/common/database_connections.h"
#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kSharedDatabase;
const RuleInfo kSharedDatabase{
    .id = "AG106",
    .name = "shared-database",
    .severity = Severity::error,
    .family = "ownership",
    .summary = "Two services connect to the same database (same host and database name in Compose env, URLs, "
               "JDBC URLs).",
    .what = "Reads the environment of every Compose service that the inventory lists (through its `compose` "
            "name; datastores excluded), after `.env` interpolation and with `env_file`s included, and finds "
            "the databases it connects to:\n\n"
            "- connection URLs: `postgres://`, `postgresql://` (also `postgresql+asyncpg://`), `mysql://`, "
            "`mariadb://`, `mongodb://`, `mongodb+srv://`, `sqlserver://`;\n"
            "- JDBC URLs: `jdbc:postgresql://`, `jdbc:mysql://`, `jdbc:mariadb://`, "
            "`jdbc:sqlserver://host;databaseName=db`, `jdbc:oracle:thin:@host:1521/service`;\n"
            "- key=value strings: libpq (`host=pg dbname=orders`) and ADO.NET "
            "(`Server=pg;Database=orders`);\n"
            "- variable pairs with one prefix: `DB_HOST` + `DB_NAME`, `POSTGRES_HOST` + `POSTGRES_DB`, "
            "`MYSQL_HOST` + `MYSQL_DATABASE`, `PGHOST` + `PGDATABASE` ...;\n"
            "- managed stores reached through an emulator or endpoint variable and named by project, instance or "
            "region variables: `FIRESTORE_EMULATOR_HOST` (and `DATASTORE_`, `FIREBASE_DATABASE_`, `SPANNER_`, "
            "`BIGTABLE_EMULATOR_HOST`) with `GOOGLE_CLOUD_PROJECT`, `GCLOUD_PROJECT` or the store's own "
            "`*_PROJECT_ID` (and instance and database ids), DynamoDB Local through `DYNAMODB_ENDPOINT` or "
            "`AWS_ENDPOINT_URL_DYNAMODB` with `AWS_REGION`, Cosmos DB through `COSMOS_ENDPOINT` with "
            "`COSMOS_DATABASE` — often set once in a shared `env_file`.\n\n"
            "Two services that reach the same host (compared case-insensitively, default ports ignored) and the "
            "same database name share a database; the finding points at the variable of the later service and "
            "names the earlier one's variable as related. Datastore containers themselves (`POSTGRES_DB` on the "
            "postgres image) are not connections, one service using one database is fine, and two databases on "
            "one server (different names) are separate databases; two Firestore projects on one emulator are "
            "separate too. Caches and brokers (redis, kafka, the Pub/Sub emulator) are not databases here: "
            "services sharing a broker is how they talk.",
    .why = "A database shared by two services is a shared schema: either service can change a table the other "
           "depends on, migrations must be coordinated, and neither can be deployed, scaled or rolled back "
           "alone. Table ownership in `service-inventory.json` means little when every service holds the "
           "credentials to every table. \"No shared database tables\" starts with one database per service.",
    .fires = "```yaml\nservices:\n  order-service:\n    environment:\n"
             "      DATABASE_URL: postgres://app:secret@postgres:5432/shop\n  inventory-service:\n"
             "    environment:\n      DB_HOST: postgres        # <- AG106: same host and database \"shop\"\n"
             "      DB_NAME: shop\n  postgres:\n    image: postgres:16\n```",
    .clean = "```yaml\nservices:\n  order-service:\n    environment:\n"
             "      DATABASE_URL: postgres://app:secret@postgres:5432/orders\n  inventory-service:\n"
             "    environment:\n      DATABASE_URL: postgres://app:secret@postgres/inventory\n  postgres:\n"
             "    image: postgres:16\n```",
    .fix = "Give each service its own database (on one server if you like: `orders`, `inventory`) with its "
           "own credentials, and let the other service ask through the owner's API or events. When a table "
           "really must be read elsewhere, publish it as a read model owned by one service.",
    .options = "",
    .release_sentence = "no shared database tables",
};

namespace {

const InventoryService* inventory_of(const Model& model, const std::string& compose_name) {
  for (const auto& s : model.inventory.services)
    if (s.compose == compose_name) return &s;
  return nullptr;
}

}  // namespace

void check_shared_database(const RuleContext& ctx) {
  struct FirstUser {
    std::string service;
    const EnvVar* evidence;
  };
  std::map<std::string, FirstUser> first_user;  // target key -> first service using it
  for (const auto& s : ctx.model.compose.services) {
    // Only services the inventory names: a Compose helper (a migration job,
    // an admin console) is not a second owner, and AG502 reports services
    // missing from the inventory.
    const InventoryService* inv = inventory_of(ctx.model, s.name);
    if (s.datastore || !inv || inv->kind == ServiceKind::datastore) continue;
    const std::string& name = inv->name;
    for (const auto& c : database_connections(s)) {
      auto [it, inserted] = first_user.try_emplace(c.target.key(), FirstUser{name, c.evidence});
      if (inserted || it->second.service == name) continue;
      std::string message = "service \"" + name + "\" connects to " + describe_store(c.target) + ", which \"" +
                            it->second.service + "\" also uses";
      std::vector<Related> related{{it->second.evidence->span, "\"" + it->second.service + "\" connects to it here"}};
      ctx.report(c.evidence->span, std::move(message), name, std::move(related));
    }
  }
}

}  // namespace archgate
