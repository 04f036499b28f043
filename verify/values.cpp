// Values for requests, generated from a CompiledSchema's draft-7 document
// (json()): its annotations (examples, default, readOnly, writeOnly,
// x-archgate-format) say what the contract's author showed; the keywords say
// what is allowed. Every value is checked with validate() before it is
// returned (see values.h).
#include "verify/values.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <unordered_map>

#include "loaders/openapi_refs.h"

namespace archgate::verify {

using json = nlohmann::json;

std::uint64_t Rng::next() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::uint64_t Rng::below(std::uint64_t n) { return n == 0 ? 0 : next() % n; }

std::int64_t Rng::between(std::int64_t lo, std::int64_t hi) {
  if (hi <= lo) return lo;
  std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  std::uint64_t offset = span == std::numeric_limits<std::uint64_t>::max() ? next() : below(span + 1);
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + offset);
}

namespace {

constexpr std::size_t kMaxItems = 64;        // items generated for one array
constexpr std::size_t kMaxStringLength = 4096;
constexpr std::size_t kMaxViewDepth = 64;    // allOf/oneOf/$ref nesting folded into one view
constexpr int kAttempts = 8;
constexpr std::size_t kNegativeDepth = 3;

const json* deref(const json& doc, const json* s) {
  for (int hop = 0; hop < 64 && s; ++hop) {
    if (!s->is_object()) return s;
    auto ref = s->find("$ref");
    if (ref == s->end() || !ref->is_string()) return s;
    const std::string& text = ref->get_ref<const std::string&>();
    static constexpr std::string_view prefix = "#/definitions/";
    if (text.compare(0, prefix.size(), prefix) != 0) return nullptr;
    auto defs = doc.find("definitions");
    if (defs == doc.end()) return nullptr;
    auto it = defs->find(text.substr(prefix.size()));
    s = it == defs->end() ? nullptr : &*it;
  }
  return nullptr;
}

// One value's schemas folded together: allOf merged, one anyOf/oneOf member
// chosen, $refs followed.
struct View {
  std::vector<const json*> sources;
  bool impossible = false;  // a `false` schema
  std::optional<std::vector<std::string>> types;
  std::map<std::string, std::vector<const json*>> properties;
  std::set<std::string> required;
  bool closed = false;  // additionalProperties: false
  const json* additional = nullptr;
  std::optional<double> minimum, maximum;
  bool exclusive_minimum = false, exclusive_maximum = false;
  std::optional<double> multiple_of;
  std::optional<std::uint64_t> min_length, max_length, min_items, max_items, min_properties, max_properties;
  std::vector<std::string> patterns;
  std::string format;
  const json* enum_values = nullptr;
  const json* constant = nullptr;
  const json* example = nullptr;
  const json* default_value = nullptr;
  std::vector<std::pair<std::string, const json*>> pattern_properties;
  std::vector<const json*> items;
  const json* tuple = nullptr;
  const json* additional_items = nullptr;
  bool unique = false;
  bool read_only = false, write_only = false;
};

bool only_null(const json& doc, const json& member) {
  const json* s = deref(doc, &member);
  if (!s || !s->is_object()) return false;
  auto type = s->find("type");
  return type != s->end() && type->is_string() && *type == "null";
}

bool type_allows(const std::vector<std::string>& types, const std::string& type) {
  for (const auto& t : types) {
    if (t == type || (t == "number" && type == "integer")) return true;
  }
  return false;
}

std::string json_type(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "integer";
    case json::value_t::number_float: {
      double d = v.get<double>();
      return std::isfinite(d) && d == std::floor(d) ? "integer" : "number";
    }
    case json::value_t::string: return "string";
    case json::value_t::array: return "array";
    case json::value_t::object: return "object";
    default: return "value";
  }
}

class Viewer {
 public:
  Viewer(const json& doc, Rng* rng) : doc_(doc), rng_(rng) {}

  View view(const std::vector<const json*>& schemas) const {
    View v;
    for (const json* s : schemas) collect(v, s, 0);
    return v;
  }

