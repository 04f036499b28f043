// OpenAPI schemas -> one JSON Schema draft 7 document each. Every choice
// of the mapping is described at the top of schema_adapter.cpp.
#include "verify/schema_internal.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <unordered_map>
#include <utility>

namespace archgate::verify {

namespace {

constexpr std::size_t kMaxSchemaObjects = 200'000;  // translated schema objects per compiled schema
constexpr std::size_t kMaxValueNodes = 500'000;     // enum/const/default/examples values copied
constexpr std::size_t kMaxExamples = 8;

// Formats as linear patterns: anchored, each quantifier on a class that the
// next token cannot match, no repeated groups. date, date-time and time follow
// RFC 3339 and the rules of valijson's own format check (months 01-12, days
// up to 29/30/31 by month, Feb 29 in any year, seconds up to 60), with a
// four-digit year as RFC 3339 asks (valijson takes any number of digits).
#define ARCHGATE_DATE                                                                   \
  "[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|" \
  "[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-9]))"
#define ARCHGATE_TIME \
  "(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\\.[0-9]+)?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
struct FormatPattern {
  const char* format;
  const char* pattern;
};
constexpr FormatPattern kFormatPatterns[] = {
    {"date", "^" ARCHGATE_DATE "$"},
    {"date-time", "^" ARCHGATE_DATE "[Tt]" ARCHGATE_TIME "$"},
    {"time", "^" ARCHGATE_TIME "$"},
    {"uuid", "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"},
    {"email", "^[^\\s@]+@[^\\s@.]+\\.[^\\s@]+$"},
    {"uri", "^[A-Za-z][A-Za-z0-9+.-]*:[^\\s]*$"},
};
#undef ARCHGATE_DATE
#undef ARCHGATE_TIME

}  // namespace

const char* format_pattern(std::string_view format) {
  for (const auto& f : kFormatPatterns) {
    if (format == f.format) return f.pattern;
  }
  return nullptr;
}

namespace {

// ---------------------------------------------------------------------------
// Contract nodes -> JSON values (enum, const, default, examples)

std::optional<json> parse_number(std::string_view text) {
  std::string_view t = text;
  bool negative = false;
  if (!t.empty() && (t.front() == '+' || t.front() == '-')) {
    negative = t.front() == '-';
    t.remove_prefix(1);
  }
  if (t.empty()) return std::nullopt;
  int base = 10;
  if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'o')) {
    base = t[1] == 'x' ? 16 : 8;
    t.remove_prefix(2);
  }
  std::uint64_t u = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), u, base);
  if (ec == std::errc() && p == t.data() + t.size()) {
    if (!negative) {
      if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return json(static_cast<std::int64_t>(u));
      return json(u);
    }
    if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1) {
      return json(static_cast<std::int64_t>(0 - u));
    }
    return json(-static_cast<double>(u));
  }
  if (base != 10) return std::nullopt;
  double d = 0;
  auto [q, ec2] = std::from_chars(t.data(), t.data() + t.size(), d);
  if (ec2 == std::errc() && q == t.data() + t.size() && std::isfinite(d)) return json(negative ? -d : d);
  return std::nullopt;
}

json scalar_value(const Node& n) {
  if (n.is_null()) return nullptr;
  if (n.quoted) return n.text;
  const std::string& t = n.text;
  if (t == "true" || t == "True" || t == "TRUE") return true;
  if (t == "false" || t == "False" || t == "FALSE") return false;
  if (t.empty() || t == "~" || t == "null" || t == "Null" || t == "NULL") return nullptr;
  if (!n.is_string()) {
    if (auto number = parse_number(t)) return *number;
  }
  return t;
}

json node_value(const Node& n, std::size_t& budget) {
  if (budget == 0) return nullptr;
  --budget;
  if (n.is_map()) {
    json out = json::object();
    for (std::size_t i = 0; i < n.size(); ++i) {
      if (!out.contains(n.keys[i].text)) out[n.keys[i].text] = node_value(n.items[i], budget);
    }
    return out;
  }
  if (n.is_sequence()) {
    json out = json::array();
    for (const Node& item : n.items) out.push_back(node_value(item, budget));
    return out;
  }
  return scalar_value(n);
}

