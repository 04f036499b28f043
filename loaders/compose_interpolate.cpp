#include "loaders/compose_interpolate.h"

#include <optional>

#include "base/text.h"

namespace archgate {

namespace {

bool name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9'); }

// Nested ${...} inside defaults may go this deep; deeper text stays literal.
constexpr int kMaxNesting = 16;

// At most 40 bytes of a template for a message, cut at a UTF-8 boundary.
std::string excerpt(std::string_view text) {
  if (text.size() <= 40) return std::string(text);
  std::size_t cut = 40;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

class Interpolator {
 public:
  Interpolator(const Variables& variables, std::vector<InterpolationProblem>& problems)
      : variables_(variables), problems_(problems) {}

  std::string run(std::string_view text, int depth) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
      char c = text[i];
      if (c != '$' || i + 1 >= text.size()) {
        out += c;
        ++i;
        continue;
      }
      char next = text[i + 1];
      if (next == '$') {
        out += '$';
        i += 2;
      } else if (next == '{') {
        std::optional<std::size_t> close = matching_brace(text, i + 2);
        if (!close || depth >= kMaxNesting) {
          problems_.push_back({close ? "invalid interpolation: \"" + excerpt(text.substr(i)) + "\" nests deeper than " +
                                           std::to_string(kMaxNesting) + " levels"
                                     : "invalid interpolation: \"" + excerpt(text.substr(i)) + "\" has no closing '}'"});
          out.append(text.substr(i));
          return out;
        }
        out += braced(text.substr(i + 2, *close - (i + 2)), text.substr(i, *close + 1 - i), depth);
        i = *close + 1;
      } else if (name_start(next)) {
        std::size_t end = i + 1;
        while (end < text.size() && name_char(text[end])) ++end;
        std::string_view name = text.substr(i + 1, end - i - 1);
        if (auto it = variables_.find(name); it != variables_.end()) out += it->second;
        i = end;
      } else {
        out += c;
        ++i;
      }
    }
    return out;
  }

 private:
  static std::optional<std::size_t> matching_brace(std::string_view text, std::size_t from) {
    int depth = 1;
    for (std::size_t j = from; j < text.size(); ++j) {
      if (text[j] == '$' && j + 1 < text.size()) {
        if (text[j + 1] == '{') {
          ++depth;
          ++j;
          continue;
        }
        if (text[j + 1] == '$') {
          ++j;
          continue;
        }
      }
      if (text[j] == '}' && --depth == 0) return j;
    }
    return std::nullopt;
  }

  std::string braced(std::string_view inner, std::string_view whole, int depth) {
    std::size_t n = 0;
    while (n < inner.size() && name_char(inner[n])) ++n;
    std::string_view name = inner.substr(0, n);
    if (name.empty() || !name_start(name[0])) {
      problems_.push_back({"invalid interpolation format \"" + excerpt(whole) + "\""});
      return std::string(whole);
    }
    auto it = variables_.find(name);
    bool set = it != variables_.end();
    bool non_empty = set && !it->second.empty();
    std::string value = set ? it->second : std::string();
    std::string_view rest = inner.substr(n);
    if (rest.empty()) return value;

    bool colon = rest[0] == ':';
    std::string_view op_and_arg = colon ? rest.substr(1) : rest;
    if (op_and_arg.empty()) {
      problems_.push_back({"invalid interpolation format \"" + excerpt(whole) + "\""});
      return std::string(whole);
    }
    char op = op_and_arg[0];
    std::string_view arg = op_and_arg.substr(1);
    bool present = colon ? non_empty : set;
    switch (op) {
      case '-':
        return present ? value : run(arg, depth + 1);
      case '+':
        return present ? run(arg, depth + 1) : std::string();
      case '?': {
        if (present) return value;
        std::string detail = run(arg, depth + 1);
        std::string message = "required variable " + std::string(name) +
                              (set ? " is empty" : " is not set");
        if (!detail.empty()) message += ": " + detail;
        problems_.push_back({std::move(message), std::string(name)});
        return std::string();
      }
      default:
        problems_.push_back({"invalid interpolation format \"" + excerpt(whole) + "\""});
        return std::string(whole);
    }
  }

  const Variables& variables_;
  std::vector<InterpolationProblem>& problems_;
};

}  // namespace

Interpolated interpolate(std::string_view text, const Variables& variables) {
  Interpolated result;
  if (text.find('$') == std::string_view::npos) {
    result.text = std::string(text);
    return result;
  }
  Interpolator interpolator(variables, result.problems);
  result.text = interpolator.run(text, 0);
  return result;
}

Variables Dotenv::variables() const {
  Variables out;
  for (const auto& e : entries) out[e.name] = e.value;
  return out;
}

