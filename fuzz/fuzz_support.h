// What the fuzz targets share: the input as text, and the input cut into
// parts (several files of one repository).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace archgate::fuzz {

inline std::string_view text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The input cut at every "\n----\n" into at most `max_parts` parts (the last
// part keeps the rest), so one input can be several files.
inline std::vector<std::string_view> split(std::string_view input, std::size_t max_parts) {
  constexpr std::string_view kSeparator = "\n----\n";
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < max_parts) {
    std::size_t at = input.find(kSeparator);
    if (at == std::string_view::npos) break;
    parts.push_back(input.substr(0, at));
    input.remove_prefix(at + kSeparator.size());
  }
  parts.push_back(input);
  return parts;
}

}  // namespace archgate::fuzz
