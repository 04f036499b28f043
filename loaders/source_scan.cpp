// The source scanner (SPEC 2.5): language by file name, test files, and
// scan_source() tying the lexer, SQL, URL, path and computation passes
// together.
#include "loaders/source_scan.h"

#include <array>

#include "base/text.h"
#include "loaders/source_lexer.h"
#include "loaders/source_scan_internal.h"
#include "loaders/sql.h"
#include "loaders/sql_dialect_scan.h"

namespace archgate {

std::string_view source_language(std::string_view path) {
  std::string_view name = path_basename(path);
  std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return "";
  // Asked of every file of every service: compared in place, no lower-cased copy.
  std::string_view ext = name.substr(dot + 1);
  if (ext.size() > 5) return "";
  struct Entry {
    std::string_view ext;
    std::string_view language;
  };
  static constexpr std::array<Entry, 26> kTable = {{
      {"js", "js"},      {"mjs", "js"},     {"cjs", "js"},    {"jsx", "js"},     {"ts", "js"},
      {"tsx", "js"},     {"py", "python"},  {"java", "java"}, {"kt", "kotlin"},  {"kts", "kotlin"},
      {"go", "go"},      {"cs", "csharp"},  {"c", "cpp"},     {"cc", "cpp"},     {"cpp", "cpp"},
      {"cxx", "cpp"},    {"h", "cpp"},      {"hpp", "cpp"},   {"hh", "cpp"},     {"rb", "ruby"},
      {"php", "php"},    {"scala", "scala"}, {"rs", "rust"},  {"hxx", "cpp"},    {"pyi", "python"},
      {"sql", "sql"},
  }};
  for (const auto& e : kTable) {
    if (iequals(ext, e.ext)) return e.language;
  }
  return "";
}

namespace source {

bool is_test_path(std::string_view path) {
  std::string p = "/" + std::string(path);
  for (std::string_view dir : {"/test/", "/tests/", "/__tests__/", "/spec/", "/specs/"}) {
    if (p.find(dir) != std::string::npos) return true;
  }
  std::string_view name = path_basename(path);
  for (std::string_view part : {"_test.", ".test.", ".spec.", "_spec.", "-test."}) {
    if (name.find(part) != std::string_view::npos) return true;
  }
  if (name.starts_with("test_") && name.ends_with(".py")) return true;
  std::size_t dot = name.rfind('.');
  std::string_view stem = dot == std::string_view::npos ? name : name.substr(0, dot);
  for (std::string_view suffix : {"Test", "Tests", "Spec", "IT"}) {
    if (stem.size() > suffix.size() && stem.ends_with(suffix)) return true;
  }
  return false;
}

}  // namespace source

std::vector<StringLiteral> extract_literals(std::string_view language, std::string_view text) {
  std::string clean = sanitized_copy(strip_bom(text));
  source::LexedSource lexed = source::lex_source(source::lang_from_name(language), clean);
  source::PositionCursor positions(clean);
  std::vector<StringLiteral> out;
  out.reserve(lexed.literals.size());
  for (auto& lit : lexed.literals) {
    StringLiteral s;
    LineColumn q = positions.at(lit.quote);
    LineColumn v = positions.at(lit.value.empty() ? lit.value_begin : lit.source_of(0));
    s.value = std::move(lit.value);
    s.line = q.line;
    s.column = q.column;
    s.value_line = v.line;
    s.value_column = v.column;
    s.is_template = lit.is_template;
    out.push_back(std::move(s));
  }
  return out;
}

SourceFile scan_source(std::string_view path, std::string_view text, const ScanOptions& options) {
  SourceFile file;
  file.path = std::string(path);
  file.language = std::string(source_language(path));
  file.is_test = source::is_test_path(path);
  if (file.language == "sql") {
    // Seed data, queries, sample-data loaders beside the code: their tables
    // count as the service's SQL. PostgreSQL first; SQL its marks say is
    // for another database goes through the table scanner. What cannot be
    // read is left out quietly: these files are not migrations.
    std::string clean = sanitized_copy(strip_bom(text));
    std::optional<DialectGuess> guess = guess_sql_dialect(clean);
    SqlParse parsed = parse_sql_dialect(clean, path, guess ? guess->dialect : std::string("postgres"));
    file.sql = std::move(parsed.statements);
    return file;
  }
  source::Lang lang = source::lang_from_name(file.language);
  if (lang == source::Lang::none) return file;

  std::string clean = sanitized_copy(strip_bom(text));
  source::LexedSource lexed = source::lex_source(lang, clean);
  source::PositionCursor positions(clean);

  for (const auto& lit : lexed.literals) {
    if (!options.correlation_header.empty() && iequals(lit.value, options.correlation_header)) {
      file.header_mentions.push_back(positions.span(path, lit.quote, lit.end));
    }
    for (auto& m : source::find_urls(lit.value)) {
      std::size_t begin = lit.source_of(m.offset);
      std::size_t end = m.length > 0 ? lit.source_of(m.offset + m.length - 1) + 1 : begin;
      SourceUrl url;
      url.url = std::move(m.url);
      url.host = std::move(m.host);
      url.path = std::move(m.path);
      url.span = positions.span(path, begin, end);
      file.urls.push_back(std::move(url));
    }
  }

  for (const auto& group : source::literal_groups(lang, lexed)) {
    for (auto& st : source::sql_in_group(group, path, positions)) file.sql.push_back(std::move(st));
    if (auto p = source::request_path(group.value)) {
      const auto& first = lexed.literals[group.first];
      const auto& last = lexed.literals[group.last];
      SourcePath sp;
      sp.path = std::move(*p);
      sp.method = source::http_method_near(lexed, first.begin, last.end);
      sp.base = source::path_base(lang, lexed, group);
      sp.span = positions.span(path, first.quote, first.end);
      file.paths.push_back(std::move(sp));
    }
  }

  if (options.computations) {
    file.computations = source::find_computations(lang, clean, lexed, path, positions);
  }
  return file;
}

}  // namespace archgate
