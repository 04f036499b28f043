// Computation sites (for AG202): a lexical pass over the code view that finds
// binary arithmetic and comparisons between operands, and names the values
// taking part. Deliberately shallow: it must never crash or hang, and when a
// construct is ambiguous (generics, pointers, unary operators, JSX) it is
// skipped rather than guessed.
#include <algorithm>
#include <array>

#include "loaders/source_scan_internal.h"

namespace archgate::source {
namespace {

enum class Kind : std::uint8_t { ident, number, string, op };

struct Token {
  Kind kind;
  std::size_t begin;
  std::size_t end;
  std::string_view text;  // in the code view
};

bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool digit(char c) { return c >= '0' && c <= '9'; }

constexpr std::array<std::string_view, 34> kOperators = {
    "===", "!==", "**=", "<<=", ">>=", ">>>", "<=>", "...", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=",
    "&&",  "||",  "??",  "?.",  "->",  "=>",  "::",  "++",  "--", "<<", ">>", "**", ":=", "<-", "&=", "|=", "^="};

std::vector<Token> tokenize(std::string_view code, Lang lang) {
  std::vector<Token> out;
  std::size_t i = 0;
  std::size_t n = code.size();
  bool line_start = true;
  while (i < n) {
    char c = code[i];
    if (c == '\n') {
      line_start = true;
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
      continue;
    }
    if (line_start && c == '#' && (lang == Lang::cpp || lang == Lang::csharp)) {
      // Preprocessor line: `#include <vector>` is no comparison.
      while (i < n && code[i] != '\n') ++i;
      continue;
    }
    line_start = false;
    std::size_t b = i;
    if (c == '"') {
      ++i;
      while (i < n && (code[i] == ' ' || code[i] == '\n' || code[i] == '\r' || code[i] == '\t')) ++i;
      if (i < n && code[i] == '"') ++i;
      out.push_back({Kind::string, b, i, code.substr(b, i - b)});
      continue;
    }
    if (digit(c)) {
      while (i < n && (word_char(code[i]) || (code[i] == '.' && i + 1 < n && digit(code[i + 1])))) ++i;
      out.push_back({Kind::number, b, i, code.substr(b, i - b)});
      continue;
    }
    if (word_char(c)) {
      while (i < n && word_char(code[i])) ++i;
      out.push_back({Kind::ident, b, i, code.substr(b, i - b)});
      continue;
    }
    std::size_t len = 1;
    for (auto op : kOperators) {
      if (code.substr(i, op.size()) == op) {
        len = op.size();
        break;
      }
    }
    i += len;
    out.push_back({Kind::op, b, i, code.substr(b, len)});
  }
  return out;
}

constexpr std::string_view kPrefixKeywords[] = {"return", "case",  "typeof", "in",    "of",   "new",    "yield",
                                                "await",  "else",  "do",     "throw", "and",  "or",     "not",
                                                "is",     "echo",  "print",  "sizeof", "delete", "void", "if",
                                                "while",  "for",   "when",   "then",  "elif", "unless", "until",
                                                "const",  "let",   "var",    "val",   "go",   "defer",  "puts"};
constexpr std::string_view kValueKeywords[] = {"null", "nil",   "None",    "undefined", "true", "false",
                                               "True", "False", "nullptr", "NULL",      "NaN"};
constexpr std::string_view kSelfKeywords[] = {"this", "self", "super", "it", "Self"};
// Calls that fold a collection into one value: `.Sum(i => i.Quantity)`,
// `.reduce(...)`, `.mapToInt(Item::getQuantity).sum()`, `Collectors.summingInt`.
constexpr std::string_view kAggregates[] = {"Sum",        "sum",          "Aggregate",   "aggregate",    "reduce",
                                            "Reduce",     "fold",         "foldLeft",    "foldRight",    "sumOf",
                                            "sumBy",      "Average",      "average",     "summingInt",   "summingLong",
                                            "summingDouble", "averagingInt", "averagingDouble", "SumAsync", "AverageAsync"};
// Words before `(` that open a block that is no function.
constexpr std::string_view kBlockKeywords[] = {"if",    "for",   "while",   "switch", "catch", "foreach", "using",
                                               "lock",  "fixed", "when",    "synchronized", "with", "function",
                                               "return", "match", "select", "elif",  "until"};
constexpr std::string_view kTypeKeywords[] = {"int",   "long",   "short",    "char",   "float",  "double", "void",
                                              "auto",  "bool",   "unsigned", "signed", "size_t", "string", "const",
                                              "uint8_t", "uint16_t", "uint32_t", "uint64_t", "int32_t", "int64_t"};

template <std::size_t N>
bool one_of(std::string_view w, const std::string_view (&list)[N]) {
  return std::find(std::begin(list), std::end(list), w) != std::end(list);
}

// Arithmetic written as a call: `money.MultiplySlow(price, qty)`,
// `Decimal.subtract(...)`, `amounts.divideBy(n)`.
bool arithmetic_call(std::string_view name) {
  for (std::string_view verb : {"multiply", "subtract", "divide", "sum"}) {
    if (name.size() < verb.size() || !iequals(name.substr(0, verb.size()), verb)) continue;
    // The verb is the name's first word: Multiply, multiplySlow, sum_by; not summary.
    if (name.size() == verb.size()) return true;
    char next = name[verb.size()];
    return (next >= 'A' && next <= 'Z') || next == '_' || (next >= '0' && next <= '9');
  }
  return false;
}

bool is_arithmetic(std::string_view op) {
  return op == "*" || op == "/" || op == "+" || op == "-" || op == "%" || op == "+=" || op == "-=" || op == "*=" ||
         op == "/=" || op == "%=";
}
bool is_comparison(std::string_view op) {
  return op == "<" || op == ">" || op == "<=" || op == ">=" || op == "==" || op == "!=" || op == "===" || op == "!==";
}

struct Operand {
  std::size_t first = 0;  // token index range [first, last]
  std::size_t last = 0;
  bool string = false;
  bool value_keyword = false;  // null, true ...
  std::string name;            // the value's name: the chain's last identifier ("" when none)
  bool valid = false;
};

class Finder {
 public:
  Finder(Lang lang, std::string_view text, const LexedSource& lexed, std::string_view path, PositionCursor& positions)
      : lang_(lang), text_(text), lexed_(lexed), path_(path), positions_(positions),
        tokens_(tokenize(lexed.code, lang)), skip_(tokens_.size(), false) {}

