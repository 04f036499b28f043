// valijson's errors made into Violations: each at a JSON pointer into the
// instance, in words ("expected integer, got string"), with the span of the
// deepest contract schema that applies there (json() walked along the
// pointer, $refs and allOf/anyOf/oneOf members followed).
#include "verify/schema_internal.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <iterator>
#include <map>
#include <unordered_set>
#include <utility>

#include "loaders/openapi_refs.h"

namespace archgate::verify {

namespace {

// ---------------------------------------------------------------------------
// Small helpers

std::string type_name(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "integer";
    case json::value_t::number_float: return "number";
    case json::value_t::string: return "string";
    case json::value_t::array: return "array";
    case json::value_t::object: return "object";
    default: return "value";
  }
}

// The tokens of an instance pointer; one without its leading '/' is read as
// if it had it.
std::vector<std::string> pointer_tokens(std::string_view pointer) {
  if (pointer.empty() || pointer.front() == '/') return *json_pointer_tokens(pointer);
  return *json_pointer_tokens("/" + std::string(pointer));
}

bool at_or_below(std::string_view pointer, std::string_view base) {
  if (base.empty()) return true;
  return pointer.size() >= base.size() && pointer.compare(0, base.size(), base) == 0 &&
         (pointer.size() == base.size() || pointer[base.size()] == '/');
}

std::optional<std::size_t> index_token(std::string_view token) {
  if (token.empty() || token.size() > 18) return std::nullopt;
  std::size_t value = 0;
  for (char c : token) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::size_t>(c - '0');
  }
  return value;
}

std::string format_number(double d) {
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15) {
    return std::to_string(static_cast<long long>(d));
  }
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, res.ptr);
}

std::string format_number(const json& v) {
  if (v.is_number_integer()) return v.dump();
  if (v.is_number()) return format_number(v.get<double>());
  return v.dump();
}

}  // namespace

std::string truncated(std::string text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
  return text.substr(0, cut) + "...";
}

namespace {

// A value as messages show it: strings quoted, everything short.
std::string preview(const json& v) {
  if (v.is_number()) return format_number(v);
  std::string text = v.dump(-1, ' ', false, json::error_handler_t::replace);
  if (v.is_string() && text.size() > 42) return truncated(text.substr(0, text.size() - 1), 40) + "\"";
  return truncated(std::move(text), 40);
}

// An enum value in a list: strings bare ("red"), the rest as JSON.
std::string bare(const json& v) {
  if (v.is_string()) return truncated(v.get<std::string>(), 40);
  return preview(v);
}

}  // namespace

// ---------------------------------------------------------------------------
// Walking json() along an instance pointer

namespace {

class Walker {
 public:
  explicit Walker(const json& doc) : doc_(doc) {}

  const json* deref(const json* s) const {
    for (int hop = 0; hop < 64 && s; ++hop) {
      auto name = definition_name(*s);
      if (!name) return s;
      auto defs = doc_.find("definitions");
      if (defs == doc_.end()) return nullptr;
      auto it = defs->find(*name);
      s = it == defs->end() ? nullptr : &*it;
    }
    return s;
  }

  // `s` and the schemas applied to the same value: $refs, allOf/anyOf/oneOf
  // members, the else of a nullable wrapper. Schema objects only.
  std::vector<const json*> closure(const std::vector<const json*>& seeds) const {
    std::vector<const json*> out;
    std::unordered_set<const json*> seen;
    std::vector<const json*> stack(seeds.rbegin(), seeds.rend());
    while (!stack.empty() && out.size() < 256) {
      const json* s = deref(stack.back());
      stack.pop_back();
      if (!s || !s->is_object() || !seen.insert(s).second) continue;
      out.push_back(s);
      std::vector<const json*> next;
      for (const char* key : {"allOf", "anyOf", "oneOf"}) {
        auto it = s->find(key);
        if (it != s->end() && it->is_array()) {
          for (const auto& m : *it) next.push_back(&m);
        }
      }
      for (const char* key : {"then", "else"}) {
        auto it = s->find(key);
        if (it != s->end()) next.push_back(&*it);
      }
      for (auto it = next.rbegin(); it != next.rend(); ++it) stack.push_back(*it);
    }
    return out;
  }

