// Contracts for the tests of verify/: OpenAPI files loaded from memory, and
// their named schemas (components/schemas, or definitions in Swagger 2.0)
// compiled by the schema adapter.
#pragma once

#include <catch2/catch.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "loaders/openapi.h"
#include "sources/file_source.h"
#include "verify/schema_adapter.h"

namespace archgate::verify::testing {

struct Contract {
  MemoryFileSource files;
  OpenApiDocument doc;
  std::unique_ptr<SchemaResolver> resolver;
};

// Loads a contract from path -> content pairs (root first).
inline std::unique_ptr<Contract> load_contract(const std::vector<std::pair<std::string, std::string>>& files) {
  auto c = std::make_unique<Contract>();
  for (const auto& [path, content] : files) c->files.add(path, content);
  VectorSink sink;
  c->doc = load_openapi(c->files, files.front().first, sink);
  for (const auto& d : sink.items) INFO("loader: " << d.message);
  REQUIRE(c->doc.readable);
  c->resolver = std::make_unique<SchemaResolver>(c->doc);
  return c;
}

inline std::unique_ptr<Contract> load_contract(const std::string& text, const std::string& path = "api.yaml") {
  return load_contract({{path, text}});
}

// The named schemas of one of the contract's files (0: the root).
inline const Node& schemas_of(const Contract& c, std::size_t file = 0) {
  const Node* root = &c.doc.files.at(file)->doc.root;
  const Node* schemas = root->get("definitions");
  if (!schemas) schemas = root->get("components") ? root->get("components")->get("schemas") : nullptr;
  REQUIRE(schemas);
  return *schemas;
}

inline SchemaAt named_schema(const Contract& c, const std::string& name, std::size_t file = 0) {
  const Node* node = schemas_of(c, file).get(name);
  REQUIRE(node);
  return {c.resolver->file(c.doc.files.at(file)->path), node};
}

inline std::shared_ptr<const CompiledSchema> compile_named(const Contract& c, const std::string& name,
                                                           Direction direction, std::vector<SchemaNote>& notes) {
  auto schema = compile_schema(c.doc, *c.resolver, named_schema(c, name), direction, notes);
  REQUIRE(schema);
  return schema;
}

}  // namespace archgate::verify::testing
