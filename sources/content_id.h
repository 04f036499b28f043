// What a file holds, named without holding it: the git blob id of its bytes
// (SHA-1 of "blob <size>\0" + bytes, as `git hash-object` prints it). Git
// sources know it for every staged or committed file without reading the
// blob; for the working tree it is computed once and remembered by the cache
// (cache/file_ids.h). The same bytes have the same id in every source, so a
// `check` of the working tree and a `check --staged` share cached results.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace archgate {

struct ContentId {
  std::array<std::uint8_t, 20> bytes{};

  bool operator==(const ContentId&) const = default;
  auto operator<=>(const ContentId&) const = default;  // byte order (the cache's key order)
  std::string hex() const;
};

ContentId content_id_of(std::string_view content);

}  // namespace archgate
