#include "analysis/service_folder.h"

#include <array>
#include <optional>

#include "base/text.h"

namespace archgate {

namespace {

constexpr std::array<std::string_view, 5> kTestFolders = {"test", "tests", "__tests__", "spec", "specs"};
constexpr std::array<std::string_view, 5> kRunbookNames = {"rollback.md", "rollback.markdown", "rollback.rst",
                                                           "rollback.txt", "rollback"};
constexpr std::array<std::string_view, 6> kReadmeNames = {"readme.md", "readme.markdown", "readme.rst",
                                                          "readme.txt", "readme", "runbook.md"};

template <std::size_t N>
bool one_of(std::string_view lowered, const std::array<std::string_view, N>& names) {
  for (auto name : names)
    if (lowered == name) return true;
  return false;
}

// Runbooks and READMEs count at the top of the folder or in its docs/ folder.
bool runbook_place(std::string_view directory) { return directory.empty() || iequals(directory, "docs"); }

bool in_test_folder(std::string_view directory) {
  while (!directory.empty()) {
    std::size_t slash = directory.find('/');
    std::string_view part = directory.substr(0, slash);
    if (one_of(to_lower(part), kTestFolders)) return true;
    if (slash == std::string_view::npos) break;
    directory.remove_prefix(slash + 1);
  }
  return false;
}

bool mentions_rollback(std::string_view heading) {
  std::string lowered = to_lower(heading);
  for (std::string_view word : {"rollback", "roll back", "roll-back", "rolling back"})
    if (lowered.find(word) != std::string::npos) return true;
  return false;
}

// "# Title", "## Title ##": up to three spaces of indentation, 1-6 '#', then a
// space or the end of the line. Returns the heading text, or nothing.
std::optional<std::string_view> atx_heading(std::string_view line) {
  std::size_t indent = 0;
  while (indent < line.size() && indent < 4 && line[indent] == ' ') ++indent;
  if (indent > 3) return std::nullopt;
  line.remove_prefix(indent);
  std::size_t hashes = 0;
  while (hashes < line.size() && line[hashes] == '#') ++hashes;
  if (hashes == 0 || hashes > 6) return std::nullopt;
  if (hashes < line.size() && line[hashes] != ' ' && line[hashes] != '\t') return std::nullopt;
  return trim(line.substr(hashes));
}

bool setext_underline(std::string_view line) {
  line = trim(line);
  if (line.empty()) return false;
  char c = line.front();
  if (c != '=' && c != '-') return false;
  for (char x : line)
    if (x != c) return false;
  return true;
}

bool fence(std::string_view line) {
  line = trim(line);
  return line.starts_with("```") || line.starts_with("~~~");
}

}  // namespace

bool has_rollback_heading(std::string_view text) {
  bool in_fence = false;
  std::string_view previous;  // the previous line, when it could be a setext heading's text
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (fence(line)) {
      in_fence = !in_fence;
      previous = {};
      continue;
    }
    if (in_fence) continue;
    if (auto heading = atx_heading(line)) {
      if (mentions_rollback(*heading)) return true;
      previous = {};
      continue;
    }
    if (setext_underline(line) && !previous.empty() && mentions_rollback(previous)) return true;
    previous = trim(line);
  }
  return false;
}

ServiceFolder inspect_service_folder(const FileSource& files, std::string_view folder,
                                     const std::vector<std::string_view>& paths) {
  ServiceFolder out;
  std::vector<std::string_view> readmes;
  for (std::string_view path : paths) {
    std::string_view relative = path;
    if (!folder.empty()) {
      if (relative.size() <= folder.size() + 1 || !relative.starts_with(folder) || relative[folder.size()] != '/')
        continue;
      relative.remove_prefix(folder.size() + 1);
    }
    std::string_view name = path_basename(relative);
    std::string_view directory = path_dirname(relative);
    if (!name.starts_with('.') && in_test_folder(directory)) out.test_files.emplace_back(path);
    if (!runbook_place(directory)) continue;
    std::string lowered = to_lower(name);
    if (out.rollback_runbook.empty() && one_of(lowered, kRunbookNames)) out.rollback_runbook = std::string(path);
    if (one_of(lowered, kReadmeNames)) readmes.push_back(path);
  }
  if (out.rollback_runbook.empty()) {
    for (std::string_view readme : readmes) {
      ReadResult r = files.read(readme);
      if (r.status != ReadStatus::ok) continue;
      if (has_rollback_heading(strip_bom(r.content))) {
        out.rollback_runbook = std::string(readme);
        break;
      }
    }
  }
  return out;
}

}  // namespace archgate
