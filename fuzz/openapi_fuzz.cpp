// An OpenAPI contract over an in-memory repository (loaders/openapi*.cpp):
// the input is up to three files, cut at "\n----\n": the root, a YAML file
// and a JSON file its $refs may reach ("common.yaml", "models/m.json"), so
// $ref resolution, JSON pointers and cycles across files are exercised.
#include "fuzz/fuzz_support.h"

#include "loaders/openapi.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static constexpr const char* kPaths[] = {"api/openapi.yaml", "api/common.yaml", "api/models/m.json"};
  auto parts = archgate::fuzz::split(archgate::fuzz::text(data, size), 3);
  archgate::MemoryFileSource files;
  for (std::size_t i = 0; i < parts.size(); ++i) files.add(kPaths[i], std::string(parts[i]));
  archgate::VectorSink findings;
  archgate::OpenApiDocument doc = archgate::load_openapi(files, kPaths[0], findings);
  archgate::drop_trees(doc);
  return 0;
}
