// Table references in SQL of dialects libpg_query cannot parse (MySQL,
// MariaDB, SQL Server, SQLite; SPEC 2.4): a token scan that finds
// CREATE/ALTER/DROP/TRUNCATE TABLE, CREATE INDEX/VIEW/TRIGGER ... ON, foreign
// keys (REFERENCES), INSERT/REPLACE/UPDATE/DELETE/MERGE targets and FROM/JOIN
// items, with positions. Backtick, [bracket] and "double" quoting are
// understood; names fold to lower case (these dialects compare table names
// case-insensitively in practice).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "loaders/sql.h"

namespace archgate {

// SQL written for another database than PostgreSQL, told by marks no
// PostgreSQL file has: `backquoted` names, ENGINE=, AUTO_INCREMENT, INSERT
// IGNORE (MySQL); [bracketed] names, a GO line, IDENTITY( (SQL Server);
// AUTOINCREMENT, PRAGMA, WITHOUT ROWID (SQLite); USE db (MySQL unless SQL
// Server's marks are there). Comments, strings and $$ bodies are skipped.
struct DialectGuess {
  std::string dialect;   // "mysql", "sqlserver", "sqlite"
  std::string evidence;  // "backquoted names", "a GO line" ... (the first mark of that dialect)
  std::uint32_t line = 1;  // of the first mark, counted from `first_line`
};
std::optional<DialectGuess> guess_sql_dialect(std::string_view text, std::uint32_t first_line = 1);
// "MySQL", "SQL Server", "SQLite", "MariaDB"; other names as given.
std::string dialect_label(std::string_view dialect);

SqlParse scan_dialect_sql(std::string_view text, std::string_view path, std::string_view dialect,
                          std::uint32_t first_line, std::uint32_t first_column);

}  // namespace archgate