 private:
  static void tighten_low(std::optional<double>& bound, bool& exclusive, double value, bool value_exclusive) {
    if (!bound || value > *bound || (value == *bound && value_exclusive)) {
      bound = value;
      exclusive = value_exclusive;
    }
  }
  static void tighten_high(std::optional<double>& bound, bool& exclusive, double value, bool value_exclusive) {
    if (!bound || value < *bound || (value == *bound && value_exclusive)) {
      bound = value;
      exclusive = value_exclusive;
    }
  }
  static void at_least(std::optional<std::uint64_t>& slot, const json& v) {
    if (!v.is_number_unsigned() && !v.is_number_integer()) return;
    auto n = v.get<std::uint64_t>();
    if (!slot || n > *slot) slot = n;
  }
  static void at_most(std::optional<std::uint64_t>& slot, const json& v) {
    if (!v.is_number_unsigned() && !v.is_number_integer()) return;
    auto n = v.get<std::uint64_t>();
    if (!slot || n < *slot) slot = n;
  }

  // `not: {}` or `not: true`: nothing is valid.
  bool forbids_everything(const json& negated) const {
    const json* s = deref(doc_, &negated);
    if (!s) return false;
    if (s->is_boolean()) return s->get<bool>();
    if (!s->is_object()) return false;
    for (const auto& [key, value] : s->items()) {
      if (key.rfind("x-archgate-", 0) != 0 && key != "examples" && key != "default" && key != "readOnly" &&
          key != "writeOnly") {
        return false;
      }
    }
    return true;
  }

  void collect(View& v, const json* raw, std::size_t depth) const {
    if (depth > kMaxViewDepth) return;
    const json* s = deref(doc_, raw);
    if (!s) return;
    if (s->is_boolean()) {
      if (!s->get<bool>()) v.impossible = true;
      return;
    }
    if (!s->is_object()) return;
    v.sources.push_back(s);
    if (s->contains("x-archgate-nullable")) {  // null, or the schema: never null
      if (auto it = s->find("else"); it != s->end()) collect(v, &*it, depth + 1);
      return;
    }
    const json& o = *s;
    if (auto it = o.find("type"); it != o.end()) {
      std::vector<std::string> list;
      if (it->is_string()) list.push_back(it->get<std::string>());
      else if (it->is_array()) {
        for (const auto& t : *it) {
          if (t.is_string()) list.push_back(t.get<std::string>());
        }
      }
      if (!v.types) {
        v.types = list;
      } else {
        std::vector<std::string> both;
        for (const auto& t : *v.types) {
          if (type_allows(list, t)) both.push_back(t);
          else if (t == "number" && type_allows(list, "integer")) both.push_back("integer");
        }
        if (!both.empty()) v.types = both;
      }
    }
    if (auto it = o.find("properties"); it != o.end() && it->is_object()) {
      for (const auto& [name, schema] : it->items()) v.properties[name].push_back(&schema);
    }
    if (auto it = o.find("patternProperties"); it != o.end() && it->is_object()) {
      for (const auto& [pattern, schema] : it->items()) v.pattern_properties.emplace_back(pattern, &schema);
    }
    if (auto it = o.find("not"); it != o.end() && forbids_everything(*it)) v.impossible = true;
    if (auto it = o.find("required"); it != o.end() && it->is_array()) {
      for (const auto& name : *it) {
        if (name.is_string()) v.required.insert(name.get<std::string>());
      }
    }
    if (auto it = o.find("additionalProperties"); it != o.end()) {
      if (it->is_boolean() && !it->get<bool>()) v.closed = true;
      else if (it->is_object() && !v.additional) v.additional = &*it;
    }
    if (auto it = o.find("minimum"); it != o.end() && it->is_number()) {
      tighten_low(v.minimum, v.exclusive_minimum, it->get<double>(), false);
    }
    if (auto it = o.find("exclusiveMinimum"); it != o.end() && it->is_number()) {
      tighten_low(v.minimum, v.exclusive_minimum, it->get<double>(), true);
    }
    if (auto it = o.find("maximum"); it != o.end() && it->is_number()) {
      tighten_high(v.maximum, v.exclusive_maximum, it->get<double>(), false);
    }
    if (auto it = o.find("exclusiveMaximum"); it != o.end() && it->is_number()) {
      tighten_high(v.maximum, v.exclusive_maximum, it->get<double>(), true);
    }
    if (auto it = o.find("multipleOf"); it != o.end() && it->is_number() && !v.multiple_of) {
      v.multiple_of = it->get<double>();
    }
    if (auto it = o.find("minLength"); it != o.end()) at_least(v.min_length, *it);
    if (auto it = o.find("maxLength"); it != o.end()) at_most(v.max_length, *it);
    if (auto it = o.find("minItems"); it != o.end()) at_least(v.min_items, *it);
    if (auto it = o.find("maxItems"); it != o.end()) at_most(v.max_items, *it);
    if (auto it = o.find("minProperties"); it != o.end()) at_least(v.min_properties, *it);
    if (auto it = o.find("maxProperties"); it != o.end()) at_most(v.max_properties, *it);
    if (auto it = o.find("pattern"); it != o.end() && it->is_string()) v.patterns.push_back(it->get<std::string>());
    if (auto it = o.find("x-archgate-format"); it != o.end() && it->is_string() && v.format.empty()) {
      v.format = it->get<std::string>();
    }
    if (auto it = o.find("enum"); it != o.end() && it->is_array() && !v.enum_values) v.enum_values = &*it;
    if (auto it = o.find("const"); it != o.end() && !v.constant) v.constant = &*it;
    if (auto it = o.find("examples"); it != o.end() && it->is_array() && !it->empty() && !v.example) {
      v.example = &it->front();
    }
    if (auto it = o.find("default"); it != o.end() && !v.default_value) v.default_value = &*it;
    if (auto it = o.find("items"); it != o.end()) {
      if (it->is_array()) {
        if (!v.tuple) v.tuple = &*it;
      } else {
        v.items.push_back(&*it);
      }
    }
    if (auto it = o.find("additionalItems"); it != o.end() && it->is_object() && !v.additional_items) {
      v.additional_items = &*it;
    }
    if (auto it = o.find("uniqueItems"); it != o.end() && it->is_boolean() && it->get<bool>()) v.unique = true;
    if (auto it = o.find("readOnly"); it != o.end() && it->is_boolean() && it->get<bool>()) v.read_only = true;
    if (auto it = o.find("writeOnly"); it != o.end() && it->is_boolean() && it->get<bool>()) v.write_only = true;
    if (auto it = o.find("allOf"); it != o.end() && it->is_array()) {
      for (const auto& m : *it) collect(v, &m, depth + 1);
    }
    for (const char* key : {"oneOf", "anyOf"}) {
      auto it = o.find(key);
      if (it == o.end() || !it->is_array() || it->empty()) continue;
      std::vector<const json*> members;
      for (const auto& m : *it) {
        if (!only_null(doc_, m)) members.push_back(&m);
      }
      if (members.empty()) members.push_back(&it->front());
      std::size_t pick = rng_ ? static_cast<std::size_t>(rng_->below(members.size())) : 0;
      collect(v, members[pick], depth + 1);
    }
  }