std::optional<double> number_of(const Node& n) {
  if (!n.is_scalar() || n.quoted) return std::nullopt;
  auto v = parse_number(n.text);
  if (!v) return std::nullopt;
  return v->get<double>();
}

// A count keyword (minLength, maxItems, ...): a whole, non-negative number.
std::optional<std::uint64_t> count_of(const Node& n) {
  auto d = number_of(n);
  if (!d || *d < 0 || *d != std::floor(*d) || *d > 9007199254740992.0) return std::nullopt;
  return static_cast<std::uint64_t>(*d);
}

json number_json(const Node& n) {
  auto v = parse_number(n.text);
  if (v && v->is_number_unsigned()) return json(v->get<double>());
  return *v;
}

bool flag(const Node& node, std::string_view key) {
  const Node* value = node.get(key);
  return value && value->as_bool().value_or(false);
}

// ---------------------------------------------------------------------------
// The translator: one OpenAPI schema -> one draft-7 document

enum class Dialect : std::uint8_t { swagger2, openapi30, openapi31 };

Dialect dialect_of(std::string_view version) {
  if (!version.empty() && version.front() == '2') return Dialect::swagger2;
  if (version.substr(0, 3) == "3.0") return Dialect::openapi30;
  if (!version.empty() && version.front() == '3') return Dialect::openapi31;
  return Dialect::openapi30;
}

const std::set<std::string, std::less<>> kKnownTypes = {"null", "boolean", "object", "array",
                                                        "number", "string", "integer"};

class Translator {
 public:
  Translator(const OpenApiDocument& doc, const SchemaResolver& resolver, Dialect dialect, Direction direction,
             std::vector<SchemaNote>& notes)
      : doc_(doc), resolver_(resolver), dialect_(dialect), direction_(direction), notes_(notes) {}

  json compile(SchemaAt root) {
    json doc = translate(root, root ? name_span(root.node) : Span{}, {});
    for (std::size_t i = 0; i < pending_.size(); ++i) {
      auto [target, name] = pending_[i];
      definitions_[name] = translate(target, name_span(target.node), {});
    }
    if (doc.is_boolean()) doc = doc.get<bool>() ? json::object() : json{{"not", json::object()}};
    if (!definitions_.empty()) doc["definitions"] = std::move(definitions_);
    return doc;
  }

  std::vector<Span> spans;

 private:
  using Names = std::set<std::string>;

  void note(std::string message, Span span) { notes_.push_back({std::move(message), std::move(span)}); }

  // A $ref target that is a named schema (components/schemas, definitions,
  // or an entry at the top of a file) is placed at its name.
  Span name_span(const Node* target) {
    if (!names_indexed_) {
      names_indexed_ = true;
      for (const auto& f : doc_.files) {
        const std::string* file = resolver_.file(f->path);
        const Node& root = f->doc.root;
        if (!file || !root.is_map()) continue;
        auto index = [&](const Node* map) {
          if (!map || !map->is_map()) return;
          for (std::size_t i = 0; i < map->size(); ++i) named_.emplace(&map->items[i], key_span(*file, map->keys[i]));
        };
        index(&root);
        index(root.get("definitions"));
        if (const Node* components = root.get("components")) index(components->get("schemas"));
      }
    }
    auto it = named_.find(target);
    return it == named_.end() ? Span{} : it->second;
  }