  std::vector<ComputationSite> run() {
    mark_generics();
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      const Token& t = tokens_[i];
      track_function(i);
      if (t.kind == Kind::ident && (t.text == "switch" || (t.text == "when" && lang_ == Lang::kotlin))) {
        decision(i);
        continue;
      }
      if (t.kind == Kind::ident && is(i + 1, "(") &&
          (((i > 0 && member_op(i - 1)) && (one_of(t.text, kAggregates) || arithmetic_call(t.text))) ||
           (lang_ == Lang::python && t.text == "sum"))) {
        aggregate(i);
        continue;
      }
      if (t.kind != Kind::op || skip_[i]) continue;
      if (is_arithmetic(t.text) || is_comparison(t.text)) binary(i);
    }
    return std::move(sites_);
  }

 private:
  bool is(std::size_t i, std::string_view text) const { return i < tokens_.size() && tokens_[i].text == text; }

  // The function each token is in, kept while run() walks the tokens: a
  // stack of blocks (`{`...`}`) for brace languages, each with the name of
  // the function it belongs to; for Python, `def` lines and their indentation.
  struct Block {
    std::size_t indent;  // Python: the `def` line's indentation
    std::string_view function;
  };

  std::string_view current_function() const { return blocks_.empty() ? std::string_view() : blocks_.back().function; }

  void track_function(std::size_t i) {
    const Token& t = tokens_[i];
    if (lang_ == Lang::python) {
      // The gap since the previous token is scanned once: a newline in it
      // makes this the first token of a line (linear on one-line files too).
      bool first_on_line = i == 0;
      for (std::size_t k = i == 0 ? 0 : tokens_[i - 1].end; k < t.begin; ++k) {
        if (lexed_.code[k] == '\n') {
          line_start_ = k + 1;
          first_on_line = true;
        }
      }
      if (first_on_line && line_start_ + indent_of(line_start_) == t.begin) {
        std::size_t indent = t.begin - line_start_;
        while (!blocks_.empty() && indent <= blocks_.back().indent) blocks_.pop_back();
        std::size_t d = t.text == "async" ? i + 1 : i;
        if (is(d, "def") && d + 1 < tokens_.size() && tokens_[d + 1].kind == Kind::ident)
          blocks_.push_back({indent, tokens_[d + 1].text});
      }
      return;
    }
    if (lang_ == Lang::ruby) return;
    if (t.text == "}") {
      if (!blocks_.empty()) blocks_.pop_back();
      return;
    }
    if (t.text != "{" || t.kind != Kind::op) return;
    if (blocks_.size() >= 256) return;  // pathological nesting: the name no longer matters
    std::string_view name = function_before(i);
    blocks_.push_back({0, name.empty() ? current_function() : name});
  }

