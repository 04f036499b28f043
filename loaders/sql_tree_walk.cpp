#include "loaders/sql_tree_walk.h"

#include <algorithm>
#include <optional>

#include "base/text.h"
#include "loaders/sql_lexer.h"

namespace archgate {

namespace {

using json = PgJson;

// Deeper trees than this are not walked further (the input was bounded before
// parsing, so this only guards the walker's own stack).
constexpr int kMaxWalkDepth = 6000;

const json* member(const json& object, const char* key) {
  return object.member(key);
}

std::string string_member(const json& object, const char* key) {
  const json* v = member(object, key);
  return v && v->is_string() ? v->get<std::string>() : std::string();
}

std::optional<std::uint32_t> location_of(const json& object) {
  const json* v = member(object, "location");
  if (!v || !v->is_number_integer()) return std::nullopt;
  auto n = v->get<std::int64_t>();
  if (n < 0) return std::nullopt;
  return static_cast<std::uint32_t>(n);
}

// A RangeVar either wrapped ({"RangeVar": {...}}) or typed in place.
const json* as_range_var(const json& v) {
  if (const json* rv = member(v, "RangeVar")) return rv;
  if (member(v, "relname")) return &v;
  return nullptr;
}

// The strings of a List node ({"List": {"items": [{"String": {"sval": ..}}]}})
// or of a plain array of String nodes.
std::vector<std::string> string_list(const json& v) {
  const json* items = &v;
  if (const json* list = member(v, "List")) items = member(*list, "items");
  std::vector<std::string> out;
  if (!items || !items->is_array()) return out;
  for (const auto& item : *items) {
    const json* s = member(item, "String");
    if (!s) return {};
    out.push_back(string_member(*s, "sval"));
  }
  return out;
}

class Walker {
 public:
  Walker(const TextFrame& frame, const SqlPositions& positions) : frame_(frame), positions_(positions) {}

  TreeWalk run(const json& stmt) {
    if (stmt.is_object() && !stmt.empty()) {
      const auto& first = stmt.items().front();
      statement(first.key(), first.value());
    }
    return std::move(out_);
  }

 private:
  // ---- statements -------------------------------------------------------

  void statement(std::string_view kind, const json& n) {
    if (kind == "CreateStmt") return create_table(n);
    if (kind == "AlterTableStmt") return alter_table(n);
    if (kind == "RenameStmt") return rename(n);
    if (kind == "AlterObjectSchemaStmt") return set_schema(n);
    if (kind == "DropStmt") return drop(n);
    if (kind == "TruncateStmt") {
      if (const json* rels = member(n, "relations")) each_range_var(*rels, TableAccess::drop);
      return;
    }
    if (kind == "IndexStmt") return typed_range_var(n, "relation", TableAccess::alter);
    if (kind == "CommentStmt") return comment(n);
    if (kind == "GrantStmt") return grant(n);
    if (kind == "ViewStmt") {
      typed_range_var(n, "view", TableAccess::create, true);
      if (const json* q = member(n, "query")) descend(*q, 0);
      return;
    }
    if (kind == "CreateTableAsStmt") return create_table_as(n);
    if (kind == "CreateFunctionStmt") return create_function(n);
    if (kind == "DoStmt") return do_block(n);
    if (kind == "CreateTrigStmt") return typed_range_var(n, "relation", TableAccess::alter);
    if (kind == "RuleStmt") {
      typed_range_var(n, "relation", TableAccess::alter);
      if (const json* a = member(n, "actions")) descend(*a, 0);
      return;
    }
    if (kind == "CreatePolicyStmt" || kind == "AlterPolicyStmt") {
      typed_range_var(n, "table", TableAccess::alter);
      if (const json* q = member(n, "qual")) descend(*q, 0);
      if (const json* q = member(n, "with_check")) descend(*q, 0);
      return;
    }
    if (kind == "CopyStmt") {
      const json* from = member(n, "is_from");
      bool is_from = from && from->is_boolean() && from->get<bool>();
      typed_range_var(n, "relation", is_from ? TableAccess::write : TableAccess::read);
      if (const json* q = member(n, "query")) descend(*q, 0);
      return;
    }
    if (kind == "SelectStmt" || kind == "InsertStmt" || kind == "UpdateStmt" || kind == "DeleteStmt" ||
        kind == "MergeStmt") {
      return query_node(kind, n, 0);
    }
    if (kind == "CreateSchemaStmt") {
      // CREATE SCHEMA s CREATE TABLE t ... (names in it are unqualified).
      if (const json* elts = member(n, "schemaElts"); elts && elts->is_array()) {
        for (const auto& e : *elts) {
          if (e.is_object() && !e.empty() && e.items().front().key() != "CreateSchemaStmt")
            statement(e.items().front().key(), e.items().front().value());
        }
      }
      return;
    }
    if (kind == "ExplainStmt" || kind == "PrepareStmt" || kind == "DeclareCursorStmt") {
      if (const json* q = member(n, "query")) descend(*q, 0);
    }
    // Everything else (sequences, types, roles, transactions ...) names no table.
  }

