// The YAML document builder (doc/yaml_reader.cpp): yaml-cpp's events into a
// Node tree, aliases expanded under the node budget, merge keys, depth bound.
#include "fuzz/fuzz_support.h"

#include "doc/node.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  archgate::read_yaml(archgate::fuzz::text(data, size));
  return 0;
}
