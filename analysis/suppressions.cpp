#include "analysis/suppressions.h"

#include <algorithm>
#include <map>

#include "base/text.h"

namespace archgate {

namespace {

constexpr std::string_view kMarker = "archgate-ignore";

// The marker counts only inside a comment: some comment opener must stand
// before it on its line.
bool after_comment_opener(std::string_view before) {
  for (std::string_view opener : {"#", "--", "//", "/*", "<!--", ";"}) {
    if (before.find(opener) != std::string_view::npos) return true;
  }
  std::string_view t = trim(before);
  return !t.empty() && t.front() == '*';  // a line inside a /* ... */ block
}

// Shaped like a rule id (AG + three letters or digits), so that a typo such
// as AG3O1 is kept and reported by AG004 instead of being read as prose.
bool is_rule_id(std::string_view s) {
  if (s.size() != 5 || s[0] != 'A' || s[1] != 'G') return false;
  return std::all_of(s.begin() + 2, s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); });
}

}  // namespace

std::vector<Suppression> find_suppressions(std::string_view path, std::string_view raw) {
  std::vector<Suppression> out;
  if (raw.find(kMarker) == std::string_view::npos) return out;
  std::string_view text = strip_bom(raw);
  LineIndex lines(text);
  for (std::size_t pos = text.find(kMarker); pos != std::string_view::npos; pos = text.find(kMarker, pos + 1)) {
    LineColumn at = lines.at(pos);
    std::string_view line = lines.line_text(at.line);
    std::size_t in_line = pos - lines.line_start(at.line);
    if (!after_comment_opener(line.substr(0, in_line))) continue;
    std::string_view rest = line.substr(in_line + kMarker.size());
    // Rule ids, separated by commas or spaces, up to ':' (or the end).
    std::size_t colon = rest.find(':');
    std::string_view ids = rest.substr(0, colon);
    Suppression s;
    for (auto part : split(ids, ',')) {
      for (auto word : split(trim(part), ' ')) {
        word = trim(word);
        if (is_rule_id(word)) s.rules.emplace_back(word);
      }
    }
    if (s.rules.empty()) continue;  // prose that mentions the marker
    if (colon != std::string_view::npos) {
      std::string_view reason = rest.substr(colon + 1);
      for (std::string_view closer : {"*/", "-->"}) {
        auto c = reason.rfind(closer);
        if (c != std::string_view::npos) reason = reason.substr(0, c);
      }
      s.reason = std::string(trim(reason));
    }
    s.span = {std::string(path), at.line, at.column, at.line,
              at.column + static_cast<std::uint32_t>(kMarker.size())};
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<bool> apply_suppressions(std::vector<Diagnostic>& diagnostics, const std::vector<Suppression>& suppressions) {
  std::vector<bool> used(suppressions.size(), false);
  if (suppressions.empty()) return used;
  // (path, line) -> suppressions on that line
  std::map<std::pair<std::string_view, std::uint32_t>, std::vector<std::size_t>> by_line;
  for (std::size_t i = 0; i < suppressions.size(); ++i) {
    by_line[{suppressions[i].span.path, suppressions[i].span.line}].push_back(i);
  }
  std::erase_if(diagnostics, [&](const Diagnostic& d) {
    bool suppressed = false;
    for (std::uint32_t line : {d.span.line, d.span.line - 1}) {
      auto it = by_line.find({d.span.path, line});
      if (it == by_line.end()) continue;
      for (std::size_t i : it->second) {
        const auto& rules = suppressions[i].rules;
        if (std::find(rules.begin(), rules.end(), d.rule) != rules.end()) {
          used[i] = true;
          suppressed = true;
        }
      }
    }
    return suppressed;
  });
  return used;
}

}  // namespace archgate
