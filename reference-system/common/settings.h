// Command-line flags with environment fallbacks: `--port 8080`,
// `--port=8080` or PORT=8080. A flag wins over the environment, the
// environment over the default. Flags that no one asked for are reported,
// so a typo stops the service instead of being ignored.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <map>
#include <vector>

namespace refsys {

class Settings {
 public:
  // Parses argv. Returns nullopt (after printing why) on a malformed command line.
  static std::optional<Settings> parse(int argc, char** argv);

  std::string text(std::string_view flag, std::string_view env, std::string_view fallback) const;
  // Exits the process with code 2 when the value is not an integer in range.
  long long integer(std::string_view flag, std::string_view env, long long fallback, long long min,
                    long long max) const;
  // A flag without a value (`--probe`).
  bool has(std::string_view flag) const;

  // Flags given on the command line that no text()/integer()/has() call read.
  std::vector<std::string> unknown_flags() const;

 private:
  std::map<std::string, std::string, std::less<>> values_;
  std::set<std::string, std::less<>> switches_;
  mutable std::set<std::string, std::less<>> read_;
};

}  // namespace refsys
