#include "loaders/sql_dialect_scan.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "base/text.h"
#include "loaders/sql_lexer.h"
#include "loaders/sql_text_frame.h"

namespace archgate {

namespace {

bool any_of(std::string_view text, const SqlToken& t, std::initializer_list<std::string_view> words) {
  for (auto w : words) {
    if (token_is(text, t, w)) return true;
  }
  return false;
}

bool punct(std::string_view text, const SqlToken& t, char c) {
  return t.kind == SqlTokenKind::punct && text[t.begin] == c;
}

// Words that end a FROM item (never a table alias).
bool clause_word(std::string_view text, const SqlToken& t) {
  return any_of(text, t,
                {"where", "join", "inner", "left", "right", "full", "cross", "outer", "natural", "on", "using",
                 "group", "order", "limit", "having", "union", "except", "intersect", "window", "set", "values",
                 "for", "with", "into", "returning", "offset", "fetch", "when", "then", "else", "end", "select",
                 "output", "option", "straight_join", "use", "force", "ignore", "partition", "tablesample",
                 "lateral", "as", "go", "begin", "do", "if", "from", "delete", "update", "insert", "and", "or",
                 "not", "exists", "in"});
}

// Scans one statement's tokens.
class StatementScan {
 public:
  StatementScan(std::string_view text, std::span<const SqlToken> tokens, const TextFrame& frame,
                const SqlPositions& positions)
      : s_(text), t_(tokens), frame_(frame), positions_(positions) {}

  SqlStatement run() {
    SqlStatement st;
    st.span = positions_.span(frame_.to_file(t_.front().begin), frame_.to_file(t_.front().end));
    collect_ctes();
    std::vector<bool> subquery;  // per open parenthesis
    for (std::size_t i = 0; i < t_.size(); ++i) {
      const SqlToken& t = t_[i];
      if (punct(s_, t, '(')) {
        subquery.push_back(i + 1 < t_.size() && any_of(s_, t_[i + 1], {"select", "with"}));
        continue;
      }
      if (punct(s_, t, ')')) {
        if (!subquery.empty()) subquery.pop_back();
        continue;
      }
      if (t.kind != SqlTokenKind::word) continue;
      bool query_level = subquery.empty() || subquery.back();
      if (token_is(s_, t, "references")) {
        add_name(i + 1, TableAccess::references, owner_);
        continue;
      }
      if (token_is(s_, t, "from") && query_level) {
        from_list(i + 1);
        continue;
      }
      if (token_is(s_, t, "join") && query_level) {
        add_name(i + 1, TableAccess::read, std::nullopt, true);
        continue;
      }
      if (token_is(s_, t, "using") && merge_) {
        add_name(i + 1, TableAccess::read, std::nullopt, true);
        continue;
      }
      if (statement_start(i)) i = verb(i);
    }
    if (kind_.empty() && any_of(s_, t_.front(), {"select", "with"})) kind_ = "SelectStmt";
    st.kind = kind_.empty() ? "Other" : kind_;
    st.tables = std::move(tables_);
    return st;
  }

 private:
  // WITH name [(cols)] AS ( ... ): CTE names are not tables.
  void collect_ctes() {
    for (std::size_t i = 0; i + 2 < t_.size(); ++i) {
      if (!token_is(s_, t_[i], "with") && !(punct(s_, t_[i], ',') && !ctes_.empty())) continue;
      std::size_t j = i + 1;
      if (j < t_.size() && token_is(s_, t_[j], "recursive")) ++j;
      WrittenName name = read_name(s_, t_, j);
      if (name.parts.size() != 1) continue;
      std::size_t k = name.end_token;
      if (k < t_.size() && punct(s_, t_[k], '(')) {
        int depth = 0;
        for (; k < t_.size(); ++k) {
          if (punct(s_, t_[k], '(')) ++depth;
          if (punct(s_, t_[k], ')') && --depth == 0) break;
        }
        ++k;
      }
      if (k + 1 < t_.size() && token_is(s_, t_[k], "as") && punct(s_, t_[k + 1], '(')) {
        ctes_.push_back(to_lower(name.parts[0].text));
      }
    }
  }