  std::size_t indent_of(std::size_t line) const {
    std::size_t k = line;
    while (k < lexed_.code.size() && (lexed_.code[k] == ' ' || lexed_.code[k] == '\t')) ++k;
    return k - line;
  }

  // The name of the function whose body the `{` at `open` starts, or "":
  // `name(...) {`, `name(...): T {`, `name(...) throws E {`, `func (r R) name(...) T {`,
  // `name = (...) => {`, `name = function (...) {`, `name: function (...) {`.
  std::string_view function_before(std::size_t open) const {
    std::size_t k = open;
    for (int steps = 0; k > 0 && steps < 10; ++steps) {
      --k;
      const Token& t = tokens_[k];
      if (t.text == ")") break;
      if (t.kind == Kind::ident || t.text == ":" || t.text == "->" || t.text == "=>" || t.text == "." ||
          t.text == "," || t.text == "<" || t.text == ">" || t.text == "[" || t.text == "]" || t.text == "*" ||
          t.text == "?" || t.text == "&")
        continue;
      return {};
    }
    if (!is(k, ")")) return {};
    std::size_t paren = opener(k);
    if (paren == static_cast<std::size_t>(-1) || paren == 0) return {};
    std::size_t before = paren - 1;
    if (tokens_[before].kind == Kind::ident && tokens_[before].text == "function" && before > 0) --before;
    if (before > 0 && (is(before, "=") || is(before, ":"))) --before;
    const Token& name = tokens_[before];
    if (name.kind != Kind::ident || one_of(name.text, kBlockKeywords)) return {};
    return name.text;
  }
  bool same_line(std::size_t a, std::size_t b) const {
    std::size_t lo = std::min(tokens_[a].begin, tokens_[b].begin);
    std::size_t hi = std::max(tokens_[a].end, tokens_[b].end);
    return lexed_.code.substr(lo, hi - lo).find('\n') == std::string_view::npos;
  }

  // `<` ... `>` holding only names, commas, dots: template arguments.
  void mark_generics() {
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      if (!is(i, "<") || i == 0) continue;
      if (tokens_[i - 1].kind != Kind::ident && !is(i - 1, "::")) continue;
      int depth = 1;
      std::size_t k = i + 1;
      for (; k < tokens_.size() && k < i + 48 && depth > 0; ++k) {
        const Token& t = tokens_[k];
        if (t.kind == Kind::ident || t.kind == Kind::number) continue;
        if (t.text == "<") {
          ++depth;
        } else if (t.text == ">") {
          --depth;
        } else if (t.text == ">>") {
          depth -= 2;
        } else if (t.text == ">>>") {
          depth -= 3;
        } else if (t.text == "," || t.text == "." || t.text == "::" || t.text == "?" || t.text == "[" ||
                   t.text == "]" || t.text == "*" || t.text == "&" || t.text == "|") {
          continue;
        } else {
          break;
        }
        if (depth <= 0) break;
      }
      if (depth <= 0 && k < tokens_.size()) {
        for (std::size_t j = i; j <= k; ++j) skip_[j] = true;
      }
    }
  }

  // Walks back over `)`/`]` groups; returns the opener index or npos.
  std::size_t opener(std::size_t close) const {
    std::size_t depth = 0;
    for (std::size_t k = close + 1; k-- > 0 && close - k < 256;) {
      std::string_view x = tokens_[k].text;
      if (tokens_[k].kind != Kind::op) continue;
      if (x == ")" || x == "]") ++depth;
      if (x == "(" || x == "[") {
        if (--depth == 0) return k;
      }
    }
    return static_cast<std::size_t>(-1);
  }
  std::size_t closer(std::size_t open) const {
    std::size_t depth = 0;
    for (std::size_t k = open; k < tokens_.size() && k - open < 256; ++k) {
      std::string_view x = tokens_[k].text;
      if (tokens_[k].kind != Kind::op) continue;
      if (x == "(" || x == "[") ++depth;
      if (x == ")" || x == "]") {
        if (--depth == 0) return k;
      }
    }
    return static_cast<std::size_t>(-1);
  }