namespace {

bool dotenv_key_char(char c) { return name_char(c) || c == '.' || c == '-'; }

class DotenvParser {
 public:
  DotenvParser(std::string_view text, const Variables& outer)
      : text_(text), lines_(text_), outer_(outer), visible_(outer) {}

  Dotenv parse() {
    while (pos_ < text_.size()) parse_line();
    return std::move(result_);
  }

 private:
  void add(std::string name, std::string value, LineColumn at) {
    visible_[name] = value;
    result_.entries.push_back({std::move(name), std::move(value), at.line, at.column});
  }

  std::string_view rest_of_line() {
    std::size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    std::string_view line = text_.substr(pos_, end - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
  }

  void next_line() {
    std::size_t end = text_.find('\n', pos_);
    pos_ = end == std::string_view::npos ? text_.size() : end + 1;
  }

  void skip_blanks() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }

  void parse_line() {
    skip_blanks();
    std::string_view line = rest_of_line();
    if (line.empty() || line[0] == '#') {
      next_line();
      return;
    }
    if (line.substr(0, 7) == "export " || line.substr(0, 7) == "export\t") {
      pos_ += 7;
      skip_blanks();
      line = rest_of_line();
    }
    LineColumn at = lines_.at(pos_);
    std::size_t n = 0;
    while (n < line.size() && dotenv_key_char(line[n])) ++n;
    std::string name(line.substr(0, n));
    std::size_t after = n;
    while (after < line.size() && (line[after] == ' ' || line[after] == '\t')) ++after;
    bool bare = after >= line.size() || line[after] == '#';
    bool separator = !bare && (line[after] == '=' ||
                               (line[after] == ':' && (after + 1 >= line.size() || line[after + 1] == ' ')));
    if (name.empty() || (!bare && !separator)) {
      result_.problems.push_back({"cannot read this line as KEY=VALUE", at.line, at.column});
      next_line();
      return;
    }
    if (bare) {
      if (auto it = outer_.find(name); it != outer_.end()) {
        add(name, it->second, at);
      }
      next_line();
      return;
    }
    pos_ += after + 1;
    skip_blanks();
    std::optional<std::string> value = parse_value(at);
    if (value) add(std::move(name), std::move(*value), at);
  }

  std::optional<std::string> parse_value(LineColumn at) {
    if (pos_ < text_.size() && (text_[pos_] == '\'' || text_[pos_] == '"')) {
      char quote = text_[pos_];
      std::size_t start = pos_ + 1;
      std::size_t j = start;
      while (j < text_.size() && text_[j] != quote) {
        if (quote == '"' && text_[j] == '\\' && j + 1 < text_.size()) ++j;
        ++j;
      }
      if (j >= text_.size()) {
        result_.problems.push_back({std::string("unterminated ") + (quote == '"' ? "double" : "single") +
                                        "-quoted value",
                                    at.line, at.column});
        pos_ = text_.size();
        return std::nullopt;
      }
      std::string_view raw = text_.substr(start, j - start);
      pos_ = j + 1;
      next_line();
      if (quote == '\'') return std::string(raw);
      return expand(unescape(raw), at);
    }
    std::string_view line = rest_of_line();
    std::size_t comment = std::string_view::npos;
    for (std::size_t k = 0; k < line.size(); ++k) {
      if (line[k] == '#' && (k == 0 || line[k - 1] == ' ' || line[k - 1] == '\t')) {
        comment = k;
        break;
      }
    }
    std::string_view value = trim(line.substr(0, comment));
    next_line();
    return expand(std::string(value), at);
  }

  static std::string unescape(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (std::size_t k = 0; k < raw.size(); ++k) {
      if (raw[k] != '\\' || k + 1 >= raw.size()) {
        out += raw[k];
        continue;
      }
      char e = raw[++k];
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '$': out += "$$"; break;  // stays a literal '$' through interpolation
        default:
          out += '\\';
          out += e;
      }
    }
    return out;
  }

  std::string expand(const std::string& value, LineColumn at) {
    Interpolated done = interpolate(value, visible_);
    for (auto& p : done.problems)
      result_.problems.push_back({std::move(p.message), at.line, at.column, std::move(p.unset_variable)});
    return std::move(done.text);
  }

  std::string_view text_;
  LineIndex lines_;
  const Variables& outer_;
  Variables visible_;  // this file's entries so far over `outer`
  std::size_t pos_ = 0;
  Dotenv result_;
};

}  // namespace

Dotenv parse_dotenv(std::string_view text, const Variables& outer) {
  std::string clean = sanitized_copy(strip_bom(text));
  DotenvParser parser(clean, outer);
  return parser.parse();
}

}  // namespace archgate
