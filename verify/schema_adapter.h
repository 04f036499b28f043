// OpenAPI schemas made into JSON Schema draft 7 for valijson, and answers of a
// server checked against them (`archgate verify`). The mapping of the OpenAPI
// dialects (2.0, 3.0, 3.1) onto draft 7 is documented at the top of
// schema_adapter.cpp; the validating itself is valijson's.
//
// Both inputs are untrusted: the contract comes from the repository under
// review, the instance from the server under test. compile_schema() drops what
// valijson cannot check safely (invalid or backtracking-prone regexes, $ref
// cycles that never descend into the value) with a SchemaNote; validate()
// bounds the instance's depth, the work spent per instance, and leaves regexes
// out for strings too long for libstdc++'s recursive std::regex.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/diagnostic.h"
#include "model/model.h"
#include "rules/common/openapi_schema.h"

namespace archgate::verify {

// The direction of a message: readOnly properties are not required in
// requests, writeOnly properties not in responses.
enum class Direction : std::uint8_t { request, response };

// An instance nested deeper than this is not validated (validators recurse).
inline constexpr std::size_t kMaxInstanceDepth = 64;
// A string (value or property name) longer than this makes validate() leave
// out `pattern`, `patternProperties` and the formats checked by patterns,
// which libstdc++'s std::regex matches with one recursion per character.
inline constexpr std::size_t kMaxPatternInput = 4096;

// A part of a schema that is not checked, and why: a $ref that leads nowhere,
// an invalid or backtracking-prone regex, a keyword draft 7 does not have.
struct SchemaNote {
  std::string message;
  Span span;
};

struct Violation {
  std::string pointer;  // JSON pointer in the instance: "/items/0/quantity" ("" = the whole body)
  // Short: "expected integer, got string", "missing required property \"id\"",
  // "\"blue\" is not one of red, green".
  std::string message;
  Span schema_span;  // the deepest contract schema that applies to `pointer`
};

struct Validation {
  std::vector<Violation> violations;  // at most `max`; empty = valid
  // A string longer than kMaxPatternInput was in the instance: regexes
  // (`pattern`, `patternProperties`, and the formats date, date-time, time,
  // uuid, email, uri) were not checked, anywhere in this instance.
  bool patterns_skipped = false;
  bool valid() const { return violations.empty(); }
};

// An OpenAPI schema (3.0, 3.1 or Swagger 2.0), made into one self-contained
// JSON Schema draft 7 document: every $ref reachable from it (local, other
// file, file#pointer, through SchemaResolver over the contract's loaded files)
// becomes a "definitions" entry referenced as {"$ref": "#/definitions/dN"}, so
// cycles are fine and nothing is fetched. Immutable once compiled; validate()
// may be called on it from several threads at once.
class CompiledSchema {
 public:
  ~CompiledSchema();
  CompiledSchema(const CompiledSchema&) = delete;
  CompiledSchema& operator=(const CompiledSchema&) = delete;

  // The draft-7 document (for tests, value generation, --dry-run). Besides the
  // draft-7 keywords it carries annotations valijson ignores: "examples",
  // "default", "readOnly", "writeOnly" (draft-7 annotations), and
  // "x-archgate-format" (the OpenAPI format as written; date, date-time,
  // time, uuid, email and uri are checked through an added `pattern`).
  const nlohmann::json& json() const { return json_; }
  // Where a subschema of json() came from in the contract: every translated
  // schema object carries "x-archgate-at": N, an index into spans().
  const std::vector<Span>& spans() const { return spans_; }
  Direction direction() const { return direction_; }
  // The span of the deepest schema of json() that applies at `pointer` (a
  // JSON pointer into an instance), walking properties, additionalProperties,
  // items, $refs and allOf/anyOf/oneOf members; unknown when json() has none.
  Span span_at(std::string_view pointer) const;

  struct Engine;  // valijson's parsed schemas (schema_adapter.cpp)

 private:
  CompiledSchema();
  friend std::shared_ptr<const CompiledSchema> compile_schema(const OpenApiDocument&, const SchemaResolver&, SchemaAt,
                                                              Direction, std::vector<SchemaNote>&);
  friend Validation validate(const CompiledSchema&, const nlohmann::json&, std::size_t);

  nlohmann::json json_;
  std::vector<Span> spans_;
  Direction direction_ = Direction::response;
  std::unique_ptr<Engine> engine_;
};

// Never throws (a schema valijson refuses compiles to one that accepts
// everything, with a note). `schema` may be a $ref.
std::shared_ptr<const CompiledSchema> compile_schema(const OpenApiDocument& doc, const SchemaResolver& resolver,
                                                     SchemaAt schema, Direction direction,
                                                     std::vector<SchemaNote>& notes);

// Validates a parsed instance; at most `max` violations (at least one when
// the instance is invalid). An instance that cannot be checked (nested
// deeper than kMaxInstanceDepth, a string that is not UTF-8, a schema that
// needs too much work for it, an exception in valijson) gives one Violation
// at pointer "" that says so. Never throws; never recurses without bound.
// Numbers: 1.0 is an integer (JSON Schema's rule); integers beyond the int64
// range are treated as non-integral numbers.
Validation validate(const CompiledSchema& schema, const nlohmann::json& instance, std::size_t max = 5);

// Parses an answer's body for validation: bounded depth (kMaxInstanceDepth)
// and size (the caller caps bytes); invalid JSON or invalid UTF-8 -> nullopt
// with a short reason in `why`. Numbers with a zero fraction (1.0) become
// integers, integers beyond int64 become doubles (see validate()).
std::optional<nlohmann::json> parse_body(std::string_view body, std::string& why);

}  // namespace archgate::verify
