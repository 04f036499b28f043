// Reads the table references out of one statement of libpg_query's JSON parse
// tree (see the list in loaders/sql.h). Internal to the SQL adapter.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "loaders/pg_json.h"

#include "loaders/sql_text_frame.h"
#include "model/model.h"

namespace archgate {

// A function or DO body found in the statement, left to the caller to parse.
struct RoutineBody {
  std::string language;              // lower case: "sql", "plpgsql", ...
  std::string value;                 // the body with its quotes undone
  std::vector<std::uint32_t> file_map;  // file offset of every byte of value, plus the end
};

struct TreeWalk {
  std::vector<TableRef> tables;
  std::vector<RoutineBody> bodies;
};

// `stmt` is one element's "stmt" object ({"CreateStmt": {...}}); its locations
// are offsets into frame.text.
TreeWalk walk_statement(const PgJson& stmt, const TextFrame& frame, const SqlPositions& positions);

// The node name of a statement object ("CreateStmt"), "" when malformed.
std::string statement_kind(const PgJson& stmt);

// Whether walk_statement() can find anything in a statement of this kind (so
// the caller can skip decoding the parse tree of SET, BEGIN, CREATE TYPE ...).
bool kind_may_name_tables(std::string_view kind);

}  // namespace archgate
