#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace archgate {

std::uint64_t fnv1a64(std::string_view data, std::uint64_t seed = 0xcbf29ce484222325ULL);
std::string hex64(std::uint64_t value);

// A digest of text that ignores how lines end: "\r\n" and "\n" hash alike,
// and blank lines and spaces at the very end do not count (so a checkout with
// other line endings, or a Liquibase change set followed by a new one, is not
// an edit).
std::uint64_t text_digest(std::string_view text);

// A hash for unordered containers keyed by std::string that are searched by
// std::string_view without building a string (use with std::equal_to<>).
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

}  // namespace archgate
