// How libpg_query is driven, and why:
// - The text is split first (pg_query_split_with_scanner) and each statement
//   is parsed on its own, so one syntax error is one problem and the other
//   statements are still read. The splitter fails outright on an unterminated
//   quote (and then reports n_stmts without stmts) and cuts BEGIN ATOMIC
//   bodies apart: in both cases our own splitter (sql_lexer.h) is used, which
//   lets an unterminated quote swallow the rest of the text as one statement.
// - A statement over 1 MiB, or nested deeper than libpg_query's serialiser
//   can take without overflowing the stack (a 100,000-term `1+1+...`
//   segfaults it), is reported and not parsed.
// - Error positions (`cursorpos`) count characters; node locations count
//   bytes. Every result is freed.
#include "loaders/sql_postgres.h"

#include <pg_query.h>

#include <algorithm>
#include <optional>
#include <string>

#include "base/text.h"
#include "loaders/sql_lexer.h"
#include "loaders/sql_tree_walk.h"

namespace archgate {

namespace {

using json = PgJson;

constexpr int kMaxBodyDepth = 3;              // function bodies inside function bodies
constexpr std::uint32_t kMaxBlockNesting = 1000;  // PL/pgSQL IF/LOOP/BEGIN nesting

// Byte offset of the 1-based character position `cursor` in `text`.
std::size_t char_to_byte(std::string_view text, int cursor) {
  if (cursor <= 1) return 0;
  int chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (++chars == cursor) return i;
    }
  }
  return text.size();
}

bool is_keyword(std::string_view text, const SqlToken& t, std::initializer_list<std::string_view> words) {
  for (auto w : words) {
    if (token_is(text, t, w)) return true;
  }
  return false;
}

// IF/LOOP/BEGIN/CASE nesting of a PL/pgSQL body, roughly.
std::uint32_t block_nesting(std::string_view text, const std::vector<SqlToken>& tokens) {
  std::int64_t depth = 0;
  std::int64_t max_depth = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const SqlToken& t = tokens[i];
    if (t.kind != SqlTokenKind::word) continue;
    if (token_is(text, t, "end")) {
      --depth;
      if (i + 1 < tokens.size() && is_keyword(text, tokens[i + 1], {"if", "loop", "case"})) ++i;
    } else if (is_keyword(text, t, {"begin", "if", "loop", "case"})) {
      max_depth = std::max(max_depth, ++depth);
    }
  }
  return static_cast<std::uint32_t>(std::min<std::int64_t>(max_depth, UINT32_MAX));
}

// Whether libpg_query's splitter would cut the text wrongly: it cuts
// BEGIN ATOMIC ... END bodies at their inner semicolons.
bool has_begin_atomic(std::string_view text, const std::vector<SqlToken>& tokens) {
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (token_is(text, tokens[i], "begin") && token_is(text, tokens[i + 1], "atomic")) return true;
  }
  return false;
}

// Nested deeper than libpg_query can take without overflowing its stack.
bool too_deep(const SqlNesting& nesting) {
  return nesting.max_parens > kMaxParenNesting || nesting.max_depth_estimate > kMaxExpressionDepth;
}