  // Could a statement verb stand at token i?
  bool statement_start(std::size_t i) const {
    if (i == 0) return true;
    const SqlToken& prev = t_[i - 1];
    if (prev.kind == SqlTokenKind::punct) {
      char c = s_[prev.begin];
      return c == ';' || c == ')';
    }
    if (prev.kind != SqlTokenKind::word) return prev.kind == SqlTokenKind::number;  // IF x > 0 ... / labels
    return !any_of(s_, prev,
                   {"on", "key", "for", "before", "after", "of", "or", "grant", "revoke", "deny", "instead", "each",
                    "is", "and", "not", "create", "alter", "drop", "table", "into", "from", "join", "exists",
                    "select", "replace", "by", "to", "with"});
  }

  // A statement verb at token i; returns the last token it consumed.
  std::size_t verb(std::size_t i) {
    const SqlToken& t = t_[i];
    std::size_t n = i + 1;
    if (n < t_.size() && (punct(s_, t_[n], '(') || punct(s_, t_[n], ',') || token_is(s_, t_[n], "on"))) return i;
    if (token_is(s_, t, "create")) return create(n);
    if (token_is(s_, t, "alter")) {
      if (n < t_.size() && token_is(s_, t_[n], "table")) {
        std::size_t k = skip_words(n + 1, {"only", "online", "ignore"});
        k = skip_if_exists(k);
        set_kind("AlterTableStmt");
        owner_ = table_of(read_name(s_, t_, k));
        add_name(k, TableAccess::alter);
        return k;
      }
      return i;
    }
    if (token_is(s_, t, "drop")) {
      std::size_t k = skip_words(n, {"temporary", "materialized"});
      bool view = k < t_.size() && token_is(s_, t_[k], "view");
      if (k < t_.size() && (token_is(s_, t_[k], "table") || view)) {
        set_kind("DropStmt");
        name_list(skip_if_exists(k + 1), TableAccess::drop, view);
      }
      return i;
    }
    if (token_is(s_, t, "truncate")) {
      set_kind("TruncateStmt");
      name_list(skip_words(n, {"table", "only"}), TableAccess::drop, false);
      return i;
    }
    if (token_is(s_, t, "rename")) {
      // MySQL: RENAME TABLE a TO b [, c TO d]
      if (n < t_.size() && token_is(s_, t_[n], "table")) {
        set_kind("RenameStmt");
        add_name(n + 1, TableAccess::alter);
      }
      return i;
    }
    if (token_is(s_, t, "insert") || token_is(s_, t, "replace")) {
      std::size_t k = skip_words(n, {"low_priority", "delayed", "high_priority", "ignore", "into", "or", "rollback",
                                     "abort", "fail", "replace", "top"});
      set_kind("InsertStmt");
      add_name(k, TableAccess::write);
      return i;
    }
    if (token_is(s_, t, "update")) {
      std::size_t k = skip_words(n, {"low_priority", "ignore", "only", "top", "or", "rollback", "abort", "fail",
                                     "replace"});
      set_kind("UpdateStmt");
      add_name(k, TableAccess::write);
      return i;
    }
    if (token_is(s_, t, "delete")) {
      std::size_t k = skip_words(n, {"low_priority", "quick", "ignore", "top"});
      set_kind("DeleteStmt");
      if (k < t_.size() && token_is(s_, t_[k], "from")) {
        add_name(k + 1, TableAccess::write);
        return k;  // later FROM/USING items are reads
      }
      // DELETE alias FROM table ... (SQL Server, MySQL multi-table): the
      // first FROM item is the target.
      for (std::size_t j = k; j < t_.size() && j < k + 8; ++j) {
        if (token_is(s_, t_[j], "from")) {
          add_name(j + 1, TableAccess::write);
          return j;
        }
      }
      add_name(k, TableAccess::write);
      return i;
    }
    if (token_is(s_, t, "merge")) {
      set_kind("MergeStmt");
      merge_ = true;
      add_name(skip_words(n, {"into", "top"}), TableAccess::write);
      return i;
    }
    return i;
  }