  json translate(SchemaAt at, const Span& where, const Names& inherited) {
    if (!at) return true;
    const Node& n = *at.node;
    if (n.is_scalar()) {
      if (auto b = n.as_bool()) return *b;  // boolean schemas (3.1)
    }
    if (!n.is_map()) {
      note("a schema must be a mapping, this is a " + std::string(kind_name(n.kind)) + ": not checked",
           node_span(*at.file, n));
      return true;
    }
    if (++objects_ > kMaxSchemaObjects) {
      if (!budget_noted_) {
        note("more than " + std::to_string(kMaxSchemaObjects) + " schema objects: the rest is not checked",
             node_span(*at.file, n));
      }
      budget_noted_ = true;
      return true;
    }
    if (const Node* ref = n.get("$ref")) return reference(at, *ref, where, inherited);
    return object(at, where, inherited, false);
  }

  std::string definition(SchemaAt target) {
    auto it = names_.find(target.node);
    if (it != names_.end()) return it->second;
    std::string name = "d" + std::to_string(names_.size());
    names_.emplace(target.node, name);
    pending_.emplace_back(target, name);
    definitions_[name] = true;  // placeholder until translated
    return name;
  }

  json nullable_wrap(json schema, std::size_t index) {
    return json{{"if", {{"type", "null"}}},
                {"else", std::move(schema)},
                {"x-archgate-at", index},
                {"x-archgate-nullable", true}};
  }

  bool nullable_here(const Node& n) const {
    if (dialect_ == Dialect::openapi31) return false;
    return flag(n, "nullable") || flag(n, "x-nullable");
  }

  json reference(SchemaAt at, const Node& ref, const Span& where, const Names& inherited) {
    const Node& n = *at.node;
    const std::string& file = *at.file;
    json target = true;
    if (!ref.is_scalar() || ref.text.empty()) {
      note("$ref must be a string: not checked", node_span(file, ref));
    } else if (SchemaAt resolved = resolver_.resolve(at); !resolved) {
      note("$ref \"" + ref.text + "\" leads nowhere (a file that was not loaded, a URL, or a loop of $refs): not checked",
           node_span(file, ref));
    } else {
      target = json{{"$ref", "#/definitions/" + definition(resolved)}};
    }
    bool siblings = false;
    for (const auto& key : n.keys) {
      if (key.text != "$ref" && key.text.rfind("x-", 0) != 0 && key.text != "description" && key.text != "summary" &&
          key.text != "title" && key.text != "example" && key.text != "examples" && key.text != "$comment") {
        siblings = true;
      }
    }
    if (dialect_ == Dialect::openapi31 && siblings) {
      json rest = object(at, where, inherited, true);
      json& object_part = rest.contains("x-archgate-nullable") ? rest["else"] : rest;
      json all = json::array({std::move(target)});
      if (auto it = object_part.find("allOf"); it != object_part.end()) {
        for (auto& m : *it) all.push_back(std::move(m));
      }
      object_part["allOf"] = std::move(all);
      return rest;
    }
    if (nullable_here(n)) {
      std::size_t index = spans.size();
      spans.push_back(where.known() ? where : node_span(file, n));
      return nullable_wrap(std::move(target), index);
    }
    return target;
  }

  bool hidden_property(SchemaAt property) const {
    const char* key = direction_ == Direction::request ? "readOnly" : "writeOnly";
    if (property.node && property.node->is_map() && flag(*property.node, key)) return true;
    SchemaView v = view_schema(resolver_, property);
    return direction_ == Direction::request ? v.read_only : v.write_only;
  }

  // readOnly (requests) or writeOnly (responses) property names at this level.
  Names hidden_at(SchemaAt at) const {
    Names names;
    SchemaView v = view_schema(resolver_, at);
    for (const auto& p : v.properties) {
      if (hidden_property(p.value)) names.insert(p.name);
    }
    return names;
  }

  json sub(SchemaAt parent, const Node& node, const Span& where, const Names& inherited = {}) {
    return translate(SchemaAt{parent.file, &node}, where, inherited);
  }

  bool schema_like(const Node& v) const { return v.is_map() || (v.is_scalar() && v.as_bool()); }

