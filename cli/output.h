// What every command that reports findings shares: the exit codes, printing
// a problem that stopped the analysis, and writing a report in the formats
// asked for (emitters/formats.h) with the exit code --fail-on gives it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/analysis.h"
#include "emitters/formats.h"
#include "emitters/report.h"

namespace archgate {

enum class ExitCode : int { clean = 0, findings = 1, cannot_judge = 2 };

// Prints a problem that stopped an analysis (exit code 2) on standard error.
void print_error(const AnalysisError& error);

// --format, --output, --fail-on, --no-color, --quiet.
struct OutputOptions {
  std::vector<std::string> formats;  // "text", "json", "json=out.json"; none: text
  std::string output;                // where a format without its own file goes; "" = standard output
  std::string fail_on = "error";     // error, warning, note or never
  bool no_color = false;
  bool quiet = false;
};

struct OutputTarget {
  const OutputFormat* format;
  std::string file;  // "" = standard output (or OutputOptions::output)
};

// The formats to write; nullopt after printing what is wrong with the
// options (an unknown format, a --fail-on that is none of the four).
std::optional<std::vector<OutputTarget>> parse_output_targets(const OutputOptions& options);

// Writes `report` in each target's format. cannot_judge when a file or
// standard output cannot be written (printed); else findings when the
// report holds a finding at or above --fail-on, else clean.
ExitCode write_report(const Report& report, const std::vector<OutputTarget>& targets, const OutputOptions& options);

}  // namespace archgate
