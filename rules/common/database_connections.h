// Which databases a Compose service connects to, read from its environment:
// connection URLs (postgres://, mysql://, mongodb://, jdbc:…, sqlserver://),
// libpq and ADO.NET key=value strings, and *_HOST + *_NAME/_DATABASE/_DB
// variable pairs, and emulator or endpoint variables of managed stores
// (FIRESTORE_EMULATOR_HOST with the project, DYNAMODB_ENDPOINT with the
// region, COSMOS_ENDPOINT with the database). Shared by AG106 (shared-database) and AG201
// (gateway-owns-data).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"

namespace archgate {

struct DatabaseTarget {
  std::string family;    // "postgres", "mysql", "mongodb", "sqlserver", "oracle", "" when unknown
  std::string host;      // lower case; several hosts joined with ','
  std::string port;      // "" when absent or a default port
  std::string database;  // as written

  // Same server (host and non-default port) and same database name.
  std::string key() const { return host + (port.empty() ? "" : ":" + port) + "/" + database; }
};

// A single value: a URL, a JDBC URL or a key=value connection string. Only
// databases (not caches or brokers); nullopt when no host or no database
// name can be read.
std::optional<DatabaseTarget> parse_database_url(std::string_view value);

// "database \"orders\" on \"postgres\"", "Firestore project \"shop\" on \"firestore:8080\"".
std::string describe_store(const DatabaseTarget& target);

struct DatabaseConnection {
  DatabaseTarget target;
  const EnvVar* evidence = nullptr;  // the URL variable, or the *_HOST variable of a pair
};

// Every database connection in the service's environment, one per distinct
// target (the first variable naming it). Hosts that only the container
// itself can reach (localhost, 127.0.0.1) are left out.
std::vector<DatabaseConnection> database_connections(const ComposeService& service);

}  // namespace archgate
