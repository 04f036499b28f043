// The output formats, listed once (like the rule registry): `check --format`
// parses against this table, its help and error messages list it, and each
// entry says how to emit the format.
#pragma once

#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "emitters/report.h"

namespace archgate {

// What the command line decides about the output, for the formats that use it.
struct EmitOptions {
  bool color = false;   // text: ANSI colours (emitters/color.h decides)
  bool summary = true;  // text: the summary line (--quiet turns it off)
};

struct OutputFormat {
  std::string_view name;         // as given to --format
  std::string_view description;  // one line
  void (*emit)(const Report& report, std::ostream& out, const EmitOptions& options);
  // Files the format also writes where its environment says, or null: the
  // github format, under GitHub Actions, appends counts to $GITHUB_OUTPUT
  // and a table to $GITHUB_STEP_SUMMARY. Returns what could not be written.
  std::vector<std::string> (*write_extras)(const Report& report) = nullptr;
};

// Every format, in the order of the help text; the first is the default.
std::span<const OutputFormat> output_formats();

// The format named `name`, or null.
const OutputFormat* find_format(std::string_view name);

// The formats' names joined by `separator` ("text|json|...", "text, json, ...").
std::string format_names(std::string_view separator);

}  // namespace archgate
