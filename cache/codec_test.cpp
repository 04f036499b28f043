#include "cache/codec.h"

#include <catch2/catch.hpp>

#include "loaders/migrations.h"
#include "loaders/openapi.h"

namespace archgate {
namespace {

template <typename T>
std::string encode(const T& item) {
  Encoder out;
  value(out, const_cast<T&>(item));  // writing reads only
  return out.take();
}

template <typename T>
std::optional<T> decode(std::string_view bytes) {
  Decoder in(bytes);
  T item;
  value(in, item);
  if (!in.ok() || !in.at_end()) return std::nullopt;
  return item;
}

OpenApiDocument sample_contract() {
  MemoryFileSource files;
  files.add("services/orders/openapi.yaml",
            "openapi: 3.0.3\n"
            "servers: [{url: 'https://api.example.com/v1'}]\n"
            "paths:\n"
            "  /orders/{id}:\n"
            "    parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n"
            "    get:\n"
            "      operationId: getOrder\n"
            "      responses:\n"
            "        '200': {description: ok, content: {application/json: {schema: {$ref: 'common.yaml#/Order'}}}}\n"
            "        '404': {description: missing}\n");
  files.add("services/orders/common.yaml", "Order:\n  type: object\n  properties:\n    total: {type: number}\n");
  VectorSink findings;
  OpenApiDocument doc = load_openapi(files, "services/orders/openapi.yaml", findings);
  doc.service = "orders";
  drop_trees(doc);
  return doc;
}

TEST_CASE("a contract survives the cache and says the same afterwards") {
  OpenApiDocument doc = sample_contract();
  REQUIRE(doc.operations.size() == 1);
  std::string bytes = encode(doc);
  auto back = decode<OpenApiDocument>(bytes);
  REQUIRE(back);
  CHECK(encode(*back) == bytes);
  CHECK(back->service == "orders");
  CHECK(back->readable);
  CHECK(back->base_urls == std::vector<std::string>{"https://api.example.com/v1"});
  CHECK(back->digest == doc.digest);
  REQUIRE(back->operations.size() == 1);
  const auto& op = back->operations[0];
  CHECK(op.method == "get");
  CHECK(op.path == "/orders/{id}");
  CHECK(op.span.path == "services/orders/openapi.yaml");
  CHECK(op.span.line == 6);
  REQUIRE(op.parameters.size() == 1);
  CHECK(op.parameters[0].schema == nullptr);  // trees are never cached
  REQUIRE(back->files.size() == 2);
  CHECK(back->files[1]->path == "services/orders/common.yaml");
  CHECK_FALSE(has_trees(*back));
}

TEST_CASE("migrations survive the cache") {
  MemoryFileSource files;
  files.add("db/0001_init.up.sql", "CREATE TABLE orders (id int);\nALTER TABLE stock ADD COLUMN x int;\n");
  files.add("db/0001_init.down.sql", "DROP TABLE orders;\n");
  VectorSink findings;
  auto migrations = load_migrations(files, "orders", "db", "postgres", findings);
  REQUIRE(migrations.size() == 2);
  std::string bytes = encode(migrations);
  auto back = decode<std::vector<MigrationFile>>(bytes);
  REQUIRE(back);
  CHECK(encode(*back) == bytes);
  const MigrationFile& up = (*back)[1].direction == MigrationDirection::up ? (*back)[1] : (*back)[0];
  REQUIRE(up.statements.size() == 2);
  CHECK(up.statements[1].tables.at(0).table.name == "stock");
  CHECK(up.statements[1].tables.at(0).access == TableAccess::alter);
  CHECK(up.statements[1].tables.at(0).span.line == 2);
  CHECK(up.digest != 0);
}

TEST_CASE("a damaged entry never decodes into something, and never crashes") {
  std::string bytes = encode(sample_contract());
  // Every prefix is too short.
  for (std::size_t n = 0; n < bytes.size(); ++n) CHECK_FALSE(decode<OpenApiDocument>(bytes.substr(0, n)));
  // Flipped bytes: any outcome but a crash or a huge allocation (ASan run).
  for (std::size_t i = 0; i < bytes.size(); i += 7) {
    std::string damaged = bytes;
    damaged[i] = static_cast<char>(damaged[i] ^ 0x5a);
    (void)decode<OpenApiDocument>(damaged);
  }
  // A count far beyond the bytes left is refused before anything is allocated.
  CHECK_FALSE(decode<std::vector<std::string>>(std::string("\xff\xff\xff\xff\x0f", 5)));
}

TEST_CASE("span paths are written once per entry and read back as shared paths") {
  std::vector<Span> spans{{"svc/openapi.yaml", 1, 1, 1, 5}, {"svc/common.yaml", 2, 3, 0, 0},
                          {"svc/openapi.yaml", 7, 2, 7, 9}, {"", 0, 0, 0, 0}};
  std::string bytes = encode(spans);
  CHECK(bytes.find("svc/openapi.yaml") == bytes.rfind("svc/openapi.yaml"));  // once
  auto back = decode<std::vector<Span>>(bytes);
  REQUIRE(back);
  REQUIRE(back->size() == 4);
  CHECK((*back)[0].path == "svc/openapi.yaml");
  CHECK((*back)[1].path == "svc/common.yaml");
  CHECK((*back)[2].line == 7);
  CHECK(&(*back)[0].path.str() == &(*back)[2].path.str());
  CHECK(&(*back)[0].path.str() == &SharedPath("svc/openapi.yaml").str());
  CHECK_FALSE((*back)[3].known());
  // A reference to a string the entry never wrote is damage, not a crash.
  Encoder out;
  out.varint(1);  // one span
  out.varint(5);  // its path: the fifth interned string, of none
  CHECK_FALSE(decode<std::vector<Span>>(out.take() + std::string(4, '\0')));
}

TEST_CASE("the cached structs have not grown without cache/codec.h") {
  // A field added to one of these must also be added to its fields() list in
  // cache/codec.h (or a cached run silently loses it). Then update the size.
  CHECK(sizeof(Span) == 24);
  CHECK(sizeof(Diagnostic) == 288);
  CHECK(sizeof(Suppression) == 80);
  CHECK(sizeof(TableRef) == 80);
  CHECK(sizeof(SqlStatement) == 56);
  CHECK(sizeof(MigrationFile) == 208);
  CHECK(sizeof(OpenApiParameter) == 64);
  CHECK(sizeof(OpenApiMediaType) == 48);
  CHECK(sizeof(OpenApiResponse) == 56);
  CHECK(sizeof(OpenApiOperation) == 224);
  CHECK(sizeof(OpenApiSchemaName) == 32);
  CHECK(sizeof(OpenApiProperty) == 40);
  CHECK(sizeof(OpenApiDocument) == 280);
  CHECK(sizeof(EnvVar) == 88);
  CHECK(sizeof(DependsOn) == 96);
  CHECK(sizeof(ComposeService) == 344);
  CHECK(sizeof(ComposeProject) == 72);
  CHECK(sizeof(SourceUrl) == 120);
  CHECK(sizeof(SourcePath) == 120);
  CHECK(sizeof(ComputationSite) == 144);
  CHECK(sizeof(SourceFile) == 224);
  CHECK(sizeof(ServiceFolder) == 56);
}

}  // namespace
}  // namespace archgate
