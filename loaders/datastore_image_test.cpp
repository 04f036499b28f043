#include <catch2/catch.hpp>

#include "loaders/compose.h"

using archgate::DatastoreKind;
using archgate::datastore_kind;
using archgate::is_database_image;
using archgate::is_datastore_image;

TEST_CASE("datastore images are recognised by their last path component") {
  for (const char* image :
       {"postgres:16-alpine", "postgis/postgis:16-3.4", "mysql", "mariadb:11", "mongo@sha256:abc", "redis:7-alpine",
        "valkey/valkey:8", "eqalpha/keydb", "memcached", "rabbitmq:3-management", "bitnami/kafka:3.7",
        "confluentinc/cp-kafka:7.6.0", "zookeeper", "docker.elastic.co/elasticsearch/elasticsearch:8.13.0",
        "opensearchproject/opensearch", "cassandra", "nats:2", "minio/minio", "localstack/localstack",
        "mcr.microsoft.com/mssql/server:2022-latest", "gvenzl/oracle-xe", "cockroachdb/cockroach:v23.2.0",
        "couchdb", "quay.io/coreos/etcd:v3.5", "hashicorp/consul", "hashicorp/vault",
        "registry.example.com:5000/team/postgres:15"}) {
    INFO(image);
    CHECK(is_datastore_image(image));
  }
}

TEST_CASE("application and tool images are not datastores") {
  for (const char* image : {"node:22-alpine", "mongo-express", "provectuslabs/kafka-ui", "rediscommander/redis-commander",
                            "nginx", "registry.example.com:5000/orders", "", "my-postgres-client"}) {
    INFO(image);
    CHECK_FALSE(is_datastore_image(image));
  }
}

TEST_CASE("databases are told apart from caches and brokers") {
  CHECK(is_database_image("postgres"));
  CHECK(is_database_image("mcr.microsoft.com/mssql/server"));
  CHECK(is_database_image("mongo:7"));
  CHECK_FALSE(is_database_image("redis"));
  CHECK_FALSE(is_database_image("bitnami/kafka"));
  CHECK(datastore_kind("redis:7") == DatastoreKind::cache);
  CHECK(datastore_kind("rabbitmq") == DatastoreKind::broker);
}

TEST_CASE("emulators of managed stores are datastores") {
  for (const char* image :
       {"mcr.microsoft.com/cosmosdb/linux/azure-cosmos-emulator", "mtlynch/firestore-emulator:latest",
        "gcr.io/cloud-spanner-emulator/emulator:1.5.0", "messagebird/gcloud-pubsub-emulator",
        "gcr.io/google.com/cloudsdktool/google-cloud-cli:emulators", "google/cloud-sdk:emulators",
        "amazon/dynamodb-local:2.0.0", "mcr.microsoft.com/azure-storage/azurite", "softwaremill/elasticmq-native",
        "fsouza/fake-gcs-server"}) {
    INFO(image);
    CHECK(is_datastore_image(image));
  }
  CHECK_FALSE(is_datastore_image("google/cloud-sdk:slim"));  // the SDK for deploy jobs, not an emulator
  CHECK_FALSE(is_datastore_image("example/emulator"));       // a generic name alone says nothing
  CHECK(datastore_kind("messagebird/gcloud-pubsub-emulator") == DatastoreKind::broker);
}
