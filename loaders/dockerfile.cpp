#include "loaders/dockerfile.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "base/text.h"

namespace archgate {

namespace {

struct Instruction {
  std::string keyword;  // upper case
  std::string args;     // the rest, continuation lines joined with a space
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

bool blank(std::string_view line) { return trim(line).empty(); }

bool comment(std::string_view line) {
  std::string_view t = trim(line);
  return !t.empty() && t[0] == '#';
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// `# name=value` at the very top of the file (BuildKit parser directives).
// Returns the escape character they set, and the first line after them.
std::pair<char, std::uint32_t> read_directives(const LineIndex& lines) {
  char escape = '\\';
  std::uint32_t l = 1;
  for (; l <= lines.line_count(); ++l) {
    std::string_view t = trim(lines.line_text(l));
    if (t.empty() || t[0] != '#') break;
    std::string_view body = trim(t.substr(1));
    std::size_t eq = body.find('=');
    if (eq == std::string_view::npos) break;
    std::string name = to_lower(trim(body.substr(0, eq)));
    std::string_view value = trim(body.substr(eq + 1));
    if (name != "syntax" && name != "escape" && name != "check") break;
    if (name == "escape" && (value == "`" || value == "\\")) escape = value[0];
  }
  return {escape, l};
}

// The heredoc terminators an instruction opens (`<<EOF`, `<<-"EOF"`), with
// whether leading tabs are stripped from the terminator line.
std::vector<std::pair<std::string, bool>> heredocs(std::string_view args) {
  std::vector<std::pair<std::string, bool>> out;
  for (std::size_t i = args.find("<<"); i != std::string_view::npos; i = args.find("<<", i + 2)) {
    std::size_t j = i + 2;
    bool strip = j < args.size() && args[j] == '-';
    if (strip) ++j;
    char quote = j < args.size() && (args[j] == '"' || args[j] == '\'') ? args[j] : 0;
    if (quote) ++j;
    std::size_t start = j;
    while (j < args.size() && (std::isalnum(static_cast<unsigned char>(args[j])) || args[j] == '_')) ++j;
    if (j == start) continue;
    if (quote && (j >= args.size() || args[j] != quote)) continue;
    out.emplace_back(std::string(args.substr(start, j - start)), strip);
  }
  return out;
}

std::vector<Instruction> instructions(const LineIndex& lines) {
  auto [escape, first] = read_directives(lines);
  std::vector<Instruction> out;
  std::uint32_t count = lines.line_count();
  for (std::uint32_t l = first; l <= count; ++l) {
    std::string_view text = lines.line_text(l);
    if (blank(text) || comment(text)) continue;
    Instruction ins;
    ins.line = l;
    std::size_t lead = text.find_first_not_of(" \t");
    ins.column = code_points(text.substr(0, lead)) + 1;
    std::string joined;
    std::string_view part = text.substr(lead);
    for (;;) {
      std::string_view right = part;
      while (!right.empty() && (right.back() == ' ' || right.back() == '\t')) right.remove_suffix(1);
      bool continues = !right.empty() && right.back() == escape;
      if (continues) right.remove_suffix(1);
      joined += right;
      if (!continues) break;
      // Continuation: the next line that is not a comment (empty lines are
      // tolerated by Docker, with a warning).
      std::uint32_t next = l + 1;
      while (next <= count && comment(lines.line_text(next))) ++next;
      if (next > count) break;
      l = next;
      joined += ' ';
      part = lines.line_text(l);
    }
    std::size_t space = joined.find_first_of(" \t");
    ins.keyword = upper(std::string_view(joined).substr(0, space));
    ins.args = space == std::string::npos ? std::string() : std::string(trim(std::string_view(joined).substr(space)));
    // Skip heredoc bodies so their lines are not read as instructions.
    for (const auto& [word, strip] : heredocs(ins.args)) {
      while (++l <= count) {
        std::string_view body = lines.line_text(l);
        if (strip) body = body.substr(std::min(body.size(), body.find_first_not_of('\t')));
        if (body == word) break;
      }
    }
    out.push_back(std::move(ins));
  }
  return out;
}

struct Stage {
  std::string name;  // lower case, "" when unnamed
  DockerfileHealth health;
};

DockerfileHealth::State healthcheck_state(std::string_view args) {
  std::string_view rest = trim(args);
  while (rest.substr(0, 2) == "--") {
    std::size_t end = rest.find_first_of(" \t");
    if (end == std::string_view::npos) return DockerfileHealth::State::none;
    rest = trim(rest.substr(end));
  }
  std::size_t end = rest.find_first_of(" \t");
  std::string word = upper(rest.substr(0, end));
  if (word == "NONE") return DockerfileHealth::State::disabled;
  if (word == "CMD") return DockerfileHealth::State::check;
  return DockerfileHealth::State::none;  // malformed: Docker rejects it
}

}  // namespace

DockerfileHealth dockerfile_health(std::string_view raw, std::string_view target) {
  std::string text = sanitized_copy(strip_bom(raw));
  LineIndex lines(text);
  std::vector<Stage> stages;
  for (const auto& ins : instructions(lines)) {
    if (ins.keyword == "FROM") {
      Stage stage;
      std::vector<std::string_view> words;
      for (auto w : split(ins.args, ' '))
        if (!trim(w).empty()) words.push_back(trim(w));
      std::size_t i = 0;
      while (i < words.size() && words[i].substr(0, 2) == "--") ++i;  // --platform=...
      std::string base = i < words.size() ? to_lower(words[i]) : std::string();
      if (i + 2 < words.size() && to_lower(words[i + 1]) == "as") stage.name = to_lower(words[i + 2]);
      stage.health.base_image = base;
      for (const auto& earlier : stages) {
        if (!earlier.name.empty() && earlier.name == base) stage.health = earlier.health;  // and its base image
      }
      stage.health.has_stages = true;
      stages.push_back(std::move(stage));
      continue;
    }
    if (ins.keyword != "HEALTHCHECK" || stages.empty()) continue;
    DockerfileHealth::State state = healthcheck_state(ins.args);
    if (state == DockerfileHealth::State::none) continue;
    DockerfileHealth& h = stages.back().health;
    h.state = state;
    h.line = ins.line;
    h.column = ins.column;
  }
  if (stages.empty()) return {};
  if (!target.empty()) {
    std::string wanted = to_lower(target);
    for (const auto& s : stages)
      if (s.name == wanted) return s.health;
  }
  return stages.back().health;
}

}  // namespace archgate