  std::size_t create(std::size_t n) {
    // CREATE [OR REPLACE] [TEMPORARY] [DEFINER = user@host] ... <kind>
    std::size_t k = n;
    bool temporary = false;
    for (; k < t_.size() && k < n + 30; ++k) {
      if (punct(s_, t_[k], '(') || punct(s_, t_[k], ';')) return k;
      temporary = temporary || any_of(s_, t_[k], {"temporary", "temp"});
      if (any_of(s_, t_[k], {"table", "view", "index", "trigger", "procedure", "function", "proc", "event"})) break;
    }
    if (k >= t_.size() || k >= n + 30) return n;
    const SqlToken& what = t_[k];
    if (token_is(s_, what, "table")) {
      set_kind("CreateStmt");
      std::size_t at = skip_if_not_exists(k + 1);
      WrittenName written = read_name(s_, t_, at);
      auto name = table_of(written);
      if (name) owner_ = name;
      if (name && !temporary) push(*name, TableAccess::create, written, std::nullopt, false);
      return at;
    }
    if (token_is(s_, what, "view")) {
      set_kind("ViewStmt");
      std::size_t at = skip_if_not_exists(k + 1);
      add_name(at, TableAccess::create, std::nullopt, false, true);
      return at;
    }
    if (token_is(s_, what, "index") || token_is(s_, what, "trigger")) {
      set_kind(token_is(s_, what, "index") ? "IndexStmt" : "CreateTrigStmt");
      for (std::size_t j = k + 1; j < t_.size() && j < k + 40; ++j) {
        if (punct(s_, t_[j], '(') || punct(s_, t_[j], ';')) break;
        if (token_is(s_, t_[j], "on")) {
          add_name(j + 1, TableAccess::alter);
          return j + 1;
        }
      }
      return k;
    }
    if (any_of(s_, what, {"procedure", "function", "proc"})) set_kind("CreateFunctionStmt");
    return k;
  }

  void from_list(std::size_t k) {
    while (k < t_.size()) {
      if (punct(s_, t_[k], '(')) return;  // a subquery: its own FROM is seen later
      auto end = add_name(k, TableAccess::read, std::nullopt, true, false, true);
      if (!end) return;
      k = *end;
      // [AS] alias
      if (k < t_.size() && token_is(s_, t_[k], "as")) ++k;
      if (k < t_.size() && (t_[k].kind == SqlTokenKind::quoted_ident ||
                            (t_[k].kind == SqlTokenKind::word && !clause_word(s_, t_[k])))) {
        ++k;
      }
      if (k < t_.size() && punct(s_, t_[k], ',')) {
        ++k;
        continue;
      }
      return;
    }
  }

  void name_list(std::size_t k, TableAccess access, bool view) {
    while (k < t_.size()) {
      WrittenName written = read_name(s_, t_, k);
      auto name = table_of(written);
      if (!name) return;
      push(*name, access, written, std::nullopt, view);
      k = written.end_token;
      if (k < t_.size() && punct(s_, t_[k], ',')) {
        ++k;
        continue;
      }
      return;
    }
  }

  // Adds the name at token k; returns the token after it, nullopt when there
  // is no name there.
  std::optional<std::size_t> add_name(std::size_t k, TableAccess access, std::optional<TableName> from = std::nullopt,
                                      bool skip_ctes = false, bool view = false, bool from_item = false) {
    if (k < t_.size() && t_[k].kind == SqlTokenKind::word && clause_word(s_, t_[k]) &&
        !token_is(s_, t_[k], "table")) {
      return std::nullopt;
    }
    WrittenName written = read_name(s_, t_, k);
    auto name = table_of(written);
    if (!name) return std::nullopt;
    // name(...) after FROM is a table function, not a table.
    if (from_item && written.end_token < t_.size() && punct(s_, t_[written.end_token], '(')) return written.end_token;
    if (skip_ctes && name->schema.empty() && std::find(ctes_.begin(), ctes_.end(), name->name) != ctes_.end()) {
      return written.end_token;
    }
    push(*name, access, written, std::move(from), view);
    return written.end_token;
  }

  static std::optional<TableName> table_of(const WrittenName& written) {
    if (written.parts.empty()) return std::nullopt;
    TableName t;
    t.name = to_lower(written.parts.back().text);
    if (written.parts.size() >= 2) t.schema = to_lower(written.parts[written.parts.size() - 2].text);
    if (t.name.empty()) return std::nullopt;
    return t;
  }

  void push(const TableName& name, TableAccess access, const WrittenName& written, std::optional<TableName> from,
            bool view) {
    TableRef ref;
    ref.table = name;
    ref.access = access;
    ref.span = positions_.span(frame_.to_file(written.begin), frame_.to_file(written.end));
    ref.from_table = std::move(from);
    ref.is_view = view;
    tables_.push_back(std::move(ref));
  }

