#include "loaders/sql_lexer.h"

#include <algorithm>

#include "base/text.h"

namespace archgate {

namespace {

bool ident_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
bool ident_char(unsigned char c) { return ident_start(c) || (c >= '0' && c <= '9') || c == '$'; }
bool digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool op_char(char c) {
  switch (c) {
    case '+': case '-': case '*': case '/': case '<': case '>': case '=': case '~':
    case '!': case '@': case '#': case '%': case '^': case '&': case '|': case '`':
    case '?':
      return true;
    default:
      return false;
  }
}
bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

class Lexer {
 public:
  Lexer(std::string_view text, const SqlLexOptions& options) : s_(text), o_(options) {}

  SqlLex run() {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (space(c)) { ++i_; continue; }
      if (c == '-' && peek(1) == '-') { skip_line(); continue; }
      if (c == '#' && o_.hash_comments) { skip_line(); continue; }
      if (c == '/' && peek(1) == '*') { skip_block_comment(); continue; }
      std::size_t start = i_;
      if (c == '\'') { quoted(start, SqlTokenKind::string, '\'', '\'', o_.backslash_escapes, 1); continue; }
      if ((c == 'E' || c == 'e') && peek(1) == '\'') {
        quoted(start, SqlTokenKind::string, '\'', 'E', true, 2);
        continue;
      }
      if ((c == 'N' || c == 'n' || c == 'B' || c == 'b' || c == 'X' || c == 'x') && peek(1) == '\'') {
        quoted(start, SqlTokenKind::string, '\'', '\'', o_.backslash_escapes, 2);
        continue;
      }
      if ((c == 'U' || c == 'u') && peek(1) == '&' && (peek(2) == '\'' || peek(2) == '"')) {
        char q = peek(2);
        quoted(start, q == '"' ? SqlTokenKind::quoted_ident : SqlTokenKind::string, q, q, false, 3);
        continue;
      }
      if (c == '"') { quoted(start, SqlTokenKind::quoted_ident, '"', '"', false, 1); continue; }
      if (c == '`' && o_.backtick_idents) { quoted(start, SqlTokenKind::quoted_ident, '`', '`', false, 1); continue; }
      if (c == '[' && o_.bracket_idents) { bracketed(start); continue; }
      if (c == '$' && o_.dollar_quotes && dollar_quote(start)) continue;
      if (c == '$' && digit(static_cast<unsigned char>(peek(1)))) {
        ++i_;
        while (i_ < s_.size() && digit(static_cast<unsigned char>(s_[i_]))) ++i_;
        push(SqlTokenKind::param, start);
        continue;
      }
      if (ident_start(static_cast<unsigned char>(c))) {
        while (i_ < s_.size() && ident_char(static_cast<unsigned char>(s_[i_]))) ++i_;
        push(SqlTokenKind::word, start);
        continue;
      }
      if (digit(static_cast<unsigned char>(c)) || (c == '.' && digit(static_cast<unsigned char>(peek(1))))) {
        number(start);
        continue;
      }
      if (c == ':' && peek(1) == ':') {
        i_ += 2;
        push(SqlTokenKind::op, start);
        continue;
      }
      if (c == ':' && ident_start(static_cast<unsigned char>(peek(1)))) {
        ++i_;
        while (i_ < s_.size() && ident_char(static_cast<unsigned char>(s_[i_]))) ++i_;
        push(SqlTokenKind::param, start);
        continue;
      }
      if (op_char(c)) {
        ++i_;
        while (i_ < s_.size() && op_char(s_[i_])) {
          // A comment start ends the operator.
          if ((s_[i_] == '-' && peek(1) == '-') || (s_[i_] == '/' && peek(1) == '*')) break;
          if (s_[i_] == '#' && o_.hash_comments) break;
          if (s_[i_] == '`' && o_.backtick_idents) break;
          ++i_;
        }
        push(SqlTokenKind::op, start);
        continue;
      }
      ++i_;
      push(SqlTokenKind::punct, start);
    }
    return std::move(out_);
  }