  void keep_pattern(json& out, const char* key, const Node& v, const std::string& file) {
    if (!v.is_scalar()) {
      note(std::string(key) + " must be a string: not checked", node_span(file, v));
      return;
    }
    if (auto problem = pattern_problem(v.text)) {
      note("pattern \"" + truncated(v.text, 60) + "\" is not checked: " + *problem, node_span(file, v));
      return;
    }
    out[key] = v.text;
  }

  json object(SchemaAt at, const Span& where, const Names& inherited, bool skip_ref) {
    const Node& n = *at.node;
    const std::string& file = *at.file;
    json out = json::object();
    std::size_t index = spans.size();
    spans.push_back(where.known() ? where : node_span(file, n));
    out["x-archgate-at"] = index;

    std::optional<std::vector<std::string>> types;
    std::optional<bool> exclusive_min_flag, exclusive_max_flag;
    std::optional<std::string> format;
    const Node* items = nullptr;
    const Node* prefix_items = nullptr;
    json examples = json::array();
    json dependencies = json::object();
    std::vector<std::string> required;
    Names hidden;
    bool hidden_known = false;
    auto hidden_names = [&]() -> const Names& {
      if (!hidden_known) {
        hidden = inherited;
        Names own = hidden_at(at);
        hidden.insert(own.begin(), own.end());
        hidden_known = true;
      }
      return hidden;
    };
    bool nullable = nullable_here(n);
    bool composite = n.get("allOf") || n.get("anyOf") || n.get("oneOf") || n.get("not") || n.get("const") ||
                     (skip_ref && n.get("$ref"));

    for (std::size_t i = 0; i < n.size(); ++i) {
      const std::string& key = n.keys[i].text;
      const Node& v = n.items[i];
      Span kspan = key_span(file, n.keys[i]);
      auto bad = [&](const std::string& what) { note(key + " " + what + ": not checked", kspan); };

      if (key == "type") {
        std::vector<std::string> list;
        if (v.is_scalar()) list.push_back(v.text);
        else if (v.is_sequence()) {
          for (const Node& t : v.items) {
            if (t.is_scalar()) list.push_back(t.text);
          }
        }
        std::vector<std::string> kept;
        bool any = list.empty();
        for (const auto& t : list) {
          if (t == "file") any = true;  // Swagger 2.0: anything
          else if (!kKnownTypes.count(t)) note("unknown type \"" + t + "\": not checked", kspan);
          else if (std::find(kept.begin(), kept.end(), t) == kept.end()) kept.push_back(t);
        }
        if (!any && !kept.empty()) types = std::move(kept);
      } else if (key == "format") {
        if (v.is_scalar()) format = v.text;
      } else if (key == "enum") {
        if (!v.is_sequence() || v.items.empty()) {
          bad("must be a non-empty list");
        } else {
          out["enum"] = node_value(v, value_budget_);
        }
      } else if (key == "const") {
        out["const"] = node_value(v, value_budget_);
      } else if (key == "default") {
        out["default"] = node_value(v, value_budget_);
      } else if (key == "example") {
        if (examples.size() < kMaxExamples) examples.push_back(node_value(v, value_budget_));
      } else if (key == "examples") {
        if (v.is_sequence()) {
          for (const Node& e : v.items) {
            if (examples.size() < kMaxExamples) examples.push_back(node_value(e, value_budget_));
          }
        }
      } else if (key == "minimum" || key == "maximum") {
        if (number_of(v)) out[key] = number_json(v);
        else bad("must be a number");
      } else if (key == "exclusiveMinimum" || key == "exclusiveMaximum") {
        auto& flag_slot = key == "exclusiveMinimum" ? exclusive_min_flag : exclusive_max_flag;
        if (auto b = v.as_bool()) flag_slot = *b;
        else if (number_of(v)) out[key] = number_json(v);
        else bad("must be a number or a boolean");
      } else if (key == "multipleOf") {
        auto d = number_of(v);
        if (d && *d > 0) out[key] = *d;  // a double, always (see the top of schema_adapter.cpp)
        else bad("must be a number above 0");
      } else if (key == "minLength" || key == "maxLength" || key == "minItems" || key == "maxItems" ||
                 key == "minProperties" || key == "maxProperties") {
        if (auto c = count_of(v)) out[key] = *c;
        else bad("must be a whole number, 0 or more");
      } else if (key == "pattern") {
        keep_pattern(out, "pattern", v, file);
      } else if (key == "required") {
        if (v.is_sequence()) {
          for (const Node& name : v.items) {
            if (name.is_scalar() && std::find(required.begin(), required.end(), name.text) == required.end()) {
              required.push_back(name.text);
            }
          }
        } else {
          bad("must be a list of property names");
        }
      } else if (key == "properties" || key == "patternProperties") {
        if (!v.is_map()) {
          bad("must be a mapping");
          continue;
        }
        json props = json::object();
        for (std::size_t k = 0; k < v.size(); ++k) {
          const std::string& name = v.keys[k].text;
          if (props.contains(name)) continue;
          if (key == "patternProperties") {
            if (auto problem = pattern_problem(name)) {
              note("patternProperties \"" + truncated(name, 60) + "\" is not checked: " + *problem,
                   key_span(file, v.keys[k]));
              continue;
            }
          }
          props[name] = sub(at, v.items[k], key_span(file, v.keys[k]));
        }
        out[key] = std::move(props);
      } else if (key == "additionalProperties" || key == "additionalItems" || key == "contains" ||
                 key == "propertyNames" || key == "not" || key == "if" || key == "then" || key == "else") {
        if (schema_like(v)) out[key] = sub(at, v, kspan);
        else bad("must be a schema");
      } else if (key == "items") {
        items = &v;
      } else if (key == "prefixItems") {
        if (v.is_sequence()) prefix_items = &v;
        else bad("must be a list of schemas");
      } else if (key == "allOf" || key == "anyOf" || key == "oneOf") {
        if (!v.is_sequence() || v.items.empty()) {
          bad("must be a non-empty list of schemas");
          continue;
        }
        json members = json::array();
        for (const Node& m : v.items) {
          members.push_back(key == "allOf" ? sub(at, m, Span{}, hidden_names()) : sub(at, m, Span{}));
        }
        out[key] = std::move(members);
      } else if (key == "dependencies" || key == "dependentRequired" || key == "dependentSchemas") {
        if (!v.is_map()) {
          bad("must be a mapping");
          continue;
        }
        for (std::size_t k = 0; k < v.size(); ++k) {
          const Node& d = v.items[k];
          if (d.is_sequence() && key != "dependentSchemas") {
            json names = json::array();
            for (const Node& name : d.items) {
              if (name.is_scalar()) names.push_back(name.text);
            }
            dependencies[v.keys[k].text] = std::move(names);
          } else if (schema_like(d) && key != "dependentRequired") {
            dependencies[v.keys[k].text] = sub(at, d, key_span(file, v.keys[k]));
          } else {
            note(key + " \"" + v.keys[k].text + "\" is malformed: not checked", key_span(file, v.keys[k]));
          }
        }
      } else if (key == "uniqueItems") {
        if (auto b = v.as_bool()) out[key] = *b;
        else bad("must be a boolean");
      } else if (key == "readOnly" || key == "writeOnly") {
        if (auto b = v.as_bool()) out[key] = *b;
      } else if (key == "unevaluatedProperties" || key == "unevaluatedItems" || key == "minContains" ||
                 key == "maxContains" || key == "$dynamicRef" || key == "$recursiveRef") {
        note("keyword " + key + " (not in JSON Schema draft 7) is not checked", kspan);
      }
      // Everything else is dropped: see the top of schema_adapter.cpp.
    }

    bool wrap = nullable && composite;
    if (types) {
      if (nullable && !wrap && std::find(types->begin(), types->end(), "null") == types->end()) {
        types->push_back("null");
      }
      out["type"] = types->size() == 1 ? json(types->front()) : json(*types);
    }
    if (nullable && !wrap) {
      if (auto it = out.find("enum"); it != out.end() && std::find(it->begin(), it->end(), json(nullptr)) == it->end()) {
        it->push_back(nullptr);
      }
    }
    auto exclusive = [&](const std::optional<bool>& flag_value, const char* bound, const char* exclusive_key) {
      if (flag_value.value_or(false) && out.contains(bound)) {
        out[exclusive_key] = out[bound];
        out.erase(bound);
      }
    };
    exclusive(exclusive_min_flag, "minimum", "exclusiveMinimum");
    exclusive(exclusive_max_flag, "maximum", "exclusiveMaximum");
    if (prefix_items) {
      json tuple = json::array();
      for (const Node& m : prefix_items->items) tuple.push_back(sub(at, m, Span{}));
      out["items"] = std::move(tuple);
      if (items && schema_like(*items)) out["additionalItems"] = sub(at, *items, Span{});
    } else if (items) {
      if (items->is_sequence()) {
        json tuple = json::array();
        for (const Node& m : items->items) tuple.push_back(sub(at, m, Span{}));
        out["items"] = std::move(tuple);
      } else if (schema_like(*items)) {
        out["items"] = sub(at, *items, key_span(file, *n.key_of("items")));
      } else {
        note("items must be a schema: not checked", key_span(file, *n.key_of("items")));
      }
    }
    if (!dependencies.empty()) out["dependencies"] = std::move(dependencies);
    if (!examples.empty()) out["examples"] = std::move(examples);
    if (!required.empty()) {
      json list = json::array();
      const Names& skip = hidden_names();
      for (const auto& name : required) {
        if (!skip.count(name)) list.push_back(name);
      }
      if (!list.empty()) out["required"] = std::move(list);
    }
    if (format) add_format(out, *format);
    if (wrap) return nullable_wrap(std::move(out), index);
    return out;
  }

