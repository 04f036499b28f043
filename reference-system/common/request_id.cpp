#include "request_id.h"

#include <cstdint>
#include <random>

namespace refsys {

namespace {

std::mt19937_64& generator() {
  thread_local std::mt19937_64 engine{[] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64{seed};
  }()};
  return engine;
}

}  // namespace

std::string new_random_id() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(32);
  for (int half = 0; half < 2; ++half) {
    std::uint64_t bits = generator()();
    for (int i = 0; i < 16; ++i) {
      id += kHex[bits & 0xF];
      bits >>= 4;
    }
  }
  return id;
}

std::string new_request_id() { return new_random_id(); }

bool is_valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128) {
    return false;
  }
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) {
      return false;
    }
  }
  return true;
}

std::string request_id_or_new(std::string_view incoming) {
  return is_valid_request_id(incoming) ? std::string(incoming) : new_request_id();
}

}  // namespace refsys
