// Whether the text output is coloured: the command line, the environment
// (NO_COLOR, FORCE_COLOR, CLICOLOR_FORCE) and the destination, decided in
// one place (docs/output-formats.md, "text").
#pragma once

#include <optional>
#include <string>

namespace archgate {

// The colour variables of the environment; nullopt when a variable is unset.
struct ColorEnvironment {
  std::optional<std::string> no_color;        // NO_COLOR: set and not empty -> never
  std::optional<std::string> force_color;     // FORCE_COLOR: set, not empty, not "0" -> always on stdout
  std::optional<std::string> clicolor_force;  // CLICOLOR_FORCE: as FORCE_COLOR

  // Reads the three variables of this process's environment.
  static ColorEnvironment current();
};

// Where the text report goes.
enum class TextDestination { terminal, pipe, file };

// In order: NO_COLOR (not empty) and --no-color turn colour off; FORCE_COLOR
// or CLICOLOR_FORCE (not empty, not "0") turn it on for standard output,
// terminal or not (CI logs); else colour only on a terminal. A file never
// gets colour.
bool use_color(const ColorEnvironment& env, bool no_color_option, TextDestination destination);

}  // namespace archgate
