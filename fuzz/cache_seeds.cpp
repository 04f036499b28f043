// Seeds for cache_fuzz: real cache entries, made the way analysis/build.cpp
// makes them (a loader run through a TrackingSource, its dependencies, its
// findings, reads and result encoded), for every fixture repository found
// below the folders given. scripts/fuzz.sh runs it at seed time.
//
//   cache_seeds OUT_DIR FOLDER...
//
// Each seed is cache_fuzz's input: the loader's number (the order of
// cache_fuzz.cpp's switch), then the stored payload.
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <set>
#include <string>

#include "cache/codec.h"
#include "cache/tracking_source.h"
#include "loaders/compose.h"
#include "loaders/migrations.h"
#include "loaders/openapi.h"
#include "loaders/source_scan.h"

namespace {

namespace fs = std::filesystem;
using archgate::Encoder;

constexpr std::size_t kMaxSeed = 64 * 1024;

// One loader run over `repo`, written to `out` as a seed of loader `kind`.
template <typename Load>
void write_seed(const fs::path& out, char kind, const archgate::FileSource& repo, Load load) {
  archgate::TrackingSource files(repo, nullptr, archgate::listing_digest(repo.files()));
  archgate::VectorSink findings;
  auto artifact = load(files, findings);
  std::vector<archgate::Dependency> deps = files.take_dependencies();
  archgate::TaskReads reads = files.take_reads();
  Encoder deps_out, output_out, entry;
  archgate::value(deps_out, deps);
  archgate::fields(output_out, findings.items, reads, artifact);
  entry.bytes(deps_out.take());
  entry.bytes(output_out.take());
  std::string seed = kind + entry.take();
  if (seed.size() > kMaxSeed) return;
  std::ofstream(out / std::to_string(std::hash<std::string>{}(seed)), std::ios::binary) << seed;
}

void seeds_of(const fs::path& out, const fs::path& dir) {
  auto repo = archgate::open_working_tree(dir.string());
  write_seed(out, 0, *repo, [](const archgate::FileSource& f, archgate::Sink& s) {
    return archgate::load_compose(f, {}, s);
  });
  std::set<std::string> migration_dirs;
  for (const auto& entry : repo->files()) {
    const std::string& path = entry.path;
    std::string name = fs::path(path).filename().string();
    if (name.starts_with("openapi")) {
      write_seed(out, 1, *repo, [&](const archgate::FileSource& f, archgate::Sink& s) {
        auto doc = archgate::load_openapi(f, path, s);
        archgate::drop_trees(doc);
        return doc;
      });
    }
    if (auto slash = path.find("/migrations/"); slash != std::string::npos) {
      migration_dirs.insert(path.substr(0, slash + 11));
    }
    if (!archgate::source_language(path).empty()) {
      write_seed(out, 3, *repo, [&](const archgate::FileSource& f, archgate::Sink&) {
        auto read = f.read(path);
        return std::optional<archgate::SourceFile>(archgate::scan_source(path, read.content, {}));
      });
    }
  }
  for (const auto& dir_path : migration_dirs) {
    write_seed(out, 2, *repo, [&](const archgate::FileSource& f, archgate::Sink& s) {
      return archgate::load_migrations(f, "svc", dir_path, "postgres", s);
    });
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: cache_seeds OUT_DIR FOLDER...\n";
    return 2;
  }
  fs::path out = argv[1];
  fs::create_directories(out);
  for (int i = 2; i < argc; ++i) {
    std::error_code ec;
    for (fs::recursive_directory_iterator it(argv[i], ec), end; it != end; it.increment(ec)) {
      if (ec) break;
      if (it->is_directory() && fs::exists(it->path() / "service-inventory.json")) {
        seeds_of(out, it->path());
        it.disable_recursion_pending();
      }
    }
  }
  return 0;
}
