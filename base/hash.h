#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace archgate {

std::uint64_t fnv1a64(std::string_view data, std::uint64_t seed = 0xcbf29ce484222325ULL);
std::string hex64(std::uint64_t value);

}  // namespace archgate