  static void add_member(json& out, json member) {
    if (!out.contains("allOf")) out["allOf"] = json::array();
    out["allOf"].push_back(std::move(member));
  }

  void add_format(json& out, const std::string& format) {
    out["x-archgate-format"] = format;
    if (const char* pattern = format_pattern(format)) {
      if (!out.contains("pattern")) out["pattern"] = pattern;
      else add_member(out, json{{"pattern", pattern}});
    } else if (format == "int32" || format == "int64") {
      bool is32 = format == "int32";
      if (!out.contains("minimum") && !out.contains("exclusiveMinimum")) {
        out["minimum"] = is32 ? json(std::numeric_limits<std::int32_t>::min())
                              : json(std::numeric_limits<std::int64_t>::min());
      }
      if (!out.contains("maximum") && !out.contains("exclusiveMaximum")) {
        out["maximum"] = is32 ? json(std::numeric_limits<std::int32_t>::max())
                              : json(std::numeric_limits<std::int64_t>::max());
      }
    }
  }

  const OpenApiDocument& doc_;
  const SchemaResolver& resolver_;
  Dialect dialect_;
  Direction direction_;
  std::vector<SchemaNote>& notes_;
  bool names_indexed_ = false;
  std::unordered_map<const Node*, Span> named_;
  json definitions_ = json::object();
  std::unordered_map<const Node*, std::string> names_;
  std::vector<std::pair<SchemaAt, std::string>> pending_;
  std::size_t objects_ = 0;
  bool budget_noted_ = false;
  std::size_t value_budget_ = kMaxValueNodes;
};

}  // namespace

json translate_schema(const OpenApiDocument& doc, const SchemaResolver& resolver, SchemaAt root, Direction direction,
                      std::vector<SchemaNote>& notes, std::vector<Span>& spans) {
  Translator translator(doc, resolver, dialect_of(doc.version), direction, notes);
  json out = translator.compile(root);
  spans = std::move(translator.spans);
  return out;
}

}  // namespace archgate::verify
