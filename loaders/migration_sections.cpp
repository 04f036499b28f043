#include "loaders/migration_sections.h"

#include "base/text.h"
#include "loaders/sql_lexer.h"

namespace archgate {

namespace {

struct Line {
  std::size_t begin = 0;
  std::size_t end = 0;  // before "\r\n" / "\n"
  std::size_t next = 0;
  std::uint32_t number = 1;
};

// Calls f(line) for every line of text[from, to).
template <typename F>
void each_line(std::string_view text, std::size_t from, std::size_t to, std::uint32_t first_number, F&& f) {
  std::uint32_t number = first_number;
  std::size_t i = from;
  while (i < to) {
    std::size_t nl = text.find('\n', i);
    if (nl == std::string_view::npos || nl >= to) nl = to;
    Line line;
    line.begin = i;
    line.end = nl;
    if (line.end > line.begin && text[line.end - 1] == '\r') --line.end;
    line.next = nl < to ? nl + 1 : to;
    line.number = number++;
    if (!f(line)) return;
    i = line.next;
  }
}

// "--  word" -> "word" (the comment's text), nullopt when not a -- comment.
std::optional<std::string_view> dash_comment(std::string_view line) {
  std::string_view t = trim(line);
  if (t.size() < 2 || t[0] != '-' || t[1] != '-') return std::nullopt;
  return trim(t.substr(2));
}

// "migrate:up" and friends: the comment text starts with `word` followed by
// the end or a space.
bool comment_is(std::string_view line, std::string_view word) {
  auto c = dash_comment(line);
  if (!c || !starts_with_icase(*c, word)) return false;
  return c->size() == word.size() || (*c)[word.size()] == ' ' || (*c)[word.size()] == '\t';
}

}  // namespace

bool is_liquibase_formatted(std::string_view text) {
  // The header on the first line, or (as many projects leave it out) a
  // `--changeset author:id` line anywhere.
  bool found = false;
  bool first = true;
  each_line(text, 0, text.size(), 1, [&](const Line& line) {
    std::string_view t = trim(text.substr(line.begin, line.end - line.begin));
    if (t.empty()) return true;
    if (first) {
      auto c = dash_comment(t);
      found = c && starts_with_icase(*c, "liquibase formatted sql");
      first = false;
      if (found) return false;
    }
    found = comment_is(t, "changeset");
    return !found;
  });
  return found;
}

bool is_dbmate(std::string_view text) {
  bool found = false;
  each_line(text, 0, text.size(), 1, [&](const Line& line) {
    found = comment_is(text.substr(line.begin, line.end - line.begin), "migrate:up");
    return !found;
  });
  return found;
}

DbmateSections dbmate_sections(std::string_view text) {
  DbmateSections s;
  enum { before, up, down } state = before;
  each_line(text, 0, text.size(), 1, [&](const Line& line) {
    std::string_view l = text.substr(line.begin, line.end - line.begin);
    if (comment_is(l, "migrate:up")) {
      if (state == down && s.down) s.down->end = line.begin;
      state = up;
      s.up = {line.next, text.size(), line.number + 1};
      return true;
    }
    if (comment_is(l, "migrate:down")) {
      if (state == up) s.up.end = line.begin;
      state = down;
      s.down = TextSection{line.next, text.size(), line.number + 1};
      return true;
    }
    return true;
  });
  if (state == before) s.up = {0, text.size(), 1};
  return s;
}

LiquibaseFile liquibase_changesets(std::string_view text) {
  LiquibaseFile file;
  file.header = {0, text.size(), 1};
  bool in_rollback_block = false;
  each_line(text, 0, text.size(), 1, [&](const Line& line) {
    std::string_view l = trim(text.substr(line.begin, line.end - line.begin));
    if (comment_is(l, "changeset")) {
      std::string_view rest = trim(dash_comment(l)->substr(9));
      std::size_t space = rest.find_first_of(" \t");
      std::string_view ident = rest.substr(0, space);
      std::string_view attributes = space == std::string_view::npos ? std::string_view() : rest.substr(space);
      Changeset c;
      std::size_t colon = ident.find(':');
      if (colon == std::string_view::npos) {
        c.id = std::string(ident);
      } else {
        c.author = std::string(ident.substr(0, colon));
        c.id = std::string(ident.substr(colon + 1));
      }
      std::string attrs = to_lower(attributes);
      c.repeatable = attrs.find("runalways:true") != std::string::npos ||
                     attrs.find("runonchange:true") != std::string::npos;
      c.line = line.number;
      c.body = {line.begin, text.size(), line.number};
      if (file.changesets.empty()) {
        file.header.end = line.begin;
      } else {
        file.changesets.back().body.end = line.begin;
      }
      file.changesets.push_back(std::move(c));
      in_rollback_block = false;
      return true;
    }
    if (file.changesets.empty()) return true;
    Changeset& c = file.changesets.back();
    if (in_rollback_block) {
      if (l.find("*/") != std::string_view::npos) in_rollback_block = false;
      return true;
    }
    if (auto comment = dash_comment(l); comment && starts_with_icase(*comment, "rollback") &&
                                        comment->size() > 8 && (*comment)[8] != ':' &&
                                        !trim(comment->substr(8)).empty()) {
      c.has_rollback = true;
      return true;
    }
    if (starts_with_icase(l, "/*")) {
      std::string_view inner = trim(l.substr(2));
      if (starts_with_icase(inner, "liquibase rollback")) {
        c.has_rollback = true;
        in_rollback_block = l.find("*/") == std::string_view::npos;
      }
    }
    return true;
  });
  return file;
}

std::optional<Span> find_rollback_note(std::string_view text, const TextSection& section, std::string_view path,
                                       bool hash_comments) {
  std::optional<Span> note;
  each_line(text, section.begin, section.end, section.line, [&](const Line& line) {
    std::string_view l = text.substr(line.begin, line.end - line.begin);
    std::size_t indent = l.find_first_not_of(" \t");
    if (indent == std::string_view::npos) return true;
    std::string_view t = l.substr(indent);
    std::string_view body;
    if (t.substr(0, 2) == "--") {
      body = trim(t.substr(2));
    } else if (hash_comments && t[0] == '#') {
      body = trim(t.substr(1));
    } else {
      return true;
    }
    if (!starts_with_icase(body, "rollback")) return true;
    std::string_view after = trim(body.substr(8));
    if (after.empty() || after[0] != ':' || trim(after.substr(1)).empty()) return true;
    Span s;
    s.path = std::string(path);
    s.line = line.number;
    s.column = code_points(l.substr(0, indent)) + 1;
    s.end_line = line.number;
    s.end_column = s.column + code_points(trim(t));
    note = s;
    return false;
  });
  return note;
}

bool has_sql(std::string_view text) {
  SqlLexOptions options = postgres_lex_options();
  options.hash_comments = false;
  return !lex_sql(text, options).tokens.empty();
}

}  // namespace archgate
