// Docker Compose (SPEC 2.3): default files, overrides, extends, .env
// interpolation, depends_on, environment, env_file, healthcheck, build and
// the Dockerfile's HEALTHCHECK.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "loaders/compose_interpolate.h"
#include "model/model.h"
#include "sources/file_source.h"

namespace archgate {

// Finds compose.yaml / compose.yml / docker-compose.yml / docker-compose.yaml
// at the root (the first that exists), its override file, plus `extra_files`,
// and merges them as `docker compose` does. No Compose file: empty project.
// `environment` plays the shell's part (archgate.yaml `env:`, --env-file):
// it wins over .env files, as the shell does for `docker compose`.
ComposeProject load_compose(const FileSource& files, const std::vector<std::string>& extra_files,
                            Sink& findings, const Variables& environment = {});

// What an image is, judged by its name (the last path component without tag
// or digest): "postgres:16", "bitnami/kafka", "mcr.microsoft.com/mssql/server".
enum class DatastoreKind : std::uint8_t {
  none,      // an application (or unknown) image
  database,  // relational and document databases: postgres, mysql, mongo, mssql ...
  cache,     // redis, valkey, memcached ...
  broker,    // kafka, rabbitmq, nats ...
  other,     // object stores, search engines, coordination and secret stores
};
DatastoreKind datastore_kind(std::string_view image);

// True for images of databases, caches and brokers (postgres, mysql, redis ...).
bool is_datastore_image(std::string_view image);
// True for relational and document databases only (not caches or brokers).
bool is_database_image(std::string_view image);

}  // namespace archgate
