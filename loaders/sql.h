// The adapter around libpg_query: only what rules need (SPEC 2.4). A file is
// split into statements first, so one bad statement is one problem and the
// rest is still read.
#pragma once

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
SqlParse parse_sql(std::string_view text, std::string_view path, std::uint32_t first_line = 1,
                   std::uint32_t first_column = 1);

// Folds an identifier as PostgreSQL does: unquoted -> lower case.
std::string fold_identifier(std::string_view identifier, bool quoted);

}  // namespace archgate
