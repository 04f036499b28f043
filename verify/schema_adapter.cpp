// OpenAPI schemas -> JSON Schema draft 7 -> valijson: compile_schema(),
// validate() and parse_body(). The translation, the guards and the making of
// violations are in schema_translate.cpp, schema_guards.cpp and
// schema_violations.cpp (schema_internal.h).
//
// The mapping of the OpenAPI dialects (every choice those files make):
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

#include "base/text.h"
#include "verify/schema_internal.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <utility>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace archgate::verify {

namespace {

// Subschema visits per validation: a base plus a share per instance value
// (an ordinary schema visits a few subschemas per value), and a deadline.
// A visit deep in a failing instance costs up to ~25 us (valijson copies
// the error context and re-queues its children's errors at every level).
constexpr std::size_t kWorkBase = 50'000;
constexpr std::size_t kWorkPerValue = 50;
constexpr std::size_t kWorkMax = 20'000'000;
constexpr std::chrono::seconds kMaxValidationTime{5};
constexpr std::size_t kMaxErrorsRead = 5000;  // valijson's errors turned into violations

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
    out->json_ = translate_schema(doc, resolver, schema, direction, notes, out->spans_);
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
// validate()

namespace {

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
    result.violations = violations_of(schema, target, raws, !ok, max);
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
  } catch (const std::exception& e) {
    why = "not JSON: " + std::string(without_library_tag(e.what()));
  }
  return std::nullopt;
}

}  // namespace archgate::verify
