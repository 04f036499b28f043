// Pieces of the source scanner (loaders/source_scan.h), exposed for their
// unit tests. Everything here works on sanitized text and the LexedSource of
// loaders/source_lexer.h.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/text.h"
#include "loaders/source_lexer.h"
#include "model/model.h"

namespace archgate::source {

// Byte offset -> line/column, fast for offsets that mostly move forward (a
// minified file is one very long line: LineIndex::at would be quadratic).
class PositionCursor {
 public:
  explicit PositionCursor(std::string_view text);
  LineColumn at(std::size_t offset);
  // A span from `begin` to `end` (exclusive); end_* are 0 when the end lies
  // on another line.
  Span span(std::string_view path, std::size_t begin, std::size_t end);

 private:
  std::string_view text_;
  std::vector<std::size_t> starts_;
  std::size_t last_offset_ = 0;
  std::size_t last_line_ = 0;  // index into starts_
  std::uint32_t last_column_ = 1;
};

// Literals joined by concatenation (`"a" + "b"`, `"a" "b"`, PHP `.`); an
// expression operand (`"/orders/" + id`) becomes the byte '\x01' in `value`.
struct LiteralGroup {
  std::string value;
  std::vector<Segment> segments;
  std::size_t first = 0;  // index of the first literal
  std::size_t last = 0;   // index of the last literal
  bool has_expression = false;
};
constexpr char kExpression = '\x01';
std::vector<LiteralGroup> literal_groups(Lang lang, const LexedSource& lexed);

// SQL placeholders (`?`, `$1`, `%s`, `%(n)s`, `:n`, `@n`, `${...}`, `{...}`,
// `#{...}`, `$name`, kExpression) replaced by `$1`; `to_value[k]` is the value
// byte that normalised byte k came from. nullopt unless the normalised text
// starts with a SQL statement keyword.
struct NormalizedSql {
  std::string text;
  std::vector<std::size_t> to_value;
};
std::optional<NormalizedSql> normalize_sql(std::string_view value);
// The statements of a group whose value is SQL (empty when it is not), with
// spans mapped into the file.
std::vector<SqlStatement> sql_in_group(const LiteralGroup& group, std::string_view path, PositionCursor& positions);
// Words that only look like SQL: "Delete from cart", "Select product".
bool looks_like_prose(std::string_view value, std::size_t table_count);

// A request path in a literal value: "/orders/{}" (placeholders -> "{}").
std::optional<std::string> request_path(std::string_view value);

struct UrlMatch {
  std::size_t offset = 0;  // in the value
  std::size_t length = 0;
  std::string url;
  std::string host;  // lower case
  std::string path;
};
std::vector<UrlMatch> find_urls(std::string_view value);

// The base URL the request path of `group` is appended to (SourcePath::base):
// a leading placeholder's expression, or the operand concatenated before the
// first literal; string arguments stand for a call or subscript. "" when none.
std::string path_base(Lang lang, const LexedSource& lexed, const LiteralGroup& group);

// The HTTP method (lower case) of the call the literal at [begin, end) is an
// argument of, when visible in the code ("" otherwise).
std::string http_method_near(const LexedSource& lexed, std::size_t begin, std::size_t end);

// Splits an identifier into lower-case words: "unitPrice" -> unit, price;
// "MAX_RETRY_COUNT" -> max, retry, count; "HTTPStatus" -> http, status.
std::vector<std::string> identifier_words(std::string_view identifier);

// Arithmetic and comparisons on identifiers in code (not in comments or
// strings): `price * qty`, `total += fee`, `order.total > 100`, `switch (tier)`.
std::vector<ComputationSite> find_computations(Lang lang, std::string_view text, const LexedSource& lexed,
                                               std::string_view path, PositionCursor& positions);

bool is_test_path(std::string_view path);

}  // namespace archgate::source