 private:
  char peek(std::size_t ahead) const { return i_ + ahead < s_.size() ? s_[i_ + ahead] : '\0'; }

  void push(SqlTokenKind kind, std::size_t start) {
    SqlToken t;
    t.kind = kind;
    t.begin = static_cast<std::uint32_t>(start);
    t.end = static_cast<std::uint32_t>(i_);
    out_.tokens.push_back(t);
  }

  void skip_line() {
    while (i_ < s_.size() && s_[i_] != '\n') ++i_;
  }

  void skip_block_comment() {
    std::size_t start = i_;
    i_ += 2;
    int depth = 1;
    while (i_ < s_.size()) {
      if (s_[i_] == '*' && peek(1) == '/') {
        i_ += 2;
        if (--depth == 0) return;
        continue;
      }
      if (o_.nested_comments && s_[i_] == '/' && peek(1) == '*') {
        i_ += 2;
        ++depth;
        continue;
      }
      ++i_;
    }
    if (!out_.unterminated_comment) {
      out_.unterminated_comment = true;
      out_.unterminated_comment_at = static_cast<std::uint32_t>(start);
    }
  }

  // A quoted token; `skip` is the length of the prefix up to and including
  // the opening quote. The closing quote is escaped by doubling it, and by a
  // backslash when `backslashes`.
  void quoted(std::size_t start, SqlTokenKind kind, char close, char tag, bool backslashes, std::size_t skip) {
    i_ += skip;
    std::size_t body = i_;
    bool closed = false;
    std::size_t body_end = s_.size();
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (backslashes && c == '\\') {
        i_ += 2;
        continue;
      }
      if (c == close) {
        if (peek(1) == close) {
          i_ += 2;
          continue;
        }
        body_end = i_;
        ++i_;
        closed = true;
        break;
      }
      ++i_;
    }
    i_ = std::min(i_, s_.size());
    SqlToken t;
    t.kind = kind;
    t.begin = static_cast<std::uint32_t>(start);
    t.end = static_cast<std::uint32_t>(i_);
    t.unterminated = !closed;
    t.quote = tag;
    t.body_begin = static_cast<std::uint32_t>(body);
    t.body_end = static_cast<std::uint32_t>(std::min(body_end, s_.size()));
    out_.tokens.push_back(t);
  }

  void bracketed(std::size_t start) {
    ++i_;
    std::size_t body = i_;
    std::size_t body_end = s_.size();
    bool closed = false;
    while (i_ < s_.size()) {
      if (s_[i_] == ']') {
        if (peek(1) == ']') {
          i_ += 2;
          continue;
        }
        body_end = i_;
        ++i_;
        closed = true;
        break;
      }
      ++i_;
    }
    SqlToken t;
    t.kind = SqlTokenKind::quoted_ident;
    t.begin = static_cast<std::uint32_t>(start);
    t.end = static_cast<std::uint32_t>(i_);
    t.unterminated = !closed;
    t.quote = '[';
    t.body_begin = static_cast<std::uint32_t>(body);
    t.body_end = static_cast<std::uint32_t>(body_end);
    out_.tokens.push_back(t);
  }

  // $tag$ ... $tag$; false when the '$' does not open a dollar quote.
  bool dollar_quote(std::size_t start) {
    // Inside an identifier ("a$b") a dollar is part of the word, handled there.
    std::size_t j = start + 1;
    if (j < s_.size() && ident_start(static_cast<unsigned char>(s_[j]))) {
      while (j < s_.size() && ident_char(static_cast<unsigned char>(s_[j])) && s_[j] != '$') ++j;
    }
    if (j >= s_.size() || s_[j] != '$') return false;
    std::string_view tag = s_.substr(start, j - start + 1);
    std::size_t body = j + 1;
    std::size_t close = s_.find(tag, body);
    SqlToken t;
    t.kind = SqlTokenKind::string;
    t.quote = '$';
    t.begin = static_cast<std::uint32_t>(start);
    t.body_begin = static_cast<std::uint32_t>(body);
    if (close == std::string_view::npos) {
      t.unterminated = true;
      t.body_end = static_cast<std::uint32_t>(s_.size());
      i_ = s_.size();
    } else {
      t.body_end = static_cast<std::uint32_t>(close);
      i_ = close + tag.size();
    }
    t.end = static_cast<std::uint32_t>(i_);
    out_.tokens.push_back(t);
    return true;
  }

