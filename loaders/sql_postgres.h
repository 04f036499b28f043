// PostgreSQL text -> statements with libpg_query, guarded against the
// library's traps (docs: /work/shared/LIBRARY-TRAPS.md; see sql_postgres.cpp).
// Internal to the SQL adapter; use parse_sql() from loaders/sql.h.
#pragma once

#include <cstddef>
#include <cstdint>

#include "loaders/sql.h"
#include "loaders/sql_text_frame.h"

namespace archgate {

// Limits checked before libpg_query sees a statement.
inline constexpr std::size_t kMaxStatementBytes = 1u << 20;
inline constexpr std::uint32_t kMaxParenNesting = 1000;
inline constexpr std::uint32_t kMaxExpressionDepth = 2000;

// Parses every statement of frame.text (sanitized: no NUL, valid UTF-8, no
// BOM) into `out`.
void parse_postgres(const TextFrame& frame, const SqlPositions& positions, SqlParse& out);

}  // namespace archgate
