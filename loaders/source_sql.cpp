// SQL in string literals: placeholder normalisation, the keyword gate, the
// prose filter, and parsing through loaders/sql.h with positions mapped from
// the normalised literal back into the source file.
#include <algorithm>

#include "loaders/source_scan_internal.h"
#include "loaders/sql.h"
#include "loaders/sql_dialect_scan.h"

namespace archgate::source {
namespace {

constexpr std::size_t kMaxSqlLiteral = 64 * 1024;

bool ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80; }

// The end of a `{...}` group opening at value[i] (nested braces, one line), or npos.
std::size_t brace_end(std::string_view v, std::size_t i) {
  std::size_t depth = 0;
  for (std::size_t k = i; k < v.size() && k < i + 512; ++k) {
    if (v[k] == '\n') return std::string_view::npos;
    if (v[k] == '{') ++depth;
    if (v[k] == '}' && --depth == 0) return k + 1;
  }
  return std::string_view::npos;
}

constexpr std::string_view kStatementKeywords[] = {"select", "insert",   "update", "delete", "with",
                                                   "create", "alter",    "drop",   "truncate", "merge"};

// The first word of the text after blanks and '(' when it is a statement keyword.
std::optional<std::string_view> leading_keyword(std::string_view text) {
  std::size_t k = 0;
  while (k < text.size() && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r' || text[k] == '\n' || text[k] == '(')) ++k;
  std::size_t e = k;
  while (e < text.size() && ident_start(text[e])) ++e;
  std::string_view word = text.substr(k, e - k);
  if (e < text.size() && ident_char(text[e])) return std::nullopt;
  for (auto kw : kStatementKeywords) {
    if (iequals(word, kw)) return word;
  }
  return std::nullopt;
}

// Value offset -> file offset through the group's segments.
std::size_t to_file(const LiteralGroup& g, std::size_t value_offset) { return map_to_source(g.segments, value_offset); }

}  // namespace

std::optional<NormalizedSql> normalize_sql(std::string_view v) {
  if (v.size() > kMaxSqlLiteral) return std::nullopt;
  NormalizedSql out;
  out.text.reserve(v.size());
  out.to_value.reserve(v.size());
  auto placeholder = [&](std::size_t from) {
    out.text += "$1";
    out.to_value.push_back(from);
    out.to_value.push_back(from);
  };
  std::size_t i = 0;
  while (i < v.size()) {
    char c = v[i];
    char prev = i > 0 ? v[i - 1] : ' ';
    char next = i + 1 < v.size() ? v[i + 1] : '\0';
    if (c == kExpression) {
      placeholder(i);
      ++i;
      continue;
    }
    if ((c == '$' || c == '#') && next == '{') {
      std::size_t e = brace_end(v, i + 1);
      if (e != std::string_view::npos) {
        placeholder(i);
        i = e;
        continue;
      }
    }
    if (c == '{') {
      std::size_t e = brace_end(v, i);
      if (e != std::string_view::npos) {
        placeholder(i);
        i = e;
        continue;
      }
    }
    if (c == '%') {
      if (next == '(') {
        std::size_t close = v.substr(i, 64).find(')');
        if (close != std::string_view::npos) close += i;
        if (close != std::string_view::npos && close + 1 < v.size() &&
            (v[close + 1] == 's' || v[close + 1] == 'd')) {
          placeholder(i);
          i = close + 2;
          continue;
        }
      }
      if ((next == 's' || next == 'd' || next == 'i' || next == 'f') && !(i + 2 < v.size() && ident_char(v[i + 2]))) {
        placeholder(i);
        i += 2;
        continue;
      }
    }
    if (c == '?' && !ident_char(prev) && next != '|' && next != '&' && next != '?') {
      placeholder(i);
      ++i;
      continue;
    }
    if ((c == ':' || c == '@') && ident_start(next) && !ident_char(prev) && prev != ':' && prev != '@') {
      std::size_t e = i + 1;
      while (e < v.size() && ident_char(v[e])) ++e;
      placeholder(i);
      i = e;
      continue;
    }
    if (c == '$' && ident_start(next)) {
      std::size_t e = i + 1;
      while (e < v.size() && ident_char(v[e])) ++e;
      if (e < v.size() && v[e] == '$') {  // $tag$ dollar quoting: keep
        for (std::size_t k = i; k <= e; ++k) {
          out.text += v[k];
          out.to_value.push_back(k);
        }
        i = e + 1;
        continue;
      }
      placeholder(i);
      i = e;
      continue;
    }
    out.text += c == '\0' ? ' ' : c;
    out.to_value.push_back(i);
    ++i;
  }
  if (!leading_keyword(out.text)) return std::nullopt;
  return out;
}

bool looks_like_prose(std::string_view value, std::size_t table_count) {
  auto keyword = leading_keyword(value);
  bool sql_punctuation = value.find_first_of("*=(),;<>'\"$") != std::string_view::npos ||
                         value.find(kExpression) != std::string_view::npos;
  if (keyword && !sql_punctuation) {
    // "Delete from cart": a title-case first word and nothing SQL-like.
    bool title = keyword->size() > 1 && (*keyword)[0] >= 'A' && (*keyword)[0] <= 'Z' &&
                 std::all_of(keyword->begin() + 1, keyword->end(), [](char c) { return c >= 'a' && c <= 'z'; });
    if (title) return true;
    // "truncate logs": a lower-case keyword and one more word.
    bool lower = std::all_of(keyword->begin(), keyword->end(), [](char c) { return c >= 'a' && c <= 'z'; });
    std::size_t words = 0;
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (ident_char(value[i]) && (i == 0 || !ident_char(value[i - 1]))) ++words;
    }
    bool letters_only = std::all_of(value.begin(), value.end(), [](char c) { return ident_start(c) || c == ' '; });
    if (lower && words <= 2 && letters_only) return true;
    // "Select product": no table, only words.
    if (table_count == 0) {
      bool words = std::all_of(value.begin(), value.end(), [](char c) {
        return ident_start(c) || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '.' || c == '!' || c == '?' ||
               c == '-';
      });
      if (words) return true;
    }
  }
  return false;
}

std::vector<SqlStatement> sql_in_group(const LiteralGroup& group, std::string_view path, PositionCursor& positions) {
  if (!leading_keyword(group.value)) return {};  // placeholders never make a keyword
  auto norm = normalize_sql(group.value);
  if (!norm) return {};
  if (looks_like_prose(group.value, 1)) return {};
  SqlParse parsed = parse_sql(norm->text, path, 1, 1);
  bool scanned = false;
  if (!parsed.problems.empty()) {
    // SQL for another database ([dbo].[orders], `orders`): the table scanner
    // finds its tables, in the dialect its marks tell. Without such a mark
    // the text is more likely words than SQL ("Update failed, please retry").
    std::optional<DialectGuess> guess = guess_sql_dialect(norm->text);
    if (!guess) return {};
    parsed = scan_dialect_sql(norm->text, path, guess->dialect, 1, 1);
    scanned = true;
  }
  if (!parsed.problems.empty() || parsed.statements.empty()) return {};
  std::size_t tables = 0;
  for (const auto& st : parsed.statements) tables += st.tables.size();
  if (scanned && tables == 0) return {};  // without a grammar, a table is the proof it is SQL
  if (looks_like_prose(group.value, tables)) return {};

  // Normalised (line, column) -> normalised byte offset.
  LineIndex lines(norm->text);
  auto offset_of = [&](std::uint32_t line, std::uint32_t column) -> std::optional<std::size_t> {
    if (line == 0 || line > lines.line_count() || column == 0) return std::nullopt;
    std::size_t k = lines.line_start(line);
    for (std::uint32_t c = 1; c < column && k < norm->text.size(); ++c) {
      do {
        ++k;
      } while (k < norm->text.size() && (static_cast<unsigned char>(norm->text[k]) & 0xC0) == 0x80);
    }
    return std::min(k, norm->text.size());
  };
  auto file_offset = [&](std::size_t norm_offset) {
    std::size_t v = norm_offset < norm->to_value.size() ? norm->to_value[norm_offset]
                                                         : (norm->to_value.empty() ? 0 : norm->to_value.back() + 1);
    return to_file(group, v);
  };
  auto map_span = [&](Span& s) {
    auto start = offset_of(s.line, s.column);
    if (!start) {
      s = positions.span(path, to_file(group, 0), to_file(group, 0));
      return;
    }
    std::optional<std::size_t> end;
    if (s.end_line == s.line && s.end_column > s.column) end = offset_of(s.end_line, s.end_column);
    std::size_t file_begin = file_offset(*start);
    std::size_t file_end = file_begin;
    if (end && *end > *start) file_end = file_offset(*end - 1) + 1;
    Span mapped = positions.span(path, file_begin, file_end > file_begin ? file_end : file_begin);
    s = std::move(mapped);
  };
  for (auto& st : parsed.statements) {
    map_span(st.span);
    for (auto& t : st.tables) map_span(t.span);
  }
  return std::move(parsed.statements);
}

}  // namespace archgate::source
