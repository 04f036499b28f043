// Datastore images by name (loaders/compose.h).
#include <string>
#include <utility>

#include "base/text.h"
#include "loaders/compose.h"

namespace archgate {

namespace {

using Kind = DatastoreKind;

// Last path components of well-known datastore images. Exact names only:
// "mongo-express", "kafka-ui" or "redis-commander" are tools, not stores.
constexpr std::pair<std::string_view, Kind> kImages[] = {
    {"postgres", Kind::database},          {"postgresql", Kind::database},
    {"postgresql-repmgr", Kind::database}, {"postgis", Kind::database},
    {"pgvector", Kind::database},          {"timescaledb", Kind::database},
    {"timescaledb-ha", Kind::database},    {"cockroach", Kind::database},
    {"cockroachdb", Kind::database},       {"yugabyte", Kind::database},
    {"mysql", Kind::database},             {"mysql-server", Kind::database},
    {"mariadb", Kind::database},           {"percona", Kind::database},
    {"percona-server", Kind::database},    {"tidb", Kind::database},
    {"mongo", Kind::database},             {"mongodb", Kind::database},
    {"mongodb-community-server", Kind::database},
    {"mongodb-enterprise-server", Kind::database},
    {"mongodb-sharded", Kind::database},   {"mssql", Kind::database},
    {"azure-sql-edge", Kind::database},    {"oracle-xe", Kind::database},
    {"oracle-free", Kind::database},       {"cassandra", Kind::database},
    {"scylla", Kind::database},            {"couchdb", Kind::database},
    {"couchbase", Kind::database},         {"arangodb", Kind::database},
    {"neo4j", Kind::database},             {"surrealdb", Kind::database},
    {"clickhouse", Kind::database},        {"clickhouse-server", Kind::database},
    {"redis", Kind::cache},                {"redis-stack", Kind::cache},
    {"redis-stack-server", Kind::cache},   {"redis-cluster", Kind::cache},
    {"valkey", Kind::cache},               {"keydb", Kind::cache},
    {"dragonfly", Kind::cache},            {"memcached", Kind::cache},
    {"kafka", Kind::broker},               {"cp-kafka", Kind::broker},
    {"cp-server", Kind::broker},           {"redpanda", Kind::broker},
    {"rabbitmq", Kind::broker},            {"nats", Kind::broker},
    {"nats-streaming", Kind::broker},      {"activemq", Kind::broker},
    {"activemq-artemis", Kind::broker},    {"artemis", Kind::broker},
    {"pulsar", Kind::broker},              {"mosquitto", Kind::broker},
    {"eclipse-mosquitto", Kind::broker},   {"emqx", Kind::broker},
    {"zookeeper", Kind::other},            {"cp-zookeeper", Kind::other},
    {"elasticsearch", Kind::other},        {"opensearch", Kind::other},
    {"solr", Kind::other},                 {"minio", Kind::other},
    {"localstack", Kind::other},           {"azurite", Kind::other},
    {"dynamodb-local", Kind::other},       {"etcd", Kind::other},
    {"consul", Kind::other},               {"vault", Kind::other},
    {"influxdb", Kind::other},             {"questdb", Kind::other},
    {"meilisearch", Kind::other},          {"typesense", Kind::other},
    {"qdrant", Kind::other},               {"weaviate", Kind::other},
    // Emulators of managed stores, run beside the services in development.
    {"azure-cosmos-emulator", Kind::database}, {"cosmosdb-emulator", Kind::database},
    {"firestore-emulator", Kind::database},    {"datastore-emulator", Kind::database},
    {"bigtable-emulator", Kind::database},     {"spanner-emulator", Kind::database},
    {"firebase-emulator", Kind::database},     {"firebase-emulators", Kind::database},
    {"gcloud-pubsub-emulator", Kind::broker},  {"pubsub-emulator", Kind::broker},
    {"goaws", Kind::broker},                   {"elasticmq", Kind::broker},
    {"elasticmq-native", Kind::broker},        {"fake-gcs-server", Kind::other},
    {"moto", Kind::other},                     {"motoserver", Kind::other},
};

}  // namespace

DatastoreKind datastore_kind(std::string_view image) {
  std::string name = to_lower(trim(image));
  if (std::size_t at = name.find('@'); at != std::string::npos) name.resize(at);
  std::size_t slash = name.rfind('/');
  std::string tag;
  if (std::size_t colon = name.rfind(':'); colon != std::string::npos &&
                                           (slash == std::string::npos || colon > slash)) {
    tag = name.substr(colon + 1);
    name.resize(colon);
  }
  std::string_view path = name;
  std::string_view last = path_basename(path);
  if (last.empty()) return Kind::none;
  // Google's SDK image runs the Firestore, Datastore, Pub/Sub, Bigtable and
  // Spanner emulators under its `emulators` tag; the Spanner emulator's own
  // image ends in a generic "emulator".
  if ((last == "cloud-sdk" || last == "google-cloud-cli") && tag.starts_with("emulators")) return Kind::other;
  if (path.find("cloud-spanner-emulator/") != std::string_view::npos) return Kind::database;
  // Vendors whose registries use generic last components.
  if (path.find("mssql/") != std::string_view::npos) return Kind::database;          // mcr.microsoft.com/mssql/server
  if (path.find("oracle.com/database/") != std::string_view::npos) return Kind::database;  // container-registry.oracle.com
  if (path.find("gvenzl/oracle") != std::string_view::npos) return Kind::database;
  for (const auto& [known, kind] : kImages) {
    if (last == known) return kind;
  }
  return Kind::none;
}

bool is_datastore_image(std::string_view image) { return datastore_kind(image) != Kind::none; }

bool is_database_image(std::string_view image) { return datastore_kind(image) == Kind::database; }

}  // namespace archgate