  // The schemas applied to child `token` of a value (an object when
  // `object`, an array when `array`; both when the value is unknown).
  std::vector<const json*> children(const std::vector<const json*>& set, const std::string& token, bool object,
                                    bool array) const {
    std::vector<const json*> next;
    auto index = index_token(token);
    for (const json* s : set) {
      if (object) {
        auto props = s->find("properties");
        if (props != s->end() && props->is_object() && props->contains(token)) {
          next.push_back(&(*props)[token]);
        } else if (auto extra = s->find("additionalProperties"); extra != s->end() && extra->is_object()) {
          next.push_back(&*extra);
        }
      }
      if (array && index) {
        auto items = s->find("items");
        if (items != s->end() && items->is_object()) {
          next.push_back(&*items);
        } else if (items != s->end() && items->is_array()) {
          if (*index < items->size()) next.push_back(&(*items)[*index]);
          else if (auto extra = s->find("additionalItems"); extra != s->end() && extra->is_object()) {
            next.push_back(&*extra);
          }
        }
      }
    }
    return closure(next);
  }

  struct Place {
    std::vector<const json*> schemas;  // applied at the deepest place reached
    bool reached = false;              // the whole pointer was walked
    const json* value = nullptr;       // the instance value at the pointer (when given and present)
  };

  Place walk(const std::vector<std::string>& tokens, const json* instance) const {
    Place place;
    place.schemas = closure({&doc_});
    place.value = instance;
    const json* value = instance;
    std::size_t walked = 0;
    for (const auto& token : tokens) {
      bool object = !value || value->is_object();
      bool array = !value || value->is_array();
      auto next = children(place.schemas, token, object, array);
      const json* child = nullptr;
      if (value && value->is_object()) {
        auto it = value->find(token);
        if (it != value->end()) child = &*it;
      } else if (value && value->is_array()) {
        if (auto i = index_token(token); i && *i < value->size()) child = &(*value)[*i];
      }
      value = child;
      if (next.empty()) break;
      place.schemas = std::move(next);
      ++walked;
    }
    place.reached = walked == tokens.size();
    place.value = walked == tokens.size() ? value : nullptr;
    return place;
  }

 private:
  const json& doc_;
};

Span span_of_set(const std::vector<const json*>& set, const std::vector<Span>& spans) {
  for (const json* s : set) {
    auto it = s->find("x-archgate-at");
    if (it != s->end() && it->is_number_unsigned()) {
      auto i = it->get<std::size_t>();
      if (i < spans.size()) return spans[i];
    }
  }
  return {};
}

}  // namespace

Span CompiledSchema::span_at(std::string_view pointer) const {
  Walker walker(json_);
  return span_of_set(walker.walk(pointer_tokens(pointer), nullptr).schemas, spans_);
}

// ---------------------------------------------------------------------------
// valijson's errors -> violations

namespace {

enum class Kind : std::uint8_t {
  type, required, enum_value, constant, format, pattern, maximum, exclusive_maximum, minimum, exclusive_minimum,
  max_length, min_length, max_items, min_items, max_properties, min_properties, multiple_of, unique, additional,
  negation, none_of_any, none_of_one, many_of_one, contains, dependency, extra_items, wrapper, other
};

struct Entry {
  std::string pointer;
  Kind kind = Kind::other;
  std::string message;
  std::string name;  // required / additional / dependency: the property
};

}  // namespace

std::string context_pointer(const std::vector<std::string>& context) {
  std::string pointer;
  for (std::size_t i = 0; i < context.size(); ++i) {
    const std::string& c = context[i];
    if (i == 0 && c == "<root>") continue;
    std::string_view token = c;
    if (token.size() >= 2 && token.front() == '[' && token.back() == ']') token = token.substr(1, token.size() - 2);
    pointer += "/" + json_pointer_escape(token);
  }
  return pointer;
}

