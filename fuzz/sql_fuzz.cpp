// PostgreSQL (loaders/sql*.cpp): the statement splitter, the bounds checked
// before libpg_query, its parse, the JSON tree decode and the tree walk, and
// function bodies parsed again.
#include "fuzz/fuzz_support.h"

#include "loaders/sql.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  archgate::parse_sql(archgate::fuzz::text(data, size), "db/V1__init.sql");
  return 0;
}
