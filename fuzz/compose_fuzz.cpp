// Docker Compose (loaders/compose*.cpp): the input is up to four files, cut
// at "\n----\n": compose.yaml, its override, the .env its values are
// interpolated with and the Dockerfile of `build: .`, merged as the loader
// does for a repository.
#include "fuzz/fuzz_support.h"

#include "loaders/compose.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static constexpr const char* kPaths[] = {"compose.yaml", "compose.override.yaml", ".env", "Dockerfile"};
  auto parts = archgate::fuzz::split(archgate::fuzz::text(data, size), 4);
  archgate::MemoryFileSource files;
  for (std::size_t i = 0; i < parts.size(); ++i) files.add(kPaths[i], std::string(parts[i]));
  archgate::VectorSink findings;
  archgate::load_compose(files, {}, findings);
  return 0;
}
