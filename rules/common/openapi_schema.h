// Reading schemas of a loaded OpenAPI contract for rules: `$ref`s followed
// across the contract's files (OpenApiDocument::files), and a flattened view
// of one schema level (its `allOf` members folded in). Only what the loader
// already read is visited: a `$ref` it could not load leads nowhere here.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "doc/node.h"
#include "model/model.h"

namespace archgate {

// A node and the file it lives in.
struct SchemaAt {
  const std::string* file = nullptr;
  const Node* node = nullptr;
  explicit operator bool() const { return node != nullptr && file != nullptr; }
};

class SchemaResolver {
 public:
  explicit SchemaResolver(const OpenApiDocument& doc);
  // Follows `$ref` chains from `node` (bounded); an empty SchemaAt when the
  // chain leads nowhere or loops.
  SchemaAt resolve(const std::string& file, const Node* node) const;
  SchemaAt resolve(SchemaAt at) const { return at ? resolve(*at.file, at.node) : at; }
  // The stable path string for a file of the contract (null when not loaded).
  const std::string* file(const std::string& path) const;

 private:
  SchemaAt follow(const std::string& file, const std::string& ref) const;
  std::map<std::string, const OpenApiDocument::File*, std::less<>> files_;
};

// The span of a map key / a node in a contract file. Keys of JSON files are
// quoted, so their evidence is two columns wider.
Span key_span(const std::string& file, const Node::Key& key);
Span node_span(const std::string& file, const Node& node);

// One level of a schema with its `allOf` members folded in.
struct SchemaView {
  SchemaAt at;  // the resolved schema node
  bool known = false;  // resolved to a mapping
  struct Property {
    std::string name;
    SchemaAt key_file;         // file of the key
    const Node::Key* key = nullptr;
    SchemaAt value;            // as written (may be a $ref)
  };
  std::vector<Property> properties;
  SchemaAt properties_owner;   // the map holding the first `properties` key
  const Node::Key* properties_key = nullptr;
  std::set<std::string> required;
  std::optional<std::set<std::string>> types;  // nullopt: no type stated; "null" when nullable
  Span type_span;                               // where the types are stated
  std::optional<SchemaAt> items;
  std::optional<std::vector<std::string>> enum_values;
  Span enum_span;
  bool read_only = false;
  bool write_only = false;
  bool composite = false;  // oneOf/anyOf: the properties listed are not all there is

  const Property* property(const std::string& name) const;
};

SchemaView view_schema(const SchemaResolver& resolver, SchemaAt schema);

}  // namespace archgate
