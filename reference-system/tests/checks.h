// Assertions for the end-to-end scenarios: a failed check throws with the
// file, line and what was expected, and the driver prints the service logs.
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>

namespace e2e {

class CheckFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

template <typename... Parts>
[[noreturn]] void fail_check(const char* file, int line, const char* condition, const Parts&... parts) {
  std::ostringstream message;
  message << file << ":" << line << ": check failed: " << condition;
  if constexpr (sizeof...(parts) > 0) {
    message << " -- ";
    (message << ... << parts);
  }
  throw CheckFailed(message.str());
}

}  // namespace e2e

// CHECK_E2E(condition, context...) : the context is streamed into the message.
#define CHECK_E2E(condition, ...)                                          \
  do {                                                                     \
    if (!(condition)) {                                                    \
      ::e2e::fail_check(__FILE__, __LINE__, #condition __VA_OPT__(, ) __VA_ARGS__); \
    }                                                                      \
  } while (false)
