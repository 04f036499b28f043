// The base URL a request path is appended to (SourcePath::base): what the
// code shows of it, so that rules can tell whose API a path belongs to
// (`${INVENTORY_URL}/inventory/${sku}`, `inventoryUrl + "/inventory/"`).
#include <algorithm>

#include "loaders/source_scan_internal.h"

namespace archgate::source {
namespace {

constexpr std::size_t kMaxBase = 200;
constexpr std::size_t kMaxBracket = 300;

bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
}

bool quote_char(char c) { return c == '"' || c == '\'' || c == '`'; }

// "a || 'x'" -> "a": the first alternative of a default expression.
std::string_view first_alternative(std::string_view text) {
  std::size_t cut = text.size();
  for (std::string_view op : {"||", "??", " or ", " if ", ",", "?:"}) {
    std::size_t p = text.find(op);
    if (p != std::string_view::npos) cut = std::min(cut, p);
  }
  return trim(text.substr(0, cut));
}

// A placeholder expression: the quoted strings in it when there are any
// (`process.env["INVENTORY_URL"]` -> INVENTORY_URL), else the expression.
std::string expression_text(std::string_view inner) {
  inner = first_alternative(inner);
  std::string quoted;
  for (std::size_t i = 0; i < inner.size(); ++i) {
    if (!quote_char(inner[i])) continue;
    std::size_t close = inner.find(inner[i], i + 1);
    if (close == std::string_view::npos) break;
    if (!quoted.empty()) quoted += '.';
    quoted += inner.substr(i + 1, close - i - 1);
    i = close;
  }
  std::string out = quoted.empty() ? std::string(inner) : quoted;
  if (out.size() > kMaxBase) return {};
  return out;
}

// `${...}`, `#{...}` or (in an interpolating literal) `{...}` at the start of
// the value: its inner text.
std::optional<std::string_view> leading_placeholder(std::string_view value, bool is_template) {
  std::size_t open = std::string_view::npos;
  if (value.size() > 2 && (value[0] == '$' || value[0] == '#') && value[1] == '{') open = 1;
  if (value.size() > 1 && value[0] == '{' && is_template) open = 0;
  if (open == std::string_view::npos) return std::nullopt;
  std::size_t depth = 0;
  for (std::size_t k = open; k < value.size() && k < open + kMaxBase; ++k) {
    if (value[k] == '{') ++depth;
    if (value[k] == '}' && --depth == 0) return value.substr(open + 1, k - open - 1);
  }
  return std::nullopt;
}

// The operand that ends right before `end` in the code view, for
// `<operand> + "/path"`: an identifier chain, or a call / subscript whose
// string arguments stand for it.
std::string operand_before(const LexedSource& lexed, std::size_t end) {
  std::string_view code = lexed.code;
  std::size_t k = end;
  std::size_t stop = end > kMaxBase ? end - kMaxBase : 0;
  if (k > 0 && (code[k - 1] == ')' || code[k - 1] == ']')) {
    std::size_t depth = 0;
    std::size_t open = std::string_view::npos;
    std::size_t limit = end > kMaxBracket ? end - kMaxBracket : 0;
    for (std::size_t i = end; i > limit;) {
      --i;
      char c = code[i];
      if (c == ')' || c == ']') ++depth;
      if (c == '(' || c == '[') {
        if (--depth == 0) {
          open = i;
          break;
        }
      }
      if (c == ';' || c == '{' || c == '}') break;
    }
    if (open == std::string_view::npos) return {};
    std::string quoted;
    auto first = std::lower_bound(lexed.literals.begin(), lexed.literals.end(), open,
                                  [](const RawLiteral& l, std::size_t off) { return l.begin < off; });
    for (auto it = first; it != lexed.literals.end() && it->end <= end; ++it) {
      if (!quoted.empty()) quoted += '.';
      quoted += it->value;
      if (quoted.size() > kMaxBase) return {};
    }
    if (!quoted.empty()) return quoted;
    k = open;  // `getInventoryUrl() + "/x"`: the callee's name
  }
  std::size_t s = k;
  while (s > stop) {
    char c = code[s - 1];
    if (word_char(c)) {
      --s;
    } else if (c == '.' && s - 1 > stop && word_char(code[s - 2])) {
      --s;
    } else if (s >= 2 && ((c == '>' && code[s - 2] == '-') || (c == ':' && code[s - 2] == ':'))) {
      s -= 2;
    } else {
      break;
    }
  }
  std::string_view chain = code.substr(s, k - s);
  while (!chain.empty() && !word_char(chain.front())) chain.remove_prefix(1);
  if (!chain.empty() && chain.front() >= '0' && chain.front() <= '9') return {};  // a number
  return std::string(chain);
}

}  // namespace

std::string path_base(Lang lang, const LexedSource& lexed, const LiteralGroup& group) {
  const RawLiteral& first = lexed.literals[group.first];
  if (auto inner = leading_placeholder(group.value, first.is_template)) return expression_text(*inner);

  std::string_view code = lexed.code;
  std::size_t k = first.begin;
  while (k > 0 && (code[k - 1] == ' ' || code[k - 1] == '\t' || code[k - 1] == '\n' || code[k - 1] == '\r')) --k;
  char op = lang == Lang::php ? '.' : '+';
  if (k < 2 || code[k - 1] != op || code[k - 2] == op) return {};
  --k;
  while (k > 0 && (code[k - 1] == ' ' || code[k - 1] == '\t' || code[k - 1] == '\n' || code[k - 1] == '\r')) --k;
  return operand_before(lexed, k);
}

}  // namespace archgate::source