namespace {

bool starts(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// The number at the end of a valijson description ("... than 10.000000").
std::string tail_number(const std::string& text) {
  std::size_t end = text.size();
  while (end > 0 && (text[end - 1] == '.' || text[end - 1] == ' ')) --end;
  std::size_t begin = end;
  while (begin > 0 && (std::isdigit(static_cast<unsigned char>(text[begin - 1])) || text[begin - 1] == '.' ||
                       text[begin - 1] == '-' || text[begin - 1] == 'e' || text[begin - 1] == '+')) {
    --begin;
  }
  std::string number = text.substr(begin, end - begin);
  double d = 0;
  auto res = std::from_chars(number.data(), number.data() + number.size(), d);
  if (res.ec != std::errc()) return number;
  return format_number(d);
}

// The text between the last two quotes ' of a description.
std::string quoted_name(const std::string& text) {
  auto last = text.rfind('\'');
  if (last == std::string::npos || last == 0) return "";
  auto first = text.rfind('\'', last - 1);
  if (first == std::string::npos) return "";
  return text.substr(first + 1, last - first - 1);
}

class Reporter {
 public:
  Reporter(const CompiledSchema& schema, const json& instance)
      : schema_(schema), instance_(instance), walker_(schema.json()) {}

  std::vector<Violation> report(const std::vector<Raw>& raws, bool invalid, std::size_t max) {
    std::vector<Entry> entries;
    for (const Raw& raw : raws) {
      Entry e = classify(raw);
      if (e.kind == Kind::none_of_any || e.kind == Kind::none_of_one) {
        group(entries, std::move(e));
      } else {
        entries.push_back(std::move(e));
      }
    }
    // Wrappers ("failed to validate item #2") only say that something below failed.
    std::vector<Entry> kept;
    for (const auto& e : entries) {
      if (e.kind == Kind::wrapper) {
        bool explained = std::any_of(entries.begin(), entries.end(), [&](const Entry& o) {
          return o.kind != Kind::wrapper && at_or_below(o.pointer, e.pointer);
        });
        if (explained) continue;
      }
      kept.push_back(e);
    }
    // One violation per pointer (missing required properties merged).
    std::vector<Violation> out;
    std::map<std::string, std::size_t> by_pointer;
    std::map<std::string, std::vector<std::string>> missing;
    for (const auto& e : kept) {
      if (e.kind == Kind::required) {
        auto& names = missing[e.pointer];
        if (std::find(names.begin(), names.end(), e.name) == names.end()) names.push_back(e.name);
      }
      if (by_pointer.count(e.pointer)) continue;
      by_pointer[e.pointer] = out.size();
      Violation v;
      v.pointer = e.pointer;
      v.message = e.kind == Kind::wrapper ? "does not match the schema" : e.message;
      v.schema_span = span_for(e);
      out.push_back(std::move(v));
    }
    for (const auto& [pointer, names] : missing) {
      Violation& v = out[by_pointer[pointer]];
      if (!starts(v.message, "missing required propert")) continue;
      if (names.size() > 1) {
        std::string list;
        for (const auto& name : names) list += (list.empty() ? "\"" : ", \"") + name + "\"";
        v.message = "missing required properties " + list;
      }
    }
    if (out.empty() && invalid) {
      out.push_back({"", "does not match the schema", span_at("")});
    }
    if (out.size() > max) out.resize(std::max<std::size_t>(max, 1));
    return out;
  }

 private:
  Span span_at(const std::string& pointer) const {
    return span_of_set(walker_.walk(pointer_tokens(pointer), &instance_).schemas, schema_.spans());
  }

  Span span_for(const Entry& e) const {
    if (e.kind == Kind::required && !e.name.empty()) {
      // The missing property's own schema, when the object's schema lists it.
      auto place = walker_.walk(pointer_tokens(e.pointer), &instance_);
      if (place.reached) {
        for (const json* s : place.schemas) {
          auto props = s->find("properties");
          if (props != s->end() && props->is_object() && props->contains(e.name)) {
            auto set = walker_.closure({&(*props)[e.name]});
            Span span = span_of_set(set, schema_.spans());
            if (span.known()) return span;
          }
        }
      }
    }
    return span_at(e.pointer);
  }

  // Types the schemas at a place accept ("null" added by nullable wrappers).
  static std::vector<std::string> expected_types(const std::vector<const json*>& set) {
    std::vector<std::string> types;
    auto add = [&](const std::string& t) {
      if (std::find(types.begin(), types.end(), t) == types.end()) types.push_back(t);
    };
    for (const json* s : set) {
      if (s->contains("x-archgate-nullable")) add("null");
      auto it = s->find("type");
      if (it == s->end()) continue;
      if (it->is_string()) add(it->get<std::string>());
      else if (it->is_array()) {
        for (const auto& t : *it) {
          if (t.is_string()) add(t.get<std::string>());
        }
      }
    }
    // "null" last reads better ("expected string or null").
    auto null = std::find(types.begin(), types.end(), "null");
    if (null != types.end()) {
      types.erase(null);
      types.push_back("null");
    }
    return types;
  }

  static std::string joined(const std::vector<std::string>& items, const char* last_sep) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out += i + 1 == items.size() ? last_sep : ", ";
      out += items[i];
    }
    return out;
  }

