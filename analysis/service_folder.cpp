#include "analysis/service_folder.h"

#include <algorithm>
#include <array>
#include <optional>
#include <unordered_set>

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

// Words that say what kind of folder or project it is, not whose: dropped from
// the end of a name to find the service it belongs to.
bool kind_word(std::string_view word) {
  static constexpr std::array<std::string_view, 20> kWords = {
      "api",  "service",    "services",    "svc",       "app",       "web",        "server",
      "host", "unit",       "units",       "functional", "integration", "e2e",      "component",
      "contract", "acceptance", "test",    "tests",     "spec",      "specs"};
  return std::find(kWords.begin(), kWords.end(), word) != kWords.end();
}

bool test_word(std::string_view word) { return word == "test" || word == "tests" || word == "spec" || word == "specs"; }

// "Basket.UnitTests" -> "basket", "order-service" -> "order", "api" -> "".
std::string stem_of(std::string_view name, bool* has_test_word = nullptr) {
  std::vector<std::string> words = name_words(name);
  if (has_test_word) *has_test_word = std::any_of(words.begin(), words.end(), [](const auto& w) { return test_word(w); });
  while (!words.empty() && kind_word(words.back())) words.pop_back();
  std::string stem;
  for (const auto& w : words) stem += (stem.empty() ? "" : "-") + w;
  return stem;
}

std::string place_key(std::string_view above, std::string_view stem) {
  std::string key(above);
  key += '\n';
  key += stem;
  return key;
}

}  // namespace

NearbyTestFolders::NearbyTestFolders(const std::vector<FileEntry>& listing) {
  std::unordered_set<std::string_view> seen;
  for (const auto& entry : listing) {
    std::string_view path = entry.path;
    for (std::size_t slash = path.find('/'); slash != std::string_view::npos; slash = path.find('/', slash + 1)) {
      std::string_view folder = path.substr(0, slash);
      if (!seen.insert(folder).second) continue;
      std::string_view above = path_dirname(folder);
      bool has_test_word = false;
      std::string stem = stem_of(path_basename(folder), &has_test_word);
      if (stem.empty()) continue;
      // Basket.UnitTests beside Basket.API, or anywhere above it.
      if (has_test_word) by_place_[place_key(above, stem)].emplace_back(folder);
      // tests/Basket.UnitTests, test/order-service: filed under the folder holding tests/.
      if (one_of(to_lower(path_basename(above)), kTestFolders) && !above.empty())
        by_place_[place_key(path_dirname(above), stem)].emplace_back(folder);
    }
  }
}

std::vector<std::string> NearbyTestFolders::of(std::string_view service_folder, std::string_view service_name) const {
  std::vector<std::string> out;
  if (service_folder.empty()) return out;  // a service at the root holds everything already
  std::vector<std::string> stems = {stem_of(path_basename(service_folder)), stem_of(service_name)};
  for (std::string_view above = path_dirname(service_folder);; above = path_dirname(above)) {
    for (const auto& stem : stems) {
      if (stem.empty()) continue;
      auto it = by_place_.find(place_key(above, stem));
      if (it == by_place_.end()) continue;
      for (const auto& folder : it->second) {
        if (folder == service_folder || path_is_under(folder, service_folder) || path_is_under(service_folder, folder))
          continue;
        if (std::find(out.begin(), out.end(), folder) == out.end()) out.push_back(folder);
      }
    }
    if (above.empty()) break;
  }
  std::sort(out.begin(), out.end());
  return out;
}

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
                                     const std::vector<std::string_view>& paths,
                                     const std::vector<std::string_view>& nearby_tests) {
  ServiceFolder out;
  for (std::string_view path : nearby_tests)
    if (!path_basename(path).starts_with('.')) out.test_files.emplace_back(path);
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