  // The value of the string token at `k` when it is one word ("total"), else "".
  std::string word_literal(std::size_t k) const {
    const Token& t = tokens_[k];
    if (t.kind != Kind::string) return {};
    auto it = std::lower_bound(lexed_.literals.begin(), lexed_.literals.end(), t.begin,
                               [](const RawLiteral& l, std::size_t off) { return l.begin < off; });
    if (it == lexed_.literals.end() || it->end != t.end) return {};
    const std::string& v = it->value;
    if (v.empty() || v.size() > 64 || !std::all_of(v.begin(), v.end(), word_char)) return {};
    return v;
  }

  // A subscript holding one string: `order["total"]` -> "total".
  std::string subscript_name(std::size_t open) const {
    if (open + 2 >= tokens_.size() || !is(open + 2, "]")) return {};
    return word_literal(open + 1);
  }

  bool member_op(std::size_t i) const { return is(i, ".") || is(i, "->") || is(i, "::") || is(i, "?."); }

  Operand left_operand(std::size_t op) const {
    Operand o;
    if (op == 0) return o;
    std::size_t k = op - 1;
    const Token& t = tokens_[k];
    o.last = k;
    if (t.kind == Kind::string) {
      o.first = k;
      o.string = o.valid = true;
      return o;
    }
    if (t.kind == Kind::number) {
      o.first = k;
      o.valid = true;
      return o;
    }
    if (t.kind == Kind::ident) {
      if (one_of(t.text, kPrefixKeywords)) return o;
      if (one_of(t.text, kValueKeywords)) o.value_keyword = true;
    } else if (!(t.text == ")" || t.text == "]")) {
      return o;
    }
    // Walk the chain backwards: name, name(...), name[...], a.b, (...)
    std::size_t cur = k;
    while (true) {
      const Token& c = tokens_[cur];
      if (c.kind == Kind::ident) {
        if (o.name.empty() && !one_of(c.text, kSelfKeywords) && !one_of(c.text, kValueKeywords)) {
          o.name = std::string(c.text);
        }
      } else if (c.text == ")" || c.text == "]") {
        std::size_t open = opener(cur);
        if (open == static_cast<std::size_t>(-1)) return o;
        if (c.text == "]" && o.name.empty()) o.name = subscript_name(open);
        if (c.text == "]" && open + 1 == cur) return o;  // `[]T`: a type
        cur = open;
        if (cur > 0 && (tokens_[cur - 1].kind == Kind::ident || is(cur - 1, ")") || is(cur - 1, "]"))) {
          if (tokens_[cur - 1].kind == Kind::ident && one_of(tokens_[cur - 1].text, kPrefixKeywords)) break;
          --cur;
          continue;
        }
      } else {
        return o;
      }
      if (cur >= 2 && member_op(cur - 1)) {
        cur -= 2;
        continue;
      }
      break;
    }
    o.first = cur;
    o.valid = true;
    return o;
  }

  Operand right_operand(std::size_t op) const {
    Operand o;
    std::size_t k = op + 1;
    if (k >= tokens_.size()) return o;
    const Token& t = tokens_[k];
    o.first = k;
    if (t.kind == Kind::string) {
      o.last = k;
      o.string = o.valid = true;
      return o;
    }
    if (t.kind == Kind::number) {
      o.last = k;
      o.valid = true;
      return o;
    }
    if (t.kind == Kind::op && t.text != "(") return o;
    if (t.kind == Kind::ident && one_of(t.text, kValueKeywords)) o.value_keyword = true;
    if (t.kind == Kind::ident && one_of(t.text, kPrefixKeywords) && t.text != "new") return o;
    std::size_t cur = k;
    while (cur < tokens_.size()) {
      const Token& c = tokens_[cur];
      if (c.kind == Kind::ident) {
        if (!one_of(c.text, kSelfKeywords) && !one_of(c.text, kValueKeywords) && c.text != "new") {
          o.name = std::string(c.text);
        }
        ++cur;
      } else if (c.text == "(" || c.text == "[") {
        std::size_t close = closer(cur);
        if (close == static_cast<std::size_t>(-1)) return o;
        if (c.text == "[") {
          std::string sub = subscript_name(cur);
          if (!sub.empty()) o.name = sub;
        } else if (cur == k) {
          o.name.clear();  // a parenthesised group: its inside has its own sites
        }
        cur = close + 1;
      } else {
        break;
      }
      while (cur < tokens_.size() && (is(cur, "(") || is(cur, "["))) {
        std::size_t close = closer(cur);
        if (close == static_cast<std::size_t>(-1)) return o;
        if (is(cur, "[")) {
          std::string sub = subscript_name(cur);
          if (!sub.empty()) o.name = sub;
        }
        cur = close + 1;
      }
      if (cur + 1 < tokens_.size() && member_op(cur) && tokens_[cur + 1].kind == Kind::ident) {
        ++cur;
        continue;
      }
      break;
    }
    if (cur == k) return o;
    o.last = cur - 1;
    o.valid = true;
    return o;
  }