  void create_table(const json& n) {
    const json* rel = member(n, "relation");
    if (!rel) return;
    auto table = table_name(*rel);
    if (!temporary(*rel)) add(*rel, TableAccess::create);
    if (const json* elts = member(n, "tableElts")) constraints(*elts, table, 0);
    if (const json* parents = member(n, "inhRelations")) {
      // PARTITION OF attaches to the parent; INHERITS only reads its shape.
      each_range_var(*parents, member(n, "partbound") ? TableAccess::alter : TableAccess::read);
    }
  }

  void alter_table(const json& n) {
    std::string objtype = string_member(n, "objtype");
    bool view = objtype == "OBJECT_VIEW" || objtype == "OBJECT_MATVIEW";
    if (!(objtype.empty() || objtype == "OBJECT_TABLE" || objtype == "OBJECT_FOREIGN_TABLE" || view)) return;
    const json* rel = member(n, "relation");
    if (!rel) return;
    add(*rel, TableAccess::alter, std::nullopt, view);
    if (const json* cmds = member(n, "cmds")) constraints(*cmds, table_name(*rel), 0);
  }

  void rename(const json& n) {
    std::string type = string_member(n, "renameType");
    bool view = type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW";
    if (type == "OBJECT_COLUMN") {
      std::string rt = string_member(n, "relationType");
      view = rt == "OBJECT_VIEW" || rt == "OBJECT_MATVIEW";
      if (!(rt == "OBJECT_TABLE" || rt == "OBJECT_FOREIGN_TABLE" || view)) return;
    } else if (!(type == "OBJECT_TABLE" || type == "OBJECT_FOREIGN_TABLE" || view || type == "OBJECT_TABCONSTRAINT" ||
                 type == "OBJECT_TRIGGER" || type == "OBJECT_POLICY" || type == "OBJECT_RULE")) {
      return;
    }
    typed_range_var(n, "relation", TableAccess::alter, view);
  }

  void set_schema(const json& n) {
    std::string type = string_member(n, "objectType");
    bool view = type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW";
    if (type == "OBJECT_TABLE" || type == "OBJECT_FOREIGN_TABLE" || view) {
      typed_range_var(n, "relation", TableAccess::alter, view);
    }
  }

  void drop(const json& n) {
    std::string type = string_member(n, "removeType");
    bool view = type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW";
    bool table = type == "OBJECT_TABLE" || type == "OBJECT_FOREIGN_TABLE" || view;
    bool on_table = type == "OBJECT_TRIGGER" || type == "OBJECT_POLICY" || type == "OBJECT_RULE";
    if (!table && !on_table) return;
    const json* objects = member(n, "objects");
    if (!objects || !objects->is_array()) return;
    const auto& tokens = lexed();
    // The names follow DROP ... TABLE|VIEW [IF EXISTS], or, for triggers,
    // policies and rules, DROP TRIGGER name ON table.
    std::size_t i = 0;
    if (table) {
      while (i < tokens.size() && !token_is(frame_.text, tokens[i], "table") && !token_is(frame_.text, tokens[i], "view")) ++i;
    } else {
      while (i < tokens.size() && !token_is(frame_.text, tokens[i], "on")) ++i;
    }
    ++i;
    if (i + 1 < tokens.size() && token_is(frame_.text, tokens[i], "if") && token_is(frame_.text, tokens[i + 1], "exists")) i += 2;
    for (const auto& object : *objects) {
      auto parts = string_list(object);
      if (on_table && !parts.empty()) parts.pop_back();  // the trigger's own name
      auto table_name = from_parts(parts);
      if (!table_name) continue;
      WrittenName written = read_name(frame_.text, tokens, i);
      std::uint32_t begin = written.parts.empty() ? statement_begin() : written.begin;
      std::uint32_t end = written.parts.empty() ? begin : written.end;
      push(*table_name, table ? TableAccess::drop : TableAccess::alter, begin, end, std::nullopt, view);
      if (on_table) break;
      i = written.end_token;
      if (i < tokens.size() && tokens[i].kind == SqlTokenKind::punct && frame_.text[tokens[i].begin] == ',') ++i;
    }
  }

