// Text helpers shared by every loader: positions, encodings, identifiers.
#pragma once

#include <cstdint>
#include <optional>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

namespace archgate {

struct LineColumn {
  std::uint32_t line = 1;    // 1-based
  std::uint32_t column = 1;  // 1-based, in code points
};

// Maps byte offsets of one text to line and column. Lines end at "\n"; a
// "\r" before it belongs to the line's end, not to its text.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  LineColumn at(std::size_t byte_offset) const;
  // Byte offset of the start of a 1-based line (text size when past the end).
  std::size_t line_start(std::uint32_t line) const;
  std::string_view line_text(std::uint32_t line) const;  // without "\r\n"
  std::uint32_t line_count() const { return static_cast<std::uint32_t>(starts_.size()); }

 private:
  std::string_view text_;
  std::vector<std::size_t> starts_;
};

// Code points in text[0, bytes), for converting byte columns.
std::uint32_t code_points(std::string_view text);

// What is wrong with raw bytes before a parser may see them.
struct EncodingReport {
  bool has_bom = false;
  bool has_nul = false;
  std::size_t first_nul = 0;
  bool invalid_utf8 = false;
  std::size_t first_invalid = 0;
};
EncodingReport inspect_encoding(std::string_view bytes);

// The text without a leading UTF-8 BOM (editors do not show it, so columns
// are counted without it).
std::string_view strip_bom(std::string_view bytes);
// Same length as the input (so byte offsets keep their meaning): NUL bytes
// become spaces and invalid UTF-8 bytes become '?'. Call strip_bom() first.
std::string sanitized_copy(std::string_view bytes);
// sanitized_copy()'s text, copied only when something in it must change:
// most files are clean, and a parser can then read the caller's bytes.
class SanitizedText {
 public:
  explicit SanitizedText(std::string_view bytes);
  SanitizedText(const SanitizedText&) = delete;
  SanitizedText& operator=(const SanitizedText&) = delete;
  std::string_view view() const { return view_; }

 private:
  std::string copy_;
  std::string_view view_;
};

// A std::istream buffer over bytes in memory, read in place (a
// std::istringstream copies them first). The bytes must outlive it.
class ViewStreamBuf final : public std::streambuf {
 public:
  explicit ViewStreamBuf(std::string_view bytes) {
    char* begin = const_cast<char*>(bytes.data());  // only read: the get area is never written
    setg(begin, begin, begin + bytes.size());
  }
};

// ASCII helpers.
std::string to_lower(std::string_view text);
// ASCII letters of `text` lower-cased in place (to_lower without a new string).
void lower_in_place(std::string& text);
bool starts_with_icase(std::string_view text, std::string_view prefix);
bool iequals(std::string_view a, std::string_view b);
std::string_view trim(std::string_view text);
std::vector<std::string_view> split(std::string_view text, char separator);
// A library's exception text without its leading "[json.exception.parse_error.101] "
// style tag, for messages a user reads.
std::string_view without_library_tag(std::string_view what);
// Levenshtein distance, or limit + 1 once it is certainly above `limit`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);
// The index of the candidate at most `limit` edits from `word` and nearest to
// it (the first of equals), for "did you mean"; nullopt when none is.
std::optional<std::size_t> nearest(std::string_view word, const std::vector<std::string_view>& candidates,
                                   std::size_t limit);

// Path helpers for '/'-separated repository-relative paths.
std::string path_join(std::string_view dir, std::string_view name);
std::string_view path_dirname(std::string_view path);
std::string_view path_basename(std::string_view path);
// Resolves "." and ".." in a relative path ("" is the root itself);
// nullopt when it climbs out of the root or is absolute.
std::optional<std::string> normalize_relative(std::string_view path);
bool path_is_under(std::string_view path, std::string_view dir);

// Words of an identifier or expression, lower case: "process.env.INVENTORY_URL"
// -> process, env, inventory, url; "orderServiceBaseUrl" -> order, service, base, url.
std::vector<std::string> name_words(std::string_view text);

// "\"text\"": a name quoted for a message.
std::string in_quotes(std::string_view text);

}  // namespace archgate