  // `T* x`, `T *x`, `p *Price`: pointer syntax in C-like languages.
  bool pointer_syntax(std::size_t op) const {
    if (lang_ != Lang::cpp && lang_ != Lang::csharp && lang_ != Lang::go && lang_ != Lang::rust) return false;
    std::string_view x = tokens_[op].text;
    if (x != "*") return false;
    bool space_before = op > 0 && tokens_[op - 1].end != tokens_[op].begin;
    bool space_after = op + 1 < tokens_.size() && tokens_[op + 1].begin != tokens_[op].end;
    if (space_before != space_after) return true;
    if (op > 0 && tokens_[op - 1].kind == Kind::ident && one_of(tokens_[op - 1].text, kTypeKeywords)) return true;
    return false;
  }

  void add_names(ComputationSite& site, const std::string& name) const {
    if (name.empty()) return;
    std::string full = to_lower(name);
    if (full.empty() || digit(full[0])) return;
    auto words = identifier_words(name);
    if (std::find(site.identifiers.begin(), site.identifiers.end(), full) == site.identifiers.end()) {
      site.identifiers.push_back(full);
    }
    if (words.size() > 1) {
      for (auto& w : words) {
        if (std::find(site.identifiers.begin(), site.identifiers.end(), w) == site.identifiers.end()) {
          site.identifiers.push_back(w);
        }
      }
    }
  }

  // The trimmed line around `offset`, at most 120 bytes: a window around
  // the operator on very long lines (minified code), so the cost per site
  // stays bounded.
  std::string excerpt(std::size_t offset) const {
    constexpr std::size_t kReach = 160;
    std::size_t lo = offset > kReach ? offset - kReach : 0;
    std::size_t b = text_.substr(lo, offset - lo).rfind('\n');
    b = b == std::string_view::npos ? (offset > 60 ? offset - 60 : 0) : lo + b + 1;
    std::size_t e = text_.substr(offset, kReach).find('\n');
    e = e == std::string_view::npos ? std::min(text_.size(), offset + 60) : offset + e;
    while (b > 0 && b < text_.size() && (static_cast<unsigned char>(text_[b]) & 0xC0) == 0x80) --b;
    while (e < text_.size() && (static_cast<unsigned char>(text_[e]) & 0xC0) == 0x80) ++e;
    std::string_view line = trim(text_.substr(b, e - b));
    if (line.size() > 120) {
      std::size_t cut = 117;
      while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
      return std::string(line.substr(0, cut)) + "...";
    }
    return std::string(line);
  }

  void binary(std::size_t op) {
    std::string_view x = tokens_[op].text;
    if (pointer_syntax(op)) return;
    Operand l = left_operand(op);
    if (!l.valid) return;
    Operand r = right_operand(op);
    if (!r.valid) return;
    if (is_arithmetic(x) && (l.string || r.string)) return;  // string building, not arithmetic
    if (is_comparison(x) && (l.value_keyword || r.value_keyword)) return;  // null / boolean checks
    if ((x == "<" || x == ">" || x == "<=" || x == ">=") && (l.string || r.string)) return;
    ComputationSite site;
    site.op = std::string(x);
    add_names(site, l.name);
    add_names(site, r.name);
    if (site.identifiers.empty()) return;
    add_site(std::move(site), l.first, r.last, op);
  }

  // Records a site spanning tokens [first, last] when they are on one line,
  // else the token `anchor` alone; its excerpt is the line of `anchor`.
  void add_site(ComputationSite site, std::size_t first, std::size_t last, std::size_t anchor) {
    bool one_line = same_line(first, last);
    site.span = positions_.span(path_, tokens_[one_line ? first : anchor].begin,
                                tokens_[one_line ? last : anchor].end);
    site.excerpt = excerpt(tokens_[anchor].begin);
    site.function = std::string(current_function());
    sites_.push_back(std::move(site));
  }