  const json& doc_;
  Rng* rng_;  // null: first members
};

// A string for a simple regex: literals, classes, escapes, groups (first
// alternative), quantifiers (their least count, 1 for * and +). validate()
// judges the result; values.h says what happens when it does not match.
class PatternWriter {
 public:
  PatternWriter(const std::string& pattern, Rng& rng) : p_(pattern), rng_(rng) {}

  std::string write() {
    std::string out = alternation(0);
    return out;
  }

 private:
  std::string alternation(int depth) {
    std::string out = sequence(depth);
    // Skip the other alternatives.
    while (i_ < p_.size() && p_[i_] == '|') {
      ++i_;
      sequence(depth);
    }
    return out;
  }

  std::string sequence(int depth) {
    std::string out;
    while (i_ < p_.size() && p_[i_] != '|' && p_[i_] != ')') {
      std::string atom = this->atom(depth);
      auto [low, high] = quantifier();
      std::size_t count = low;
      if (high == 0 && low == 0) count = 0;
      for (std::size_t k = 0; k < count && out.size() < kMaxStringLength; ++k) out += atom;
    }
    return out;
  }

  // {least count, 0 = "exactly least"/unbounded marker}
  std::pair<std::size_t, std::size_t> quantifier() {
    if (i_ >= p_.size()) return {1, 1};
    char c = p_[i_];
    std::pair<std::size_t, std::size_t> q{1, 1};
    if (c == '*') q = {1, 0}, ++i_;  // one: an empty match rarely helps
    else if (c == '+') q = {1, 0}, ++i_;
    else if (c == '?') q = {0, 0}, ++i_;
    else if (c == '{') {
      std::size_t close = p_.find('}', i_);
      if (close != std::string::npos) {
        std::string body = p_.substr(i_ + 1, close - i_ - 1);
        std::size_t n = 0;
        bool digits = !body.empty() && std::isdigit(static_cast<unsigned char>(body[0]));
        if (digits) {
          n = static_cast<std::size_t>(std::strtoull(body.c_str(), nullptr, 10));
          q = {std::min<std::size_t>(n, 256), 1};
          i_ = close + 1;
        }
      }
    }
    if (i_ < p_.size() && p_[i_] == '?') ++i_;  // lazy
    return q;
  }