  std::size_t skip_words(std::size_t k, std::initializer_list<std::string_view> words) {
    while (k < t_.size() && (any_of(s_, t_[k], words) || (t_[k].kind == SqlTokenKind::op && s_[t_[k].begin] == '='))) {
      // DEFINER = user@host, ALGORITHM = MERGE, TOP (n)
      if (t_[k].kind == SqlTokenKind::op) {
        k += 2;
        continue;
      }
      if (token_is(s_, t_[k], "top") && k + 1 < t_.size() && punct(s_, t_[k + 1], '(')) {
        k += 2;
        while (k < t_.size() && !punct(s_, t_[k], ')')) ++k;
      }
      ++k;
    }
    return k;
  }

  std::size_t skip_if_exists(std::size_t k) const {
    if (k + 1 < t_.size() && token_is(s_, t_[k], "if") && token_is(s_, t_[k + 1], "exists")) return k + 2;
    return k;
  }
  std::size_t skip_if_not_exists(std::size_t k) const {
    if (k + 2 < t_.size() && token_is(s_, t_[k], "if") && token_is(s_, t_[k + 1], "not") &&
        token_is(s_, t_[k + 2], "exists")) {
      return k + 3;
    }
    return k;
  }

  void set_kind(const char* kind) {
    if (kind_.empty()) kind_ = kind;
  }

