#include "loaders/pg_json.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

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

std::string_view PgJsonDocument::keep(const std::string& s) {
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

// nlohmann's SAX events in, nodes out. Open containers sit on a stack of
// frames (reused from one statement to the next) collecting their children;
// when one ends its children are appended to the document's item or member
// vector in one piece, so each container's children are contiguous.
class PgJsonBuilder {
 public:
  using json = nlohmann::json;

  explicit PgJsonBuilder(PgJsonDocument& doc) : doc_(doc) {}

  bool null() { return add(node(Kind::null)); }
  bool boolean(bool v) {
    std::uint32_t i = node(Kind::boolean);
    doc_.nodes_[i].boolean = v;
    return add(i);
  }
  bool number_integer(json::number_integer_t v) {
    std::uint32_t i = node(Kind::integer);
    doc_.nodes_[i].integer = v;
    return add(i);
  }
  bool number_unsigned(json::number_unsigned_t v) {
    if (v > static_cast<json::number_unsigned_t>(std::numeric_limits<std::int64_t>::max())) {
      return add(node(Kind::number));
    }
    return number_integer(static_cast<json::number_integer_t>(v));
  }
  bool number_float(json::number_float_t, const std::string&) { return add(node(Kind::number)); }
  bool string(std::string& v) {
    std::uint32_t i = node(Kind::string);
    doc_.nodes_[i].text = doc_.keep(v);
    return add(i);
  }
  bool binary(json::binary_t&) { return add(node(Kind::null)); }
  bool start_object(std::size_t) {
    open(Kind::object);
    return true;
  }
  bool key(std::string& k) {
    frames_[depth_ - 1].key = doc_.keep(k);
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t) {
    open(Kind::array);
    return true;
  }
  bool end_array() { return close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

 private:
  struct Frame {
    std::uint32_t node = 0;
    std::string_view key;  // objects: the key of the next value
    std::vector<PgJson> items;
    std::vector<PgJsonMember> members;
  };

  std::uint32_t node(Kind kind) {
    doc_.nodes_.push_back({});
    doc_.nodes_.back().kind = kind;
    return static_cast<std::uint32_t>(doc_.nodes_.size() - 1);
  }

  void open(Kind kind) {
    std::uint32_t i = node(kind);
    if (depth_ == frames_.size()) frames_.emplace_back();
    Frame& f = frames_[depth_++];
    f.node = i;
    f.key = {};
    f.items.clear();
    f.members.clear();
  }

  bool close() {
    Frame& f = frames_[--depth_];
    auto& n = doc_.nodes_[f.node];
    if (n.kind == Kind::array) {
      n.first = static_cast<std::uint32_t>(doc_.items_.size());
      n.count = static_cast<std::uint32_t>(f.items.size());
      doc_.items_.insert(doc_.items_.end(), f.items.begin(), f.items.end());
    } else {
      n.first = static_cast<std::uint32_t>(doc_.members_.size());
      n.count = static_cast<std::uint32_t>(f.members.size());
      doc_.members_.insert(doc_.members_.end(), f.members.begin(), f.members.end());
    }
    return add(f.node);
  }

  bool add(std::uint32_t i) {
    if (depth_ == 0) return true;  // the root: node 0
    Frame& top = frames_[depth_ - 1];
    if (doc_.nodes_[top.node].kind == Kind::array) {
      top.items.push_back(PgJson(&doc_, i));
    } else {
      top.members.push_back({top.key, PgJson(&doc_, i)});
    }
    return true;
  }

  PgJsonDocument& doc_;
  std::vector<Frame> frames_;
  std::size_t depth_ = 0;
};

PgJsonDocument::PgJsonDocument(std::string_view text) {
  // Decoded strings are never longer than the text they come from.
  if (!text.empty()) {
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(text.size()));
    block_next_ = blocks_.back().get();
    block_left_ = text.size();
  }
  nodes_.reserve(text.size() / 24);
  PgJsonBuilder builder(*this);
  bool ok = false;
  try {
    ok = nlohmann::json::sax_parse(text, &builder, nlohmann::json::input_format_t::json, true);
  } catch (const std::exception&) {
    ok = false;
  }
  if (!ok || nodes_.empty()) {
    nodes_.push_back({});
    nodes_.back().kind = Kind::discarded;
    root_ = PgJson(this, static_cast<std::uint32_t>(nodes_.size() - 1));
  }
}

}  // namespace archgate
