#include "emitters/color.h"

#include <cstdlib>

namespace archgate {

namespace {

std::optional<std::string> variable(const char* name) {
  const char* value = std::getenv(name);
  if (!value) return std::nullopt;
  return std::string(value);
}

bool set(const std::optional<std::string>& value) { return value && !value->empty(); }

bool forces(const std::optional<std::string>& value) { return set(value) && *value != "0"; }

}  // namespace

ColorEnvironment ColorEnvironment::current() {
  return {variable("NO_COLOR"), variable("FORCE_COLOR"), variable("CLICOLOR_FORCE")};
}

bool use_color(const ColorEnvironment& env, bool no_color_option, TextDestination destination) {
  if (set(env.no_color) || no_color_option) return false;
  if (destination == TextDestination::file) return false;
  if (forces(env.force_color) || forces(env.clicolor_force)) return true;
  return destination == TextDestination::terminal;
}

}  // namespace archgate
