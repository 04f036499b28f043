// The Compose loader's working tree: a document tree whose every value and
// key remembers the file it came from, so a merged or extended service still
// points at the line that set each value. Internal to loaders/compose*.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "doc/node.h"
#include "loaders/compose_interpolate.h"

namespace archgate::compose {

struct Value {
  Node::Kind kind = Node::Kind::null;
  bool quoted = false;
  Node::Tag tag = Node::Tag::none;  // `!reset` / `!override`, acted on by merge_service
  std::string text;         // scalar text, after interpolation
  Mark mark;
  std::uint32_t file = 0;   // index into the loader's file table
  std::uint32_t width = 0;  // code points of the source text; 0 when unknown

  struct Key {
    std::string text;
    Mark mark;
    std::uint32_t file = 0;
    std::uint32_t width = 0;  // of the evidence: the key, or the whole `K=V` list item
    bool from_list = false;   // normalised from a list item (`- K=V`, `- redis`)
  };
  std::vector<Value> items;  // sequence items, or map values
  std::vector<Key> keys;     // map keys, parallel to items

  bool is_null() const { return kind == Node::Kind::null; }
  bool is_scalar() const { return kind == Node::Kind::scalar; }
  bool is_sequence() const { return kind == Node::Kind::sequence; }
  bool is_map() const { return kind == Node::Kind::map; }

  const Value* get(std::string_view key) const;
  Value* get(std::string_view key);
  const Key* key_of(std::string_view key) const;
  void erase(std::string_view key);
};

struct ConvertProblem {
  std::string message;
  Mark mark;
  std::uint32_t width = 0;
  std::string unset_variable = {};  // as in InterpolationProblem
};

// Copies a document tree into a Value tree of `file`, interpolating every
// scalar value with `variables` (keys are never interpolated, as in Compose).
Value convert(const Node& node, std::uint32_t file, const Variables& variables,
              std::vector<ConvertProblem>& problems);

// Brings the list-or-map and string-or-map fields of one service definition
// into their map form (environment, labels, depends_on, networks, build ...),
// so definitions from several files can be merged key by key.
void normalize_service(Value& service);

// Merges `over` on top of `base` by the Compose Specification's rules:
// mappings by key, environment/labels/depends_on/networks by name, most
// sequences appended without duplicates, command/entrypoint/healthcheck.test
// replaced, scalars overridden. An overridden key takes the override's place.
// A value tagged `!reset` removes the key, one tagged `!override` replaces the
// value whole instead of merging. Both must have been normalised.
void merge_service(Value& base, const Value& over);

// Removes the keys whose value is tagged `!reset` (left after the merges, or
// written where nothing was merged) from a service definition, at any depth.
void drop_reset(Value& service);

}  // namespace archgate::compose
