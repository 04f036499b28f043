// The Dockerfile reader (loaders/dockerfile.cpp): directives, escape
// character, continuations, heredocs, stages. With a "\n----\n" in the
// input, the text before it names the stage to build.
#include "fuzz/fuzz_support.h"

#include "loaders/dockerfile.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto parts = archgate::fuzz::split(archgate::fuzz::text(data, size), 2);
  if (parts.size() == 2) {
    archgate::dockerfile_health(parts[1], parts[0]);
  } else {
    archgate::dockerfile_health(parts[0]);
  }
  return 0;
}
