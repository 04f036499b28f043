// archgate.yaml (loaders/config.cpp): strict keys, types and rule ids.
#include "fuzz/fuzz_support.h"

#include "loaders/config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // A few ids of each family stand in for the registry (rules/registry.inc).
  static const archgate::RuleIds kKnown = {"AG001", "AG002", "AG004", "AG101", "AG106", "AG201",
                                           "AG301", "AG308", "AG404", "AG601", "AG613"};
  archgate::Config config;
  archgate::apply_config("archgate.yaml", archgate::fuzz::text(data, size), config, kKnown);
  return 0;
}
