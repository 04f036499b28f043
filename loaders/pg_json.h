// libpg_query's JSON parse trees, decoded into three flat arrays.
//
// nlohmann's document keeps every object in a std::map (an allocation per
// member) and every string in its own std::string; a parse tree is hundreds of
// small objects per statement, and building and freeing that document cost
// more than libpg_query's parse. Even nlohmann's SAX reader alone cost more
// than the parse (it reads a character at a time), so simdjson (Debian's
// libsimdjson-dev) does the JSON itself: escapes, numbers, errors, depth.
// Its DOM is copied into nodes, array items and object members, each in one
// vector, and strings into one buffer, so a document is a handful of
// allocations and is freed at once. PgJson offers the part of nlohmann::json
// the SQL walkers use (loaders/sql_tree_walk.cpp, loaders/sql_postgres.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace archgate {

class PgJsonDocument;
struct PgJsonMember;

// A value of a PgJsonDocument: a cheap handle, valid while the document is.
class PgJson {
 public:
  bool is_discarded() const;
  bool is_null() const;
  bool is_boolean() const;
  bool is_number_integer() const;
  bool is_string() const;
  bool is_array() const;
  bool is_object() const;
  bool empty() const { return size() == 0; }
  std::size_t size() const;

  // As nlohmann's get<T>() for T = std::string, std::int64_t, bool.
  template <typename T>
  T get() const;

  // Array items (none for anything else).
  const PgJson* begin() const;
  const PgJson* end() const;
  // Object members in document order: `for (const auto& [key, value] : v.items())`.
  std::span<const PgJsonMember> items() const;
  // The first member named `key`, or null.
  const PgJson* member(std::string_view key) const;

 private:
  friend class PgJsonDocument;
  friend class PgJsonBuilder;
  PgJson(const PgJsonDocument* doc, std::uint32_t node) : doc_(doc), node_(node) {}
  const PgJsonDocument* doc_ = nullptr;
  std::uint32_t node_ = 0;
};

struct PgJsonMember {
  std::string_view name;
  PgJson json;
  std::string_view key() const { return name; }
  const PgJson& value() const { return json; }
};

class PgJsonDocument {
 public:
  // Parses `text`; root().is_discarded() when it is not JSON.
  explicit PgJsonDocument(std::string_view text);
  PgJsonDocument(const PgJsonDocument&) = delete;
  PgJsonDocument& operator=(const PgJsonDocument&) = delete;

  const PgJson& root() const { return root_; }

  enum class Kind : std::uint8_t { null, boolean, integer, number, string, array, object, discarded };

 private:
  friend class PgJson;
  friend class PgJsonBuilder;
  struct Node {
    Kind kind = Kind::null;
    bool boolean = false;
    std::int64_t integer = 0;
    std::string_view text;   // strings
    std::uint32_t first = 0;  // arrays: into items_; objects: into members_
    std::uint32_t count = 0;
  };
  // Copies `s` into the document's string storage.
  std::string_view keep(std::string_view s);

  std::vector<Node> nodes_;
  std::vector<PgJson> items_;
  std::vector<PgJsonMember> members_;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* block_next_ = nullptr;
  std::size_t block_left_ = 0;
  PgJson root_{this, 0};
};

template <>
std::string PgJson::get<std::string>() const;
template <>
std::int64_t PgJson::get<std::int64_t>() const;
template <>
bool PgJson::get<bool>() const;

}  // namespace archgate
