// OpenAPI schemas -> JSON Schema draft 7 -> valijson.
//
// The mapping of the OpenAPI dialects (every choice made here):
//
// - Versions: "2.x" is Swagger 2.0, "3.0.x" OpenAPI 3.0, any other "3.x"
//   OpenAPI 3.1 (JSON Schema 2020-12 semantics where draft 7 can say it).
// - `$ref`: every $ref is followed with SchemaResolver (local, other file,
//   file#pointer; only files the loader read) and becomes a "definitions"
//   entry, {"$ref": "#/definitions/dN"}; one entry per target node, so
//   recursive schemas are cycles in the document, which valijson handles.
//   A $ref that leads nowhere (not loaded, a URL, a loop of bare $refs) is a
//   SchemaNote and accepts anything. Keywords beside a $ref apply in 3.1
//   (2020-12: {"allOf": [{"$ref"}], ...siblings}); in 3.0 and 2.0 they are
//   ignored as the specifications say, except `nullable`/`x-nullable`, which
//   generators write next to a $ref to mean "this reference or null" and which
//   are honoured (readOnly/writeOnly beside a $ref are honoured too, for
//   `required`, see below). A $ref cycle that never descends into the value
//   (A: {allOf: [$ref: A]}) would make valijson recurse forever: the $ref that
//   closes it accepts anything, with a note.
// - `nullable: true` (3.0; also read in 2.0) and `x-nullable: true` (2.0,
//   3.0): when the schema states `type` and has no allOf/anyOf/oneOf/not/
//   const, "null" joins the type and, when there is an `enum`, null joins the
//   enum. Otherwise (a nullable composition, the usual way to write a
//   nullable reference in 3.0) the schema becomes
//   {"if": {"type": "null"}, "else": <schema>} (marked
//   "x-archgate-nullable"): null, or whatever the schema allows. 3.0.3 says
//   nullable only widens `type`; we are more lenient, as generators expect.
//   Not read in 3.1, where `type: [x, "null"]` is the way.
// - `type`: a string or (3.1, and leniently elsewhere) an array. Swagger 2.0
//   `file` means anything: the type is dropped. Unknown names are dropped with
//   a note.
// - `exclusiveMinimum`/`exclusiveMaximum`: a number (3.1, draft 7) passes
//   through; a boolean (2.0, 3.0) turns `minimum`/`maximum` into the draft-7
//   exclusive bound (false: the inclusive bound stays).
// - `readOnly` properties are not required in requests (dropped from
//   `required` with Direction::request), `writeOnly` ones not in responses.
//   A property counts as readOnly when its schema, a $ref target or an allOf
//   member says so; `required` lists inside allOf members see the properties
//   of their siblings.
// - Passed through (values checked first; a malformed one is dropped with a
//   note, because valijson throws on it): allOf/anyOf/oneOf/not, if/then/else,
//   properties, patternProperties, additionalProperties (bool or schema),
//   propertyNames, required, dependencies, enum, const, minimum, maximum,
//   multipleOf (> 0), minLength/maxLength, pattern, items (schema or tuple),
//   additionalItems, contains, minItems/maxItems, uniqueItems,
//   minProperties/maxProperties, boolean schemas.
//   3.1 (2020-12) keywords mapped: prefixItems + items -> items (tuple) +
//   additionalItems; dependentRequired/dependentSchemas -> dependencies;
//   `$defs` needs nothing (a $ref into it is followed like any other).
//   Not in draft 7, dropped with a note: unevaluatedProperties,
//   unevaluatedItems, minContains, maxContains, $dynamicRef, $recursiveRef.
// - Dropped (never given to valijson): discriminator, example, xml,
//   externalDocs, deprecated, title, description, x-*, $id, $schema,
//   $anchor, $comment, contentMediaType/contentEncoding. Kept as draft-7
//   annotations that valijson ignores, for value generation: `default`,
//   `examples` (3.0 `example` becomes examples: [example]), readOnly,
//   writeOnly, and "x-archgate-format" (the format as written).
// - Numbers: valijson's nlohmann adapter says a JSON number is an integer
//   only when nlohmann parsed it as one, so 1.0 fails `type: integer` there.
//   JSON Schema (draft 6 on) says 1.0 is an integer, and serialisers with a
//   floating type write 1.0 for a whole number; we follow JSON Schema: the
//   instance's whole floats become integers before validation (parse_body
//   does it while parsing). 1.5 stays a number and fails `type: integer`.
//   Integers beyond the int64 range become doubles (the adapter would wrap
//   them to negative numbers), so they are not integers here. multipleOf is
//   always given as a double: valijson's integer multipleOf truncates a
//   fractional instance (4.5 passed multipleOf 2) and divides by zero.
// - Formats: date, date-time, time, uuid, email and uri add a simple,
//   anchored `pattern` without nested quantifiers (kFormatPatterns), which
//   valijson checks (strings only). valijson's own `format` check is not
//   used: it builds a std::regex for every value it checks (20,000
//   date-times took over 5 s, measured; valijson caches `pattern` regexes),
//   and it applies `format` to non-strings too, throwing on objects. The
//   date rules are valijson's (see kFormatPatterns). int32 and int64 add
//   minimum/maximum bounds when none is stated. Every other format (byte,
//   binary, hostname, ipv4, ...) is not checked.
// - Regexes (`pattern`, patternProperties keys, the format patterns) run in libstdc++'s
//   std::regex (ECMAScript), which valijson uses: it backtracks (exponential
//   time for `(a+)+`-like patterns) and recurses once per character. At
//   compile time a pattern is dropped with a note when it does not compile
//   (lookbehind, named groups, \p{..} are not in std::regex), is longer than
//   kMaxPatternLength, or repeats a group that holds a quantifier or an
//   alternation (`(a+)+`, `(a|ab)*`: a conservative test, which also drops
//   some harmless patterns such as `^([a-z]+-)*[a-z]+$`). Polynomial
//   backtracking (`^a*a*a*$`) is not detected; strings are at most
//   kMaxPatternInput characters long when a regex sees them (validate()).
// - Bounds on what a hostile contract can make valijson do: valijson's
//   parser and validator recurse. A schema whose same-value nesting
//   (allOf/anyOf/oneOf/not/if through $refs) is deeper than
//   kMaxSameValueDepth, or whose nesting and $ref chains could make the
//   parser recurse deeper than kMaxParseDepth, is not compiled (a note;
//   everything is accepted). Deep but allowed schemas are parsed on a thread
//   with a large stack. The work per validation is counted (a counting
//   constraint entered first in every subschema) and stops at a budget
//   proportional to the instance's size: a schema that branches on every
//   level (anyOf [A, A] with A recursive) would otherwise take exponential
//   time.
#include "verify/schema_adapter.h"

