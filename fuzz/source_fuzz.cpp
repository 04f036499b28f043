// Service source code (loaders/source_*.cpp): the literal lexer of each
// language family, SQL in literals, URLs, request paths and, for gateway
// code, computation sites (aggregates, the function each is in); .sql files
// beside the code (the dialect guess, then the grammar or the table scan). The first byte picks the language (its low bits)
// and whether computations are collected (its top bit).
#include "fuzz/fuzz_support.h"

#include "loaders/source_scan.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static constexpr const char* kPaths[] = {"src/a.ts",   "src/a.py", "src/A.java", "src/a.kt",
                                           "src/a.go",   "src/A.cs", "src/a.cpp",  "src/a.rb",
                                           "src/a.php",  "src/a.scala", "src/a.rs", "src/a.js",
                                           "data/seed.sql"};
  if (size == 0) return 0;
  archgate::ScanOptions options;
  options.computations = (data[0] & 0x80) != 0;
  archgate::scan_source(kPaths[(data[0] & 0x7f) % std::size(kPaths)], archgate::fuzz::text(data + 1, size - 1),
                        options);
  return 0;
}
