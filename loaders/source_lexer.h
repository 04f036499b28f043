// The lexical layer of the source scanner (SPEC 2.5): one small lexer per
// language family that finds string literals (with their decoded values and
// a map back to the file) and a "code view" of the file in which comments and
// literal contents are blanked, so later passes never see code in strings or
// strings in comments. Internal to loaders/source_*.cpp and their tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace archgate::source {

enum class Lang : std::uint8_t { none, js, python, java, kotlin, scala, go, csharp, cpp, rust, ruby, php };

// "js", "python", ... (as source_language() names them) -> Lang.
Lang lang_from_name(std::string_view name);

// A run of value bytes and where they came from. `linear`: value byte
// value+k is source byte source+k; otherwise every byte of the run was produced
// by an escape sequence (or a placeholder) that starts at `source`.
struct Segment {
  std::size_t value = 0;
  std::size_t source = 0;
  bool linear = true;
};

// Accumulates a decoded value and its segments.
class ValueBuilder {
 public:
  void copy(std::size_t source, std::string_view bytes);     // verbatim from the file
  void produced(std::size_t source, std::string_view bytes); // decoded from an escape at `source`
  void code_point(std::size_t source, std::uint32_t cp);     // decoded, as UTF-8

  std::string value;
  std::vector<Segment> segments;
};

// Where value offset `offset` came from in the file (offset == size maps to
// the byte after the last segment's end when linear).
std::size_t map_to_source(const std::vector<Segment>& segments, std::size_t offset);

struct RawLiteral {
  std::size_t begin = 0;        // first byte of the token (prefix, or the quote)
  std::size_t quote = 0;        // the opening quote (heredoc: the `<<` opener)
  std::size_t end = 0;          // one past the token (heredocs: past the opener)
  std::size_t value_begin = 0;  // first value byte in the file
  std::string value;
  std::vector<Segment> segments;
  bool is_template = false;

  std::size_t source_of(std::size_t value_offset) const {
    return map_to_source(segments, value_offset);
  }
};

struct LexedSource {
  std::vector<RawLiteral> literals;  // terminated literals, in file order of `begin`
  // Same length as the text: comments become spaces; a literal becomes a '"'
  // at its first and last byte with spaces (and the original newlines)
  // between. Everything else is the code as written.
  std::string code;
};

// `text` must be sanitized (no NUL, valid UTF-8; see base/text.h). Linear in
// the size of the text; never fails: unterminated constructs end at the line
// end (single-line literals) or at the end of the text.
LexedSource lex_source(Lang lang, std::string_view text);

}  // namespace archgate::source