  char class_escape(char c) {
    switch (c) {
      case 'd': return static_cast<char>('0' + rng_.below(10));
      case 'w': return static_cast<char>('a' + rng_.below(26));
      case 's': return ' ';
      case 'D': case 'W': case 'S': return 'a';
      case 'n': return '\n';
      case 't': return '\t';
      default: return c;
    }
  }

  std::string atom(int depth) {
    char c = p_[i_++];
    switch (c) {
      case '^':
      case '$':
        return "";
      case '.':
        return std::string(1, static_cast<char>('a' + rng_.below(26)));
      case '\\': {
        if (i_ >= p_.size()) return "";
        char e = p_[i_++];
        if (e == 'b' || e == 'B') return "";
        if (e == 'u' && i_ + 4 <= p_.size()) {
          unsigned code = static_cast<unsigned>(std::strtoul(p_.substr(i_, 4).c_str(), nullptr, 16));
          i_ += 4;
          return code < 0x80 ? std::string(1, static_cast<char>(code)) : "a";
        }
        return std::string(1, class_escape(e));
      }
      case '[':
        return std::string(1, char_class());
      case '(': {
        if (depth > 50) return "";
        bool lookaround = false;
        if (i_ + 1 < p_.size() && p_[i_] == '?') {
          lookaround = p_[i_ + 1] == '=' || p_[i_ + 1] == '!';
          i_ += 2;
        }
        std::string inner = alternation(depth + 1);
        if (i_ < p_.size() && p_[i_] == ')') ++i_;
        return lookaround ? "" : inner;
      }
      default:
        return std::string(1, c);
    }
  }

  char char_class() {
    bool negated = i_ < p_.size() && p_[i_] == '^';
    if (negated) ++i_;
    std::vector<std::pair<char, char>> ranges;
    bool first = true;
    while (i_ < p_.size() && (p_[i_] != ']' || first)) {
      first = false;
      char c = p_[i_++];
      if (c == '\\' && i_ < p_.size()) {
        char e = p_[i_++];
        if (e == 'd') ranges.push_back({'0', '9'});
        else if (e == 'w') ranges.push_back({'a', 'z'});
        else if (e == 's') ranges.push_back({' ', ' '});
        else {
          char lit = class_escape(e);
          ranges.push_back({lit, lit});
        }
        continue;
      }
      if (i_ + 1 < p_.size() && p_[i_] == '-' && p_[i_ + 1] != ']') {
        char hi = p_[i_ + 1];
        i_ += 2;
        if (hi == '\\' && i_ < p_.size()) hi = p_[i_++];
        if (hi >= c) ranges.push_back({c, hi});
        continue;
      }
      ranges.push_back({c, c});
    }
    if (i_ < p_.size()) ++i_;  // ']'
    if (negated) {
      for (char candidate : std::string("aA0_-. x")) {
        bool inside = false;
        for (auto [lo, hi] : ranges) inside = inside || (candidate >= lo && candidate <= hi);
        if (!inside) return candidate;
      }
      return '~';
    }
    if (ranges.empty()) return 'a';
    auto [lo, hi] = ranges[rng_.below(ranges.size())];
    return static_cast<char>(lo + static_cast<char>(rng_.below(static_cast<std::uint64_t>(hi - lo) + 1)));
  }

  const std::string& p_;
  Rng& rng_;
  std::size_t i_ = 0;
};

std::string two(std::uint64_t n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02u", static_cast<unsigned>(n));
  return buf;
}

class Generator {
 public:
  Generator(const CompiledSchema& schema, Rng& rng, bool examples, bool random)
      : schema_(schema), doc_(schema.json()), rng_(rng), viewer_(schema.json(), random ? &rng : nullptr),
        examples_(examples) {}

  json root() { return value({&doc_}, 0, nullptr); }

 private:
  bool hidden(const View& v) const {
    return schema_.direction() == Direction::request ? v.read_only : v.write_only;
  }

  bool fits(const json& candidate, const View& v) const {
    if (candidate.is_null() && !(v.types && v.types->size() == 1 && v.types->front() == "null")) return false;
    if (v.types && !v.types->empty() && !type_allows(*v.types, json_type(candidate))) return false;
    if (v.enum_values && std::find(v.enum_values->begin(), v.enum_values->end(), candidate) == v.enum_values->end()) {
      return false;
    }
    return true;
  }