// PL/pgSQL hands back each embedded query as text with the line it starts
// on; this finds where that text sits in the body. Returns body offsets for
// every byte of the query plus its end.
std::vector<std::uint32_t> locate_query(std::string_view body, std::string_view query, std::uint32_t lineno) {
  LineIndex lines(body);
  std::size_t line_start = lines.line_start(std::max<std::uint32_t>(lineno, 1));
  std::size_t line_end = body.find('\n', line_start);
  if (line_end == std::string_view::npos) line_end = body.size();
  std::vector<std::uint32_t> map(query.size() + 1);
  auto identity = [&](std::size_t at, std::size_t skip) {
    for (std::size_t o = 0; o <= query.size(); ++o) {
      map[o] = static_cast<std::uint32_t>(o < skip ? at : at + o - skip);
    }
    return map;
  };
  // Same length, except that PL/pgSQL blanks an INTO clause with spaces.
  auto matches_at = [&](std::size_t at, std::size_t from) {
    std::size_t n = query.size() - from;
    if (at + n > body.size()) return false;
    for (std::size_t k = 0; k < n; ++k) {
      char q = query[from + k];
      if (q != body[at + k] && q != ' ') return false;
    }
    return true;
  };
  std::size_t window_end = std::min(body.size(), line_start + query.size() + 8192);
  std::size_t found = body.substr(line_start, window_end - line_start).find(query);
  if (found != std::string_view::npos) return identity(line_start + found, 0);
  std::size_t scan_end = std::min(line_end, line_start + 4096);
  for (std::size_t at = line_start; at < scan_end && !query.empty(); ++at) {
    if (body[at] == query[0] && matches_at(at, 0)) return identity(at, 0);
  }
  // PERFORM x  ->  "SELECT x"
  if (query.substr(0, 7) == "SELECT ") {
    for (std::size_t at = line_start; at + 7 <= scan_end; ++at) {
      if (!iequals(body.substr(at, 7), "perform")) continue;
      std::size_t rest = at + 7;
      while (rest < body.size() && (body[rest] == ' ' || body[rest] == '\t' || body[rest] == '\n' || body[rest] == '\r')) ++rest;
      if (matches_at(rest, 7)) {
        for (std::size_t o = 0; o <= query.size(); ++o) {
          map[o] = static_cast<std::uint32_t>(o < 7 ? at : rest + o - 7);
        }
        return map;
      }
    }
  }
  // Best effort: the start of the line.
  std::size_t first = line_start;
  while (first < line_end && (body[first] == ' ' || body[first] == '\t')) ++first;
  return identity(first, query.size() + 1);
}

// Every embedded query of a PL/pgSQL function tree, with its line.
void collect_queries(const json& v, std::uint32_t lineno, std::vector<std::pair<std::string, std::uint32_t>>& out,
                     int depth) {
  if (depth > 2000) return;
  if (v.is_array()) {
    for (const auto& item : v) collect_queries(item, lineno, out, depth + 1);
    return;
  }
  if (!v.is_object()) return;
  if (const json* it = v.member("lineno"); it && it->is_number_integer() && it->get<std::int64_t>() > 0) {
    lineno = static_cast<std::uint32_t>(std::min<std::int64_t>(it->get<std::int64_t>(), UINT32_MAX));
  }
  for (const auto& [key, child] : v.items()) {
    if (key == "PLpgSQL_expr") {
      const json* q = child.member("query");
      if (q && q->is_string()) out.emplace_back(q->get<std::string>(), lineno);
      continue;
    }
    if (child.is_object() || child.is_array()) collect_queries(child, lineno, out, depth + 1);
  }
}

// The statement kind of a one-statement parse tree, read from its prefix
// ({"version":150001,"stmts":[{"stmt":{"VariableSetStmt":...}]}).
std::optional<std::string_view> single_statement_kind(std::string_view tree) {
  constexpr std::string_view stmts = "\"stmts\":[{\"stmt\":{\"";
  std::size_t at = tree.find(stmts);
  if (at == std::string_view::npos || at > 40) return std::nullopt;
  at += stmts.size();
  std::size_t end = tree.find('"', at);
  if (end == std::string_view::npos) return std::nullopt;
  // More than one statement in the tree: walk it properly.
  if (tree.find("{\"stmt\":", end) != std::string_view::npos) return std::nullopt;
  return tree.substr(at, end - at);
}

class PgParser {
 public:
  PgParser(const SqlPositions& positions, SqlParse& out) : positions_(positions), out_(out) {}

  // Parses the statements of `frame`. With `into`, their tables are appended
  // there (a routine body) instead of becoming statements; problems are
  // reported only when `report`.
  void text(const TextFrame& frame, std::vector<TableRef>* into, bool report, int depth) {
    if (depth > kMaxBodyDepth) return;
    SqlLex lex = lex_sql(frame.text, postgres_lex_options());
    if (whole_text(frame, lex, into, report, depth)) return;
    std::uint32_t parsed_to = 0;
    for (const SqlChunk& chunk : chunks(frame, lex)) {
      if (statement(frame, lex, chunk, into, report, depth)) parsed_to = std::max(parsed_to, chunk.end);
    }
    // A comment left open after the last statement belongs to no chunk.
    if (report && lex.unterminated_comment && lex.unterminated_comment_at >= parsed_to) {
      problem(frame, lex.unterminated_comment_at, "unterminated /* comment");
    }
  }

