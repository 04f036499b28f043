// What the files of the schema adapter (verify/schema_adapter.h) share;
// internal to them. The mapping of OpenAPI onto JSON Schema draft 7 and the
// bounds on what a hostile contract or answer can make valijson do are
// described at the top of schema_adapter.cpp.
//
//   schema_translate.cpp   an OpenAPI schema -> one draft-7 document
//   schema_guards.cpp      what std::regex and valijson are kept from: regexes
//                          that backtrack, $ref cycles and nesting that recurse
//                          without bound, validations that take too long
//   schema_violations.cpp  valijson's errors -> Violations, at JSON pointers
//                          into the instance, with the contract's spans
//   schema_adapter.cpp     compile_schema(), validate(), parse_body()
#pragma once

#if defined(VALIJSON_USE_EXCEPTIONS) && !VALIJSON_USE_EXCEPTIONS
#error "verify/schema_*.cpp need valijson with exceptions (VALIJSON_USE_EXCEPTIONS=1): without them it aborts"
#endif
#ifndef VALIJSON_USE_EXCEPTIONS
#define VALIJSON_USE_EXCEPTIONS 1
#endif

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/diagnostic.h"
#include "model/model.h"
#include "rules/common/openapi_schema.h"
#include "verify/schema_adapter.h"

namespace valijson {
class Schema;
}

namespace archgate::verify {

using json = nlohmann::json;

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
inline constexpr std::size_t kMaxParseDepth = 20'000;
inline constexpr std::size_t kParseStack = 512ull * 1024 * 1024;
inline constexpr std::size_t kMaxParseDepthInline = 1500;  // when no such thread can be made
inline constexpr std::size_t kMaxSameValueDepth = 32;

// ---------------------------------------------------------------------------
// schema_translate.cpp

// One OpenAPI schema (`root`, which may be a $ref) as a self-contained
// draft-7 document; `spans` gets where each translated subschema came from
// (its "x-archgate-at"), `notes` what is not checked.
json translate_schema(const OpenApiDocument& doc, const SchemaResolver& resolver, SchemaAt root, Direction direction,
                      std::vector<SchemaNote>& notes, std::vector<Span>& spans);

// The anchored, linear pattern that checks `format` (date, date-time, time,
// uuid, email, uri); null for every other format.
const char* format_pattern(std::string_view format);

// ---------------------------------------------------------------------------
// schema_guards.cpp

// Why std::regex cannot run `pattern` safely; nullopt when it can.
std::optional<std::string> pattern_problem(const std::string& pattern);

// "dN" of a subschema {"$ref": "#/definitions/dN"}; nullopt for any other.
std::optional<std::string> definition_name(const json& s);

// The shape of the compiled document: same-value $ref cycles, and how deep
// the parser and the validator will recurse.
class Shape {
 public:
  Shape(json& doc, const std::vector<Span>& spans, std::vector<SchemaNote>& notes)
      : doc_(doc), spans_(spans), notes_(notes) {}

  // Replaces the $ref closing each same-value cycle with `true`.
  void break_same_value_cycles();

  // The longest chain of subschemas applied to one value, $refs followed
  // (after break_same_value_cycles: a DAG).
  std::size_t same_value_depth();

  // An upper bound of the parser's recursion: the longest path through
  // nested schemas and $refs, each strongly connected group of definitions
  // counted as the sum of its members' nesting.
  std::size_t parse_depth();

 private:
  json* definitions();

  Span span_of(const json& s) const;

  // Iterative over inline nesting, recursive over definitions (memoised; a
  // DAG after cycle breaking, and each definition is entered once).
  std::size_t depth_of(json& schema, std::map<std::string, std::size_t>& memo, std::size_t guard);

  json& doc_;
  const std::vector<Span>& spans_;
  std::vector<SchemaNote>& notes_;
};

// The work of one validation: subschema visits counted by a constraint that
// valijson meets first in every translated subschema (see counted()).
struct WorkExceeded {};

struct WorkBudget {
  std::size_t used = 0;
  std::size_t limit = 0;
  std::chrono::steady_clock::time_point deadline;
};
// The budget of the validation running on this thread (none: not counted).
extern thread_local WorkBudget* tl_budget;

// What valijson is given: json() with a counting member first in every
// translated subschema.
json counted(const json& doc);
// The document without regexes (format patterns included); false when it had none.
bool strip_patterns(json& doc);
// valijson's draft-7 parser, which knows the counting member.
void parse_into(const json& doc, valijson::Schema& schema);
// Runs `work` on a thread with a stack of `bytes`; false when no such thread
// could be made (the work did not run). Exceptions come back to the caller.
bool run_with_stack(std::size_t bytes, const std::function<void()>& work);

// ---------------------------------------------------------------------------
// schema_violations.cpp

// One error valijson gave: where in the instance, and its description.
struct Raw {
  std::string pointer;
  std::string description;
};

// valijson's error context ("<root>", "[0]", "name") as a JSON pointer.
std::string context_pointer(const std::vector<std::string>& context);

// The violations of `instance` from valijson's errors (`invalid`: valijson
// said it is invalid): at most `max`, at least one when invalid.
std::vector<Violation> violations_of(const CompiledSchema& schema, const json& instance, const std::vector<Raw>& raws,
                                     bool invalid, std::size_t max);

// `text`, or its first `max` bytes (cut on a UTF-8 boundary) and "...".
std::string truncated(std::string text, std::size_t max);

}  // namespace archgate::verify