  void comment(const json& n) {
    std::string type = string_member(n, "objtype");
    bool view = type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW";
    bool whole = type == "OBJECT_TABLE" || type == "OBJECT_FOREIGN_TABLE" || view;
    bool column = type == "OBJECT_COLUMN";
    bool on_table = type == "OBJECT_TABCONSTRAINT" || type == "OBJECT_TRIGGER" || type == "OBJECT_POLICY" ||
                    type == "OBJECT_RULE";
    if (!whole && !column && !on_table) return;
    const json* object = member(n, "object");
    if (!object) return;
    auto parts = string_list(*object);
    if ((column || on_table) && !parts.empty()) parts.pop_back();
    auto name = from_parts(parts);
    if (!name) return;
    const auto& tokens = lexed();
    // COMMENT ON <kind words> name  |  COMMENT ON CONSTRAINT c ON name
    std::size_t i = 0;
    int ons = 0;
    while (i < tokens.size()) {
      if (token_is(frame_.text, tokens[i], "on") && ++ons == (on_table ? 2 : 1)) break;
      ++i;
    }
    ++i;
    if (!on_table) {
      // Skip the object kind: TABLE, FOREIGN TABLE, MATERIALIZED VIEW, COLUMN.
      while (i < tokens.size() && (token_is(frame_.text, tokens[i], "table") || token_is(frame_.text, tokens[i], "foreign") ||
                                   token_is(frame_.text, tokens[i], "materialized") || token_is(frame_.text, tokens[i], "view") ||
                                   token_is(frame_.text, tokens[i], "column"))) {
        // A table may itself be called "table": stop when a name follows no kind word.
        if (i + 1 < tokens.size() && tokens[i + 1].kind == SqlTokenKind::punct) break;
        ++i;
      }
    }
    WrittenName written = read_name(frame_.text, tokens, i);
    std::uint32_t begin = statement_begin();
    std::uint32_t end = begin;
    if (!written.parts.empty()) {
      begin = written.begin;
      std::size_t used = column && written.parts.size() > 1 ? written.parts.size() - 1 : written.parts.size();
      end = written.parts[used - 1].end;
    }
    push(*name, TableAccess::alter, begin, end, std::nullopt, view);
  }

  void grant(const json& n) {
    if (string_member(n, "targtype") != "ACL_TARGET_OBJECT") return;
    std::string type = string_member(n, "objtype");
    if (type != "OBJECT_TABLE" && type != "OBJECT_FOREIGN_TABLE") return;
    if (const json* objects = member(n, "objects")) each_range_var(*objects, TableAccess::alter);
  }

  void create_table_as(const json& n) {
    bool view = string_member(n, "objtype") == "OBJECT_MATVIEW";
    if (const json* into = member(n, "into")) {
      if (const json* rel = member(*into, "rel"); rel && !temporary(*rel)) add(*rel, TableAccess::create, std::nullopt, view);
    }
    if (const json* q = member(n, "query")) descend(*q, 0);
  }

  void create_function(const json& n) {
    std::string language;
    const json* as = nullptr;
    if (const json* options = member(n, "options"); options && options->is_array()) {
      for (const auto& o : *options) {
        const json* d = member(o, "DefElem");
        if (!d) continue;
        std::string name = string_member(*d, "defname");
        if (name == "language") {
          if (const json* arg = member(*d, "arg")) {
            if (const json* s = member(*arg, "String")) language = to_lower(string_member(*s, "sval"));
          }
        } else if (name == "as") {
          as = d;
        }
      }
    }
    // SQL-standard bodies (BEGIN ATOMIC ... END, RETURN expr) are parsed in place.
    if (const json* body = member(n, "sql_body")) descend(*body, 0);
    if (!as) return;
    const json* arg = member(*as, "arg");
    if (!arg) return;
    auto strings = string_list(*arg);
    if (strings.size() != 1) return;  // C functions: AS 'file', 'symbol'
    if (language.empty()) language = "sql";
    routine_body(language, strings[0], location_of(*as).value_or(0));
  }

  void do_block(const json& n) {
    std::string language = "plpgsql";
    const json* as = nullptr;
    if (const json* args = member(n, "args"); args && args->is_array()) {
      for (const auto& a : *args) {
        const json* d = member(a, "DefElem");
        if (!d) continue;
        std::string name = string_member(*d, "defname");
        const json* arg = member(*d, "arg");
        const json* s = arg ? member(*arg, "String") : nullptr;
        if (name == "language" && s) language = to_lower(string_member(*s, "sval"));
        if (name == "as" && s) as = d;
      }
    }
    if (!as) return;
    const json* s = member(*member(*as, "arg"), "String");
    routine_body(language, string_member(*s, "sval"), location_of(*as).value_or(0));
  }

