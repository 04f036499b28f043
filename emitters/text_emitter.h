#pragma once

#include <ostream>

#include "emitters/report.h"

namespace archgate {

struct TextOptions {
  bool color = false;
  bool summary = true;  // --quiet turns the summary line off
};

// Compiler-style findings with the source line and a caret, related
// locations as notes, and a summary line.
void emit_text(const Report& report, std::ostream& out, const TextOptions& options);

std::string summary_line(const Summary& summary);

}  // namespace archgate
