// The adapter around libpg_query: only what rules need (SPEC 2.4). A file is
// split into statements first, so one bad statement is one problem and the
// rest is still read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"

namespace archgate {

struct SqlProblem {
  std::string message;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

struct SqlParse {
  std::vector<SqlStatement> statements;
  std::vector<SqlProblem> problems;
};

// `text` is the file's text (or a literal's); `path` goes into every Span;
// `first_line`/`first_column` place text[0] in the file (1,1 for a whole file).
//
// PostgreSQL grammar (libpg_query). A leading BOM is skipped (columns count
// from the character after it); NUL bytes and invalid UTF-8 are read as
// spaces / '?' so every other byte keeps its offset. A statement over 1 MiB or
// nested deeper than the parser can safely take is a problem, not parsed.
// Statements that do not parse are problems (message from libpg_query, line
// and column of the error); the others are still read.
//
// Each statement's `tables` (TableRef::span = the name as written):
//   CREATE TABLE / CREATE TABLE AS / SELECT INTO      create (not TEMP tables)
//   CREATE [MATERIALIZED] VIEW                        create, is_view; its query: read
//   ALTER TABLE, CREATE INDEX ON, CREATE TRIGGER ON,
//   COMMENT ON TABLE/COLUMN, GRANT/REVOKE ON TABLE,
//   ALTER TABLE RENAME / SET SCHEMA, CREATE RULE/POLICY,
//   CREATE TABLE ... PARTITION OF parent              alter
//   DROP TABLE/VIEW (every name), TRUNCATE            drop
//   INSERT/UPDATE/DELETE/MERGE targets, COPY ... FROM write
//   FROM/JOIN items, subqueries, CTE bodies, INHERITS read (a CTE's name is not a table)
//   REFERENCES in CREATE/ALTER TABLE                  references, from_table = the table
//   CREATE FUNCTION/PROCEDURE, DO: LANGUAGE sql bodies are parsed (syntax
//   errors are problems); PL/pgSQL bodies are read best effort through
//   libpg_query's PL/pgSQL parser (never a problem). Their tables are listed on
//   the CREATE FUNCTION / DO statement with positions inside the body.
SqlParse parse_sql(std::string_view text, std::string_view path, std::uint32_t first_line = 1,
                   std::uint32_t first_column = 1);

// parse_sql() for "postgres" (also "", "postgresql", "pg"); for any other
// dialect ("mysql", "mariadb", "sqlserver", "sqlite") a token scan that finds
// the same kinds of table references without a grammar (loaders/sql_dialect_scan.h).
bool is_postgres_dialect(std::string_view dialect);
SqlParse parse_sql_dialect(std::string_view text, std::string_view path, std::string_view dialect,
                           std::uint32_t first_line = 1, std::uint32_t first_column = 1);

// Folds an identifier as PostgreSQL does: unquoted -> ASCII lower case;
// quoted -> kept. Both are cut to 63 bytes (NAMEDATALEN - 1) at a character
// boundary. `identifier` is the name without its quotes.
std::string fold_identifier(std::string_view identifier, bool quoted);

// A table name as a human writes it (an inventory `owns` entry): "stock",
// "inventory.stock", "\"Stock\"", "inventory.\"Stock\"". Unquoted parts fold to
// lower case, quoted parts keep case; the last part is the table, the one
// before it the schema. Text that is not a SQL name ("order-items") is taken
// whole, lower-cased. nullopt for an empty entry.
std::optional<TableName> parse_table_name(std::string_view written);

}  // namespace archgate