#if defined(VALIJSON_USE_EXCEPTIONS) && !VALIJSON_USE_EXCEPTIONS
#error "verify/schema_adapter.cpp needs valijson with exceptions (VALIJSON_USE_EXCEPTIONS=1): without them it aborts"
#endif
#ifndef VALIJSON_USE_EXCEPTIONS
#define VALIJSON_USE_EXCEPTIONS 1
#endif

#include <pthread.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <exception>
#include <functional>
#include <limits>
#include <map>
#include <new>
#include <regex>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/constraint_builder.hpp>
#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace archgate::verify {

using json = nlohmann::json;

namespace {

constexpr std::size_t kMaxSchemaObjects = 200'000;  // translated schema objects per compiled schema
constexpr std::size_t kMaxValueNodes = 500'000;     // enum/const/default/examples values copied
constexpr std::size_t kMaxExamples = 8;
constexpr std::size_t kMaxPatternLength = 1000;
// Nesting the valijson parser recurses through ($ref chains included; about
// 1.1 KB of stack a level, measured, and over 10 KB with AddressSanitizer),
// and the longest chain of subschemas applied to one value (allOf, anyOf,
// oneOf, not, if/then/else, $ref). The parser runs on a thread of its own
// with kParseStack bytes of stack (address space: only the pages it touches
// are used): in large contracts most schemas refer to each other (one
// strongly connected group), and the parser's recursion follows them.
// Validation, on the caller's thread, recurses at most
// kMaxSameValueDepth * (kMaxInstanceDepth + 1) subschemas deep (under 0.5 KB
// a level, measured: 1 MiB of stack was enough for the worst case).
constexpr std::size_t kMaxParseDepth = 20'000;
constexpr std::size_t kParseStack = 512ull * 1024 * 1024;
constexpr std::size_t kMaxParseDepthInline = 1500;  // when no such thread can be made
constexpr std::size_t kMaxSameValueDepth = 32;
// Subschema visits per validation: a base plus a share per instance value
// (an ordinary schema visits a few subschemas per value), and a deadline.
// A visit deep in a failing instance costs up to ~25 us (valijson copies
// the error context and re-queues its children's errors at every level).
constexpr std::size_t kWorkBase = 50'000;
constexpr std::size_t kWorkPerValue = 50;
constexpr std::size_t kWorkMax = 20'000'000;
constexpr std::chrono::seconds kMaxValidationTime{5};
constexpr std::size_t kMaxErrorsRead = 5000;  // valijson's errors turned into violations

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

const char* format_pattern(std::string_view format) {
  for (const auto& f : kFormatPatterns) {
    if (format == f.format) return f.pattern;
  }
  return nullptr;
}

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

std::string pointer_escape(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::vector<std::string> pointer_tokens(std::string_view pointer) {
  std::vector<std::string> tokens;
  if (pointer.empty()) return tokens;
  std::size_t i = pointer.front() == '/' ? 1 : 0;
  std::string token;
  for (; i <= pointer.size(); ++i) {
    if (i == pointer.size() || pointer[i] == '/') {
      tokens.push_back(std::move(token));
      token.clear();
    } else if (pointer[i] == '~' && i + 1 < pointer.size() && (pointer[i + 1] == '0' || pointer[i + 1] == '1')) {
      token += pointer[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      token += pointer[i];
    }
  }
  return tokens;
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

std::string truncated(std::string text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
  return text.substr(0, cut) + "...";
}

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

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) n = 1, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) n = 2, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) n = 3, cp = c & 0x07;
    else return false;
    if (i + n >= s.size()) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return false;
      auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

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
// Regexes: can std::regex run this pattern safely?

std::optional<std::string> pattern_problem(const std::string& pattern) {
  if (pattern.size() > kMaxPatternLength) {
    return "longer than " + std::to_string(kMaxPatternLength) + " characters";
  }
  try {
    std::regex re(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return std::string("not a regular expression std::regex reads (") + e.what() + ")";
  }
  // A repeated group that holds a quantifier or an alternation.
  struct Group {
    bool inner = false;  // holds a quantifier or '|'
  };
  std::vector<Group> groups;
  bool last_group_inner = false;  // the atom just closed was a group with inner repetition
  bool last_was_group = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    bool closed_group = false;
    if (c == '\\') {
      ++i;
    } else if (c == '[') {
      ++i;
      if (i < pattern.size() && pattern[i] == '^') ++i;
      if (i < pattern.size() && pattern[i] == ']') ++i;
      while (i < pattern.size() && pattern[i] != ']') {
        if (pattern[i] == '\\') ++i;
        ++i;
      }
    } else if (c == '(') {
      groups.push_back({});
    } else if (c == ')') {
      if (!groups.empty()) {
        last_group_inner = groups.back().inner;
        groups.pop_back();
        closed_group = true;
      }
    } else if (c == '|') {
      if (!groups.empty()) groups.back().inner = true;
    } else if (c == '*' || c == '+' || c == '?' || c == '{') {
      bool repeats = c != '?';
      if (c == '{') {
        std::size_t close = pattern.find('}', i);
        std::string body = close == std::string::npos ? "" : pattern.substr(i + 1, close - i - 1);
        // {n} with n <= 1 and {0,1} do not repeat.
        repeats = !(body == "0" || body == "1" || body == "0,1" || body == "1,1" || body == "0,0");
        if (close != std::string::npos) i = close;
      }
      if (last_was_group && last_group_inner && repeats) {
        return "a repeated group holds a quantifier or an alternation (std::regex could backtrack for an "
               "exponential time)";
      }
      if (!groups.empty()) groups.back().inner = true;
      if (last_was_group && last_group_inner && !groups.empty()) groups.back().inner = true;
    }
    if (closed_group) {
      last_was_group = true;
      if (last_group_inner && !groups.empty()) groups.back().inner = true;
    } else if (c != '*' && c != '+' && c != '?' && c != '{' && c != '}') {
      last_was_group = false;
    }
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// Walking the subschemas of a draft-7 document (ours: no $id, no remote refs)

template <typename Json, typename F>
void for_each_subschema(Json& root, F&& f) {
  std::vector<Json*> stack{&root};
  while (!stack.empty()) {
    Json* s = stack.back();
    stack.pop_back();
    if (!s->is_object()) continue;
    f(*s);
    auto push = [&](Json& v) {
      if (v.is_object()) stack.push_back(&v);
    };
    auto push_members = [&](const char* key) {
      auto it = s->find(key);
      if (it == s->end()) return;
      if (it->is_array()) {
        for (auto& m : *it) push(m);
      } else if (it->is_object()) {
        push(*it);
      }
    };
    auto push_values = [&](const char* key) {
      auto it = s->find(key);
      if (it == s->end() || !it->is_object()) return;
      for (auto& [k, v] : it->items()) push(v);
    };
    push_values("properties");
    push_values("patternProperties");
    push_values("dependencies");
    push_values("definitions");
    for (const char* key : {"additionalProperties", "items", "additionalItems", "contains", "propertyNames", "not",
                            "if", "then", "else", "allOf", "anyOf", "oneOf"}) {
      push_members(key);
    }
  }
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
        if (d && *d > 0) out[key] = *d;  // a double, always (see the top of this file)
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
      // Everything else is dropped: see the top of this file.
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

// ---------------------------------------------------------------------------
// The shape of the compiled document: same-value $ref cycles, and how deep
// the parser and the validator will recurse.

// The subschemas applied to the same value as `s` (not descending into it).
template <typename Json, typename F>
void same_value_members(Json& s, F&& f) {
  if (!s.is_object()) return;
  for (const char* key : {"allOf", "anyOf", "oneOf"}) {
    auto it = s.find(key);
    if (it != s.end() && it->is_array()) {
      for (auto& m : *it) f(m);
    }
  }
  for (const char* key : {"not", "if", "then", "else"}) {
    auto it = s.find(key);
    if (it != s.end()) f(*it);
  }
  if (auto it = s.find("dependencies"); it != s.end() && it->is_object()) {
    for (auto& [k, v] : it->items()) {
      if (v.is_object() || v.is_boolean()) f(v);
    }
  }
}

// Every subschema of `s` that is applied to a child value (one step down).
template <typename Json, typename F>
void child_value_members(Json& s, F&& f) {
  if (!s.is_object()) return;
  for (const char* key : {"properties", "patternProperties"}) {
    auto it = s.find(key);
    if (it != s.end() && it->is_object()) {
      for (auto& [k, v] : it->items()) f(v);
    }
  }
  for (const char* key : {"additionalProperties", "additionalItems", "contains", "propertyNames"}) {
    auto it = s.find(key);
    if (it != s.end()) f(*it);
  }
  if (auto it = s.find("items"); it != s.end()) {
    if (it->is_array()) {
      for (auto& m : *it) f(m);
    } else {
      f(*it);
    }
  }
}

std::optional<std::string> definition_name(const json& s) {
  if (!s.is_object()) return std::nullopt;
  auto it = s.find("$ref");
  if (it == s.end() || !it->is_string()) return std::nullopt;
  const std::string& ref = it->get_ref<const std::string&>();
  static constexpr std::string_view prefix = "#/definitions/";
  if (ref.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  return ref.substr(prefix.size());
}

class Shape {
 public:
  Shape(json& doc, const std::vector<Span>& spans, std::vector<SchemaNote>& notes)
      : doc_(doc), spans_(spans), notes_(notes) {}

  // Replaces the $ref closing each same-value cycle with `true`.
  void break_same_value_cycles() {
    json* defs = definitions();
    if (!defs) return;
    // Edges: definition -> (ref object, target) reachable through same-value keywords.
    std::map<std::string, std::vector<std::pair<json*, std::string>>> edges;
    for (auto& [name, schema] : defs->items()) {
      auto& list = edges[name];
      std::vector<json*> stack{&schema};
      std::size_t guard = 0;
      while (!stack.empty() && ++guard < 1'000'000) {
        json* s = stack.back();
        stack.pop_back();
        if (auto target = definition_name(*s)) {
          list.emplace_back(s, *target);
          continue;
        }
        same_value_members(*s, [&](json& m) { stack.push_back(&m); });
      }
    }
    // Iterative DFS with colours; a grey target is a back edge.
    std::map<std::string, int> colour;  // 0 white, 1 grey, 2 black
    for (auto& [start, unused] : edges) {
      if (colour[start] != 0) continue;
      std::vector<std::pair<std::string, std::size_t>> stack{{start, 0}};
      colour[start] = 1;
      while (!stack.empty()) {
        auto& [name, next] = stack.back();
        auto& out = edges[name];
        if (next >= out.size()) {
          colour[name] = 2;
          stack.pop_back();
          continue;
        }
        auto [ref, target] = out[next++];
        int c = colour[target];
        if (c == 1) {
          Span span = span_of((*defs)[name]);
          notes_.push_back({"a $ref cycle that never descends into the value (allOf/anyOf/oneOf/not/if): "
                            "the repeated part is not checked",
                            span});
          *ref = true;
        } else if (c == 0) {
          colour[target] = 1;
          stack.emplace_back(target, 0);
        }
      }
    }
  }

  // The longest chain of subschemas applied to one value, $refs followed
  // (after break_same_value_cycles: a DAG).
  std::size_t same_value_depth() {
    std::map<std::string, std::size_t> memo;
    return depth_of(doc_, memo, 0);
  }

  // An upper bound of the parser's recursion: the longest path through
  // nested schemas and $refs, each strongly connected group of definitions
  // counted as the sum of its members' nesting.
  std::size_t parse_depth() {
    json* defs = definitions();
    std::vector<std::string> names;
    std::map<std::string, std::size_t> id;
    if (defs) {
      for (auto& [name, schema] : defs->items()) {
        id[name] = names.size();
        names.push_back(name);
      }
    }
    std::size_t count = names.size();
    std::vector<std::size_t> nesting(count + 1, 0);
    std::vector<std::vector<std::size_t>> out(count + 1);
    auto scan = [&](json& schema, std::size_t self) {
      // (value, depth) pairs; every nested schema object adds one level.
      std::vector<std::pair<json*, std::size_t>> stack{{&schema, 1}};
      while (!stack.empty()) {
        auto [s, depth] = stack.back();
        stack.pop_back();
        nesting[self] = std::max(nesting[self], depth);
        if (auto target = definition_name(*s)) {
          auto it = id.find(*target);
          if (it != id.end()) out[self].push_back(it->second);
          continue;
        }
        auto push = [&](json& m) { stack.emplace_back(&m, depth + 1); };
        same_value_members(*s, push);
        child_value_members(*s, push);
      }
    };
    if (defs) {
      for (auto& [name, schema] : defs->items()) scan(schema, id[name]);
    }
    scan(doc_, count);  // the root, which nothing refers to
    // Tarjan's SCCs, iteratively.
    std::vector<long> index(count + 1, -1), low(count + 1, 0), comp(count + 1, -1);
    std::vector<char> on(count + 1, 0);
    std::vector<std::size_t> st;
    long counter = 0, comps = 0;
    for (std::size_t root = 0; root <= count; ++root) {
      if (index[root] != -1) continue;
      std::vector<std::pair<std::size_t, std::size_t>> call{{root, 0}};
      while (!call.empty()) {
        auto& [v, i] = call.back();
        if (i == 0 && index[v] == -1) {
          index[v] = low[v] = counter++;
          st.push_back(v);
          on[v] = 1;
        }
        if (i < out[v].size()) {
          std::size_t w = out[v][i++];
          if (index[w] == -1) {
            call.emplace_back(w, 0);
          } else if (on[w]) {
            low[v] = std::min(low[v], index[w]);
          }
          continue;
        }
        if (low[v] == index[v]) {
          while (true) {
            std::size_t w = st.back();
            st.pop_back();
            on[w] = 0;
            comp[w] = comps;
            if (w == v) break;
          }
          ++comps;
        }
        std::size_t finished = v;
        call.pop_back();
        if (!call.empty()) low[call.back().first] = std::min(low[call.back().first], low[finished]);
      }
    }
    // Tarjan numbers components in reverse topological order: successors first.
    std::vector<std::size_t> weight(static_cast<std::size_t>(comps), 0), best(static_cast<std::size_t>(comps), 0);
    std::vector<std::vector<std::size_t>> members(static_cast<std::size_t>(comps));
    for (std::size_t v = 0; v <= count; ++v) {
      weight[static_cast<std::size_t>(comp[v])] += nesting[v];
      members[static_cast<std::size_t>(comp[v])].push_back(v);
    }
    std::size_t result = 0;
    for (std::size_t c = 0; c < static_cast<std::size_t>(comps); ++c) {
      std::size_t tail = 0;
      for (std::size_t v : members[c]) {
        for (std::size_t w : out[v]) {
          auto cw = static_cast<std::size_t>(comp[w]);
          if (cw != c) tail = std::max(tail, best[cw]);
        }
      }
      best[c] = weight[c] + tail;
      result = std::max(result, best[c]);
    }
    return result;
  }

 private:
  json* definitions() {
    auto it = doc_.find("definitions");
    return it != doc_.end() && it->is_object() ? &*it : nullptr;
  }

  Span span_of(const json& s) const {
    if (s.is_object()) {
      auto it = s.find("x-archgate-at");
      if (it != s.end() && it->is_number_unsigned() && it->get<std::size_t>() < spans_.size()) {
        return spans_[it->get<std::size_t>()];
      }
    }
    return {};
  }

  // Iterative over inline nesting, recursive over definitions (memoised; a
  // DAG after cycle breaking, and each definition is entered once).
  std::size_t depth_of(json& schema, std::map<std::string, std::size_t>& memo, std::size_t guard) {
    if (guard > kMaxSameValueDepth) return kMaxSameValueDepth + 1;  // refused anyway
    std::size_t best = 0;
    std::vector<std::pair<json*, std::size_t>> stack{{&schema, 1}};
    while (!stack.empty()) {
      auto [s, depth] = stack.back();
      stack.pop_back();
      best = std::max(best, depth);
      if (auto target = definition_name(*s)) {
        auto it = memo.find(*target);
        std::size_t d;
        if (it != memo.end()) {
          d = it->second;
        } else {
          json* defs = definitions();
          auto def = defs ? defs->find(*target) : json::iterator{};
          if (!defs || def == defs->end()) continue;
          memo[*target] = 0;  // a cycle cannot remain here; guard anyway
          d = depth_of(*def, memo, guard + 1);
          memo[*target] = d;
        }
        best = std::max(best, depth - 1 + d);  // valijson enters the target directly
        continue;
      }
      same_value_members(*s, [&](json& m) { stack.emplace_back(&m, depth + 1); });
    }
    return best;
  }

  json& doc_;
  const std::vector<Span>& spans_;
  std::vector<SchemaNote>& notes_;
};

// ---------------------------------------------------------------------------
// valijson: a counting constraint, parsing

struct WorkExceeded {};

struct WorkBudget {
  std::size_t used = 0;
  std::size_t limit = 0;
  std::chrono::steady_clock::time_point deadline;
};
thread_local WorkBudget* tl_budget = nullptr;

class CountVisit final : public valijson::constraints::PolyConstraint {
 public:
  bool validate(const valijson::adapters::Adapter&, const std::vector<std::string>&,
                valijson::ValidationResults*) const override {
    if (!tl_budget) return true;
    if (++tl_budget->used > tl_budget->limit) throw WorkExceeded{};
    if (tl_budget->used % 1024 == 0 && std::chrono::steady_clock::now() > tl_budget->deadline) throw WorkExceeded{};
    return true;
  }

 private:
  Constraint* cloneInto(void* where) const override { return new (where) CountVisit(*this); }
  std::size_t sizeOf() const override { return sizeof(CountVisit); }
};

class CountVisitBuilder final : public valijson::ConstraintBuilder {
 public:
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter&) const override {
    return new CountVisit();
  }
};

constexpr const char* kCountKey = "x-archgate-count";

// What valijson is given: json() with a counting member first in every
// translated subschema (allOf is the first constraint valijson applies).
json counted(const json& doc) {
  json copy = doc;
  for_each_subschema(copy, [](json& s) {
    if (!s.contains("x-archgate-at")) return;
    json all = json::array({json{{kCountKey, true}}});
    if (auto it = s.find("allOf"); it != s.end() && it->is_array()) {
      for (auto& m : *it) all.push_back(std::move(m));
    }
    s["allOf"] = std::move(all);
  });
  return copy;
}

// The document without regexes (format patterns included); false when it had none.
bool strip_patterns(json& doc) {
  bool changed = false;
  for_each_subschema(doc, [&](json& s) {
    if (s.erase("pattern")) changed = true;
    if (s.erase("format")) changed = true;
    if (s.erase("patternProperties")) {
      s.erase("additionalProperties");  // what the patterns matched must not become "additional"
      changed = true;
    }
  });
  return changed;
}

void parse_into(const json& doc, valijson::Schema& schema) {
  valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
  parser.addConstraintBuilder(kCountKey, new CountVisitBuilder());
  valijson::adapters::NlohmannJsonAdapter adapter(doc);
  parser.populateSchema(adapter, schema);
}

// Runs `work` on a thread with a stack of `bytes`; false when no such thread
// could be made (the work did not run). Exceptions come back to the caller.
bool run_with_stack(std::size_t bytes, const std::function<void()>& work) {
  struct Context {
    const std::function<void()>* work;
    std::exception_ptr error;
  } context{&work, nullptr};
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) return false;
  pthread_t thread;
  bool made = pthread_attr_setstacksize(&attr, bytes) == 0 &&
              pthread_create(
                  &thread, &attr,
                  [](void* p) -> void* {
                    auto* c = static_cast<Context*>(p);
                    try {
                      (*c->work)();
                    } catch (...) {
                      c->error = std::current_exception();
                    }
                    return nullptr;
                  },
                  &context) == 0;
  pthread_attr_destroy(&attr);
  if (!made) return false;
  pthread_join(thread, nullptr);
  if (context.error) std::rethrow_exception(context.error);
  return true;
}

}  // namespace

struct CompiledSchema::Engine {
  valijson::Schema full;
  valijson::Schema without_patterns;
  bool has_patterns = false;
};

CompiledSchema::CompiledSchema() = default;
CompiledSchema::~CompiledSchema() = default;

std::shared_ptr<const CompiledSchema> compile_schema(const OpenApiDocument& doc, const SchemaResolver& resolver,
                                                     SchemaAt schema, Direction direction,
                                                     std::vector<SchemaNote>& notes) {
  std::shared_ptr<CompiledSchema> out(new CompiledSchema());
  out->direction_ = direction;
  out->engine_ = std::make_unique<CompiledSchema::Engine>();
  Span root_span = schema ? node_span(*schema.file, *schema.node) : Span{};
  auto accept_all = [&](std::string why) {
    notes.push_back({std::move(why), root_span});
    out->json_ = json::object();
    out->spans_.clear();
    out->engine_ = std::make_unique<CompiledSchema::Engine>();
    try {
      parse_into(out->json_, out->engine_->full);
    } catch (...) {
    }
  };
  try {
    Translator translator(doc, resolver, dialect_of(doc.version), direction, notes);
    out->json_ = translator.compile(schema);
    out->spans_ = std::move(translator.spans);
    Shape shape(out->json_, out->spans_, notes);
    shape.break_same_value_cycles();
    if (std::size_t d = shape.same_value_depth(); d > kMaxSameValueDepth) {
      accept_all("the schema nests " + std::to_string(d) + " subschemas for one value (allOf/anyOf/oneOf/$ref; at most " +
                 std::to_string(kMaxSameValueDepth) + "): nothing is checked");
      return out;
    }
    std::size_t depth = shape.parse_depth();
    if (depth > kMaxParseDepth) {
      accept_all("the schema's nesting and $ref chains are " + std::to_string(depth) + " levels deep (at most " +
                 std::to_string(kMaxParseDepth) + "): nothing is checked");
      return out;
    }
    CompiledSchema::Engine& engine = *out->engine_;
    auto parse = [&] {
      parse_into(counted(out->json_), engine.full);
      json loose = out->json_;
      if (strip_patterns(loose)) {
        engine.has_patterns = true;
        parse_into(counted(loose), engine.without_patterns);
      }
    };
    if (!run_with_stack(kParseStack, parse)) {
      if (depth > kMaxParseDepthInline) {
        accept_all("no thread with a large stack could be made to read a schema " + std::to_string(depth) +
                   " levels deep: nothing is checked");
        return out;
      }
      parse();
    }
  } catch (const std::exception& e) {
    accept_all(std::string("valijson refused the schema (") + e.what() + "): nothing is checked");
  } catch (...) {
    accept_all("valijson refused the schema: nothing is checked");
  }
  return out;
}

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
// validate()

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

struct Raw {
  std::string pointer;
  std::string description;
};

std::string context_pointer(const std::vector<std::string>& context) {
  std::string pointer;
  for (std::size_t i = 0; i < context.size(); ++i) {
    const std::string& c = context[i];
    if (i == 0 && c == "<root>") continue;
    std::string_view token = c;
    if (token.size() >= 2 && token.front() == '[' && token.back() == ']') token = token.substr(1, token.size() - 2);
    pointer += "/" + pointer_escape(token);
  }
  return pointer;
}

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
      e.pointer += "/" + pointer_escape(e.name);
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
        e.pointer += "/" + pointer_escape(quoted_name(d));
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

struct Scan {
  bool too_deep = false;
  bool bad_utf8 = false;
  bool long_string = false;
  bool needs_normalising = false;
  std::size_t values = 0;
};

bool normalisable(const json& v) {
  if (v.is_number_float()) {
    double d = v.get<double>();
    return std::isfinite(d) && d == std::floor(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0;
  }
  return v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
}

void normalise_number(json& v) {
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
      v = static_cast<std::int64_t>(d);
    }
  } else if (v.is_number_unsigned() &&
             v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    v = static_cast<double>(v.get<std::uint64_t>());
  }
}

Scan scan(const json& instance) {
  Scan s;
  std::vector<std::pair<const json*, std::size_t>> stack{{&instance, 0}};
  auto text = [&](const std::string& t) {
    if (t.size() > kMaxPatternInput) s.long_string = true;
    if (!valid_utf8(t)) s.bad_utf8 = true;
  };
  while (!stack.empty()) {
    auto [v, depth] = stack.back();
    stack.pop_back();
    ++s.values;
    if (v->is_object() || v->is_array()) {
      if (depth + 1 > kMaxInstanceDepth) {
        s.too_deep = true;
        return s;
      }
      if (v->is_object()) {
        for (const auto& [k, child] : v->items()) {
          text(k);
          stack.emplace_back(&child, depth + 1);
        }
      } else {
        for (const auto& child : *v) stack.emplace_back(&child, depth + 1);
      }
    } else if (v->is_string()) {
      text(v->get_ref<const std::string&>());
    } else if (normalisable(*v)) {
      s.needs_normalising = true;
    }
  }
  return s;
}

// Depth is at most kMaxInstanceDepth here (scan() checked).
void normalise(json& v) {
  if (v.is_object() || v.is_array()) {
    for (auto& child : v) normalise(child);
  } else {
    normalise_number(v);
  }
}

}  // namespace

