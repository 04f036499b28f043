// A small SQL tokenizer shared by the libpg_query adapter (first tokens,
// names as written, bounds before parsing, statement splitting when the
// library's splitter gives up) and the token scan for other dialects.
// Linear, never recursive, never fails: an unterminated quote or comment
// runs to the end of the text and is flagged.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace archgate {

enum class SqlTokenKind : std::uint8_t {
  word,          // identifier or keyword, unquoted
  quoted_ident,  // "x", `x`, [x]
  string,        // '...', E'...', N'...', $tag$...$tag$
  number,
  op,            // a run of operator characters, or "::"
  punct,         // ( ) , ; . [ ] :
  param,         // $1, ?, @name, :name
};

struct SqlToken {
  SqlTokenKind kind = SqlTokenKind::word;
  std::uint32_t begin = 0;  // byte offsets into the lexed text
  std::uint32_t end = 0;
  bool unterminated = false;  // a quote or dollar quote without its end
  char quote = 0;             // quoted_ident: '"', '`', '['; string: '\'', 'E', '$'
  std::uint32_t body_begin = 0;  // string / quoted_ident: the content between the quotes
  std::uint32_t body_end = 0;
};

struct SqlLexOptions {
  bool backtick_idents = false;    // MySQL, MariaDB, SQLite
  bool bracket_idents = false;     // SQL Server, SQLite
  bool dollar_quotes = true;       // PostgreSQL
  bool backslash_escapes = false;  // MySQL strings
  bool hash_comments = false;      // MySQL '#' comments
  bool nested_comments = true;     // PostgreSQL nests /* /* */ */
};

SqlLexOptions postgres_lex_options();
// Options for a dialect name: "mysql", "mariadb", "sqlserver", "sqlite", or
// anything else (every quoting style on).
SqlLexOptions dialect_lex_options(std::string_view dialect);

struct SqlLex {
  std::vector<SqlToken> tokens;
  bool unterminated_comment = false;
  std::uint32_t unterminated_comment_at = 0;
};

SqlLex lex_sql(std::string_view text, const SqlLexOptions& options);

// Case-insensitive comparison of a word token with an ASCII keyword.
bool token_is(std::string_view text, const SqlToken& token, std::string_view keyword);

// One part of a qualified name as written.
struct NamePart {
  std::string text;  // without quotes; doubled quotes undone
  bool quoted = false;
  std::uint32_t begin = 0;  // byte range as written, quotes included
  std::uint32_t end = 0;
};

// A (possibly qualified) name at tokens[index]: parts separated by '.'.
// `end_token` is one past the last token of the name; `parts` is empty when
// tokens[index] is not a name.
struct WrittenName {
  std::vector<NamePart> parts;
  std::size_t end_token = 0;
  std::uint32_t begin = 0;  // byte range of the name as written
  std::uint32_t end = 0;
};
WrittenName read_name(std::string_view text, std::span<const SqlToken> tokens, std::size_t index);

// The content of a string token with its escapes undone, and for every byte of
// the value the byte offset it came from in the text (plus one entry for the
// end), so positions inside a function body map back to the file.
struct DecodedString {
  std::string value;
  std::vector<std::uint32_t> offsets;  // value.size() + 1 entries
};
DecodedString decode_string(std::string_view text, const SqlToken& token);

// Statement ranges (byte offsets) split at top-level ';', keeping BEGIN ATOMIC
// / trigger and routine BEGIN ... END bodies and CREATE RULE (...) together.
// Chunks holding only comments are dropped.
struct SqlChunk {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};
std::vector<SqlChunk> split_statements(std::string_view text, const SqlLex& lex);

// What a statement would cost the parser: the deepest parenthesis nesting and
// an estimate of the parse tree's depth (nesting plus operator chains), so
// inputs that would exhaust libpg_query's stack are refused before parsing.
struct SqlNesting {
  std::uint32_t max_parens = 0;
  std::uint32_t max_depth_estimate = 0;
};
SqlNesting measure_nesting(std::string_view text, std::span<const SqlToken> tokens);

}  // namespace archgate
