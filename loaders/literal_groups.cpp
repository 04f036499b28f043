// Joins literals that the code concatenates, so that SQL and request paths
// split over several literals (`"SELECT ... " + "FROM ..."`, `"/orders/" + id`)
// are seen whole.
#include "loaders/source_scan_internal.h"

namespace archgate::source {
namespace {

constexpr std::size_t kMaxBalanced = 600;

bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

class Grouper {
 public:
  Grouper(Lang lang, const LexedSource& lexed) : lang_(lang), lexed_(lexed), code_(lexed.code) {}

  std::vector<LiteralGroup> run() {
    std::vector<LiteralGroup> groups;
    const auto& lits = lexed_.literals;
    std::vector<bool> claimed(lits.size(), false);
    for (std::size_t i = 0; i < lits.size(); ++i) {
      if (claimed[i]) continue;
      LiteralGroup g;
      g.first = g.last = i;
      append_literal(g, i);
      claimed[i] = true;
      std::size_t cursor = lits[i].end;
      bool after_expression = false;
      while (true) {
        std::size_t k = skip_space(cursor);
        if (!after_expression && adjacent_concatenation()) {
          if (auto next = literal_at(k, g.last + 1); next && !claimed[*next]) {
            take(g, *next, claimed);
            cursor = lits[*next].end;
            continue;
          }
        }
        std::size_t op = concat_operator(k);
        if (op == 0) break;
        std::size_t j = skip_space(k + op);
        if (auto next = literal_at(j, g.last + 1); next && !claimed[*next]) {
          take(g, *next, claimed);
          cursor = lits[*next].end;
          after_expression = false;
          continue;
        }
        std::size_t e = operand_end(j);
        if (e == j) break;
        if (!after_expression) {
          g.segments.push_back({g.value.size(), j, false});
          g.value += kExpression;
          g.has_expression = true;
        }
        cursor = e;
        after_expression = true;
      }
      groups.push_back(std::move(g));
    }
    return groups;
  }

 private:
  char at(std::size_t i) const { return i < code_.size() ? code_[i] : '\0'; }

  bool adjacent_concatenation() const {
    return lang_ == Lang::cpp || lang_ == Lang::python || lang_ == Lang::ruby;
  }

  std::size_t skip_space(std::size_t i) const {
    while (i < code_.size()) {
      char c = code_[i];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        ++i;
      } else if (c == '\\' && (lang_ == Lang::python || lang_ == Lang::ruby) && (at(i + 1) == '\n' || at(i + 1) == '\r')) {
        ++i;
      } else {
        break;
      }
    }
    return i;
  }

  // Length of a concatenation operator at i, 0 when none.
  std::size_t concat_operator(std::size_t i) const {
    char c = at(i);
    if (lang_ == Lang::php) {
      return c == '.' && at(i + 1) != '=' && at(i + 1) != '.' ? 1 : 0;
    }
    if (c == '+' && at(i + 1) != '+' && at(i + 1) != '=') return 1;
    return 0;
  }

  // The literal whose token starts at offset k, searching from index `from`.
  std::optional<std::size_t> literal_at(std::size_t k, std::size_t from) const {
    const auto& lits = lexed_.literals;
    for (std::size_t i = from; i < lits.size() && lits[i].begin <= k; ++i) {
      if (lits[i].begin == k) return i;
    }
    return std::nullopt;
  }

  // A simple operand: identifiers and numbers chained by `.`, `->`, `::`,
  // `?.`, with calls and subscripts. Returns its end (== i when none).
  std::size_t operand_end(std::size_t i) const {
    std::size_t k = i;
    bool any = false;
    while (k < code_.size()) {
      char c = at(k);
      if (word_char(c)) {
        while (word_char(at(k))) ++k;
        any = true;
      } else if (c == '(' || c == '[') {
        std::size_t e = balanced(k);
        if (e == k) return any ? k : i;
        k = e;
        any = true;
      } else {
        break;
      }
      // Calls and subscripts directly after a name.
      while (at(k) == '(' || at(k) == '[') {
        std::size_t e = balanced(k);
        if (e == k) return k;
        k = e;
      }
      if (at(k) == '.' && word_char(at(k + 1)) && lang_ != Lang::php) {
        ++k;
      } else if ((at(k) == '-' && at(k + 1) == '>') || (at(k) == ':' && at(k + 1) == ':') ||
                 (at(k) == '?' && at(k + 1) == '.')) {
        k += 2;
      } else {
        break;
      }
    }
    return any ? k : i;
  }

  std::size_t balanced(std::size_t i) const {
    std::size_t depth = 0;
    std::size_t limit = std::min(code_.size(), i + kMaxBalanced);
    for (std::size_t k = i; k < limit; ++k) {
      char c = code_[k];
      if (c == '(' || c == '[' || c == '{') ++depth;
      if (c == ')' || c == ']' || c == '}') {
        if (--depth == 0) return k + 1;
      }
      if (c == ';') return i;
    }
    return i;
  }

  void append_literal(LiteralGroup& g, std::size_t index) {
    const RawLiteral& lit = lexed_.literals[index];
    std::size_t base = g.value.size();
    for (const Segment& s : lit.segments) g.segments.push_back({s.value + base, s.source, s.linear});
    if (lit.segments.empty() && !lit.value.empty()) g.segments.push_back({base, lit.value_begin, true});
    for (char c : lit.value) g.value += c == kExpression ? ' ' : c;
  }

  void take(LiteralGroup& g, std::size_t index, std::vector<bool>& claimed) {
    append_literal(g, index);
    claimed[index] = true;
    g.last = index;
  }

  Lang lang_;
  const LexedSource& lexed_;
  std::string_view code_;
};

}  // namespace

std::vector<LiteralGroup> literal_groups(Lang lang, const LexedSource& lexed) {
  return Grouper(lang, lexed).run();
}

}  // namespace archgate::source