Validation validate(const CompiledSchema& schema, const json& instance, std::size_t max) {
  Validation result;
  Span root = schema.span_at("");
  try {
    Scan s = scan(instance);
    if (s.too_deep) {
      result.violations.push_back(
          {"", "nested deeper than " + std::to_string(kMaxInstanceDepth) + " levels: not checked", root});
      return result;
    }
    if (s.bad_utf8) {
      result.violations.push_back({"", "holds a string that is not valid UTF-8: not checked", root});
      return result;
    }
    std::optional<json> copy;
    if (s.needs_normalising) {
      copy = instance;
      normalise(*copy);
    }
    const json& target = copy ? *copy : instance;
    const CompiledSchema::Engine& engine = *schema.engine_;
    const valijson::Schema* chosen = &engine.full;
    if (s.long_string && engine.has_patterns) {
      chosen = &engine.without_patterns;
      result.patterns_skipped = true;
    }
    WorkBudget budget;
    budget.limit = std::min(kWorkMax, kWorkBase + kWorkPerValue * s.values);
    budget.deadline = std::chrono::steady_clock::now() + kMaxValidationTime;
    struct Scope {
      WorkBudget* saved;
      explicit Scope(WorkBudget* b) : saved(tl_budget) { tl_budget = b; }
      ~Scope() { tl_budget = saved; }
    } scope(&budget);
    valijson::Validator validator(valijson::Validator::kStrongTypes);
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter adapter(target);
    bool ok = false;
    try {
      ok = validator.validate(*chosen, adapter, &results);
    } catch (const WorkExceeded&) {
      result.violations.push_back({"", "not checked: the schema needs more than " +
                                           std::to_string(std::min(budget.used, budget.limit)) +
                                           " steps or " + std::to_string(kMaxValidationTime.count()) +
                                           " s for this value (a schema too branchy for its input)",
                                   root});
      return result;
    }
    std::vector<Raw> raws;
    valijson::ValidationResults::Error error;
    // A large invalid instance can yield an error per value; the first ones
    // are enough for `max` violations.
    while (raws.size() < kMaxErrorsRead && results.popError(error)) {
      raws.push_back({context_pointer(error.context), error.description});
    }
    Reporter reporter(schema, target);
    result.violations = reporter.report(raws, !ok, max);
  } catch (const std::exception& e) {
    result.violations.assign(1, {"", std::string("not checked: ") + e.what(), root});
  } catch (...) {
    result.violations.assign(1, {"", "not checked: an unexpected error", root});
  }
  return result;
}

