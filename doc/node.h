// A parsed YAML or JSON document as one position-carrying tree. Both readers
// (yaml_reader.cpp, json_reader.cpp) produce it, so the OpenAPI, Compose,
// inventory and config loaders work the same on either syntax.
//
// The tree is a true tree: YAML aliases are expanded (within a node budget, so
// alias bombs and alias cycles stop with an error) and merge keys (`<<`) are
// applied, so consumers never need visited sets.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace archgate {

struct Mark {
  std::uint32_t line = 0;    // 1-based; 0 = unknown
  std::uint32_t column = 0;  // 1-based, code points
};

class Node {
 public:
  enum class Kind : std::uint8_t { null, scalar, sequence, map };

  // The YAML tags a consumer acts on (Compose's `!reset` and `!override`);
  // any other tag is read as if absent.
  enum class Tag : std::uint8_t { none, reset, override_value };

  Kind kind = Kind::null;
  bool quoted = false;  // a quoted YAML scalar or a JSON string
  Tag tag = Tag::none;
  Mark mark;            // where the node starts
  std::string text;     // scalar text (also "null"/"~" for explicit nulls)
  std::vector<Node> items;  // sequence items, or map values
  struct Key {
    std::string text;
    Mark mark;
  };
  std::vector<Key> keys;  // map keys, parallel to items

  bool is_null() const { return kind == Kind::null; }
  bool is_scalar() const { return kind == Kind::scalar; }
  bool is_sequence() const { return kind == Kind::sequence; }
  bool is_map() const { return kind == Kind::map; }
  // A string-valued scalar: quoted, or plain and not null/bool/number.
  bool is_string() const;
  std::optional<bool> as_bool() const;  // YAML 1.1/1.2 and JSON booleans

  // Map lookup (first match); nullptr when absent or not a map.
  const Node* get(std::string_view key) const;
  const Key* key_of(std::string_view key) const;
  std::size_t size() const { return items.size(); }
};

std::string_view kind_name(Node::Kind kind);

struct DocumentProblem {
  enum class Kind : std::uint8_t { other, duplicate_key };
  std::string message;
  Mark mark;
  Kind kind = Kind::other;
};

// The warning for a key that appears twice in one mapping, at the second one;
// `keys` are the mapping's keys so far (the first one among them).
DocumentProblem duplicate_key(const std::string& key, Mark second, const std::vector<Node::Key>& keys);

struct Document {
  Node root;
  // Fatal: the document could not be read; root is null.
  std::optional<DocumentProblem> error;
  // Non-fatal oddities: duplicate keys, ...
  std::vector<DocumentProblem> warnings;
};

struct ReadLimits {
  std::size_t max_depth = 256;
  std::size_t max_nodes = 2'000'000;  // after alias expansion
};

// Both readers take raw file bytes (BOM, CRLF allowed) and never throw.
Document read_yaml(std::string_view text, const ReadLimits& limits = {});
Document read_json(std::string_view text, const ReadLimits& limits = {});
// By file extension: .json -> JSON, otherwise YAML.
Document read_document(std::string_view path, std::string_view text, const ReadLimits& limits = {});

}  // namespace archgate
