#include "emitters/formats.h"

#include <cstdlib>
#include <fstream>
#include <optional>

#include "emitters/ci_emitters.h"
#include "emitters/json_emitter.h"
#include "emitters/sarif_emitter.h"
#include "emitters/text_emitter.h"

namespace archgate {

namespace {

// Appends `text` to the file an environment variable names, when it names one;
// the variable's name when that file cannot be written.
std::optional<std::string> append_to_env_file(const char* variable, const std::string& text) {
  const char* path = std::getenv(variable);
  if (!path || !*path) return std::nullopt;
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out << text;
  if (!out) return "cannot append to $" + std::string(variable);
  return std::nullopt;
}

std::vector<std::string> write_github_files(const Report& report) {
  std::vector<std::string> problems;
  const char* actions = std::getenv("GITHUB_ACTIONS");
  if (!actions || std::string_view(actions) != "true") return problems;
  if (auto problem = append_to_env_file("GITHUB_OUTPUT", github_outputs(report))) problems.push_back(*problem);
  if (auto problem = append_to_env_file("GITHUB_STEP_SUMMARY", github_step_summary(report))) {
    problems.push_back(*problem);
  }
  return problems;
}

// The emitters that need no options, as table entries.
template <void (*emit)(const Report&, std::ostream&)>
void plain(const Report& report, std::ostream& out, const EmitOptions&) {
  emit(report, out);
}

void text(const Report& report, std::ostream& out, const EmitOptions& options) {
  emit_text(report, out, TextOptions{options.color, options.summary});
}

const OutputFormat kFormats[] = {
    {"text", "compiler-style findings with the source line and a caret, and a summary line", text},
    {"json", "archgate's stable JSON report (\"version\": 1)", plain<emit_json>},
    {"sarif", "SARIF 2.1.0, as GitHub code scanning reads it", plain<emit_sarif>},
    {"github", "GitHub workflow commands (annotations)", plain<emit_github>, write_github_files},
    {"junit", "JUnit XML: a testcase per rule, a failure per finding", plain<emit_junit>},
    {"codeclimate", "the GitLab code-quality (Code Climate) report", plain<emit_codeclimate>},
};

}  // namespace

std::span<const OutputFormat> output_formats() { return kFormats; }

const OutputFormat* find_format(std::string_view name) {
  for (const auto& f : kFormats) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::string format_names(std::string_view separator) {
  std::string out;
  for (const auto& f : kFormats) {
    if (!out.empty()) out += separator;
    out += f.name;
  }
  return out;
}

}  // namespace archgate