  // The body's string literal is the first string token at or after `from`.
  void routine_body(const std::string& language, const std::string& value, std::uint32_t from) {
    const auto& tokens = lexed();
    RoutineBody body;
    body.language = language;
    for (const auto& t : tokens) {
      if (t.begin < from || t.kind != SqlTokenKind::string) continue;
      DecodedString decoded = decode_string(frame_.text, t);
      body.value = value;
      if (decoded.value == value) {
        for (auto o : decoded.offsets) body.file_map.push_back(frame_.to_file(o));
      } else {
        // Escapes this adapter does not undo: every position falls on the literal.
        body.file_map.assign(value.size() + 1, frame_.to_file(t.begin));
      }
      out_.bodies.push_back(std::move(body));
      return;
    }
  }

  // Foreign keys (and LIKE sources) below a CREATE TABLE's elements or an
  // ALTER TABLE's commands.
  void constraints(const json& v, const std::optional<TableName>& owner, int depth) {
    if (depth > 64) return;
    if (v.is_array()) {
      for (const auto& item : v) constraints(item, owner, depth + 1);
      return;
    }
    if (!v.is_object()) return;
    for (const auto& [key, child] : v.items()) {
      if (key == "Constraint") {
        if (string_member(child, "contype") == "CONSTR_FOREIGN") {
          if (const json* pk = member(child, "pktable")) {
            if (const json* rv = as_range_var(*pk)) add(*rv, TableAccess::references, owner);
          }
        }
        continue;
      }
      if (key == "TableLikeClause") {
        typed_range_var(child, "relation", TableAccess::read);
        continue;
      }
      if (key == "PartitionCmd") {
        typed_range_var(child, "name", TableAccess::alter);
        continue;
      }
      constraints(child, owner, depth + 1);
    }
  }

  // ---- queries ----------------------------------------------------------

  // Any subtree of a query: FROM items are reads; nested statements (data
  // modifying CTEs, sub-selects) are handled by kind.
  void descend(const json& v, int depth) {
    if (depth > kMaxWalkDepth) return;
    if (v.is_array()) {
      for (const auto& item : v) descend(item, depth + 1);
      return;
    }
    if (!v.is_object()) return;
    for (const auto& [key, child] : v.items()) {
      if (key == "RangeVar") {
        read(child);
      } else if (key == "SelectStmt" || key == "InsertStmt" || key == "UpdateStmt" || key == "DeleteStmt" ||
                 key == "MergeStmt") {
        query_node(key, child, depth + 1);
      } else if (key == "lockingClause") {
        // FOR UPDATE OF <alias>: names of FROM items, not tables.
      } else if (child.is_object() || child.is_array()) {
        descend(child, depth + 1);
      }
    }
  }

  void query_node(std::string_view kind, const json& n, int depth) {
    std::size_t mark = ctes_.size();
    if (const json* with = member(n, "withClause")) with_clause(*with, depth);
    if (kind == "SelectStmt") {
      if (const json* into = member(n, "intoClause")) {
        if (const json* rel = member(*into, "rel"); rel && !temporary(*rel)) add(*rel, TableAccess::create);
      }
      for (const char* key : {"larg", "rarg"}) {
        if (const json* side = member(n, key)) query_node("SelectStmt", *side, depth + 1);
      }
    } else {
      typed_range_var(n, "relation", TableAccess::write);
    }
    for (const auto& [key, child] : n.items()) {
      if (key == "withClause" || key == "intoClause" || key == "relation" || key == "larg" || key == "rarg" ||
          key == "lockingClause") {
        continue;
      }
      descend(child, depth + 1);
    }
    ctes_.resize(mark);
  }

  void with_clause(const json& with, int depth) {
    const json* ctes = member(with, "ctes");
    if (!ctes || !ctes->is_array()) return;
    const json* rec = member(with, "recursive");
    bool recursive = rec && rec->is_boolean() && rec->get<bool>();
    if (recursive) {
      for (const auto& c : *ctes) {
        if (const json* cte = member(c, "CommonTableExpr")) ctes_.push_back(string_member(*cte, "ctename"));
      }
    }
    for (const auto& c : *ctes) {
      const json* cte = member(c, "CommonTableExpr");
      if (!cte) continue;
      if (const json* q = member(*cte, "ctequery")) descend(*q, depth + 1);
      if (!recursive) ctes_.push_back(string_member(*cte, "ctename"));
    }
  }