  // `items.Sum(i => i.Quantity)`, `lines.stream().mapToInt(Line::getQty).sum()`,
  // `sum(i.price for i in items)`: the names of what is folded, from the
  // arguments (word-like strings too: `_.sumBy(items, 'price')`), or for an
  // empty call from the call before it in the chain. The receiver (`items`,
  // `request.lines`) says where the values come from, not what they are.
  void aggregate(std::size_t call) {
    std::size_t close = closer(call + 1);
    if (close == static_cast<std::size_t>(-1)) return;
    ComputationSite site;
    site.op = std::string(tokens_[call].text);
    add_folded_names(site, call + 1, close);
    if (site.identifiers.empty() && call >= 2 && member_op(call - 1) && is(call - 2, ")")) {
      std::size_t open = opener(call - 2);
      if (open != static_cast<std::size_t>(-1)) add_folded_names(site, open, call - 2);
    }
    if (site.identifiers.empty()) return;
    std::size_t first = call;
    if (call > 0 && member_op(call - 1)) {
      Operand receiver = left_operand(call - 1);
      if (receiver.valid) first = receiver.first;
    }
    add_site(std::move(site), first, close, call);
  }

  // The names between the parentheses at `open` and `close`.
  void add_folded_names(ComputationSite& site, std::size_t open, std::size_t close) const {
    for (std::size_t k = open + 1; k < close; ++k) {
      const Token& t = tokens_[k];
      // Lambda parameters (`i =>`, `item ->`, one-letter names) name no value.
      bool parameter = t.text.size() == 1 || is(k + 1, "=>") || is(k + 1, "->");
      if (t.kind == Kind::ident && !parameter && !one_of(t.text, kSelfKeywords) && !one_of(t.text, kValueKeywords) &&
          !one_of(t.text, kPrefixKeywords) && !one_of(t.text, kAggregates)) {
        add_names(site, std::string(t.text));
      } else if (t.kind == Kind::string) {
        add_names(site, word_literal(k));
      }
    }
  }

  // switch (x) / when (x): a decision on x.
  void decision(std::size_t i) {
    if (!is(i + 1, "(")) return;
    std::size_t close = closer(i + 1);
    if (close == static_cast<std::size_t>(-1) || close == i + 2) return;
    // The subject must be one chain: the name is its last identifier.
    std::string name;
    for (std::size_t k = i + 2; k < close; ++k) {
      const Token& t = tokens_[k];
      if (t.kind == Kind::ident) {
        if (!one_of(t.text, kSelfKeywords)) name = std::string(t.text);
      } else if (!member_op(k)) {
        return;
      }
    }
    ComputationSite site;
    site.op = std::string(tokens_[i].text);
    add_names(site, name);
    if (site.identifiers.empty()) return;
    site.span = positions_.span(path_, tokens_[i].begin, tokens_[close].end);
    site.excerpt = excerpt(tokens_[i].begin);
    site.function = std::string(current_function());
    sites_.push_back(std::move(site));
  }

  Lang lang_;
  std::string_view text_;
  const LexedSource& lexed_;
  std::string_view path_;
  PositionCursor& positions_;
  std::vector<Token> tokens_;
  std::vector<bool> skip_;
  std::vector<ComputationSite> sites_;
  std::vector<Block> blocks_;
  std::size_t line_start_ = 0;  // Python: where the line of the current token starts
};

}  // namespace

std::vector<std::string> identifier_words(std::string_view id) {
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) words.push_back(to_lower(cur));
    cur.clear();
  };
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  for (std::size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    if (!upper(c) && !lower(c)) {
      flush();  // '_', '$', '-', digits separate words
      continue;
    }
    if (upper(c) && !cur.empty()) {
      char prev = id[i - 1];
      bool next_lower = i + 1 < id.size() && lower(id[i + 1]);
      if (lower(prev) || (upper(prev) && next_lower)) flush();  // unitPrice, HTTPStatus
    }
    cur += c;
  }
  flush();
  return words;
}

std::vector<ComputationSite> find_computations(Lang lang, std::string_view text, const LexedSource& lexed,
                                               std::string_view path, PositionCursor& positions) {
  return Finder(lang, text, lexed, path, positions).run();
}

}  // namespace archgate::source