 private:
  // Valid SQL, the common case: one parse of the whole text, cut into
  // statements where the parser says (the same cuts as the splitter's). A
  // syntax error anywhere, a text over the statement limit or nested too
  // deeply, an open comment or a BEGIN ATOMIC body returns false, and the text
  // is then parsed statement by statement, so one bad statement is one
  // problem and the others are still read.
  bool whole_text(const TextFrame& frame, const SqlLex& lex, std::vector<TableRef>* into, bool report, int depth) {
    const auto& tokens = lex.tokens;
    if (tokens.empty() || frame.text.size() > kMaxStatementBytes || lex.unterminated_comment) return false;
    if (has_begin_atomic(frame.text, tokens) || too_deep(measure_nesting(frame.text, tokens))) return false;
    PgQueryParseResult r = pg_query_parse(frame.text.data());  // TextFrame: NUL after the text
    if (r.error) {
      pg_query_free_parse_result(r);
      return false;
    }
    PgJsonDocument document(r.parse_tree ? r.parse_tree : "");
    pg_query_free_parse_result(r);
    const json& tree = document.root();
    const json* stmts = tree.member("stmts");
    if (tree.is_discarded() || (stmts && !stmts->is_array())) return false;
    if (!stmts) return true;  // only comments
    auto at = [](const json& raw, std::string_view name) -> std::int64_t {
      const json* v = raw.member(name);
      return v && v->is_number_integer() ? std::max<std::int64_t>(0, v->get<std::int64_t>()) : 0;
    };
    for (const auto& raw : *stmts) {
      const json* node = raw.member("stmt");
      if (!node) continue;
      auto begin = static_cast<std::size_t>(std::min<std::int64_t>(at(raw, "stmt_location"), frame.text.size()));
      auto len = static_cast<std::size_t>(at(raw, "stmt_len"));
      std::size_t end = len == 0 ? frame.text.size() : std::min(frame.text.size(), begin + len);  // 0: the last
      auto first = std::lower_bound(tokens.begin(), tokens.end(), begin,
                                    [](const SqlToken& t, std::size_t b) { return t.begin < b; });
      if (first == tokens.end()) continue;
      TreeWalk walk = walk_statement(*node, frame, positions_);
      if (!walk.bodies.empty()) {
        std::string stmt(frame.text.substr(begin, end - begin));
        for (const RoutineBody& body : walk.bodies) routine(stmt, body, walk.tables, report, depth);
      }
      if (into) {
        for (auto& t : walk.tables) into->push_back(std::move(t));
        continue;
      }
      SqlStatement s;
      s.span = positions_.span(frame.to_file(first->begin), frame.to_file(first->end));
      s.kind = statement_kind(*node);
      s.tables = std::move(walk.tables);
      out_.statements.push_back(std::move(s));
    }
    return true;
  }