  void number(std::size_t start) {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (digit(static_cast<unsigned char>(c)) || c == '.' || c == '_' ||
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        if ((c == 'e' || c == 'E') && (peek(1) == '+' || peek(1) == '-')) ++i_;
        if (c == '.' && peek(1) == '.') break;
        ++i_;
        continue;
      }
      break;
    }
    push(SqlTokenKind::number, start);
  }

  std::string_view s_;
  SqlLexOptions o_;
  std::size_t i_ = 0;
  SqlLex out_;
};

}  // namespace

SqlLexOptions postgres_lex_options() { return {}; }

SqlLexOptions dialect_lex_options(std::string_view dialect) {
  SqlLexOptions o;
  o.dollar_quotes = false;
  o.nested_comments = false;
  if (iequals(dialect, "mysql") || iequals(dialect, "mariadb")) {
    o.backtick_idents = true;
    o.backslash_escapes = true;
    o.hash_comments = true;
  } else if (iequals(dialect, "sqlserver") || iequals(dialect, "mssql") || iequals(dialect, "tsql")) {
    o.bracket_idents = true;
  } else if (iequals(dialect, "sqlite") || iequals(dialect, "sqlite3")) {
    o.backtick_idents = true;
    o.bracket_idents = true;
  } else {
    o.backtick_idents = true;
    o.bracket_idents = true;
  }
  return o;
}

SqlLex lex_sql(std::string_view text, const SqlLexOptions& options) { return Lexer(text, options).run(); }

bool token_is(std::string_view text, const SqlToken& token, std::string_view keyword) {
  return token.kind == SqlTokenKind::word && token.end - token.begin == keyword.size() &&
         iequals(text.substr(token.begin, token.end - token.begin), keyword);
}

namespace {

NamePart name_part(std::string_view text, const SqlToken& t) {
  NamePart part;
  part.begin = t.begin;
  part.end = t.end;
  if (t.kind == SqlTokenKind::word) {
    part.text = std::string(text.substr(t.begin, t.end - t.begin));
    return part;
  }
  part.quoted = true;
  char close = t.quote == '[' ? ']' : t.quote;
  std::string_view body = text.substr(t.body_begin, t.body_end - t.body_begin);
  for (std::size_t i = 0; i < body.size(); ++i) {
    part.text += body[i];
    if (body[i] == close && i + 1 < body.size() && body[i + 1] == close) ++i;
  }
  return part;
}

bool is_name_token(const SqlToken& t) {
  return t.kind == SqlTokenKind::word || (t.kind == SqlTokenKind::quoted_ident && !t.unterminated);
}

bool is_dot(std::string_view text, const SqlToken& t) {
  return t.kind == SqlTokenKind::punct && text[t.begin] == '.';
}

}  // namespace

WrittenName read_name(std::string_view text, std::span<const SqlToken> tokens, std::size_t index) {
  WrittenName name;
  name.end_token = index;
  if (index >= tokens.size() || !is_name_token(tokens[index])) return name;
  name.begin = tokens[index].begin;
  std::size_t i = index;
  while (true) {
    name.parts.push_back(name_part(text, tokens[i]));
    name.end = tokens[i].end;
    name.end_token = i + 1;
    if (name.parts.size() >= 4) break;
    if (i + 2 < tokens.size() && is_dot(text, tokens[i + 1]) && is_name_token(tokens[i + 2])) {
      i += 2;
      continue;
    }
    break;
  }
  return name;
}

