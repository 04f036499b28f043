#include "loaders/pg_json.h"

#include <algorithm>
#include <cstring>
#include <cstdlib>
#include <limits>
#include <simdjson.h>

namespace archgate {

using Kind = PgJsonDocument::Kind;

bool PgJson::is_discarded() const { return doc_->nodes_[node_].kind == Kind::discarded; }
bool PgJson::is_null() const { return doc_->nodes_[node_].kind == Kind::null; }
bool PgJson::is_boolean() const { return doc_->nodes_[node_].kind == Kind::boolean; }
bool PgJson::is_number_integer() const { return doc_->nodes_[node_].kind == Kind::integer; }
bool PgJson::is_string() const { return doc_->nodes_[node_].kind == Kind::string; }
bool PgJson::is_array() const { return doc_->nodes_[node_].kind == Kind::array; }
bool PgJson::is_object() const { return doc_->nodes_[node_].kind == Kind::object; }

std::size_t PgJson::size() const {
  const auto& n = doc_->nodes_[node_];
  if (n.kind == Kind::array || n.kind == Kind::object) return n.count;
  return n.kind == Kind::null || n.kind == Kind::discarded ? 0 : 1;
}

template <>
std::string PgJson::get<std::string>() const {
  return std::string(doc_->nodes_[node_].text);
}
template <>
std::int64_t PgJson::get<std::int64_t>() const {
  return doc_->nodes_[node_].integer;
}
template <>
bool PgJson::get<bool>() const {
  return doc_->nodes_[node_].boolean;
}

const PgJson* PgJson::begin() const {
  const auto& n = doc_->nodes_[node_];
  return n.kind == Kind::array ? doc_->items_.data() + n.first : nullptr;
}
const PgJson* PgJson::end() const {
  const auto& n = doc_->nodes_[node_];
  return n.kind == Kind::array ? doc_->items_.data() + n.first + n.count : nullptr;
}

std::span<const PgJsonMember> PgJson::items() const {
  const auto& n = doc_->nodes_[node_];
  if (n.kind != Kind::object) return {};
  return {doc_->members_.data() + n.first, n.count};
}

const PgJson* PgJson::member(std::string_view key) const {
  for (const auto& m : items())
    if (m.name == key) return &m.json;
  return nullptr;
}

std::string_view PgJsonDocument::keep(std::string_view s) {
  if (s.empty()) return {};
  if (s.size() > block_left_) {  // the first block holds the whole text, so rarely
    std::size_t size = std::max<std::size_t>(4096, s.size());
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(size));
    block_next_ = blocks_.back().get();
    block_left_ = size;
  }
  char* at = block_next_;
  std::memcpy(at, s.data(), s.size());
  block_next_ += s.size();
  block_left_ -= s.size();
  return {at, s.size()};
}

// simdjson's DOM in, nodes out. A container's node comes before its
// children's, and its children take one contiguous range of the document's
// item or member vector, reserved before they are visited.
class PgJsonBuilder {
 public:
  explicit PgJsonBuilder(PgJsonDocument& doc) : doc_(doc) {}

  std::uint32_t add(simdjson::dom::element e) {
    using Type = simdjson::dom::element_type;
    switch (e.type()) {
      case Type::OBJECT: {
        simdjson::dom::object object = e.get_object().value_unsafe();
        std::uint32_t i = node(Kind::object);
        auto first = static_cast<std::uint32_t>(doc_.members_.size());
        std::uint32_t count = 0;
        for ([[maybe_unused]] auto field : object) ++count;
        doc_.nodes_[i].first = first;
        doc_.nodes_[i].count = count;
        doc_.members_.resize(doc_.members_.size() + count, PgJsonMember{{}, PgJson(&doc_, 0)});
        std::uint32_t k = first;
        for (auto field : object) {
          std::string_view key = doc_.keep(field.key);
          std::uint32_t child = add(field.value);
          doc_.members_[k++] = PgJsonMember{key, PgJson(&doc_, child)};
        }
        return i;
      }
      case Type::ARRAY: {
        simdjson::dom::array array = e.get_array().value_unsafe();
        std::uint32_t i = node(Kind::array);
        auto first = static_cast<std::uint32_t>(doc_.items_.size());
        std::uint32_t count = 0;
        for ([[maybe_unused]] auto item : array) ++count;
        doc_.nodes_[i].first = first;
        doc_.nodes_[i].count = count;
        doc_.items_.resize(doc_.items_.size() + count, PgJson(&doc_, 0));
        std::uint32_t k = first;
        for (auto item : array) {
          std::uint32_t child = add(item);
          doc_.items_[k++] = PgJson(&doc_, child);
        }
        return i;
      }
      case Type::INT64: {
        std::uint32_t i = node(Kind::integer);
        doc_.nodes_[i].integer = e.get_int64().value_unsafe();
        return i;
      }
      case Type::UINT64: {
        std::uint64_t v = e.get_uint64().value_unsafe();
        if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return node(Kind::number);
        std::uint32_t i = node(Kind::integer);
        doc_.nodes_[i].integer = static_cast<std::int64_t>(v);
        return i;
      }
      case Type::DOUBLE: return node(Kind::number);
      case Type::STRING: {
        std::uint32_t i = node(Kind::string);
        std::string_view text = doc_.keep(e.get_string().value_unsafe());
        doc_.nodes_[i].text = text;
        return i;
      }
      case Type::BOOL: {
        std::uint32_t i = node(Kind::boolean);
        doc_.nodes_[i].boolean = e.get_bool().value_unsafe();
        return i;
      }
      case Type::NULL_VALUE: break;
    }
    return node(Kind::null);
  }

 private:
  std::uint32_t node(Kind kind) {
    doc_.nodes_.push_back({});
    doc_.nodes_.back().kind = kind;
    return static_cast<std::uint32_t>(doc_.nodes_.size() - 1);
  }

  PgJsonDocument& doc_;
};

namespace {

// libpg_query nests about three JSON levels per expression level, and
// archgate parses expressions up to kMaxExpressionDepth deep
// (loaders/sql_postgres.h); deeper JSON is refused, as a discarded document.
constexpr std::size_t kMaxJsonDepth = 8192;

simdjson::dom::parser& thread_parser() {
  thread_local simdjson::dom::parser parser = [] {
    simdjson::dom::parser p;
    if (p.allocate(64 * 1024, kMaxJsonDepth) != simdjson::SUCCESS) std::abort();
    return p;
  }();
  return parser;
}

}  // namespace

PgJsonDocument::PgJsonDocument(std::string_view text) {
  // Decoded strings are never longer than the text they come from.
  if (!text.empty()) {
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(text.size()));
    block_next_ = blocks_.back().get();
    block_left_ = text.size();
  }
  simdjson::dom::element root;
  // Copied into padded memory by simdjson (libpg_query's text has no padding).
  if (!text.empty() && thread_parser().parse(text.data(), text.size(), true).get(root) == simdjson::SUCCESS) {
    nodes_.reserve(text.size() / 24);
    PgJsonBuilder(*this).add(root);
  }
  if (nodes_.empty()) {
    nodes_.push_back({});
    nodes_.back().kind = Kind::discarded;
    root_ = PgJson(this, static_cast<std::uint32_t>(nodes_.size() - 1));
  }
}

}  // namespace archgate