// ---------------------------------------------------------------------------
// parse_body()

std::optional<json> parse_body(std::string_view body, std::string& why) {
  struct TooDeep {};
  if (body.empty()) {
    why = "empty body";
    return std::nullopt;
  }
  if (body.find('\0') != std::string_view::npos) {
    why = "not JSON: holds a NUL byte";
    return std::nullopt;
  }
  if (!valid_utf8(body)) {
    why = "not valid UTF-8";
    return std::nullopt;
  }
  json::parser_callback_t callback = [](int depth, json::parse_event_t event, json& parsed) {
    if ((event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) &&
        static_cast<std::size_t>(depth) >= kMaxInstanceDepth) {
      throw TooDeep{};
    }
    if (event == json::parse_event_t::value) normalise_number(parsed);
    return true;
  };
  try {
    return json::parse(body.begin(), body.end(), callback, true, false);
  } catch (const TooDeep&) {
    why = "nested deeper than " + std::to_string(kMaxInstanceDepth) + " levels";
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    auto at = what.find("parse error");
    why = "not JSON: " + (at == std::string::npos ? what : what.substr(at));
  } catch (const std::exception& e) {
    std::string what = e.what();
    auto at = what.find(']');
    why = "not JSON: " + (at == std::string::npos ? what : what.substr(at + 2));
  }
  return std::nullopt;
}

}  // namespace archgate::verify