  void read(const json& rv) {
    if (!member(rv, "schemaname")) {
      std::string name = string_member(rv, "relname");
      if (std::find(ctes_.begin(), ctes_.end(), name) != ctes_.end()) return;
    }
    add(rv, TableAccess::read);
  }

  // ---- table references -------------------------------------------------

  void typed_range_var(const json& n, const char* key, TableAccess access, bool view = false) {
    const json* v = member(n, key);
    if (!v) return;
    const json* rv = as_range_var(*v);
    if (!rv || (access == TableAccess::create && temporary(*rv))) return;
    add(*rv, access, std::nullopt, view);
  }

  void each_range_var(const json& list, TableAccess access) {
    if (!list.is_array()) return;
    for (const auto& item : list) {
      if (const json* rv = as_range_var(item)) add(*rv, access);
    }
  }

  static bool temporary(const json& rv) { return string_member(rv, "relpersistence") == "t"; }

  static std::optional<TableName> table_name(const json& rv) {
    TableName t;
    t.schema = string_member(rv, "schemaname");
    t.name = string_member(rv, "relname");
    if (t.name.empty()) return std::nullopt;
    return t;
  }

  static std::optional<TableName> from_parts(const std::vector<std::string>& parts) {
    if (parts.empty() || parts.back().empty()) return std::nullopt;
    TableName t;
    t.name = parts.back();
    if (parts.size() >= 2) t.schema = parts[parts.size() - 2];
    return t;
  }

  void add(const json& rv, TableAccess access, std::optional<TableName> from = std::nullopt, bool view = false) {
    auto name = table_name(rv);
    if (!name) return;
    std::uint32_t begin = statement_begin();
    std::uint32_t end = begin;
    if (auto loc = location_of(rv); loc && *loc < frame_.text.size()) {
      begin = *loc;
      end = name_end(*loc);
    }
    push(*name, access, begin, end, std::move(from), view);
  }

  void push(TableName name, TableAccess access, std::uint32_t begin, std::uint32_t end,
            std::optional<TableName> from, bool view) {
    TableRef ref;
    ref.table = std::move(name);
    ref.access = access;
    ref.span = positions_.span(frame_.to_file(begin), frame_.to_file(end));
    ref.from_table = std::move(from);
    ref.is_view = view;
    out_.tables.push_back(std::move(ref));
  }

  // End (frame offset) of the qualified name written at `begin`.
  std::uint32_t name_end(std::uint32_t begin) {
    const auto& tokens = lexed();
    auto it = std::lower_bound(tokens.begin(), tokens.end(), begin,
                               [](const SqlToken& t, std::uint32_t b) { return t.begin < b; });
    if (it == tokens.end() || it->begin != begin) return begin;
    WrittenName written = read_name(frame_.text, tokens, static_cast<std::size_t>(it - tokens.begin()));
    return written.parts.empty() ? begin : written.end;
  }

  std::uint32_t statement_begin() {
    const auto& tokens = lexed();
    return tokens.empty() ? 0 : tokens.front().begin;
  }

  const std::vector<SqlToken>& lexed() {
    if (!lexed_) {
      lex_ = lex_sql(frame_.text, postgres_lex_options()).tokens;
      lexed_ = true;
    }
    return lex_;
  }

  const TextFrame& frame_;
  const SqlPositions& positions_;
  std::vector<std::string> ctes_;  // CTE names in scope
  std::vector<SqlToken> lex_;
  bool lexed_ = false;
  TreeWalk out_;
};

}  // namespace

bool kind_may_name_tables(std::string_view kind) {
  for (std::string_view k :
       {"CreateStmt", "AlterTableStmt", "RenameStmt", "AlterObjectSchemaStmt", "DropStmt", "TruncateStmt", "IndexStmt",
        "CommentStmt", "GrantStmt", "ViewStmt", "CreateTableAsStmt", "CreateFunctionStmt", "DoStmt", "CreateTrigStmt",
        "RuleStmt", "CreatePolicyStmt", "AlterPolicyStmt", "CopyStmt", "SelectStmt", "InsertStmt", "UpdateStmt",
        "DeleteStmt", "MergeStmt", "ExplainStmt", "PrepareStmt", "DeclareCursorStmt", "CreateSchemaStmt"}) {
    if (kind == k) return true;
  }
  return false;
}

std::string statement_kind(const PgJson& stmt) {
  if (!stmt.is_object() || stmt.empty()) return {};
  return std::string(stmt.items().front().key());
}

TreeWalk walk_statement(const PgJson& stmt, const TextFrame& frame, const SqlPositions& positions) {
  return Walker(frame, positions).run(stmt);
}

}  // namespace archgate
