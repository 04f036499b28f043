#include "settings.h"

#include <charconv>
#include <cstdio>
#include <cstdlib>

namespace refsys {

std::optional<Settings> Settings::parse(int argc, char** argv) {
  Settings settings;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.size() < 3 || arg.substr(0, 2) != "--") {
      std::fprintf(stderr, "unexpected argument '%s' (flags look like --name value)\n", argv[i]);
      return std::nullopt;
    }
    arg.remove_prefix(2);
    const auto equals = arg.find('=');
    if (equals != std::string_view::npos) {
      settings.values_[std::string(arg.substr(0, equals))] = std::string(arg.substr(equals + 1));
    } else if (i + 1 < argc && std::string_view(argv[i + 1]).substr(0, 2) != "--") {
      settings.values_[std::string(arg)] = argv[++i];
    } else {
      settings.switches_.insert(std::string(arg));
    }
  }
  return settings;
}

std::string Settings::text(std::string_view flag, std::string_view env,
                           std::string_view fallback) const {
  read_.insert(std::string(flag));
  if (const auto it = values_.find(flag); it != values_.end()) {
    return it->second;
  }
  if (!env.empty()) {
    if (const char* value = std::getenv(std::string(env).c_str()); value != nullptr && *value) {
      return value;
    }
  }
  return std::string(fallback);
}

long long Settings::integer(std::string_view flag, std::string_view env, long long fallback,
                            long long min, long long max) const {
  const std::string value = text(flag, env, std::to_string(fallback));
  long long parsed = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), parsed);
  if (error != std::errc{} || end != value.data() + value.size() || parsed < min || parsed > max) {
    std::fprintf(stderr, "--%.*s (or %.*s) must be an integer from %lld to %lld, got '%s'\n",
                 static_cast<int>(flag.size()), flag.data(), static_cast<int>(env.size()),
                 env.data(), min, max, value.c_str());
    std::exit(2);
  }
  return parsed;
}

bool Settings::has(std::string_view flag) const {
  read_.insert(std::string(flag));
  return switches_.count(flag) > 0;
}

std::vector<std::string> Settings::unknown_flags() const {
  std::vector<std::string> unknown;
  for (const auto& [name, value] : values_) {
    if (read_.count(name) == 0) {
      unknown.push_back(name);
    }
  }
  for (const auto& name : switches_) {
    if (read_.count(name) == 0) {
      unknown.push_back(name);
    }
  }
  return unknown;
}

}  // namespace refsys