  std::string choose_type(const View& v, const json* example) const {
    if (v.types && !v.types->empty()) {
      for (const auto& t : *v.types) {
        if (t != "null") return t;
      }
      return "null";
    }
    if (!v.properties.empty() || !v.required.empty() || v.closed || v.additional || v.min_properties ||
        v.max_properties) {
      return "object";
    }
    if (!v.items.empty() || v.tuple || v.min_items || v.max_items || v.unique) return "array";
    if (!v.patterns.empty() || v.min_length || v.max_length) return "string";
    if (v.format == "int32" || v.format == "int64") return "integer";
    if (v.minimum || v.maximum || v.multiple_of || v.format == "float" || v.format == "double") return "number";
    if (example && !example->is_null()) return json_type(*example);
    return "string";
  }

  static json cut(const std::string& type) {
    if (type == "object") return json::object();
    if (type == "array") return json::array();
    if (type == "integer") return 0;
    if (type == "number") return 0.0;
    if (type == "boolean") return false;
    if (type == "null") return nullptr;
    return "";
  }

  json value(const std::vector<const json*>& schemas, std::size_t depth, const json* hint) {
    View v = viewer_.view(schemas);
    if (v.constant) return *v.constant;
    const json* example = nullptr;
    if (examples_) {
      for (const json* candidate : {hint, v.example, v.default_value}) {
        if (candidate && fits(*candidate, v)) {
          example = candidate;
          break;
        }
      }
    }
    std::string type = choose_type(v, example);
    if (++count_ > kMaxValues || depth > kMaxDepth) return cut(type);
    if (example && !example->is_object() && !example->is_array()) return *example;
    if (v.enum_values && !v.enum_values->empty() && !example) {
      for (const auto& e : *v.enum_values) {
        if (!e.is_null()) return e;
      }
      return v.enum_values->front();
    }
    // A schema already being generated further up: the recursion stops here.
    bool recursive = false;
    for (const json* s : v.sources) recursive = recursive || active_.count(s);
    for (const json* s : v.sources) ++active_[s];
    json out;
    if (type == "object") out = object(v, depth, example, recursive);
    else if (type == "array") out = array(v, depth, example, recursive);
    else if (type == "string") out = string(v);
    else if (type == "integer") out = number(v, true);
    else if (type == "number") out = number(v, false);
    else if (type == "boolean") out = true;
    else out = nullptr;
    for (const json* s : v.sources) {
      if (--active_[s] == 0) active_.erase(s);
    }
    return out;
  }

  json object(const View& v, std::size_t depth, const json* hint, bool recursive) {
    json out = json::object();
    bool optional = depth < kOptionalDepth && !recursive;
    for (const auto& [name, listed] : v.properties) {
      bool required = v.required.count(name) > 0;
      const json* h = hint && hint->is_object() && hint->contains(name) ? &(*hint)[name] : nullptr;
      if (!required && !optional && !(h && !recursive)) continue;
      std::vector<const json*> schemas = listed;
      for (const auto& [pattern, schema] : v.pattern_properties) {
        if (matches(name, {pattern})) schemas.push_back(schema);
      }
      View p = viewer_.view(schemas);
      if (hidden(p) || (p.impossible && !required)) continue;
      out[name] = value(schemas, depth + 1, h);
    }
    for (const auto& name : v.required) {
      if (out.contains(name) || v.properties.count(name)) continue;
      const json* h = hint && hint->is_object() && hint->contains(name) ? &(*hint)[name] : nullptr;
      out[name] = v.additional ? value({v.additional}, depth + 1, h) : (h ? *h : json("value"));
    }
    for (std::size_t i = 1; v.min_properties && out.size() < *v.min_properties && !v.closed && i <= kMaxItems; ++i) {
      std::string name = "extra" + std::to_string(i);
      if (!out.contains(name)) out[name] = v.additional ? value({v.additional}, depth + 1, nullptr) : json("value");
    }
    if (v.max_properties) {
      for (auto it = v.properties.rbegin(); it != v.properties.rend() && out.size() > *v.max_properties; ++it) {
        if (!v.required.count(it->first)) out.erase(it->first);
      }
    }
    return out;
  }