DecodedString decode_string(std::string_view text, const SqlToken& token) {
  DecodedString out;
  std::string_view body = text.substr(token.body_begin, token.body_end - token.body_begin);
  std::uint32_t base = token.body_begin;
  out.value.reserve(body.size());
  out.offsets.reserve(body.size() + 1);
  auto put = [&](char c, std::size_t at) {
    out.value += c;
    out.offsets.push_back(static_cast<std::uint32_t>(base + at));
  };
  if (token.quote == '$') {
    out.value.assign(body);
    for (std::size_t i = 0; i <= body.size(); ++i) out.offsets.push_back(static_cast<std::uint32_t>(base + i));
    return out;
  }
  bool backslashes = token.quote == 'E';
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '\'' && i + 1 < body.size() && body[i + 1] == '\'') {
      put('\'', i);
      ++i;
      continue;
    }
    if (backslashes && c == '\\' && i + 1 < body.size()) {
      char n = body[i + 1];
      char v = n;
      switch (n) {
        case 'n': v = '\n'; break;
        case 't': v = '\t'; break;
        case 'r': v = '\r'; break;
        case 'b': v = '\b'; break;
        case 'f': v = '\f'; break;
        default: break;  // \\ \' and the rest stand for themselves (best effort)
      }
      put(v, i);
      ++i;
      continue;
    }
    put(c, i);
  }
  out.offsets.push_back(static_cast<std::uint32_t>(base + body.size()));
  return out;
}

namespace {

bool is_punct(std::string_view text, const SqlToken& t, char c) {
  return t.kind == SqlTokenKind::punct && text[t.begin] == c;
}

// Does the statement starting at token `first` define a routine or trigger
// whose BEGIN opens a body (rather than a transaction)?
bool routine_head(std::string_view text, const std::vector<SqlToken>& tokens, std::size_t first, std::size_t now) {
  if (first >= tokens.size() || !token_is(text, tokens[first], "create")) return false;
  for (std::size_t k = first + 1; k < now && k < first + 12; ++k) {
    if (token_is(text, tokens[k], "trigger") || token_is(text, tokens[k], "procedure") ||
        token_is(text, tokens[k], "function") || token_is(text, tokens[k], "event")) {
      return true;
    }
  }
  return false;
}

bool same_line_alone(std::string_view text, const SqlToken& t) {
  std::size_t b = t.begin;
  while (b > 0 && text[b - 1] != '\n') {
    if (!space(text[b - 1])) return false;
    --b;
  }
  std::size_t e = t.end;
  while (e < text.size() && text[e] != '\n') {
    if (!space(text[e])) return false;
    ++e;
  }
  return true;
}

}  // namespace

