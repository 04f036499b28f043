// The source lexer: string literals and comments of every supported language
// family, in one forward pass (see source_lexer.h).
#include <algorithm>
#include <optional>

#include "loaders/source_lexer.h"

namespace archgate::source {
namespace {

enum class Escapes : std::uint8_t {
  none,           // raw: a backslash is an ordinary character
  c,              // C-like escapes, unknown ones drop the backslash
  python,         // C-like, unknown ones keep the backslash
  raw_backslash,  // Python raw strings: a backslash protects the next char, both kept
  single_quoted,  // Ruby / PHP '...': only \\ and \' are escapes
  doubled,        // C# verbatim: "" is a quote, nothing else
};

enum class Interp : std::uint8_t {
  none,
  dollar_brace,  // ${...}          (JS, Kotlin, Scala, PHP)
  brace,         // {...}, {{ }}    (C# $"", Python f"")
  hash_brace,    // #{...}          (Ruby)
  php,           // {$...} and ${...}
};

struct Quote {
  std::string_view close;
  Escapes escapes = Escapes::c;
  Interp interp = Interp::none;
  bool multiline = false;
  char nest_open = 0;  // Ruby %q(...): this char nests with `close`
};

struct BodyEnd {
  std::size_t end = 0;  // one past the closing delimiter (or where reading stopped)
  bool terminated = false;
};

struct PendingHeredoc {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string id;
  bool indented_close = false;  // Ruby <<- / <<~, PHP always
  bool squiggly = false;        // Ruby <<~: strip common indentation
  bool php = false;             // PHP: strip the closing line's indentation, no final newline
  bool raw = false;             // no escapes ('ID' / nowdoc)
  bool interpolates = false;
};

constexpr std::size_t kMaxInterpolation = 4096;
constexpr std::size_t kMaxRegex = 2048;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}
std::size_t utf8_length(char lead) {
  auto c = static_cast<unsigned char>(lead);
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 1;
}

class Lexer {
 public:
  Lexer(Lang lang, std::string_view text) : lang_(lang), t_(text), n_(text.size()) {
    out_.code.assign(text);
  }

  LexedSource run() {
    std::size_t i = 0;
    if (lang_ == Lang::php) i = html(0);
    while (i < n_) {
      std::size_t next = step(i);
      i = next > i ? next : i + 1;  // always advance
    }
    return std::move(out_);
  }

 private:
  // ---- helpers ---------------------------------------------------------
  char ch(std::size_t i) const { return i < n_ ? t_[i] : '\0'; }
  bool at(std::size_t i, std::string_view s) const { return t_.substr(std::min(i, n_), s.size()) == s; }

