// The Model: everything the loaders learned about one repository, built once,
// immutable afterwards. Rules see only this (rules/rule.h). Every element
// carries the Span of the text it came from.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/diagnostic.h"
#include "base/hash.h"
#include "doc/node.h"

namespace archgate {

// ---------------------------------------------------------------------------
// Inventory (service-inventory.json)

template <typename T>
struct Located {
  T value;
  Span span;
};

// platform: shared infrastructure every service may use (config server,
// discovery, tracing, admin server): calls to it need no mayCall, and the
// release rules of business services (contract, rollback notes) skip it.
enum class ServiceKind : std::uint8_t { service, gateway, worker, datastore, platform };
std::string_view service_kind_name(ServiceKind kind);

struct InventoryService {
  std::string name;
  Span span;       // the "name" value
  Span entry;      // the service object's opening brace
  ServiceKind kind = ServiceKind::service;
  std::string path;                       // source root, relative; may not exist
  bool path_exists = false;
  std::optional<Located<std::string>> path_field;        // when given explicitly
  std::string openapi;                    // resolved contract file, "" when none
  std::optional<Located<std::string>> openapi_field;
  std::string migrations;                 // resolved migration folder, "" when none
  std::optional<Located<std::string>> migrations_field;
  std::string compose;                    // its name in Compose
  std::optional<Located<std::string>> compose_field;
  std::string dialect;                    // SQL dialect as given ("mysql", ...); "" = Config::default_dialect
  std::vector<Located<std::string>> owns;
  std::vector<Located<std::string>> may_call;
  Span may_call_key;  // the "mayCall" key (path empty when the service has none)
  std::vector<Located<std::string>> must_not;
};

struct Inventory {
  std::string path;  // "service-inventory.json"
  std::vector<InventoryService> services;
  std::vector<Located<std::string>> release_rules;

  // By name: an index once index_services() ran (the model builder runs it;
  // rules look services up thousands of times), else a scan.
  const InventoryService* find(std::string_view name) const;
  void index_services();