  std::string_view s_;
  std::span<const SqlToken> t_;
  const TextFrame& frame_;
  const SqlPositions& positions_;
  std::vector<TableRef> tables_;
  std::vector<std::string> ctes_;
  std::optional<TableName> owner_;  // the table a REFERENCES belongs to
  std::string kind_;
  bool merge_ = false;
};

}  // namespace

SqlParse scan_dialect_sql(std::string_view text, std::string_view path, std::string_view dialect,
                          std::uint32_t first_line, std::uint32_t first_column) {
  std::string clean = sanitized_copy(strip_bom(text));
  SqlPositions positions(clean, path, first_line, first_column);
  TextFrame frame;
  frame.text = clean;
  SqlParse out;
  SqlLex lex = lex_sql(clean, dialect_lex_options(dialect));
  for (const SqlChunk& chunk : split_statements(clean, lex)) {
    auto first = std::lower_bound(lex.tokens.begin(), lex.tokens.end(), chunk.begin,
                                  [](const SqlToken& t, std::uint32_t b) { return t.begin < b; });
    auto last = std::lower_bound(first, lex.tokens.end(), chunk.end,
                                 [](const SqlToken& t, std::uint32_t b) { return t.begin < b; });
    if (first == last) continue;
    std::span<const SqlToken> tokens(&*first, static_cast<std::size_t>(last - first));
    for (const SqlToken& t : tokens) {
      if (t.unterminated) {
        LineColumn at = positions.at(t.begin);
        out.problems.push_back({"unterminated quoted text", at.line, at.column});
        break;
      }
    }
    out.statements.push_back(StatementScan(clean, tokens, frame, positions).run());
  }
  if (lex.unterminated_comment) {
    LineColumn at = positions.at(lex.unterminated_comment_at);
    out.problems.push_back({"unterminated /* comment", at.line, at.column});
  }
  return out;
}

std::optional<DialectGuess> guess_sql_dialect(std::string_view text, std::uint32_t first_line) {
  SqlLexOptions options = dialect_lex_options("");  // every quoting style
  options.dollar_quotes = true;                     // and PostgreSQL's $$ bodies, skipped whole
  options.nested_comments = true;
  SqlLex lex = lex_sql(text, options);
  const auto& tokens = lex.tokens;
  struct Mark {
    std::string_view evidence;
    std::uint32_t offset = 0;
    bool seen = false;
  };
  Mark mysql, sqlserver, sqlite, use;
  auto note = [](Mark& m, std::string_view evidence, std::uint32_t offset) {
    if (!m.seen) m = {evidence, offset, true};
  };
  auto word = [&](std::size_t i, std::string_view keyword) {
    return i < tokens.size() && tokens[i].kind == SqlTokenKind::word && token_is(text, tokens[i], keyword);
  };
  auto is_op = [&](std::size_t i, std::string_view op) {
    return i < tokens.size() && (tokens[i].kind == SqlTokenKind::op || tokens[i].kind == SqlTokenKind::punct) &&
           text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin) == op;
  };
  auto alone_on_line = [&](std::size_t i) {
    std::size_t b = tokens[i].begin, e = tokens[i].end;
    std::size_t line_begin = text.rfind('\n', b == 0 ? 0 : b - 1);
    line_begin = line_begin == std::string_view::npos || b == 0 ? 0 : line_begin + 1;
    std::size_t line_end = text.find('\n', e);
    std::string_view before = trim(text.substr(line_begin, b - line_begin));
    std::string_view after = trim(text.substr(e, (line_end == std::string_view::npos ? text.size() : line_end) - e));
    return before.empty() && (after.empty() || std::all_of(after.begin(), after.end(), [](char c) {
                                return (c >= '0' && c <= '9') || c == ';';
                              }));
  };
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const SqlToken& t = tokens[i];
    if (t.kind == SqlTokenKind::quoted_ident && t.quote == '`') note(mysql, "backquoted names", t.begin);
    if (t.kind == SqlTokenKind::quoted_ident && t.quote == '[') {
      // [dbo].[Orders], not an array subscript (a[i]) or type (int[]).
      std::string_view body = text.substr(t.body_begin, t.body_end - t.body_begin);
      bool name = !body.empty() && ((body[0] >= 'A' && body[0] <= 'Z') || (body[0] >= 'a' && body[0] <= 'z') ||
                                    body[0] == '_');
      bool subscript = i > 0 && tokens[i - 1].end == t.begin &&
                       (tokens[i - 1].kind == SqlTokenKind::word || tokens[i - 1].kind == SqlTokenKind::quoted_ident ||
                        is_op(i - 1, ")") || is_op(i - 1, "]"));
      if (name && !subscript) note(sqlserver, "[bracketed] names", t.begin);
    }
    if (t.kind != SqlTokenKind::word) continue;
    if (word(i, "ENGINE") && is_op(i + 1, "=")) note(mysql, "ENGINE=", t.begin);
    else if (word(i, "AUTO_INCREMENT")) note(mysql, "AUTO_INCREMENT", t.begin);
    else if (word(i, "INSERT") && word(i + 1, "IGNORE")) note(mysql, "INSERT IGNORE", t.begin);
    // PostgreSQL's `GENERATED ... AS IDENTITY (START WITH 1)` is not SQL Server's IDENTITY(1,1).
    else if (word(i, "IDENTITY") && is_op(i + 1, "(") && !(i > 0 && word(i - 1, "AS")))
      note(sqlserver, "IDENTITY(", t.begin);
    else if (word(i, "GO") && alone_on_line(i)) note(sqlserver, "a GO line", t.begin);
    else if (word(i, "AUTOINCREMENT")) note(sqlite, "AUTOINCREMENT", t.begin);
    else if (word(i, "PRAGMA") && (i == 0 || is_op(i - 1, ";"))) note(sqlite, "PRAGMA", t.begin);
    else if (word(i, "WITHOUT") && word(i + 1, "ROWID")) note(sqlite, "WITHOUT ROWID", t.begin);
    else if (word(i, "USE") && (i == 0 || is_op(i - 1, ";")) && i + 1 < tokens.size() &&
             (tokens[i + 1].kind == SqlTokenKind::word || tokens[i + 1].kind == SqlTokenKind::quoted_ident))
      note(use, "USE of a database", t.begin);
  }
  const Mark* chosen = nullptr;
  std::string dialect;
  if (sqlserver.seen) chosen = &sqlserver, dialect = "sqlserver";
  else if (mysql.seen) chosen = &mysql, dialect = "mysql";
  else if (sqlite.seen) chosen = &sqlite, dialect = "sqlite";
  else if (use.seen) chosen = &use, dialect = "mysql";
  if (!chosen) return std::nullopt;
  DialectGuess g;
  g.dialect = std::move(dialect);
  g.evidence = std::string(chosen->evidence);
  g.line = first_line + static_cast<std::uint32_t>(std::count(text.begin(), text.begin() + chosen->offset, '\n'));
  return g;
}

std::string dialect_label(std::string_view dialect) {
  if (dialect == "mysql") return "MySQL";
  if (dialect == "mariadb") return "MariaDB";
  if (dialect == "sqlserver" || dialect == "mssql" || dialect == "tsql") return "SQL Server";
  if (dialect == "sqlite") return "SQLite";
  return std::string(dialect);
}

}  // namespace archgate