  json array(const View& v, std::size_t depth, const json* hint, bool recursive) {
    std::size_t n = v.min_items ? static_cast<std::size_t>(*v.min_items) : (recursive ? 0 : 1);
    if (hint && hint->is_array() && !recursive) n = std::max(n, std::min<std::size_t>(hint->size(), 8));
    if (v.max_items && n > *v.max_items) n = static_cast<std::size_t>(*v.max_items);
    n = std::min(n, kMaxItems);
    json out = json::array();
    for (std::size_t i = 0; i < n; ++i) {
      std::vector<const json*> schemas;
      if (v.tuple) {
        if (i < v.tuple->size()) schemas.push_back(&(*v.tuple)[i]);
        else if (v.additional_items) schemas.push_back(v.additional_items);
        else break;
      } else {
        schemas = v.items;
      }
      if (viewer_.view(schemas).impossible) break;  // items: false
      const json* h = hint && hint->is_array() && i < hint->size() ? &(*hint)[i] : nullptr;
      json item = value(schemas, depth + 1, h);
      for (int retry = 0; v.unique && retry < 8 && std::find(out.begin(), out.end(), item) != out.end(); ++retry) {
        item = value(schemas, depth + 1, nullptr);
        if (item.is_number_integer() && std::find(out.begin(), out.end(), item) != out.end()) {
          item = item.get<std::int64_t>() + static_cast<std::int64_t>(i);  // a bounded schema may still refuse it
        }
      }
      out.push_back(std::move(item));
    }
    return out;
  }

  bool matches(const std::string& text, const std::vector<std::string>& patterns) {
    for (const auto& p : patterns) {
      try {
        auto it = regexes_.find(p);
        if (it == regexes_.end()) it = regexes_.emplace(p, std::regex(p, std::regex::ECMAScript)).first;
        if (!std::regex_search(text, it->second)) return false;
      } catch (const std::exception&) {
        return false;
      }
    }
    return true;
  }

  std::string formatted(const std::string& format) {
    auto n = std::to_string(rng_.below(1000));
    if (format == "date-time") {
      return "2024-" + two(1 + rng_.below(12)) + "-" + two(1 + rng_.below(28)) + "T" + two(rng_.below(24)) + ":" +
             two(rng_.below(60)) + ":" + two(rng_.below(60)) + "Z";
    }
    if (format == "date") return "2024-" + two(1 + rng_.below(12)) + "-" + two(1 + rng_.below(28));
    if (format == "time") return two(rng_.below(24)) + ":" + two(rng_.below(60)) + ":" + two(rng_.below(60)) + "Z";
    if (format == "uuid") {
      static const char* hex = "0123456789abcdef";
      std::string out;
      for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20) out += '-';
        char c = hex[rng_.below(16)];
        if (i == 12) c = '4';
        if (i == 16) c = "89ab"[rng_.below(4)];
        out += c;
      }
      return out;
    }
    if (format == "email") return "user" + n + "@example.com";
    if (format == "uri" || format == "url" || format == "uri-reference" || format == "iri") {
      return "https://example.com/items/" + n;
    }
    if (format == "hostname") return "host" + n + ".example.com";
    if (format == "ipv4") return "192.0.2." + std::to_string(1 + rng_.below(254));
    if (format == "ipv6") return "2001:db8::" + std::to_string(1 + rng_.below(9999));
    if (format == "byte") return "YXJjaGdhdGU=";
    if (format == "password") return "Secret-" + n;
    return "";
  }

  json string(const View& v) {
    static const char* words[] = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"};
    std::size_t low = v.min_length ? std::min<std::size_t>(*v.min_length, kMaxStringLength) : 0;
    std::size_t high = v.max_length ? static_cast<std::size_t>(*v.max_length) : kMaxStringLength;
    auto fits_length = [&](const std::string& s) { return s.size() >= low && s.size() <= high; };
    std::string text = v.format.empty() ? "" : formatted(v.format);
    if (!v.patterns.empty()) {
      if (!text.empty() && matches(text, v.patterns) && fits_length(text)) return text;
      std::string written = PatternWriter(v.patterns.front(), rng_).write();
      if (matches(written, v.patterns) && fits_length(written)) return written;
      for (const char* candidate : {"abc", "ABC", "123", "a1", "A1", "x", "1", "abc-123", "ABC123", "abc_def",
                                    "2024-01-15", "2024-01-15T10:30:00Z", "user@example.com",
                                    "https://example.com/x", "123e4567-e89b-42d3-a456-426614174000"}) {
        if (matches(candidate, v.patterns) && fits_length(candidate)) return std::string(candidate);
      }
      return written;
    }
    if (text.empty()) text = std::string(words[rng_.below(8)]) + "-" + std::to_string(rng_.below(100));
    while (text.size() < low) text += static_cast<char>('a' + rng_.below(26));
    if (text.size() > high) text.resize(high);
    return text;
  }

  json number(const View& v, bool integer) {
    double lo = v.minimum.value_or(-std::numeric_limits<double>::infinity());
    double hi = v.maximum.value_or(std::numeric_limits<double>::infinity());
    bool lo_ex = v.minimum && v.exclusive_minimum, hi_ex = v.maximum && v.exclusive_maximum;
    constexpr double kSafe = 9007199254740992.0;  // 2^53
    // A window of small, friendly numbers inside the bounds.
    double wlo = std::max(lo, 1.0), whi = std::min(hi, 100.0);
    if (wlo > whi) {
      if (lo > 100.0) wlo = lo, whi = std::min(hi, lo + 100.0);
      else wlo = std::max(lo, hi - 100.0), whi = hi;
    }
    wlo = std::max(wlo, -kSafe);
    whi = std::min(whi, kSafe);
    auto inside = [&](double x) {
      return (lo_ex ? x > lo : x >= lo) && (hi_ex ? x < hi : x <= hi);
    };
    if (v.multiple_of && *v.multiple_of > 0) {
      double m = *v.multiple_of;
      double k_lo = std::ceil(wlo / m), k_hi = std::floor(whi / m);
      for (double k = k_lo; k <= k_hi && k <= k_lo + 1000; ++k) {
        double x = k * m;
        if (!inside(x)) continue;
        if (integer && x != std::floor(x)) continue;
        if (integer) return static_cast<std::int64_t>(x);
        return x;
      }
    }
    if (integer) {
      auto ilo = static_cast<std::int64_t>(lo_ex ? std::floor(wlo) + 1 : std::ceil(wlo));
      auto ihi = static_cast<std::int64_t>(hi_ex ? std::ceil(whi) - 1 : std::floor(whi));
      if (ilo > ihi) return ilo;
      return rng_.between(ilo, std::min(ihi, ilo + 99));
    }
    auto base = static_cast<double>(rng_.between(static_cast<std::int64_t>(std::ceil(wlo)),
                                                 static_cast<std::int64_t>(std::floor(whi))));
    for (double x : {base + 0.5, base, (wlo + whi) / 2}) {
      if (inside(x) && x >= wlo && x <= whi) return x;
    }
    return (wlo + whi) / 2;
  }

  const CompiledSchema& schema_;
  const json& doc_;
  Rng& rng_;
  Viewer viewer_;
  bool examples_;
  std::size_t count_ = 0;
  std::unordered_map<const json*, int> active_;
  std::unordered_map<std::string, std::regex> regexes_;
};

}  // namespace