  std::string type_message(const Walker::Place& place) const {
    std::string got = place.value ? type_name(*place.value) : "something else";
    auto types = place.reached ? expected_types(place.schemas) : std::vector<std::string>{};
    if (types.empty()) return "wrong type: " + got;
    return "expected " + joined(types, " or ") + ", got " + got;
  }

  const json* keyword(const Walker::Place& place, const char* key) const {
    if (!place.reached) return nullptr;
    for (const json* s : place.schemas) {
      auto it = s->find(key);
      if (it != s->end()) return &*it;
    }
    return nullptr;
  }

  Entry classify(const Raw& raw) const {
    Entry e;
    e.pointer = raw.pointer;
    const std::string& d = raw.description;
    auto place = walker_.walk(pointer_tokens(raw.pointer), &instance_);
    std::string value = place.value ? preview(*place.value) : "the value";
    if (starts(d, "Value type not permitted")) {
      e.kind = Kind::type;
      e.message = type_message(place);
    } else if (starts(d, "Missing required property")) {
      e.kind = Kind::required;
      e.name = quoted_name(d);
      e.message = "missing required property \"" + e.name + "\"";
    } else if (starts(d, "Failed to match against any enum values")) {
      e.kind = Kind::enum_value;
      const json* values = keyword(place, "enum");
      if (values && values->is_array()) {
        std::vector<std::string> list;
        for (const auto& v : *values) {
          if (list.size() == 10) {
            list.push_back("... (" + std::to_string(values->size()) + " values)");
            break;
          }
          list.push_back(bare(v));
        }
        e.message = value + " is not one of " + joined(list, ", ");
      } else {
        e.message = value + " is not one of the allowed values";
      }
    } else if (starts(d, "Failed to match expected value set by 'const'")) {
      e.kind = Kind::constant;
      const json* c = keyword(place, "const");
      e.message = c ? "expected " + preview(*c) + ", got " + value : value + " is not the expected constant";
    } else if (starts(d, "String should be a valid ")) {
      e.kind = Kind::format;
      std::string format = d.substr(std::strlen("String should be a valid "));
      e.message = value + " is not a valid " + format;
    } else if (starts(d, "Failed to match regex specified by 'pattern'")) {
      e.kind = Kind::pattern;
      e.message = pattern_message(place, value);
    } else if (starts(d, "Expected number less than or equal to")) {
      e.kind = Kind::maximum;
      e.message = value + " is greater than the maximum " + tail_number(d);
    } else if (starts(d, "Expected number less than")) {
      e.kind = Kind::exclusive_maximum;
      e.message = value + " is not less than " + tail_number(d);
    } else if (starts(d, "Expected number greater than or equal to")) {
      e.kind = Kind::minimum;
      e.message = value + " is less than the minimum " + tail_number(d);
    } else if (starts(d, "Expected number greater than")) {
      e.kind = Kind::exclusive_minimum;
      e.message = value + " is not greater than " + tail_number(d);
    } else if (starts(d, "String should be no more than")) {
      e.kind = Kind::max_length;
      e.message = "longer than " + count_in(d) + " characters";
    } else if (starts(d, "String should be no fewer than")) {
      e.kind = Kind::min_length;
      e.message = "shorter than " + count_in(d) + " characters";
    } else if (starts(d, "Array should contain no more than")) {
      e.kind = Kind::max_items;
      e.message = size_of(place) + " items, at most " + count_in(d) + " allowed";
    } else if (starts(d, "Array should contain no fewer than")) {
      e.kind = Kind::min_items;
      e.message = size_of(place) + " items, at least " + count_in(d) + " required";
    } else if (starts(d, "Object should have no more than")) {
      e.kind = Kind::max_properties;
      e.message = size_of(place) + " properties, at most " + count_in(d) + " allowed";
    } else if (starts(d, "Object should have no fewer than")) {
      e.kind = Kind::min_properties;
      e.message = size_of(place) + " properties, at least " + count_in(d) + " required";
    } else if (starts(d, "Value should be a multiple of")) {
      e.kind = Kind::multiple_of;
      e.message = value + " is not a multiple of " + tail_number(d);
    } else if (starts(d, "Elements at indexes #")) {
      e.kind = Kind::unique;
      auto a = d.find('#'), b = d.find('#', a + 1);
      auto num = [&](std::size_t at) {
        std::size_t end = at + 1;
        while (end < d.size() && std::isdigit(static_cast<unsigned char>(d[end]))) ++end;
        return d.substr(at + 1, end - at - 1);
      };
      e.message = b == std::string::npos ? "items are not unique"
                                         : "items " + num(a) + " and " + num(b) + " are equal (uniqueItems)";
    } else if (starts(d, "Object contains a property that could not be validated")) {
      e.kind = Kind::additional;
      e.name = quoted_name(d);
      e.pointer += "/" + json_pointer_escape(e.name);
      e.message = "property \"" + e.name + "\" is not allowed";
    } else if (starts(d, "Target should not validate against schema specified in 'not'")) {
      e.kind = Kind::negation;
      e.message = "matches a schema it must not match (not)";
    } else if (starts(d, "Failed to validate against any schemas allowed by anyOf")) {
      e.kind = Kind::none_of_any;
      e.message = "matches none of the anyOf alternatives";
    } else if (starts(d, "Failed to validate against any child schemas allowed by oneOf")) {
      e.kind = Kind::none_of_one;
      e.message = "matches none of the oneOf alternatives";
    } else if (starts(d, "Failed to validate against exactly one child schema")) {
      e.kind = Kind::many_of_one;
      e.message = "matches more than one oneOf alternative";
    } else if (starts(d, "Failed to any values against subschema in 'contains'")) {
      e.kind = Kind::contains;
      e.message = "no item matches the contains schema";
    } else if (starts(d, "Missing dependency")) {
      e.kind = Kind::dependency;
      e.name = quoted_name(d);
      e.message = "missing property \"" + e.name + "\" (a dependency)";
    } else if (starts(d, "Array contains more items than allowed")) {
      e.kind = Kind::extra_items;
      e.message = "more items than the schema's tuple allows";
    } else if (starts(d, "Failed to validate") || starts(d, "Cannot validate item")) {
      // Wrappers name the child that failed: report there when nothing else does.
      e.kind = Kind::wrapper;
      e.message = "does not match the schema";
      if (starts(d, "Failed to validate against schema associated with property name '")) {
        e.pointer += "/" + json_pointer_escape(quoted_name(d));
      } else if (starts(d, "Failed to validate item #")) {
        e.pointer += "/" + count_in(d);
      }
      if (forbidden_child(e.pointer)) e.message = "is not allowed here (its schema is false)";
    } else {
      e.kind = Kind::other;
      e.message = d;
      while (!e.message.empty() && e.message.back() == '.') e.message.pop_back();
    }
    return e;
  }

