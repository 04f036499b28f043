#include "rules/common/database_connections.h"

#include <algorithm>

#include "base/text.h"

namespace archgate {

namespace {

std::string family_of_scheme(std::string_view scheme) {
  std::string s = to_lower(scheme);
  if (s != "mongodb+srv") s = s.substr(0, s.find('+'));  // postgresql+asyncpg, mysql+pymysql
  if (s == "postgres" || s == "postgresql" || s == "pgsql" || s == "postgis" || s == "cockroachdb" ||
      s == "cockroach" || s == "timescaledb" || s == "yugabytedb")
    return "postgres";
  if (s == "mysql" || s == "mariadb" || s == "mysqlx") return "mysql";
  if (s == "mongodb" || s == "mongodb+srv") return "mongodb";
  if (s == "sqlserver" || s == "mssql") return "sqlserver";
  if (s == "oracle") return "oracle";
  return {};
}

bool default_port(std::string_view family, std::string_view port) {
  if (family == "postgres") return port == "5432" || port == "26257";
  if (family == "mysql") return port == "3306";
  if (family == "mongodb") return port == "27017";
  if (family == "sqlserver") return port == "1433";
  if (family == "oracle") return port == "1521";
  return port == "5432" || port == "3306" || port == "27017" || port == "1433" || port == "1521";
}

// "host:port" or "[v6]:port" -> host, port.
std::pair<std::string, std::string> host_port(std::string_view text) {
  if (!text.empty() && text.front() == '[') {
    std::size_t close = text.find(']');
    if (close != std::string_view::npos) {
      std::string_view rest = text.substr(close + 1);
      return {to_lower(text.substr(1, close - 1)), rest.size() > 1 && rest[0] == ':' ? std::string(rest.substr(1)) : ""};
    }
  }
  std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return {to_lower(text), ""};
  return {to_lower(text.substr(0, colon)), std::string(text.substr(colon + 1))};
}

std::optional<DatabaseTarget> finish(DatabaseTarget t) {
  if (t.host.empty() || t.database.empty()) return std::nullopt;
  if (!t.port.empty() && default_port(t.family, t.port)) t.port.clear();
  return t;
}

// `;key=value;...` properties (JDBC SQL Server, ADO.NET): value of the first key present.
std::string property(std::string_view text, std::initializer_list<std::string_view> names, char separator) {
  for (auto part : split(text, separator)) {
    std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    std::string key = to_lower(trim(part.substr(0, eq)));
    for (auto name : names)
      if (key == name) return std::string(trim(part.substr(eq + 1)));
  }
  return {};
}

std::optional<DatabaseTarget> parse_url(std::string_view family, std::string_view rest, bool sqlserver) {
  DatabaseTarget t;
  t.family = std::string(family);
  std::size_t end = rest.find_first_of(sqlserver ? "/?#;" : "/?#");
  std::string_view authority = rest.substr(0, end);
  if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority = authority.substr(at + 1);
  std::vector<std::string> hosts;
  std::string port;
  for (auto part : split(authority, ',')) {
    if (part.empty()) continue;
    auto [h, p] = host_port(part);
    if (sqlserver) h = h.substr(0, h.find('\\'));  // host\instance
    hosts.push_back(h);
    if (port.empty()) port = p;
  }
  std::sort(hosts.begin(), hosts.end());
  for (const auto& h : hosts) t.host += (t.host.empty() ? "" : ",") + h;
  t.port = hosts.size() == 1 ? port : std::string();
  std::string_view tail = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  if (sqlserver) {
    t.database = property(tail, {"databasename", "database"}, ';');
  } else if (!tail.empty() && tail[0] == '/') {
    std::string_view path = tail.substr(1);
    t.database = std::string(path.substr(0, path.find_first_of("/?#;")));
  }
  std::size_t query = tail.find('?');
  if (query != std::string_view::npos) {
    std::string_view q = tail.substr(query + 1);
    if (t.database.empty()) t.database = property(q, {"dbname", "database"}, '&');
    if (t.host.empty()) t.host = to_lower(property(q, {"host"}, '&'));
  }
  if (!t.host.empty() && t.host[0] == '/') t.host.clear();  // a Unix socket
  return finish(std::move(t));
}

std::optional<DatabaseTarget> parse_oracle(std::string_view rest) {
  std::size_t at = rest.find('@');
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view target = rest.substr(at + 1);
  if (target.substr(0, 2) == "//") target = target.substr(2);
  DatabaseTarget t;
  t.family = "oracle";
  std::size_t slash = target.find('/');
  std::string_view server = target.substr(0, slash);
  if (slash != std::string_view::npos) {
    t.database = std::string(target.substr(slash + 1, target.find_first_of("?;", slash + 1) - slash - 1));
    auto [h, p] = host_port(server);
    t.host = h;
    t.port = p;
  } else {
    auto parts = split(server, ':');  // host:port:SID
    if (parts.size() == 3) {
      t.host = to_lower(parts[0]);
      t.port = std::string(parts[1]);
      t.database = std::string(parts[2]);
    }
  }
  return finish(std::move(t));
}

// libpq ("host=pg dbname=orders") and ADO.NET ("Server=pg;Database=orders").
std::optional<DatabaseTarget> parse_key_values(std::string_view value) {
  char separator = value.find(';') != std::string_view::npos ? ';' : ' ';
  DatabaseTarget t;
  std::string host = property(value, {"host", "server", "data source", "address", "addr", "network address"},
                              separator);
  t.database = property(value, {"dbname", "database", "initial catalog"}, separator);
  t.port = property(value, {"port"}, separator);
  if (starts_with_icase(host, "tcp:")) host = host.substr(4);
  if (std::size_t comma = host.find(','); comma != std::string::npos) {  // Server=host,1433
    t.port = host.substr(comma + 1);
    host.resize(comma);
  }
  t.host = to_lower(trim(host));
  t.host = t.host.substr(0, t.host.find('\\'));
  if (t.host.find(':') != std::string::npos && t.host.find('[') == std::string::npos &&
      std::count(t.host.begin(), t.host.end(), ':') == 1) {
    auto [h, p] = host_port(t.host);
    t.host = h;
    if (t.port.empty()) t.port = p;
  }
  return finish(std::move(t));
}

bool is_local(std::string_view host) {
  return host == "localhost" || host == "127.0.0.1" || host == "::1" || host == "0.0.0.0" ||
         host == "host.docker.internal";
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// DB_HOST + DB_NAME, POSTGRES_HOST + POSTGRES_DB, PGHOST + PGDATABASE ...
std::optional<DatabaseTarget> pair_target(const ComposeService& service, const EnvVar& host_var) {
  std::string name = upper(host_var.name);
  std::string prefix;
  std::vector<std::string> db_names, port_names;
  if (name == "PGHOST") {
    db_names = {"PGDATABASE"};
    port_names = {"PGPORT"};
    prefix = "PG";
  } else if (ends_with(name, "_HOST") && name.size() > 5) {
    prefix = name.substr(0, name.size() - 5);
    db_names = {prefix + "_DATABASE", prefix + "_DBNAME", prefix + "_DB"};
    bool db_like = prefix.find("DB") != std::string::npos || prefix.find("DATABASE") != std::string::npos ||
                   prefix.find("POSTGRES") != std::string::npos || prefix.find("PG") != std::string::npos ||
                   prefix.find("MYSQL") != std::string::npos || prefix.find("MARIADB") != std::string::npos ||
                   prefix.find("MONGO") != std::string::npos || prefix.find("SQL") != std::string::npos ||
                   prefix.find("ORACLE") != std::string::npos;
    if (db_like) db_names.push_back(prefix + "_NAME");
    port_names = {prefix + "_PORT"};
  } else {
    return std::nullopt;
  }
  // Caches and brokers also have hosts and numbered "databases".
  for (std::string_view not_db : {"REDIS", "CACHE", "VALKEY", "KAFKA", "RABBIT", "AMQP", "NATS", "MQ", "SMTP",
                                  "MAIL", "ELASTIC", "SEARCH", "MEMCACHE"}) {
    if (prefix.find(not_db) != std::string::npos) return std::nullopt;
  }
  if (host_var.value.find("://") != std::string::npos) return std::nullopt;  // a URL: read as one
  auto lookup = [&](const std::vector<std::string>& names) -> std::string {
    for (const auto& candidate : names)
      for (const auto& e : service.environment)
        if (upper(e.name) == candidate && !trim(e.value).empty()) return std::string(trim(e.value));
    return {};
  };
  DatabaseTarget t;
  if (prefix.find("POSTGRES") != std::string::npos || prefix == "PG") t.family = "postgres";
  else if (prefix.find("MYSQL") != std::string::npos || prefix.find("MARIADB") != std::string::npos) t.family = "mysql";
  else if (prefix.find("MONGO") != std::string::npos) t.family = "mongodb";
  t.host = to_lower(trim(host_var.value));
  t.database = lookup(db_names);
  t.port = lookup(port_names);
  return finish(std::move(t));
}

// Stores reached through an emulator or endpoint variable and named by a
// project, instance or region variable rather than a URL:
// FIRESTORE_EMULATOR_HOST + GOOGLE_CLOUD_PROJECT, DYNAMODB_ENDPOINT +
// AWS_REGION, COSMOS_ENDPOINT + COSMOS_DATABASE ...
struct EndpointStore {
  std::string_view family;
  std::vector<std::string_view> hosts;   // variables holding the endpoint (exact names)
  std::vector<std::vector<std::string_view>> names;  // the parts of the store's name, each a list of variables
  std::string_view unnamed;              // the name when no variable gives one
};

const std::vector<EndpointStore>& endpoint_stores() {
  static const std::vector<std::string_view> kProject = {"GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT", "GCP_PROJECT",
                                                         "CLOUDSDK_CORE_PROJECT", "PROJECT_ID"};
  auto with = [](std::vector<std::string_view> first, const std::vector<std::string_view>& rest) {
    first.insert(first.end(), rest.begin(), rest.end());
    return first;
  };
  static const std::vector<EndpointStore> kStores = {
      {"firestore", {"FIRESTORE_EMULATOR_HOST"}, {with({"FIRESTORE_PROJECT_ID", "FIREBASE_PROJECT_ID"}, kProject)},
       "(default project)"},
      {"datastore", {"DATASTORE_EMULATOR_HOST"}, {with({"DATASTORE_PROJECT_ID", "DATASTORE_DATASET"}, kProject)},
       "(default project)"},
      {"firebase", {"FIREBASE_DATABASE_EMULATOR_HOST"}, {with({"FIREBASE_PROJECT_ID"}, kProject)},
       "(default project)"},
      {"spanner", {"SPANNER_EMULATOR_HOST"},
       {with({"SPANNER_PROJECT_ID"}, kProject), {"SPANNER_INSTANCE", "SPANNER_INSTANCE_ID"},
        {"SPANNER_DATABASE", "SPANNER_DATABASE_ID"}},
       "(default)"},
      {"bigtable", {"BIGTABLE_EMULATOR_HOST"},
       {with({"BIGTABLE_PROJECT_ID"}, kProject), {"BIGTABLE_INSTANCE", "BIGTABLE_INSTANCE_ID"}}, "(default)"},
      {"dynamodb",
       {"AWS_ENDPOINT_URL_DYNAMODB", "DYNAMODB_ENDPOINT", "DYNAMODB_ENDPOINT_URL", "DYNAMODB_URL", "DYNAMO_ENDPOINT",
        "DYNAMODB_HOST", "DYNAMO_DB_ENDPOINT"},
       {{"AWS_REGION", "AWS_DEFAULT_REGION", "DYNAMODB_REGION"}},
       "(default region)"},
      {"cosmos", {"COSMOS_ENDPOINT", "COSMOSDB_ENDPOINT", "COSMOS_DB_ENDPOINT", "AZURE_COSMOS_ENDPOINT"},
       {{"COSMOS_DATABASE", "COSMOSDB_DATABASE", "COSMOS_DB_DATABASE", "COSMOS_DATABASE_NAME", "AZURE_COSMOS_DATABASE"}},
       "(default database)"},
  };
  return kStores;
}

std::optional<DatabaseTarget> endpoint_target(const ComposeService& service, const EnvVar& var) {
  std::string name = upper(var.name);
  for (const auto& store : endpoint_stores()) {
    if (std::find(store.hosts.begin(), store.hosts.end(), name) == store.hosts.end()) continue;
    std::string_view where = trim(var.value);
    if (std::size_t scheme = where.find("://"); scheme != std::string_view::npos) where.remove_prefix(scheme + 3);
    where = where.substr(0, where.find('/'));
    if (where.empty()) return std::nullopt;
    auto [host, port] = host_port(where);
    DatabaseTarget t;
    t.family = std::string(store.family);
    t.host = std::move(host);
    t.port = std::move(port);
    for (const auto& part : store.names) {
      std::string value;
      for (std::string_view candidate : part) {
        for (const auto& e : service.environment)
          if (value.empty() && upper(e.name) == candidate && !trim(e.value).empty()) value = std::string(trim(e.value));
      }
      if (value.empty()) continue;
      t.database += (t.database.empty() ? "" : "/") + value;
    }
    if (t.database.empty()) t.database = std::string(store.unnamed);
    return finish(std::move(t));
  }
  return std::nullopt;
}

}  // namespace

std::string describe_store(const DatabaseTarget& t) {
  std::string server = t.host + (t.port.empty() ? "" : ":" + t.port);
  static const std::pair<std::string_view, std::string_view> kLabels[] = {
      {"firestore", "Firestore project"}, {"datastore", "Datastore project"}, {"firebase", "Firebase project"},
      {"spanner", "Spanner database"},    {"bigtable", "Bigtable instance"},  {"dynamodb", "DynamoDB"},
      {"cosmos", "Cosmos DB database"}};
  for (const auto& [family, label] : kLabels)
    if (t.family == family) return std::string(label) + " \"" + t.database + "\" on \"" + server + "\"";
  return "database \"" + t.database + "\" on \"" + server + "\"";
}

std::optional<DatabaseTarget> parse_database_url(std::string_view raw) {
  std::string_view value = trim(raw);
  if (value.size() > 4096) return std::nullopt;
  if (starts_with_icase(value, "jdbc:")) {
    std::string_view rest = value.substr(5);
    if (starts_with_icase(rest, "oracle:")) return parse_oracle(rest);
    std::size_t sep = rest.find("://");
    if (sep == std::string_view::npos) return std::nullopt;
    std::string family = family_of_scheme(rest.substr(0, sep));
    if (family.empty()) return std::nullopt;
    return parse_url(family, rest.substr(sep + 3), family == "sqlserver");
  }
  std::size_t sep = value.find("://");
  if (sep != std::string_view::npos) {
    std::string_view scheme = value.substr(0, sep);
    if (scheme.find_first_of(" ;=") != std::string_view::npos) return std::nullopt;
    std::string family = family_of_scheme(scheme);
    if (family.empty()) return std::nullopt;
    return parse_url(family, value.substr(sep + 3), family == "sqlserver" && value.find(';') != std::string_view::npos);
  }
  if (value.find('=') != std::string_view::npos) return parse_key_values(value);
  return std::nullopt;
}

std::vector<DatabaseConnection> database_connections(const ComposeService& service) {
  std::vector<DatabaseConnection> out;
  auto add = [&](DatabaseTarget t, const EnvVar& e) {
    if (is_local(t.host)) return;
    for (const auto& c : out)
      if (c.target.key() == t.key()) return;
    out.push_back({std::move(t), &e});
  };
  for (const auto& e : service.environment) {
    if (auto t = endpoint_target(service, e)) add(std::move(*t), e);
    else if (auto u = parse_database_url(e.value)) add(std::move(*u), e);
    else if (auto p = pair_target(service, e)) add(std::move(*p), e);
  }
  return out;
}

}  // namespace archgate