json generate_value(const CompiledSchema& schema, Rng& rng) {
  std::optional<json> first;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    // 0: examples and first members; 1: no examples; then other members.
    Generator generator(schema, rng, attempt == 0, attempt >= 2);
    json value = generator.root();
    if (validate(schema, value, 1).valid()) return value;
    if (!first) first = std::move(value);
  }
  return *first;
}

// ---------------------------------------------------------------------------
// negative_cases()

namespace {

struct Location {
  std::string pointer;  // JSON pointer of the object
  std::string path;     // for descriptions: "", "customer.", "items[0]."
  std::vector<const json*> schemas;
  std::size_t depth = 0;
};

struct Candidate {
  std::string description;
  std::string pointer;  // of the object changed
  std::string property;
  json value;           // the new property value (removal: unused)
  bool remove = false;
  std::string span_pointer;
};

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? " or " : "") + items[i];
  return out;
}

}  // namespace

std::vector<NegativeCase> negative_cases(const CompiledSchema& schema, const json& valid, std::size_t max) {
  std::vector<NegativeCase> out;
  if (max == 0) return out;
  const json& doc = schema.json();
  Viewer viewer(doc, nullptr);
  enum { removal, wrong_type, outside_enum, unknown, bound, kinds };
  std::vector<Candidate> found[kinds];

  std::vector<Location> queue{{"", "", {&doc}, 0}};
  for (std::size_t q = 0; q < queue.size() && q < 256; ++q) {
    Location at = queue[q];
    const json* object = nullptr;
    try {
      object = &valid.at(json::json_pointer(at.pointer));
    } catch (const std::exception&) {
      continue;
    }
    View v = viewer.view(at.schemas);
    if (object->is_array()) {  // an array of objects: its first item
      if (!object->empty() && at.depth < kNegativeDepth) {
        std::vector<const json*> items = v.items;
        if (v.tuple && !v.tuple->empty()) items = {&v.tuple->front()};
        queue.push_back({at.pointer + "/0", at.path.empty() ? "[0]." : at.path.substr(0, at.path.size() - 1) + "[0].",
                         items, at.depth + 1});
      }
      continue;
    }
    if (!object->is_object()) continue;
    for (const auto& name : v.required) {
      if (!object->contains(name)) continue;
      found[removal].push_back({"without required property \"" + at.path + name + "\"", at.pointer, name, nullptr,
                                true, at.pointer + "/" + json_pointer_escape(name)});
    }
    for (const auto& [name, schemas] : v.properties) {
      if (!object->contains(name)) continue;
      View p = viewer.view(schemas);
      const json& current = (*object)[name];
      std::string label = "\"" + at.path + name + "\"";
      std::string where = at.pointer + "/" + json_pointer_escape(name);
      if (p.types && !p.types->empty()) {
        struct Wrong {
          const char* type;
          const char* said;
          json value;
        };
        const Wrong wrongs[] = {{"string", "a string", "wrong-type"}, {"integer", "a number", 12345},
                                {"boolean", "a boolean", true},       {"object", "an object", json::object()},
                                {"array", "an array", json::array()}, {"null", "null", nullptr}};
        for (const auto& w : wrongs) {
          if (type_allows(*p.types, w.type)) continue;
          found[wrong_type].push_back(
              {label + " is " + w.said + ", not " + joined(*p.types), at.pointer, name, w.value, false, where});
          break;
        }
      }
      if (p.enum_values && std::any_of(p.enum_values->begin(), p.enum_values->end(),
                                       [](const json& e) { return e.is_string(); })) {
        std::string outside = "archgate-not-in-enum";
        while (std::find(p.enum_values->begin(), p.enum_values->end(), json(outside)) != p.enum_values->end()) {
          outside += "-x";
        }
        found[outside_enum].push_back({label + " outside its enum", at.pointer, name, outside, false, where});
      }
      if (current.is_number()) {
        bool integer = current.is_number_integer();
        if (p.maximum && std::fabs(*p.maximum) < 9e15) {
          double x = p.exclusive_maximum ? *p.maximum : *p.maximum + 1;
          json bad = integer && x == std::floor(x) ? json(static_cast<std::int64_t>(x)) : json(x);
          found[bound].push_back({label + " above its maximum " + json(*p.maximum).dump(), at.pointer, name, bad,
                                  false, where});
        }
        if (p.minimum && std::fabs(*p.minimum) < 9e15) {
          double x = p.exclusive_minimum ? *p.minimum : *p.minimum - 1;
          json bad = integer && x == std::floor(x) ? json(static_cast<std::int64_t>(x)) : json(x);
          found[bound].push_back({label + " below its minimum " + json(*p.minimum).dump(), at.pointer, name, bad,
                                  false, where});
        }
      } else if (current.is_string() && p.max_length && *p.max_length < 10'000) {
        found[bound].push_back({label + " longer than its maxLength " + std::to_string(*p.max_length), at.pointer,
                                name, std::string(static_cast<std::size_t>(*p.max_length) + 1, 'x'), false, where});
      }
      if ((current.is_object() || current.is_array()) && at.depth < kNegativeDepth) {
        queue.push_back({where, at.path + name + ".", schemas, at.depth + 1});
      }
    }
    if (v.closed) {
      std::string extra = "x-archgate-unknown";
      while (object->contains(extra) || v.properties.count(extra)) extra += "-x";
      found[unknown].push_back({"unknown property \"" + at.path + extra + "\" (additionalProperties: false)",
                                at.pointer, extra, 1, false, at.pointer});
    }
  }
  // Numbers in descriptions: 10, not 10.0.
  for (auto& c : found[bound]) {
    auto dot = c.description.rfind(".0");
    if (dot != std::string::npos && dot + 2 == c.description.size()) c.description.erase(dot);
  }

  // Interleave the kinds; keep what the schema really rejects.
  std::size_t longest = 0;
  for (const auto& list : found) longest = std::max(longest, list.size());
  for (std::size_t i = 0; i < longest && out.size() < max; ++i) {
    for (const auto& list : found) {
      if (i >= list.size() || out.size() >= max) continue;
      const Candidate& c = list[i];
      json changed = valid;
      json& object = changed.at(json::json_pointer(c.pointer));
      if (c.remove) object.erase(c.property);
      else object[c.property] = c.value;
      if (validate(schema, changed, 1).valid()) continue;
      Span span = schema.span_at(c.span_pointer);
      if (!span.known()) span = schema.span_at(c.pointer);
      out.push_back({c.description, std::move(changed), std::move(span)});
    }
  }
  return out;
}

}  // namespace archgate::verify
