#include "loaders/sql.h"

#include "base/text.h"
#include "loaders/sql_dialect_scan.h"
#include "loaders/sql_lexer.h"
#include "loaders/sql_postgres.h"
#include "loaders/sql_text_frame.h"

namespace archgate {

namespace {
constexpr std::size_t kMaxIdentifierBytes = 63;  // PostgreSQL NAMEDATALEN - 1
}  // namespace

SqlParse parse_sql(std::string_view text, std::string_view path, std::uint32_t first_line,
                   std::uint32_t first_column) {
  // libpg_query reads a C string (a NUL would cut the text) and rejects a
  // BOM: work on a copy with the BOM dropped and NULs / bad bytes replaced
  // one for one, so offsets stay those of the file.
  std::string clean = sanitized_copy(strip_bom(text));
  SqlPositions positions(clean, path, first_line, first_column);
  TextFrame frame;
  frame.text = clean;
  SqlParse out;
  parse_postgres(frame, positions, out);
  return out;
}

bool is_postgres_dialect(std::string_view dialect) {
  return dialect.empty() || iequals(dialect, "postgres") || iequals(dialect, "postgresql") || iequals(dialect, "pg");
}

SqlParse parse_sql_dialect(std::string_view text, std::string_view path, std::string_view dialect,
                           std::uint32_t first_line, std::uint32_t first_column) {
  if (is_postgres_dialect(dialect)) return parse_sql(text, path, first_line, first_column);
  return scan_dialect_sql(text, path, dialect, first_line, first_column);
}

std::string fold_identifier(std::string_view identifier, bool quoted) {
  std::string out = quoted ? std::string(identifier) : to_lower(identifier);
  if (out.size() > kMaxIdentifierBytes) {
    std::size_t cut = kMaxIdentifierBytes;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
  return out;
}

std::optional<TableName> parse_table_name(std::string_view written) {
  std::string_view text = trim(written);
  if (text.empty()) return std::nullopt;
  std::string copy(text);
  SqlLex lex = lex_sql(copy, postgres_lex_options());
  WrittenName name = read_name(copy, lex.tokens, 0);
  TableName table;
  if (!name.parts.empty() && name.end_token == lex.tokens.size() && name.parts.size() <= 3) {
    const NamePart& last = name.parts.back();
    table.name = fold_identifier(last.text, last.quoted);
    if (name.parts.size() >= 2) {
      const NamePart& schema = name.parts[name.parts.size() - 2];
      table.schema = fold_identifier(schema.text, schema.quoted);
    }
  } else {
    table.name = to_lower(text);
  }
  if (table.name.empty()) return std::nullopt;
  return table;
}

}  // namespace archgate