  // The schema of the value at `pointer` is `false` (properties: {x: false}, items: false).
  bool forbidden_child(const std::string& pointer) const {
    auto tokens = pointer_tokens(pointer);
    if (tokens.empty()) return false;
    std::string last = tokens.back();
    tokens.pop_back();
    auto place = walker_.walk(tokens, &instance_);
    if (!place.reached) return false;
    for (const json* s : place.schemas) {
      if (auto props = s->find("properties"); props != s->end() && props->is_object()) {
        auto it = props->find(last);
        if (it != props->end() && it->is_boolean() && !it->get<bool>()) return true;
      }
      if (auto items = s->find("items"); items != s->end() && items->is_boolean() && !items->get<bool>()) return true;
    }
    return false;
  }

  std::string size_of(const Walker::Place& place) const {
    return place.value && (place.value->is_array() || place.value->is_object()) ? std::to_string(place.value->size())
                                                                                : "?";
  }

  static std::string count_in(const std::string& d) {
    std::size_t i = 0;
    while (i < d.size() && !std::isdigit(static_cast<unsigned char>(d[i]))) ++i;
    std::size_t j = i;
    while (j < d.size() && std::isdigit(static_cast<unsigned char>(d[j]))) ++j;
    return d.substr(i, j - i);
  }