  std::vector<SqlChunk> chunks(const TextFrame& frame, const SqlLex& lex) {
    if (!has_begin_atomic(frame.text, lex.tokens)) {
      std::vector<SqlChunk> out;
      PgQuerySplitResult r = pg_query_split_with_scanner(frame.text.data());
      bool ok = r.error == nullptr && (r.n_stmts == 0 || r.stmts != nullptr);
      if (ok) {
        for (int i = 0; i < r.n_stmts; ++i) {
          if (!r.stmts[i]) continue;
          auto begin = static_cast<std::size_t>(std::max(0, r.stmts[i]->stmt_location));
          auto len = static_cast<std::size_t>(std::max(0, r.stmts[i]->stmt_len));
          if (len == 0) len = frame.text.size() - std::min(begin, frame.text.size());  // last statement
          begin = std::min(begin, frame.text.size());
          std::size_t end = std::min(frame.text.size(), begin + len);
          out.push_back({static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)});
        }
      }
      pg_query_free_split_result(r);
      if (ok) return with_gaps(frame.text, lex, std::move(out));
    }
    return split_statements(frame.text, lex);
  }

  // The scanner splitter silently drops a statement that starts with a plain
  // identifier ("SELEC 1;", "foo;"): whatever tokens fall between its chunks
  // become chunks of their own, so the parser reports them.
  static std::vector<SqlChunk> with_gaps(std::string_view text, const SqlLex& lex, std::vector<SqlChunk> chunks) {
    std::sort(chunks.begin(), chunks.end(), [](const SqlChunk& a, const SqlChunk& b) { return a.begin < b.begin; });
    std::vector<SqlChunk> out;
    std::uint32_t covered = 0;
    std::size_t next = 0;
    auto gap = [&](std::uint32_t until) {
      bool open = false;
      std::uint32_t begin = 0;
      for (; next < lex.tokens.size() && lex.tokens[next].begin < until; ++next) {
        const SqlToken& t = lex.tokens[next];
        if (t.begin < covered) continue;
        bool semicolon = t.kind == SqlTokenKind::punct && text[t.begin] == ';';
        if (semicolon) {
          if (open) out.push_back({begin, t.begin});
          open = false;
        } else if (!open) {
          open = true;
          begin = t.begin;
        }
      }
      if (open) out.push_back({begin, std::min<std::uint32_t>(until, static_cast<std::uint32_t>(text.size()))});
    };
    for (const SqlChunk& c : chunks) {
      gap(c.begin);
      out.push_back(c);
      covered = std::max(covered, c.end);
      while (next < lex.tokens.size() && lex.tokens[next].begin < covered) ++next;
    }
    gap(static_cast<std::uint32_t>(text.size()));
    return out;
  }

  // Returns false when the chunk holds only comments.
  bool statement(const TextFrame& frame, const SqlLex& lex, SqlChunk chunk, std::vector<TableRef>* into, bool report,
                 int depth) {
    const auto& tokens = lex.tokens;
    auto first = std::lower_bound(tokens.begin(), tokens.end(), chunk.begin,
                                  [](const SqlToken& t, std::uint32_t b) { return t.begin < b; });
    auto last = std::lower_bound(first, tokens.end(), chunk.end,
                                 [](const SqlToken& t, std::uint32_t b) { return t.begin < b; });
    if (first == last) return false;  // only comments
    Span first_span = positions_.span(frame.to_file(first->begin), frame.to_file(first->end));

    std::size_t size = chunk.end - chunk.begin;
    if (size > kMaxStatementBytes) {
      if (report) {
        problem(frame, first->begin,
                "statement of " + std::to_string(size) + " bytes is over the 1 MiB limit; it was not parsed");
      }
      return true;
    }
    SqlNesting nesting = measure_nesting(frame.text, std::span<const SqlToken>(&*first, static_cast<std::size_t>(last - first)));
    if (too_deep(nesting)) {
      if (report) {
        problem(frame, first->begin,
                nesting.max_parens > kMaxParenNesting
                    ? "statement nests parentheses " + std::to_string(nesting.max_parens) +
                          " deep (limit " + std::to_string(kMaxParenNesting) + "); it was not parsed"
                    : "expression is too deeply nested (about " + std::to_string(nesting.max_depth_estimate) +
                          " levels, limit " + std::to_string(kMaxExpressionDepth) + "); it was not parsed");
      }
      return true;
    }

    std::string stmt(frame.text.substr(chunk.begin, size));
    PgQueryParseResult r = pg_query_parse(stmt.c_str());
    if (r.error) {
      std::string message = r.error->message ? r.error->message : "syntax error";
      int cursor = r.error->cursorpos;
      pg_query_free_parse_result(r);
      if (report) {
        std::size_t at = cursor > 0 ? char_to_byte(stmt, cursor) : first->begin - chunk.begin;
        problem(frame, chunk.begin + at, message);
      }
      return true;
    }
    std::string_view tree_text = r.parse_tree ? r.parse_tree : "";
    // Decoding the JSON tree costs more than parsing the SQL: statements that
    // name no table (SET, BEGIN, CREATE TYPE ...) are recorded from the prefix.
    if (auto kind = single_statement_kind(tree_text); kind && !kind_may_name_tables(*kind)) {
      SqlStatement s;
      s.span = first_span;
      s.kind = std::string(*kind);
      pg_query_free_parse_result(r);
      if (!into) out_.statements.push_back(std::move(s));
      return true;
    }
    PgJsonDocument document(tree_text);
    const json& tree = document.root();
    pg_query_free_parse_result(r);
    if (tree.is_discarded()) return true;

    TextFrame stmt_frame = frame.slice(stmt, chunk.begin);
    const json* stmts = tree.member("stmts");
    if (!stmts || !stmts->is_array()) return true;
    for (const auto& raw : *stmts) {
      const json* node = raw.member("stmt");
      if (!node) continue;
      TreeWalk walk = walk_statement(*node, stmt_frame, positions_);
      for (const RoutineBody& body : walk.bodies) routine(stmt, body, walk.tables, report, depth);
      if (into) {
        for (auto& t : walk.tables) into->push_back(std::move(t));
        continue;
      }
      SqlStatement s;
      s.span = first_span;
      const json* loc = raw.member("stmt_location");
      if (loc && loc->is_number_integer() && loc->get<std::int64_t>() > 0) {
        // Several statements in one chunk (rare): each starts at its own token.
        auto at = chunk.begin + static_cast<std::uint32_t>(loc->get<std::int64_t>());
        auto t = std::lower_bound(first, last, at, [](const SqlToken& k, std::uint32_t b) { return k.begin < b; });
        if (t != last) s.span = positions_.span(frame.to_file(t->begin), frame.to_file(t->end));
      }
      s.kind = statement_kind(*node);
      s.tables = std::move(walk.tables);
      out_.statements.push_back(std::move(s));
    }
    return true;
  }

  void routine(const std::string& stmt, const RoutineBody& body, std::vector<TableRef>& into, bool report, int depth) {
    TextFrame frame;
    frame.text = body.value;
    frame.map = body.file_map;
    if (body.language == "sql") {
      // PostgreSQL checks SQL function bodies when the function is created,
      // so a syntax error there breaks the migration: report it.
      text(frame, &into, report, depth + 1);
    } else if (body.language == "plpgsql") {
      plpgsql(stmt, frame, into, depth + 1);
    }
  }

  void plpgsql(const std::string& stmt, const TextFrame& body, std::vector<TableRef>& into, int depth) {
    if (depth > kMaxBodyDepth || body.text.size() > kMaxStatementBytes) return;
    SqlLex lex = lex_sql(body.text, postgres_lex_options());
    if (too_deep(measure_nesting(body.text, lex.tokens)) || block_nesting(body.text, lex.tokens) > kMaxBlockNesting) {
      return;
    }
    PgQueryPlpgsqlParseResult r = pg_query_parse_plpgsql(stmt.c_str());
    if (r.error) {
      // Best effort: PL/pgSQL is checked by PostgreSQL only when it runs.
      pg_query_free_plpgsql_parse_result(r);
      return;
    }
    PgJsonDocument document(r.plpgsql_funcs ? r.plpgsql_funcs : "");
    const json& tree = document.root();
    pg_query_free_plpgsql_parse_result(r);
    if (tree.is_discarded()) return;
    std::vector<std::pair<std::string, std::uint32_t>> queries;
    collect_queries(tree, 1, queries, 0);
    for (const auto& [query, lineno] : queries) {
      std::vector<std::uint32_t> offsets = locate_query(body.text, query, lineno);
      SqlLex qlex = lex_sql(query, postgres_lex_options());
      bool statement_text = !qlex.tokens.empty() &&
                            is_keyword(query, qlex.tokens.front(),
                                       {"select", "insert", "update", "delete", "with", "merge", "create", "alter",
                                        "drop", "truncate", "values", "table", "copy", "grant", "revoke", "comment",
                                        "lock", "refresh"});
      if (statement_text) {
        TextFrame qf = body.derived(query, offsets);
        text(qf, &into, false, depth);
      } else {
        // A PL/pgSQL expression (IF EXISTS (SELECT ...)) is evaluated as SELECT <expr>.
        std::string wrapped = "SELECT " + query;
        std::vector<std::uint32_t> wrapped_offsets(7, offsets.front());
        wrapped_offsets.insert(wrapped_offsets.end(), offsets.begin(), offsets.end());
        TextFrame qf = body.derived(wrapped, wrapped_offsets);
        text(qf, &into, false, depth);
      }
    }
  }

  void problem(const TextFrame& frame, std::size_t offset, std::string message) {
    LineColumn at = positions_.at(frame.to_file(offset));
    out_.problems.push_back({std::move(message), at.line, at.column});
  }

  const SqlPositions& positions_;
  SqlParse& out_;
};

}  // namespace

void parse_postgres(const TextFrame& frame, const SqlPositions& positions, SqlParse& out) {
  PgParser(positions, out).text(frame, nullptr, true, 0);
}

}  // namespace archgate