 private:
  std::unordered_map<std::string, std::size_t, StringHash, std::equal_to<>> by_name_;  // name -> services[i]
};

// ---------------------------------------------------------------------------
// SQL (migrations and SQL found in code)

// PostgreSQL identifier rules: unquoted names are folded to lower case.
// Interned (SharedPath): every migration and query names the same few tables.
struct TableName {
  SharedPath schema;  // "" when unqualified
  SharedPath name;
  std::string display() const { return schema.empty() ? name.str() : schema + "." + name; }
};

enum class TableAccess : std::uint8_t {
  create,      // CREATE TABLE
  alter,       // ALTER TABLE, CREATE INDEX ON, COMMENT ON, GRANT ...
  drop,        // DROP TABLE, TRUNCATE
  write,       // INSERT / UPDATE / DELETE / MERGE target
  read,        // FROM / JOIN / subquery
  references,  // a foreign key's target
};
std::string_view table_access_name(TableAccess access);

struct TableRef {
  TableName table;
  TableAccess access = TableAccess::read;
  Span span;  // the table name in the statement
  // For references: the table holding the foreign key.
  std::optional<TableName> from_table;
  // The relation is a view or materialized view (CREATE/ALTER/DROP VIEW), not
  // a table: AG103 does not ask for views to be owned.
  bool is_view = false;
};

struct SqlStatement {
  Span span;          // first token of the statement
  SharedPath kind;    // "CreateStmt", "AlterTableStmt", "ViewStmt", ... (interned)
  std::vector<TableRef> tables;
};

enum class MigrationLayout : std::uint8_t {
  flyway, golang_migrate, dbmate, liquibase, sqitch, plain
};
enum class MigrationDirection : std::uint8_t { up, down, repeatable };

struct MigrationFile {
  std::string path;
  std::string service;
  MigrationLayout layout = MigrationLayout::plain;
  MigrationDirection direction = MigrationDirection::up;
  std::string version;      // "1", "20240101120000", change set id, sqitch change
  std::string description;  // Liquibase: the change set's author
  // Where this migration starts in its file: 1, or the `--changeset` line of a
  // Liquibase change set (each change set is its own MigrationFile).
  std::uint32_t start_line = 1;
  // Rollback: a counterpart file, an in-file down section, or a note.
  bool has_down_section = false;            // dbmate `-- migrate:down` with SQL, liquibase `--rollback`
  std::optional<Span> rollback_note;        // `-- rollback: <how>`
  std::vector<SqlStatement> statements;     // up direction only
  // Digest of this migration's text (the change set's for Liquibase), line
  // endings ignored (base/hash.h text_digest): AG308 compares it with the
  // base side's to find edited migrations. 0 when the file was not read.
  std::uint64_t digest = 0;
};

// ---------------------------------------------------------------------------
// OpenAPI

// The names, locations, methods and statuses below are interned
// (SharedPath): a contract repeats a few dozen of them thousands of times, and
// a model of a thousand contracts is kept whole for the rules.
struct OpenApiParameter {
  SharedPath name;
  SharedPath in;  // path, query, header, cookie
  bool required = false;
  Span span;
  const Node* schema = nullptr;  // resolved (not a $ref), may be null
  SharedPath schema_file;        // file the schema node lives in
};

struct OpenApiMediaType {
  SharedPath content_type;  // interned: a thousand contracts say "application/json" ten thousand times
  const Node* schema = nullptr;  // resolved
  SharedPath schema_file;
  Span span;
};

struct OpenApiResponse {
  SharedPath status;  // "200", "4XX", "default"
  Span span;
  std::vector<OpenApiMediaType> content;
};

struct OpenApiOperation {
  SharedPath method;  // lower case: get, post, ...
  std::string path;    // "/orders/{id}"
  Span span;           // the method key
  Span path_span;      // the path key
  std::string operation_id;
  std::vector<OpenApiParameter> parameters;  // path-level merged in
  bool has_request_body = false;
  bool request_body_required = false;
  Span request_body_span;
  std::vector<OpenApiMediaType> request_body;
  std::vector<OpenApiResponse> responses;
};

// A schema reachable from the contract, with the file it lives in; named
// schemas are components.schemas (or Swagger 2 definitions) entries.
struct OpenApiSchemaName {
  SharedPath name;
  Span span;  // the key under components/schemas
};

struct OpenApiProperty {
  SharedPath name;
  Span span;            // the property key, in the file it lives in
  SharedPath owner;     // "#/components/schemas/Order" or the operation it hangs off (interned: shared by its siblings)
};

struct OpenApiDocument {
  std::string path;      // root file
  std::string service;   // owning service ("" when not matched)
  std::string version;   // "3.0.3", "3.1.0", "2.0"
  Span paths_span;       // the `paths` key of the root file (path empty when absent)
  std::vector<Located<std::string>> path_keys;  // every key under `paths`, with its span
  std::vector<OpenApiOperation> operations;
  std::vector<OpenApiSchemaName> schema_names;
  std::vector<OpenApiProperty> properties;  // every property name of every reachable schema
  // The root file parsed into a mapping (else AG001 said why).
  bool readable = false;
  // servers[].url and Swagger 2 basePath of the root file, as written, in
  // that order (AG403 strips them from the paths code calls).
  std::vector<std::string> base_urls;
  // Of the path and bytes of every file loaded: two loads with the same
  // digest read the same contract.
  std::uint64_t digest = 0;
  // Every file loaded for this contract (root first). Their trees are kept
  // only when schemas must be walked (AG404 in two-sided runs: see
  // loaders/openapi.h drop_trees); the rest of this struct never needs them.
  // Index = position in `files`.
  struct File {
    SharedPath path;
    Document doc;
  };
  // unique_ptr: schema pointers above point into these trees and must stay put.
  std::vector<std::unique_ptr<File>> files;
};

// ---------------------------------------------------------------------------
// Compose and Dockerfiles

struct EnvVar {
  std::string name;
  std::string value;  // after interpolation
  Span span;          // the entry (key for map form, item for list form)
};

struct DependsOn {
  std::string service;
  std::string condition;  // service_started (default), service_healthy, service_completed_successfully
  bool long_form = false;
  Span span;              // the entry
};

enum class HealthState : std::uint8_t { none, compose, dockerfile, disabled };

struct ComposeService {
  std::string name;
  Span span;  // the service's key
  std::string image;
  Span image_span;
  std::string build_context;   // relative to the root, "" when no build
  std::string dockerfile;      // relative to the root, "" when none resolved
  std::string base_image;      // the FROM of the Dockerfile's built stage, "" when none
  HealthState health = HealthState::none;
  Span health_span;            // healthcheck key, or the Dockerfile HEALTHCHECK line
  std::vector<DependsOn> depends_on;
  std::vector<EnvVar> environment;
  std::vector<std::string> profiles;
  std::vector<std::string> networks;
  bool datastore = false;      // postgres, redis, kafka ... by image, or by the FROM of its Dockerfile
};

struct ComposeProject {
  std::vector<std::string> files;  // in merge order
  std::vector<std::string> support_files;  // .env, env_file and Dockerfiles that were read
  std::vector<ComposeService> services;
  const ComposeService* find(std::string_view name) const;
};

// ---------------------------------------------------------------------------
// Source code

struct SourceUrl {
  std::string url;   // the literal as written
  std::string host;  // "payment-service"
  std::string path;  // "/v1/charges" ("" when none)
  Span span;
};

struct SourcePath {
  std::string method;  // "get", "post" when visible next to the literal, else ""
  std::string path;    // "/inventory/{}" with placeholders normalised to "{}"
  Span span;
  // The base URL the path is appended to, as far as the code shows it: the
  // placeholder the literal starts with (`${process.env.INVENTORY_URL}/x` ->
  // "process.env.INVENTORY_URL"), the operand of a concatenation before it
  // (`inventoryUrl + "/x"` -> "inventoryUrl"), or the string arguments of that
  // operand (`os.getenv("INVENTORY_URL") + "/x"` -> "INVENTORY_URL"); "" when
  // none is visible.
  std::string base;
};

// A place where code computes or decides: an arithmetic operator or a
// comparison, with the identifiers taking part (lower case).
struct ComputationSite {
  Span span;
  std::string op;  // "*", "-", "<", "switch", or an aggregate call: "Sum", "reduce" ...
  std::vector<std::string> identifiers;
  std::string excerpt;   // the trimmed line, for messages
  std::string function;  // the name of the function it is in, "" when unknown
};

struct SourceFile {
  std::string path;
  std::string service;
  std::string language;  // "js", "python", "java", "go", "csharp", "cpp", "ruby", "php", "kotlin"
  std::vector<SqlStatement> sql;        // string literals that parse as SQL
  std::vector<SourceUrl> urls;
  std::vector<SourcePath> paths;
  std::vector<ComputationSite> computations;
  std::vector<Span> header_mentions;    // correlation header mentions (x-request-id)
  bool is_test = false;
};

// ---------------------------------------------------------------------------

// Files in a service's folder that say how it is operated (AG305, AG306).
struct ServiceFolder {
  // ROLLBACK.md (any case), or a README with a "Rollback" heading; "" when none.
  std::string rollback_runbook;
  // Files below a test/, tests/, __tests__/, spec/ or specs/ folder of the
  // service, in any language (the scanner marks the languages it knows with
  // SourceFile::is_test).
  std::vector<std::string> test_files;
};

// An `archgate-ignore AG102: reason` comment, found in any file archgate read.
struct Suppression {
  Span span;                      // the marker "archgate-ignore"
  std::vector<std::string> rules; // ids as written (AG102)
  std::string reason;             // "" when none was given (AG003)
};

struct Model {
  std::string root;  // as given on the command line
  Inventory inventory;
  ComposeProject compose;
  std::vector<OpenApiDocument> contracts;
  std::vector<MigrationFile> migrations;
  std::vector<SourceFile> sources;
  std::vector<std::string> files;  // every file archgate read, relative
  // What the builder noticed in each service's folder besides the artifacts it
  // parses, by service name; only services whose folder exists have an entry.
  std::map<std::string, ServiceFolder> service_folders;
  // AG001 / AG002 found while loading; rules/integrity reports them so that
  // selection, severities and suppressions apply to them like to any rule.
  std::vector<Diagnostic> load_findings;
  std::vector<Suppression> suppressions;  // sorted by path and line

  const OpenApiDocument* contract_of(std::string_view service) const;
};

}  // namespace archgate
