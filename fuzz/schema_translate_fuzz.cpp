// A contract's schemas made into JSON Schema for valijson
// (verify/schema_translate.cpp, schema_guards.cpp): the input is an OpenAPI
// document (YAML or JSON); each of its first named schemas is compiled in
// both directions and a few fixed instances are validated against it, so
// valijson meets every schema the translation lets through.
#include "fuzz/fuzz_support.h"

#include <nlohmann/json.hpp>

#include "loaders/openapi.h"
#include "verify/schema_adapter.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const nlohmann::json* instances = new nlohmann::json(nlohmann::json::parse(
      R"([null, true, 0, 1.5, -7, "", "2024-01-01", "a-b@c.d", [], [1, "x", {}],
          {}, {"id": "x", "items": [{"sku": "s"}], "n": {"m": [null]}}])"));
  archgate::MemoryFileSource files;
  files.add("api.yaml", std::string(archgate::fuzz::text(data, size)));
  archgate::VectorSink findings;
  archgate::OpenApiDocument doc = archgate::load_openapi(files, "api.yaml", findings);
  if (doc.files.empty()) return 0;
  const archgate::Node& root = doc.files[0]->doc.root;
  const archgate::Node* schemas = root.get("definitions");
  if (!schemas && root.get("components")) schemas = root.get("components")->get("schemas");
  if (!schemas || !schemas->is_map()) return 0;
  archgate::SchemaResolver resolver(doc);
  const std::string* file = resolver.file("api.yaml");
  for (std::size_t i = 0; i < schemas->size() && i < 8; ++i) {
    for (auto direction : {archgate::verify::Direction::request, archgate::verify::Direction::response}) {
      std::vector<archgate::verify::SchemaNote> notes;
      auto schema = archgate::verify::compile_schema(doc, resolver, {file, &schemas->items[i]}, direction, notes);
      if (!schema) continue;
      for (const auto& instance : *instances) archgate::verify::validate(*schema, instance);
    }
  }
  return 0;
}
