// The cache codec's decoder (cache/codec.h, cache/task_cache.cpp): a stored
// task entry (its dependencies, then its output) as analysis/build.cpp reads
// it. The first byte picks the loader whose output follows the findings and
// reads; whatever decodes is encoded again, so every decoded value is used.
// A corrupted cache must never crash.
#include "fuzz/fuzz_support.h"

#include "cache/codec.h"
#include "cache/task_cache.h"
#include "cache/tracking_source.h"

namespace {

template <typename T>
void decode(archgate::Decoder& in, T& item) {
  archgate::value(in, item);
  if (!in.ok()) return;
  archgate::Encoder out;
  archgate::value(out, item);
}

template <typename Artifact>
void decode_output(std::string_view bytes) {
  archgate::Decoder in(bytes);
  std::vector<archgate::Diagnostic> findings;
  archgate::TaskReads reads;
  Artifact artifact{};
  decode(in, findings);
  decode(in, reads);
  decode(in, artifact);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  auto stored = archgate::split_stored_task(archgate::fuzz::text(data + 1, size - 1));
  if (!stored) return 0;
  archgate::Decoder deps_in(stored->deps);
  std::vector<archgate::Dependency> deps;
  decode(deps_in, deps);
  switch (data[0] % 5) {
    case 0: decode_output<archgate::ComposeProject>(stored->output); break;
    case 1: decode_output<archgate::OpenApiDocument>(stored->output); break;
    case 2: decode_output<std::vector<archgate::MigrationFile>>(stored->output); break;
    case 3: decode_output<std::optional<archgate::SourceFile>>(stored->output); break;
    default: decode_output<archgate::ServiceFolder>(stored->output); break;
  }
  return 0;
}
