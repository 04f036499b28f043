#include "cli/output.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <utility>

#include "emitters/color.h"

namespace archgate {

namespace {

std::optional<OutputTarget> parse_target(const std::string& spec, std::string& error) {
  OutputTarget t;
  auto eq = spec.find('=');
  std::string name = spec.substr(0, eq);
  t.format = find_format(name);
  if (eq != std::string::npos) t.file = spec.substr(eq + 1);
  if (!t.format) {
    error = "unknown format \"" + name + "\" (available: " + format_names(", ") + ")";
    return std::nullopt;
  }
  if (eq != std::string::npos && t.file.empty()) {
    error = "--format " + spec + ": missing file name after '='";
    return std::nullopt;
  }
  return t;
}

// The file a format is written to; "" = standard output.
const std::string& destination(const OutputTarget& t, const OutputOptions& options) {
  return !t.file.empty() ? t.file : options.output;
}

bool fails(const Summary& s, const std::string& fail_on) {
  if (fail_on == "never") return false;
  if (fail_on == "note") return s.errors + s.warnings + s.notes > 0;
  if (fail_on == "warning") return s.errors + s.warnings > 0;
  return s.errors > 0;
}

}  // namespace

void print_error(const AnalysisError& e) {
  if (e.path.empty()) {
    std::cerr << "archgate: error: " << e.message << '\n';
    return;
  }
  std::cerr << e.path;
  if (e.line) std::cerr << ':' << e.line << ':' << e.column;
  std::cerr << ": error: " << e.message << '\n';
}

std::optional<std::vector<OutputTarget>> parse_output_targets(const OutputOptions& options) {
  std::string error;
  std::vector<OutputTarget> targets;
  for (const auto& spec : options.formats.empty() ? std::vector<std::string>{"text"} : options.formats) {
    auto t = parse_target(spec, error);
    if (!t) {
      std::cerr << "archgate: error: " << error << '\n';
      return std::nullopt;
    }
    targets.push_back(*t);
  }
  // Two reports in one place would be mixed or one would overwrite the other.
  std::vector<std::pair<std::string, const OutputTarget*>> places;
  for (const auto& t : targets) {
    const std::string& file = destination(t, options);
    std::string place = file.empty() ? std::string()
                                     : std::filesystem::absolute(std::filesystem::path(file)).lexically_normal().string();
    for (const auto& [seen, other] : places) {
      if (seen != place) continue;
      std::cerr << "archgate: error: --format " << other->format->name << " and --format " << t.format->name
                << " would both write to " << (file.empty() ? std::string("standard output") : file)
                << "; give each its own file (--format " << t.format->name << "=FILE)\n";
      return std::nullopt;
    }
    places.emplace_back(std::move(place), &t);
  }
  if (options.fail_on != "error" && options.fail_on != "warning" && options.fail_on != "note" &&
      options.fail_on != "never") {
    std::cerr << "archgate: error: --fail-on takes error, warning, note or never\n";
    return std::nullopt;
  }
  return targets;
}

ExitCode write_report(const Report& report, const std::vector<OutputTarget>& targets, const OutputOptions& options) {
  for (const auto& t : targets) {
    const std::string& file = destination(t, options);
    std::ostringstream buffer;
    EmitOptions emit;
    TextDestination destination = !file.empty()              ? TextDestination::file
                                  : isatty(STDOUT_FILENO) != 0 ? TextDestination::terminal
                                                               : TextDestination::pipe;
    emit.color = use_color(ColorEnvironment::current(), options.no_color, destination);
    emit.summary = !options.quiet;
    t.format->emit(report, buffer, emit);
    if (t.format->write_extras) {
      for (const auto& problem : t.format->write_extras(report)) std::cerr << "archgate: warning: " << problem << '\n';
    }
    if (file.empty()) {
      std::cout << buffer.str();
      std::cout.flush();
      if (!std::cout) {
        std::cerr << "archgate: error: cannot write to standard output\n";
        return ExitCode::cannot_judge;
      }
    } else {
      std::ofstream out(file, std::ios::binary);
      out << buffer.str();
      if (!out) {
        std::cerr << "archgate: error: cannot write " << file << '\n';
        return ExitCode::cannot_judge;
      }
    }
  }
  return fails(report.summary, options.fail_on) ? ExitCode::findings : ExitCode::clean;
}

}  // namespace archgate