std::vector<SqlChunk> split_statements(std::string_view text, const SqlLex& lex) {
  const auto& tokens = lex.tokens;
  std::vector<SqlChunk> chunks;
  std::uint32_t chunk_begin = 0;
  std::size_t first_token = 0;  // index of the chunk's first token
  bool has_tokens = false;
  int parens = 0;
  int blocks = 0;  // BEGIN ... END nesting inside a routine body
  std::string delimiter = ";";

  auto close_chunk = [&](std::uint32_t end, std::uint32_t next_begin, std::size_t next_token) {
    if (has_tokens) chunks.push_back({chunk_begin, end});
    chunk_begin = next_begin;
    first_token = next_token;
    has_tokens = false;
    parens = 0;
    blocks = 0;
  };

  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const SqlToken& t = tokens[i];
    if (!has_tokens) {
      first_token = i;
      // MySQL client command: DELIMITER <text> up to the end of the line.
      if (token_is(text, t, "delimiter")) {
        std::size_t eol = text.find('\n', t.end);
        if (eol == std::string_view::npos) eol = text.size();
        std::string_view d = trim(text.substr(t.end, eol - t.end));
        if (!d.empty()) delimiter = std::string(d);
        std::size_t next = i + 1;
        while (next < tokens.size() && tokens[next].begin < eol) ++next;
        chunk_begin = static_cast<std::uint32_t>(eol);
        i = next - 1;
        continue;
      }
      // SQL Server batch separator.
      if (token_is(text, t, "go") && same_line_alone(text, t)) {
        chunk_begin = t.end;
        continue;
      }
    }
    if (delimiter != ";" && text.substr(t.begin, delimiter.size()) == delimiter) {
      std::uint32_t after = t.begin + static_cast<std::uint32_t>(delimiter.size());
      std::size_t next = i + 1;
      while (next < tokens.size() && tokens[next].begin < after) ++next;
      close_chunk(t.begin, after, next);
      i = next - 1;
      continue;
    }
    if (has_tokens && token_is(text, t, "go") && same_line_alone(text, t)) {
      close_chunk(t.begin, t.end, i + 1);
      continue;
    }
    has_tokens = true;
    if (is_punct(text, t, '(')) { ++parens; continue; }
    if (is_punct(text, t, ')')) { parens = std::max(0, parens - 1); continue; }
    if (t.kind == SqlTokenKind::word) {
      if (token_is(text, t, "begin")) {
        bool atomic = i + 1 < tokens.size() && token_is(text, tokens[i + 1], "atomic");
        if (atomic || blocks > 0 || routine_head(text, tokens, first_token, i)) ++blocks;
      } else if (blocks > 0 && token_is(text, t, "case")) {
        ++blocks;
      } else if (blocks > 0 && token_is(text, t, "end")) {
        bool closes_other = i + 1 < tokens.size() &&
                            (token_is(text, tokens[i + 1], "if") || token_is(text, tokens[i + 1], "loop") ||
                             token_is(text, tokens[i + 1], "while") || token_is(text, tokens[i + 1], "repeat") ||
                             token_is(text, tokens[i + 1], "for"));
        if (!closes_other) --blocks;
      }
      continue;
    }
    if (delimiter == ";" && is_punct(text, t, ';') && parens == 0 && blocks == 0) {
      close_chunk(t.begin, t.end, i + 1);
    }
  }
  close_chunk(static_cast<std::uint32_t>(text.size()), static_cast<std::uint32_t>(text.size()), tokens.size());
  return chunks;
}

SqlNesting measure_nesting(std::string_view text, std::span<const SqlToken> tokens) {
  SqlNesting n;
  // Per open parenthesis: the operators chained at that level so far.
  std::vector<std::uint32_t> chains{0};
  std::uint32_t chained = 0;  // sum of chains
  for (const SqlToken& t : tokens) {
    if (t.kind == SqlTokenKind::punct) {
      char c = text[t.begin];
      if (c == '(' || c == '[') {
        chains.push_back(0);
        n.max_parens = std::max(n.max_parens, static_cast<std::uint32_t>(chains.size() - 1));
      } else if ((c == ')' || c == ']') && chains.size() > 1) {
        chained -= chains.back();
        chains.pop_back();
      } else if (c == ',' || c == ';') {
        chained -= chains.back();
        chains.back() = 0;
      }
    } else if (t.kind == SqlTokenKind::op) {
      ++chains.back();
      ++chained;
    } else if (t.kind == SqlTokenKind::word) {
      // Boolean connectives and clause keywords are flattened lists in the
      // tree: they end a chain. NOT and CASE nest.
      if (token_is(text, t, "not") || token_is(text, t, "case")) {
        ++chains.back();
        ++chained;
      } else if (token_is(text, t, "and") || token_is(text, t, "or") || token_is(text, t, "when") ||
                 token_is(text, t, "then") || token_is(text, t, "else") || token_is(text, t, "select") ||
                 token_is(text, t, "from") || token_is(text, t, "where") || token_is(text, t, "set") ||
                 token_is(text, t, "values") || token_is(text, t, "on") || token_is(text, t, "join")) {
        chained -= chains.back();
        chains.back() = 0;
      }
    }
    std::uint32_t depth = static_cast<std::uint32_t>(chains.size() - 1) + chained;
    n.max_depth_estimate = std::max(n.max_depth_estimate, depth);
  }
  return n;
}

}  // namespace archgate
