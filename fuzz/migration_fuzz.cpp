// A migration folder (loaders/migrations.cpp): the layout of the file, its
// sections (loaders/migration_sections.cpp: dbmate, Liquibase change sets,
// rollback notes) and the SQL of each. The first byte picks the file name
// (its low bits) and whether the SQL is PostgreSQL or MySQL (its top bit).
#include "fuzz/fuzz_support.h"

#include "loaders/migrations.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static constexpr const char* kPaths[] = {"db/V1__init.sql",       "db/1_init.up.sql", "db/20240101_init.sql",
                                           "db/changelog.sql",      "db/R__views.sql",  "db/deploy/init.sql",
                                           "db/0002/migration.sql", "db/U1__init.sql"};
  if (size == 0) return 0;
  archgate::MemoryFileSource files;
  const char* path = kPaths[(data[0] & 0x7f) % std::size(kPaths)];
  files.add(path, std::string(archgate::fuzz::text(data + 1, size - 1)));
  if (std::string_view(path).starts_with("db/deploy/")) files.add("db/sqitch.plan", "init 2024-01-01T00:00:00Z a\n");
  archgate::VectorSink findings;
  archgate::load_migrations(files, "orders", "db", (data[0] & 0x80) ? "mysql" : "postgres", findings);
  return 0;
}
