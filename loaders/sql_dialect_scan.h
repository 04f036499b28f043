// Table references in SQL of dialects libpg_query cannot parse (MySQL,
// MariaDB, SQL Server, SQLite; SPEC 2.4): a token scan that finds
// CREATE/ALTER/DROP/TRUNCATE TABLE, CREATE INDEX/VIEW/TRIGGER ... ON, foreign
// keys (REFERENCES), INSERT/REPLACE/UPDATE/DELETE/MERGE targets and FROM/JOIN
// items, with positions. Backtick, [bracket] and "double" quoting are
// understood; names fold to lower case (these dialects compare table names
// case-insensitively in practice).
#pragma once

#include <cstdint>
#include <string_view>

#include "loaders/sql.h"

namespace archgate {

SqlParse scan_dialect_sql(std::string_view text, std::string_view path, std::string_view dialect,
                          std::uint32_t first_line, std::uint32_t first_column);

}  // namespace archgate