  std::string pattern_message(const Walker::Place& place, const std::string& value) const {
    std::string format, pattern;
    if (place.reached) {
      for (const json* s : place.schemas) {
        if (auto it = s->find("x-archgate-format"); it != s->end() && it->is_string() && format.empty()) {
          if (format_pattern(it->get<std::string>())) format = it->get<std::string>();
        }
        if (auto it = s->find("pattern"); it != s->end() && it->is_string() && pattern.empty()) {
          const char* fp = format.empty() ? nullptr : format_pattern(format);
          if (!fp || it->get<std::string>() != fp) pattern = it->get<std::string>();
        }
      }
    }
    if (!format.empty() && pattern.empty()) return value + " is not a valid " + format;
    if (!pattern.empty()) return value + " does not match the pattern " + truncated(pattern, 60);
    return value + " does not match the pattern";
  }

  // Does a member of a composite accept the value's JSON type?
  bool type_compatible(const json* member, const json& value) const {
    auto set = walker_.closure({member});
    auto types = expected_types(set);
    // Only the member's own level counts: anyOf/oneOf inside it may widen it.
    for (const json* s : set) {
      if (s != walker_.deref(member) && (s->contains("anyOf") || s->contains("oneOf"))) return true;
    }
    if (types.empty()) return true;
    std::string got = type_name(value);
    for (const auto& t : types) {
      if (t == got || (t == "number" && got == "integer")) return true;
    }
    return false;
  }

  // A failed anyOf/oneOf: the errors of its alternatives were pushed just
  // before it. When one alternative has the value's type (a nullable
  // wrapper, oneOf [string, Obj]), its errors are the useful ones and stay;
  // otherwise they are folded into one violation at the composite.
  void group(std::vector<Entry>& entries, Entry summary) {
    std::size_t begin = entries.size();
    while (begin > 0 && at_or_below(entries[begin - 1].pointer, summary.pointer)) --begin;
    std::vector<Entry> block(std::make_move_iterator(entries.begin() + static_cast<std::ptrdiff_t>(begin)),
                             std::make_move_iterator(entries.end()));
    entries.resize(begin);
    std::vector<Entry> rest;
    bool type_errors = false;
    for (auto& e : block) {
      if (e.kind == Kind::type && e.pointer == summary.pointer) {
        type_errors = true;
        continue;
      }
      if (e.kind == Kind::wrapper && e.pointer == summary.pointer) continue;
      rest.push_back(std::move(e));
    }
    auto place = walker_.walk(pointer_tokens(summary.pointer), &instance_);
    if (rest.empty()) {
      if (type_errors) {
        summary.kind = Kind::type;
        summary.message = type_message(place);
      }
      entries.push_back(std::move(summary));
      return;
    }
    std::size_t compatible = 2;
    if (place.reached && place.value) {
      const char* key = summary.kind == Kind::none_of_any ? "anyOf" : "oneOf";
      for (const json* s : place.schemas) {
        auto it = s->find(key);
        if (it == s->end() || !it->is_array()) continue;
        compatible = 0;
        for (const auto& m : *it) {
          if (type_compatible(&m, *place.value)) ++compatible;
        }
        break;
      }
    }
    if (compatible == 1) {
      for (auto& e : rest) entries.push_back(std::move(e));
      return;
    }
    const Entry& first = rest.front();
    std::string where = first.pointer.size() > summary.pointer.size() ? first.pointer.substr(summary.pointer.size()) : "";
    summary.message += " (first: " + (where.empty() ? "" : where + ": ") + first.message + ")";
    entries.push_back(std::move(summary));
  }

  const CompiledSchema& schema_;
  const json& instance_;
  Walker walker_;
};

}  // namespace

std::vector<Violation> violations_of(const CompiledSchema& schema, const json& instance, const std::vector<Raw>& raws,
                                     bool invalid, std::size_t max) {
  Reporter reporter(schema, instance);
  return reporter.report(raws, invalid, max);
}

}  // namespace archgate::verify
