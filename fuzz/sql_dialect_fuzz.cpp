// The token scan for SQL dialects libpg_query cannot parse
// (loaders/sql_dialect_scan.cpp, loaders/sql_lexer.cpp); the first byte
// picks the dialect.
#include "fuzz/fuzz_support.h"

#include "loaders/sql.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static constexpr const char* kDialects[] = {"mysql", "mariadb", "sqlserver", "sqlite"};
  if (size == 0) return 0;
  archgate::parse_sql_dialect(archgate::fuzz::text(data + 1, size - 1), "db/V1__init.sql", kDialects[data[0] % 4]);
  return 0;
}