  bool ident_char(char c) const {
    if (is_alpha(c) || is_digit(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80) return true;
    return c == '$' && (lang_ == Lang::js || lang_ == Lang::java || lang_ == Lang::php || lang_ == Lang::ruby);
  }
  bool ident_start(char c) const { return ident_char(c) && !is_digit(c); }

  std::size_t line_end(std::size_t i) const {
    std::size_t e = t_.find('\n', i);
    return e == std::string_view::npos ? n_ : e;
  }

  void blank(std::size_t from, std::size_t to) {
    for (std::size_t k = from; k < to && k < n_; ++k) {
      if (out_.code[k] != '\n' && out_.code[k] != '\r') out_.code[k] = ' ';
    }
  }
  void blank_literal(std::size_t from, std::size_t to) {
    blank(from, to);
    if (from < n_) out_.code[from] = '"';
    if (to > from + 1 && to - 1 < n_ && out_.code[to - 1] != '\n') out_.code[to - 1] = '"';
  }

  void emit(std::size_t begin, std::size_t quote, BodyEnd end, std::size_t value_begin, ValueBuilder&& vb,
            bool is_template) {
    blank_literal(begin, end.end);
    prev_sig_ = '"';
    prev_word_.clear();
    if (!end.terminated) {
      interp_seen_ = false;
      return;
    }
    RawLiteral lit;
    lit.begin = begin;
    lit.quote = quote;
    lit.end = end.end;
    lit.value_begin = value_begin;
    lit.value = std::move(vb.value);
    lit.segments = std::move(vb.segments);
    lit.is_template = is_template || interp_seen_;
    interp_seen_ = false;
    out_.literals.push_back(std::move(lit));
  }

  // ---- comments ----------------------------------------------------------
  bool slash_comments() const {
    return lang_ != Lang::python && lang_ != Lang::ruby && lang_ != Lang::none;
  }
  bool nested_comments() const {
    return lang_ == Lang::rust || lang_ == Lang::kotlin || lang_ == Lang::scala;
  }
  std::size_t line_comment(std::size_t i) {
    std::size_t e = line_end(i);
    blank(i, e);
    return e;
  }
  std::size_t block_comment(std::size_t i, bool nested) {
    std::size_t depth = 0;
    std::size_t k = i;
    while (k < n_) {
      if (t_[k] == '/' && ch(k + 1) == '*' && (nested || depth == 0)) {
        ++depth;
        k += 2;
      } else if (t_[k] == '*' && ch(k + 1) == '/') {
        k += 2;
        if (--depth == 0) break;
      } else {
        ++k;
      }
    }
    k = std::min(k, n_);
    blank(i, k);
    return k;
  }

  // ---- escapes and interpolation ----------------------------------------
  // Decodes the escape at t_[i] == '\\'; returns the position after it.
  std::size_t escape(std::size_t i, Escapes esc, std::string_view close, ValueBuilder& vb) {
    char next = ch(i + 1);
    if (i + 1 >= n_) {
      vb.copy(i, t_.substr(i, 1));
      return n_;
    }
    switch (esc) {
      case Escapes::none:
      case Escapes::doubled:
        vb.copy(i, t_.substr(i, 1));
        return i + 1;
      case Escapes::raw_backslash: {
        std::size_t len = 1 + utf8_length(next);
        vb.copy(i, t_.substr(i, len));
        return i + len;
      }
      case Escapes::single_quoted:
        if (next == '\\' || (!close.empty() && next == close[0])) {
          vb.produced(i, t_.substr(i + 1, 1));
          return i + 2;
        }
        vb.copy(i, t_.substr(i, 1));
        return i + 1;
      case Escapes::c:
      case Escapes::python:
        break;
    }
    auto simple = [&](char c) {
      vb.produced(i, std::string_view(&c, 1));
      return i + 2;
    };
    switch (next) {
      case 'n': return simple('\n');
      case 't': return simple('\t');
      case 'r': return simple('\r');
      case 'b': return simple('\b');
      case 'f': return simple('\f');
      case 'v': return simple('\v');
      case 'a': return simple('\a');
      case '\r':
      case '\n': {  // line continuation
        std::size_t k = i + 1;
        if (t_[k] == '\r' && ch(k + 1) == '\n') ++k;
        ++k;
        if (lang_ == Lang::rust) {
          while (k < n_ && (is_space(t_[k]) || t_[k] == '\n')) ++k;
        }
        return k;
      }
      case 'x': {
        std::size_t k = i + 2;
        std::uint32_t v = 0;
        while (k < n_ && k < i + 4 && is_hex(t_[k])) v = v * 16 + static_cast<std::uint32_t>(hex_value(t_[k++]));
        if (k == i + 2) break;
        vb.code_point(i, v);
        return k;
      }
      case 'u':
      case 'U': {
        std::size_t k = i + 2;
        std::uint32_t v = 0;
        if (ch(k) == '{') {
          ++k;
          std::size_t start = k;
          while (k < n_ && k < start + 8 && is_hex(t_[k])) v = v * 16 + static_cast<std::uint32_t>(hex_value(t_[k++]));
          if (k == start || ch(k) != '}') break;
          vb.code_point(i, v);
          return k + 1;
        }
        std::size_t want = next == 'u' ? 4 : 8;
        while (k < n_ && k < i + 2 + want && is_hex(t_[k])) v = v * 16 + static_cast<std::uint32_t>(hex_value(t_[k++]));
        if (k != i + 2 + want) break;
        vb.code_point(i, v);
        return k;
      }
      default:
        break;
    }
    if (next >= '0' && next <= '7') {
      std::size_t k = i + 1;
      std::uint32_t v = 0;
      while (k < n_ && k < i + 4 && t_[k] >= '0' && t_[k] <= '7') v = v * 8 + static_cast<std::uint32_t>(t_[k++] - '0');
      vb.code_point(i, v);
      return k;
    }
    std::size_t len = utf8_length(next);
    if (esc == Escapes::python) {
      vb.copy(i, t_.substr(i, 1 + len));
    } else {
      vb.produced(i, t_.substr(i + 1, len));
    }
    return i + 1 + len;
  }

  // t_[i] == '{' opens an interpolated expression: the position after the
  // matching '}', or nullopt when it does not close (in range).
  std::optional<std::size_t> braced(std::size_t i, bool multiline) const {
    std::size_t depth = 0;
    std::size_t limit = std::min(n_, i + kMaxInterpolation);
    for (std::size_t k = i; k < limit; ++k) {
      char c = t_[k];
      if (c == '\n' && !multiline) return std::nullopt;
      if (c == '{') {
        ++depth;
      } else if (c == '}') {
        if (--depth == 0) return k + 1;
      } else if (c == '"' || c == '\'' || c == '`') {
        std::size_t e = k + 1;
        while (e < limit && t_[e] != c && t_[e] != '\n') e += t_[e] == '\\' ? 2 : 1;
        if (e < limit && t_[e] == c) k = e;
      }
    }
    return std::nullopt;
  }

  // Interpolation starting at i, if any: its end.
  std::optional<std::size_t> interpolation(std::size_t i, Interp interp, bool multiline) const {
    char c = t_[i];
    switch (interp) {
      case Interp::none:
        return std::nullopt;
      case Interp::dollar_brace:
        if (c == '$' && ch(i + 1) == '{') return braced(i + 1, multiline);
        return std::nullopt;
      case Interp::hash_brace:
        if (c == '#' && ch(i + 1) == '{') return braced(i + 1, multiline);
        return std::nullopt;
      case Interp::php:
        if (c == '{' && ch(i + 1) == '$') return braced(i, multiline);
        if (c == '$' && ch(i + 1) == '{') return braced(i + 1, multiline);
        return std::nullopt;
      case Interp::brace:
        if (c == '{' && ch(i + 1) != '{') return braced(i, multiline);
        return std::nullopt;
    }
    return std::nullopt;
  }

  // Reads a literal body from i (its first value byte) to `q.close`.
  BodyEnd body(std::size_t i, const Quote& q, ValueBuilder& vb) {
    std::size_t depth = 0;
    while (i < n_) {
      char c = t_[i];
      if (c == '\n' && !q.multiline) return {i, false};
      if (q.nest_open && c == q.nest_open) {
        ++depth;
        vb.copy(i, t_.substr(i, 1));
        ++i;
        continue;
      }
      if (at(i, q.close)) {
        if (q.escapes == Escapes::doubled && at(i + q.close.size(), q.close)) {
          vb.produced(i, q.close);
          i += 2 * q.close.size();
          continue;
        }
        if (depth > 0) {
          --depth;
          vb.copy(i, q.close);
          i += q.close.size();
          continue;
        }
        return {i + q.close.size(), true};
      }
      if (c == '\\' && q.escapes != Escapes::none && q.escapes != Escapes::doubled) {
        i = escape(i, q.escapes, q.close, vb);
        continue;
      }
      if (q.interp == Interp::brace && ((c == '{' && ch(i + 1) == '{') || (c == '}' && ch(i + 1) == '}'))) {
        vb.produced(i, t_.substr(i, 1));
        i += 2;
        continue;
      }
      if (q.interp != Interp::none) {
        if (auto e = interpolation(i, q.interp, q.multiline)) {
          interp_seen_ = true;
          vb.copy(i, t_.substr(i, *e - i));
          i = *e;
          continue;
        }
        if (c == '$' && (q.interp == Interp::dollar_brace || q.interp == Interp::php) && ident_start(ch(i + 1)) &&
            ch(i + 1) != '$') {
          interp_seen_ = true;  // Kotlin / Scala / PHP "$name"
        }
      }
      std::size_t len = std::min(utf8_length(c), n_ - i);
      vb.copy(i, t_.substr(i, len));
      i += len;
    }
    return {n_, false};
  }

  std::size_t quoted(std::size_t begin, std::size_t quote, std::size_t open_len, const Quote& q,
                     bool is_template) {
    ValueBuilder vb;
    std::size_t value_begin = quote + open_len;
    BodyEnd e = body(value_begin, q, vb);
    emit(begin, quote, e, value_begin, std::move(vb), is_template);
    return e.end;
  }

  // ---- indentation-stripped multi-line bodies ----------------------------
  struct LineRange {
    std::size_t begin;
    std::size_t end;  // the '\n' (or the end of the content)
  };
  static std::size_t leading_ws(std::string_view s) {
    std::size_t k = 0;
    while (k < s.size() && (s[k] == ' ' || s[k] == '\t')) ++k;
    return k;
  }
  std::vector<LineRange> lines_of(std::size_t from, std::size_t to) const {
    std::vector<LineRange> lines;
    std::size_t k = from;
    while (k < to) {
      std::size_t e = std::min(line_end(k), to);
      lines.push_back({k, e});
      k = e + 1;
    }
    return lines;
  }
  bool blank_line(LineRange r) const { return trim_end(r) == r.begin + leading_ws(t_.substr(r.begin, r.end - r.begin)); }
  std::size_t trim_end(LineRange r) const {
    std::size_t e = r.end;
    while (e > r.begin && (t_[e - 1] == ' ' || t_[e - 1] == '\t' || t_[e - 1] == '\r')) --e;
    return e;
  }
  // Appends the lines, each without `indent` leading blanks; newline between
  // lines and after the last one when `final_newline`.
  void append_lines(ValueBuilder& vb, const std::vector<LineRange>& lines, std::size_t indent, Escapes esc,
                    bool strip_trailing, bool final_newline) {
    for (std::size_t li = 0; li < lines.size(); ++li) {
      LineRange r = lines[li];
      std::size_t k = r.begin;
      for (std::size_t s = 0; s < indent && k < r.end && (t_[k] == ' ' || t_[k] == '\t'); ++s) ++k;
      std::size_t e = strip_trailing ? trim_end(r) : r.end;
      if (!strip_trailing && e > k && t_[e - 1] == '\r') --e;
      bool continued = false;
      while (k < e) {
        if (t_[k] == '\\' && esc != Escapes::none) {
          if (k + 1 == e) {  // line continuation
            continued = true;
            ++k;
            break;
          }
          k = escape(k, esc, {}, vb);
          continue;
        }
        std::size_t len = std::min(utf8_length(t_[k]), e - k);
        vb.copy(k, t_.substr(k, len));
        k += len;
      }
      bool last = li + 1 == lines.size();
      if (!continued && (!last || final_newline)) {
        if (r.end < n_ && t_[r.end] == '\n') {
          vb.copy(r.end, "\n");
        } else {
          vb.produced(r.end, "\n");
        }
      }
    }
  }

  // Java text block, t_[quote..] == `"""`.
  std::size_t java_text_block(std::size_t quote) {
    std::size_t k = quote + 3;
    while (k < n_ && is_space(t_[k])) ++k;
    std::size_t content = k < n_ && t_[k] == '\n' ? k + 1 : k;
    std::size_t close = content;
    bool terminated = false;
    while (close < n_) {
      if (t_[close] == '\\') {
        close += 2;
        continue;
      }
      if (at(close, "\"\"\"")) {
        terminated = true;
        break;
      }
      ++close;
    }
    close = std::min(close, n_);
    std::vector<LineRange> lines = lines_of(content, close);
    // The closing delimiter's own line (whitespace only) counts for the indentation.
    std::size_t last_start = content;
    for (std::size_t p = close; p > content; --p) {
      if (t_[p - 1] == '\n') {
        last_start = p;
        break;
      }
    }
    bool closing_alone = close > content && leading_ws(t_.substr(last_start, close - last_start)) == close - last_start &&
                         last_start > content;
    if (closing_alone && !lines.empty() && lines.back().begin == last_start) lines.pop_back();
    std::size_t indent = std::string_view::npos;
    for (auto r : lines) {
      if (!blank_line(r)) indent = std::min(indent, leading_ws(t_.substr(r.begin, r.end - r.begin)));
    }
    if (closing_alone) indent = std::min(indent, close - last_start);
    if (indent == std::string_view::npos) indent = 0;
    ValueBuilder vb;
    append_lines(vb, lines, indent, Escapes::c, true, closing_alone);
    BodyEnd e{terminated ? close + 3 : n_, terminated};
    emit(quote, quote, e, content, std::move(vb), false);
    return e.end;
  }

  // C# raw string: a run of 3+ quotes (after `dollars` '$').
  std::size_t csharp_raw(std::size_t begin, std::size_t quote, bool interpolated) {
    std::size_t q = 0;
    while (ch(quote + q) == '"') ++q;
    std::string close(q, '"');
    std::size_t k = quote + q;
    std::size_t after_ws = k;
    while (after_ws < n_ && is_space(t_[after_ws])) ++after_ws;
    bool multi = after_ws < n_ && t_[after_ws] == '\n';
    std::size_t content = multi ? after_ws + 1 : k;
    std::size_t found = t_.find(close, content);
    if (!multi && found != std::string_view::npos && line_end(content) < found) found = std::string_view::npos;
    bool terminated = found != std::string_view::npos;
    std::size_t stop = terminated ? found : (multi ? n_ : line_end(content));
    ValueBuilder vb;
    if (multi) {
      std::size_t last_start = content;
      for (std::size_t p = stop; p > content; --p) {
        if (t_[p - 1] == '\n') {
          last_start = p;
          break;
        }
      }
      std::size_t indent = stop >= last_start ? stop - last_start : 0;
      std::size_t body_end = last_start > content ? last_start - 1 : content;
      if (body_end > content && t_[body_end - 1] == '\r') --body_end;
      append_lines(vb, lines_of(content, body_end), indent, Escapes::none, false, false);
    } else {
      vb.copy(content, t_.substr(content, stop - content));
    }
    BodyEnd e{terminated ? stop + q : stop, terminated};
    emit(begin, quote, e, content, std::move(vb), interpolated);
    return e.end;
  }

  // C++ raw string R"delim( ... )delim", t_[quote] == '"'.
  std::size_t cpp_raw(std::size_t begin, std::size_t quote) {
    std::size_t k = quote + 1;
    std::size_t open = t_.substr(k, 17).find('(');  // delimiters are at most 16 chars
    if (open != std::string_view::npos) open += k;
    if (open == std::string_view::npos || t_.substr(k, open - k).find_first_of(" \\)\n\"") != std::string_view::npos) {
      return quoted(begin, quote, 1, {"\"", Escapes::c}, false);
    }
    std::string close = ")" + std::string(t_.substr(k, open - k)) + "\"";
    std::size_t found = t_.find(close, open + 1);
    bool terminated = found != std::string_view::npos;
    std::size_t stop = terminated ? found : n_;
    ValueBuilder vb;
    vb.copy(open + 1, t_.substr(open + 1, stop - open - 1));
    BodyEnd e{terminated ? stop + close.size() : n_, terminated};
    emit(begin, quote, e, open + 1, std::move(vb), false);
    return e.end;
  }

  // Rust r"..." / r#"..."#, t_[k] is the first '#' or the quote.
  std::size_t rust_raw(std::size_t begin, std::size_t k) {
    std::size_t hashes = 0;
    while (ch(k + hashes) == '#') ++hashes;
    std::size_t quote = k + hashes;
    std::string close = "\"" + std::string(hashes, '#');
    std::size_t found = t_.find(close, quote + 1);
    bool terminated = found != std::string_view::npos;
    std::size_t stop = terminated ? found : n_;
    ValueBuilder vb;
    vb.copy(quote + 1, t_.substr(quote + 1, stop - quote - 1));
    BodyEnd e{terminated ? stop + close.size() : n_, terminated};
    emit(begin, quote, e, quote + 1, std::move(vb), false);
    return e.end;
  }

  // A char literal ('x', '\n', '\u0041') at i: its end, or nullopt.
  std::optional<std::size_t> char_literal(std::size_t i) const {
    std::size_t k = i + 1;
    if (k >= n_ || t_[k] == '\n' || t_[k] == '\'') return std::nullopt;
    if (t_[k] == '\\') {
      k += 2;
      std::size_t limit = std::min(n_, i + 14);
      while (k < limit && t_[k] != '\'' && t_[k] != '\n') ++k;
    } else {
      k += utf8_length(t_[k]);
    }
    if (k < n_ && t_[k] == '\'') return k + 1;
    return std::nullopt;
  }
  std::size_t skip_char_literal(std::size_t i) {
    if (auto e = char_literal(i)) {
      blank_literal(i, *e);
      prev_sig_ = '"';
      prev_word_.clear();
      return *e;
    }
    prev_sig_ = '\'';
    return i + 1;
  }

  // ---- JS / Ruby regex literals ------------------------------------------
  bool regex_allowed() const {
    if (!prev_word_.empty()) {
      static constexpr std::string_view kKeywords[] = {"return", "typeof", "case", "do",    "else", "in",
                                                       "of",     "new",    "delete", "void", "throw", "yield",
                                                       "await",  "when",   "if",    "unless", "and", "or", "not"};
      return std::find(std::begin(kKeywords), std::end(kKeywords), prev_word_) != std::end(kKeywords);
    }
    if (prev_sig_ == 0) return true;
    return std::string_view("(,=:[!&|?{};+-*%<>~^").find(prev_sig_) != std::string_view::npos;
  }
  std::optional<std::size_t> regex_literal(std::size_t i) const {
    bool in_class = false;
    std::size_t limit = std::min(n_, i + kMaxRegex);
    for (std::size_t k = i + 1; k < limit; ++k) {
      char c = t_[k];
      if (c == '\n') return std::nullopt;
      if (c == '\\') {
        ++k;
        continue;
      }
      if (c == '[') in_class = true;
      if (c == ']') in_class = false;
      if (c == '/' && !in_class) {
        ++k;
        while (k < n_ && is_alpha(t_[k])) ++k;
        return k;
      }
    }
    return std::nullopt;
  }

  // ---- heredocs (Ruby, PHP) ----------------------------------------------
  // Reads the bodies of the pending heredocs from `start` (the line after
  // their openers); returns where lexing goes on: right after the last
  // closing identifier, so code behind it (PHP `EOT);`) is still lexed.
  std::size_t heredoc_bodies(std::size_t start) {
    std::size_t k = start;
    for (std::size_t hi = 0; hi < pending_.size(); ++hi) {
      const PendingHeredoc& h = pending_[hi];
      std::size_t body_begin = k;
      std::size_t close_line = n_;
      std::size_t close_end = n_;
      while (k < n_) {
        std::size_t e = line_end(k);
        std::string_view line = t_.substr(k, e - k);
        std::size_t ws = h.indented_close ? leading_ws(line) : 0;
        std::string_view rest = line.substr(ws);
        bool closes = false;
        if (rest.substr(0, h.id.size()) == h.id) {
          std::string_view after = rest.substr(h.id.size());
          if (h.php) {
            closes = after.empty() || !ident_char(after[0]);
          } else {
            closes = std::all_of(after.begin(), after.end(), [](char c) { return is_space(c); });
          }
        }
        if (closes) {
          close_line = k;
          close_end = k + ws + h.id.size();
          break;
        }
        k = e + 1;
      }
      bool terminated = close_line < n_;
      blank(body_begin, terminated ? close_end : n_);
      if (!terminated) {
        k = n_;
        break;
      }
      std::vector<LineRange> lines;
      if (close_line > body_begin) lines = lines_of(body_begin, close_line - 1);
      std::size_t indent = 0;
      if (h.php) {
        indent = leading_ws(t_.substr(close_line, line_end(close_line) - close_line));
      } else if (h.squiggly) {
        indent = std::string_view::npos;
        for (auto r : lines) {
          if (!blank_line(r)) indent = std::min(indent, leading_ws(t_.substr(r.begin, r.end - r.begin)));
        }
        if (indent == std::string_view::npos) indent = 0;
      }
      ValueBuilder vb;
      append_lines(vb, lines, indent, h.raw ? Escapes::none : Escapes::c, false, !h.php);
      RawLiteral lit;
      lit.begin = h.begin;
      lit.quote = h.begin;
      lit.end = h.end;
      lit.value_begin = body_begin;
      lit.value = std::move(vb.value);
      lit.segments = std::move(vb.segments);
      lit.is_template = h.interpolates && has_interpolation(lit.value);
      // Keep file order of `begin`: the opener precedes literals lexed after it.
      auto pos = std::upper_bound(out_.literals.begin(), out_.literals.end(), lit.begin,
                                  [](std::size_t b, const RawLiteral& l) { return b < l.begin; });
      out_.literals.insert(pos, std::move(lit));
      if (hi + 1 < pending_.size()) {
        k = line_end(close_end);
        if (k < n_) ++k;
      } else {
        k = close_end;
      }
    }
    pending_.clear();
    return k;
  }

  bool has_interpolation(std::string_view v) const {
    return v.find("#{") != std::string_view::npos || v.find("${") != std::string_view::npos ||
           (lang_ == Lang::php && v.find('$') != std::string_view::npos);
  }

  std::optional<std::size_t> ruby_heredoc(std::size_t i) {
    // i at "<<"
    std::size_t k = i + 2;
    PendingHeredoc h;
    if (ch(k) == '~') {
      h.squiggly = true;
      h.indented_close = true;
      ++k;
    } else if (ch(k) == '-') {
      h.indented_close = true;
      ++k;
    }
    char q = ch(k);
    if (q == '\'' || q == '"' || q == '`') {
      std::size_t e = k + 1;
      while (e < n_ && ident_char(t_[e])) ++e;
      if (ch(e) != q || e == k + 1) return std::nullopt;
      h.id = std::string(t_.substr(k + 1, e - k - 1));
      h.raw = q == '\'';
      k = e + 1;
    } else {
      if (!ident_start(q)) return std::nullopt;
      if (!h.indented_close && !(q >= 'A' && q <= 'Z')) return std::nullopt;
      if (!h.indented_close && !regex_allowed()) return std::nullopt;
      std::size_t e = k;
      while (e < n_ && ident_char(t_[e])) ++e;
      h.id = std::string(t_.substr(k, e - k));
      k = e;
    }
    h.interpolates = !h.raw;
    h.begin = i;
    h.end = k;
    pending_.push_back(h);
    blank_literal(i, k);
    prev_sig_ = '"';
    prev_word_.clear();
    return k;
  }

  std::optional<std::size_t> php_heredoc(std::size_t i) {
    std::size_t k = i + 3;
    while (k < n_ && (t_[k] == ' ' || t_[k] == '\t')) ++k;
    PendingHeredoc h;
    h.php = true;
    h.indented_close = true;
    char q = ch(k);
    if (q == '\'' || q == '"') {
      std::size_t e = k + 1;
      while (e < n_ && ident_char(t_[e])) ++e;
      if (ch(e) != q || e == k + 1) return std::nullopt;
      h.id = std::string(t_.substr(k + 1, e - k - 1));
      h.raw = q == '\'';
      k = e + 1;
    } else {
      if (!ident_start(q) || q == '$') return std::nullopt;
      std::size_t e = k;
      while (e < n_ && ident_char(t_[e]) && t_[e] != '$') ++e;
      h.id = std::string(t_.substr(k, e - k));
      k = e;
    }
    std::size_t after = k;
    while (after < n_ && is_space(t_[after])) ++after;
    if (after < n_ && t_[after] != '\n') return std::nullopt;
    h.interpolates = !h.raw;
    h.begin = i;
    h.end = k;
    pending_.push_back(h);
    blank_literal(i, k);
    prev_sig_ = '"';
    prev_word_.clear();
    return k;
  }

  // Ruby %q(...) %Q[...] %w{...} %(...) ...
  std::optional<std::size_t> ruby_percent(std::size_t i) {
    std::size_t k = i + 1;
    char kind = ch(k);
    bool explicit_kind = std::string_view("qQwWiIrsx").find(kind) != std::string_view::npos && kind != '\0';
    if (explicit_kind) ++k;
    char open = ch(k);
    if (open == '\0' || is_alpha(open) || is_digit(open) || is_space(open) || open == '\n' || open == '=') {
      return std::nullopt;
    }
    if (!explicit_kind && !regex_allowed()) return std::nullopt;
    char close = open;
    char nest = 0;
    switch (open) {
      case '(': close = ')'; nest = '('; break;
      case '[': close = ']'; nest = '['; break;
      case '{': close = '}'; nest = '{'; break;
      case '<': close = '>'; nest = '<'; break;
      default: break;
    }
    bool raw = kind == 'q' || kind == 'w' || kind == 'i' || kind == 's';
    close_buf_ = close;
    Quote q{std::string_view(&close_buf_, 1), raw ? Escapes::single_quoted : Escapes::c,
            raw ? Interp::none : Interp::hash_brace, true, nest};
    if (kind == 'r') {
      // A regex: blank it, no literal.
      ValueBuilder scratch;
      BodyEnd e = body(k + 1, q, scratch);
      blank_literal(i, e.end);
      prev_sig_ = '"';
      prev_word_.clear();
      return e.end;
    }
    return quoted(i, k, 1, q, false);
  }

  // ---- PHP HTML mode -------------------------------------------------------
  std::size_t html(std::size_t i) {
    std::size_t open = t_.find("<?", i);
    std::size_t stop = open == std::string_view::npos ? n_ : open;
    blank(i, stop);
    if (open == std::string_view::npos) return n_;
    std::size_t k = open + 2;
    if (at(k, "php")) k += 3;
    else if (at(k, "=")) k += 1;
    blank(open, k);
    return k;
  }

  // ---- the main step --------------------------------------------------------
  std::size_t newline(std::size_t i) {
    if (!pending_.empty()) return heredoc_bodies(i + 1);
    return i + 1;
  }

  std::size_t word(std::size_t i) {
    std::size_t e = i;
    while (e < n_ && ident_char(t_[e])) ++e;
    std::string_view w = t_.substr(i, e - i);
    if (auto end = prefixed_literal(i, e, w)) return *end;
    prev_word_ = std::string(w);
    prev_sig_ = 'a';
    return e;
  }

  std::size_t number(std::size_t i) {
    std::size_t e = i;
    while (e < n_) {
      char c = t_[e];
      if (is_alpha(c) || is_digit(c) || c == '_' || (c == '.' && is_digit(ch(e + 1)))) {
        ++e;
      } else if (c == '\'' && lang_ == Lang::cpp && (is_hex(ch(e + 1)))) {
        ++e;
      } else {
        break;
      }
    }
    prev_word_.clear();
    prev_sig_ = '0';
    return e;
  }

  // A literal introduced by the word t_[i, e) ("rb", "u8R", "s" ...).
  std::optional<std::size_t> prefixed_literal(std::size_t i, std::size_t e, std::string_view w) {
    char q = ch(e);
    switch (lang_) {
      case Lang::python: {
        if (q != '"' && q != '\'') return std::nullopt;
        if (w.size() > 2) return std::nullopt;
        bool raw = false, f = false;
        for (char c : w) {
          char l = static_cast<char>(c | 0x20);
          if (l == 'r') raw = true;
          else if (l == 'f') f = true;
          else if (l != 'b' && l != 'u') return std::nullopt;
        }
        return python_string(i, e, raw, f);
      }
      case Lang::cpp: {
        if (q == '\'' && (w == "L" || w == "u" || w == "U" || w == "u8")) return skip_char_literal(e);
        if (q != '"') return std::nullopt;
        if (w == "L" || w == "u" || w == "U" || w == "u8") return quoted(i, e, 1, {"\"", Escapes::c}, false);
        if (w == "R" || w == "LR" || w == "uR" || w == "UR" || w == "u8R") return cpp_raw(i, e);
        return std::nullopt;
      }
      case Lang::rust: {
        if ((w == "r" || w == "br" || w == "cr") && (q == '"' || q == '#')) {
          if (q == '#') {
            std::size_t k = e;
            while (ch(k) == '#') ++k;
            if (ch(k) != '"') return std::nullopt;
          }
          return rust_raw(i, e);
        }
        if ((w == "b" || w == "c") && q == '"') return quoted(i, e, 1, {"\"", Escapes::c, Interp::none, true}, false);
        if (w == "b" && q == '\'') return skip_char_literal(e);
        return std::nullopt;
      }
      case Lang::scala: {
        if (q != '"') return std::nullopt;
        bool raw = w == "raw";
        if (at(e, "\"\"\"")) return triple(i, e, Escapes::none, Interp::dollar_brace, true);
        return quoted(i, e, 1, {"\"", raw ? Escapes::none : Escapes::c, Interp::dollar_brace}, true);
      }
      case Lang::php:
        if ((w == "b" || w == "B") && (q == '"' || q == '\'')) return plain_literal(e, i);
        return std::nullopt;
      default:
        return std::nullopt;
    }
  }

  // Triple-quoted body (Python, Kotlin, Scala) with `quote` at the first of three.
  std::size_t triple(std::size_t begin, std::size_t quote, Escapes esc, Interp interp, bool is_template) {
    char q = t_[quote];
    std::string_view close = q == '"' ? std::string_view("\"\"\"") : std::string_view("'''");
    ValueBuilder vb;
    std::size_t value_begin = quote + 3;
    BodyEnd e;
    if (lang_ == Lang::kotlin || lang_ == Lang::scala) {
      // Raw strings: the closing delimiter is the last three of a run of quotes.
      std::size_t k = value_begin;
      e = {n_, false};
      while (k < n_) {
        if (interp != Interp::none) {
          if (t_[k] == '$' && ident_start(ch(k + 1))) interp_seen_ = true;
          if (auto ie = interpolation(k, interp, true)) {
            interp_seen_ = true;
            vb.copy(k, t_.substr(k, *ie - k));
            k = *ie;
            continue;
          }
        }
        if (at(k, close)) {
          std::size_t run = 3;
          while (ch(k + run) == '"') ++run;
          vb.copy(k, t_.substr(k, run - 3));
          e = {k + run, true};
          break;
        }
        vb.copy(k, t_.substr(k, 1));
        ++k;
      }
    } else {
      e = body(value_begin, {close, esc, interp, true}, vb);
    }
    emit(begin, quote, e, value_begin, std::move(vb), is_template);
    return e.end;
  }

  std::size_t python_string(std::size_t begin, std::size_t quote, bool raw, bool f) {
    Escapes esc = raw ? Escapes::raw_backslash : Escapes::python;
    Interp interp = f ? Interp::brace : Interp::none;
    if (at(quote, "\"\"\"") || at(quote, "'''")) return triple(begin, quote, esc, interp, f);
    std::string_view close = t_[quote] == '"' ? std::string_view("\"") : std::string_view("'");
    return quoted(begin, quote, 1, {close, esc, interp, false}, f);
  }

  // A literal that starts with a quote character at q (no prefix, or a
  // prefix already consumed from `begin`); nullopt when q is not a quote here.
  std::optional<std::size_t> plain_literal(std::size_t q, std::size_t begin) {
    char c = t_[q];
    switch (lang_) {
      case Lang::js:
        if (c == '"' || c == '\'') return quoted(begin, q, 1, {c == '"' ? "\"" : "'", Escapes::c}, false);
        if (c == '`') return quoted(begin, q, 1, {"`", Escapes::c, Interp::dollar_brace, true}, true);
        return std::nullopt;
      case Lang::python:
        if (c == '"' || c == '\'') return python_string(begin, q, false, false);
        return std::nullopt;
      case Lang::java:
        if (at(q, "\"\"\"")) return java_text_block(q);
        if (c == '"') return quoted(begin, q, 1, {"\"", Escapes::c}, false);
        if (c == '\'') return skip_char_literal(q);
        return std::nullopt;
      case Lang::kotlin:
        if (at(q, "\"\"\"")) return triple(begin, q, Escapes::none, Interp::dollar_brace, false);
        if (c == '"') return quoted(begin, q, 1, {"\"", Escapes::c, Interp::dollar_brace}, false);
        if (c == '\'') return skip_char_literal(q);
        return std::nullopt;
      case Lang::scala:
        if (at(q, "\"\"\"")) return triple(begin, q, Escapes::none, Interp::none, false);
        if (c == '"') return quoted(begin, q, 1, {"\"", Escapes::c}, false);
        if (c == '\'') return skip_char_literal(q);
        return std::nullopt;
      case Lang::go:
        if (c == '"') return quoted(begin, q, 1, {"\"", Escapes::c}, false);
        if (c == '`') return quoted(begin, q, 1, {"`", Escapes::none, Interp::none, true}, false);
        if (c == '\'') return skip_char_literal(q);
        return std::nullopt;
      case Lang::csharp:
        if (at(q, "\"\"\"")) return csharp_raw(begin, q, false);
        if (c == '"') return quoted(begin, q, 1, {"\"", Escapes::c}, false);
        if (c == '\'') return skip_char_literal(q);
        return std::nullopt;
      case Lang::cpp:
        if (c == '"') return quoted(begin, q, 1, {"\"", Escapes::c}, false);
        if (c == '\'') return skip_char_literal(q);
        return std::nullopt;
      case Lang::rust:
        if (c == '"') return quoted(begin, q, 1, {"\"", Escapes::c, Interp::none, true}, false);
        if (c == '\'') return skip_char_literal(q);
        return std::nullopt;
      case Lang::ruby:
        if (c == '\'') return quoted(begin, q, 1, {"'", Escapes::single_quoted, Interp::none, true}, false);
        if (c == '"') return quoted(begin, q, 1, {"\"", Escapes::c, Interp::hash_brace, true}, false);
        if (c == '`') return quoted(begin, q, 1, {"`", Escapes::c, Interp::hash_brace, true}, false);
        return std::nullopt;
      case Lang::php:
        if (c == '\'') return quoted(begin, q, 1, {"'", Escapes::single_quoted, Interp::none, true}, false);
        if (c == '"') return quoted(begin, q, 1, {"\"", Escapes::c, Interp::php, true}, false);
        if (c == '`') return quoted(begin, q, 1, {"`", Escapes::c, Interp::php, true}, false);
        return std::nullopt;
      case Lang::none:
        return std::nullopt;
    }
    return std::nullopt;
  }

  std::size_t step(std::size_t i) {
    char c = t_[i];
    if (c == '\n') return newline(i);
    if (is_space(c)) return i + 1;
    if (c == '/' && slash_comments()) {
      if (ch(i + 1) == '/') return line_comment(i);
      if (ch(i + 1) == '*') return block_comment(i, nested_comments());
    }
    if (c == '#') {
      if (lang_ == Lang::python || lang_ == Lang::ruby || (lang_ == Lang::php && ch(i + 1) != '[')) {
        return line_comment(i);
      }
    }
    if (lang_ == Lang::ruby && c == '=' && (i == 0 || t_[i - 1] == '\n') && at(i, "=begin")) {
      std::size_t k = i;
      while (k < n_) {
        std::size_t e = line_end(k);
        if (k != i && at(k, "=end")) {
          k = e;
          break;
        }
        k = e + 1;
      }
      k = std::min(k, n_);
      blank(i, k);
      return k;
    }
    if (lang_ == Lang::php && c == '?' && ch(i + 1) == '>') {
      blank(i, i + 2);
      return html(i + 2);
    }
    if (is_digit(c)) return number(i);
    if (ident_start(c)) return word(i);
    if (auto e = plain_literal(i, i)) return *e;
    switch (lang_) {
      case Lang::js:
        if (c == '/' && regex_allowed()) {
          if (auto e = regex_literal(i)) {
            blank_literal(i, *e);
            prev_sig_ = '"';
            prev_word_.clear();
            return *e;
          }
        }
        break;
      case Lang::ruby:
        if (c == '/' && regex_allowed()) {
          if (auto e = regex_literal(i)) {
            blank_literal(i, *e);
            prev_sig_ = '"';
            prev_word_.clear();
            return *e;
          }
        }
        if (c == '<' && ch(i + 1) == '<') {
          if (auto e = ruby_heredoc(i)) return *e;
          prev_sig_ = '<';
          return i + 2;
        }
        if (c == '%') {
          if (auto e = ruby_percent(i)) return *e;
        }
        if (c == '?' && ch(i + 1) != '\0' && !is_space(ch(i + 1)) && ch(i + 1) != '\n' &&
            !ident_char(ch(i + 2)) && regex_allowed()) {
          blank_literal(i, i + 2);  // ?a character literal
          return i + 2;
        }
        if (c == '$' && (ch(i + 1) == '\'' || ch(i + 1) == '"' || ch(i + 1) == '`')) return i + 2;
        break;
      case Lang::php:
        if (c == '<' && at(i, "<<<")) {
          if (auto e = php_heredoc(i)) return *e;
          return i + 3;
        }
        break;
      case Lang::csharp:
        if (c == '$' || c == '@') {
          std::size_t k = i;
          bool dollar = false, verbatim = false;
          while (ch(k) == '$' || ch(k) == '@') {
            if (ch(k) == '$') dollar = true;
            else verbatim = true;
            ++k;
          }
          if (ch(k) == '"') {
            if (at(k, "\"\"\"") && !verbatim) return csharp_raw(i, k, dollar);
            Escapes esc = verbatim ? Escapes::doubled : Escapes::c;
            return quoted(i, k, 1, {"\"", esc, dollar ? Interp::brace : Interp::none, verbatim}, dollar);
          }
        }
        break;
      default:
        break;
    }
    prev_sig_ = c;
    prev_word_.clear();
    return i + 1;
  }

  Lang lang_;
  std::string_view t_;
  std::size_t n_;
  LexedSource out_;
  char prev_sig_ = 0;
  std::string prev_word_;
  std::vector<PendingHeredoc> pending_;
  char close_buf_ = 0;
  bool interp_seen_ = false;  // the literal being read has an interpolation
};

}  // namespace

LexedSource lex_source(Lang lang, std::string_view text) {
  if (lang == Lang::none) {
    LexedSource out;
    out.code.assign(text);
    return out;
  }
  return Lexer(lang, text).run();
}

}  // namespace archgate::source
