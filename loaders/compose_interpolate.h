// Compose variable interpolation and dotenv files (.env, env_file).
//
// Only the variables of the project's .env take part: the process environment
// is never consulted, so a check gives the same answer on every machine.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace archgate {

using Variables = std::map<std::string, std::string, std::less<>>;

struct InterpolationProblem {
  std::string message;  // "required variable DB is not set: set DB in .env"
  // Set for `${VAR:?}` / `${VAR?}` without a value: the file is valid, the
  // value comes from outside Compose (a build tool, the shell).
  std::string unset_variable = {};
};

struct Interpolated {
  std::string text;
  std::vector<InterpolationProblem> problems;
};

// Substitutes ${VAR}, $VAR, ${VAR:-d}, ${VAR-d}, ${VAR:?e}, ${VAR?e},
// ${VAR:+a}, ${VAR+a} (defaults and alternatives may nest) and turns $$ into $.
// An unset variable without a default becomes "". A `$` that starts nothing
// (`$1`, a trailing `$`) stays as written.
Interpolated interpolate(std::string_view text, const Variables& variables);

// One KEY=VALUE line of a dotenv file.
struct DotenvEntry {
  std::string name;
  std::string value;
  std::uint32_t line = 0;    // 1-based
  std::uint32_t column = 0;  // of the name, 1-based, code points
};

struct DotenvProblem {
  std::string message;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string unset_variable = {};  // as in InterpolationProblem
};

struct Dotenv {
  std::vector<DotenvEntry> entries;  // in file order; a later duplicate overrides
  std::vector<DotenvProblem> problems;
  Variables variables() const;       // name -> last value
};

// Parses dotenv text as Compose does: `KEY=VALUE`, `export KEY=VALUE`,
// `KEY: VALUE`, # comments (whole line, or after whitespace in an unquoted
// value), 'single' (literal) and "double" quotes (escapes, may span lines).
// Unquoted and double-quoted values are interpolated with the entries above
// them first, then `outer`. A bare `KEY` takes its value from `outer` when
// set there and is skipped otherwise.
Dotenv parse_dotenv(std::string_view text, const Variables& outer = {});

}  // namespace archgate
