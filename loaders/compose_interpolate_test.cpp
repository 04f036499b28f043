#include <catch2/catch.hpp>

#include "loaders/compose_interpolate.h"

using archgate::interpolate;
using archgate::parse_dotenv;
using archgate::Variables;

namespace {

std::string expand(std::string_view text, const Variables& vars = {{"SET", "v"}, {"EMPTY", ""}}) {
  auto r = interpolate(text, vars);
  INFO(text);
  REQUIRE(r.problems.empty());
  return r.text;
}

}  // namespace

TEST_CASE("interpolation: plain and braced variables") {
  CHECK(expand("a-${SET}-b") == "a-v-b");
  CHECK(expand("$SET/x") == "v/x");
  CHECK(expand("${UNSET}") == "");
  CHECK(expand("$UNSET.") == ".");
  CHECK(expand("no variables") == "no variables");
}

TEST_CASE("interpolation: defaults with and without colon") {
  CHECK(expand("${UNSET:-d}") == "d");
  CHECK(expand("${EMPTY:-d}") == "d");
  CHECK(expand("${SET:-d}") == "v");
  CHECK(expand("${UNSET-d}") == "d");
  CHECK(expand("${EMPTY-d}") == "");
  CHECK(expand("${UNSET:-${SET}}") == "v");  // nested
  CHECK(expand("${UNSET:-postgres://db:5432/x}") == "postgres://db:5432/x");
}

TEST_CASE("interpolation: alternatives") {
  CHECK(expand("${SET:+alt}") == "alt");
  CHECK(expand("${EMPTY:+alt}") == "");
  CHECK(expand("${EMPTY+alt}") == "alt");
  CHECK(expand("${UNSET+alt}") == "");
}

TEST_CASE("interpolation: $$ escapes a dollar") {
  CHECK(expand("$$HOME") == "$HOME");
  CHECK(expand("a$$") == "a$");
  CHECK(expand("price $5 and trailing $") == "price $5 and trailing $");
}

TEST_CASE("interpolation: required variables report what is missing") {
  auto missing = interpolate("${DB_PASSWORD:?set it in .env}", {});
  REQUIRE(missing.problems.size() == 1);
  CHECK(missing.problems[0].message == "required variable DB_PASSWORD is not set: set it in .env");
  CHECK(missing.problems[0].unset_variable == "DB_PASSWORD");
  CHECK(interpolate("${A:-${B:?}}", {}).problems.at(0).unset_variable == "B");
  CHECK(interpolate("${A", {}).problems.at(0).unset_variable.empty());
  CHECK(missing.text.empty());

  auto empty = interpolate("${E:?}", {{"E", ""}});
  REQUIRE(empty.problems.size() == 1);
  CHECK(empty.problems[0].message == "required variable E is empty");

  auto without_colon = interpolate("${E?must}", {{"E", ""}});
  CHECK(without_colon.problems.empty());

  auto unset = interpolate("${U?must}", {});
  REQUIRE(unset.problems.size() == 1);
  CHECK(unset.problems[0].message == "required variable U is not set: must");

  CHECK(interpolate("${SET:?x}", {{"SET", "v"}}).text == "v");
}

TEST_CASE("interpolation: malformed templates are reported and kept") {
  auto open = interpolate("x${NAME", {});
  REQUIRE(open.problems.size() == 1);
  CHECK(open.text == "x${NAME");
  auto bad = interpolate("${1X}", {});
  REQUIRE(bad.problems.size() == 1);
}

TEST_CASE("dotenv: quotes, comments, export and expansion") {
  auto env = parse_dotenv(
      "# comment\n"
      "\n"
      "export HOST=db.internal\n"
      "PORT=5432 # inline comment\n"
      "URL=postgres://${HOST}:${PORT}/app\n"
      "LITERAL='${HOST} stays'\n"
      "QUOTED=\"a # not a comment\\nnext\"\n"
      "MULTI=\"line1\n"
      "line2\"\n"
      "COLON: yes\n"
      "EMPTY=\n"
      "  INDENTED=1\r\n");
  REQUIRE(env.problems.empty());
  auto vars = env.variables();
  CHECK(vars["HOST"] == "db.internal");
  CHECK(vars["PORT"] == "5432");
  CHECK(vars["URL"] == "postgres://db.internal:5432/app");
  CHECK(vars["LITERAL"] == "${HOST} stays");
  CHECK(vars["QUOTED"] == "a # not a comment\nnext");
  CHECK(vars["MULTI"] == "line1\nline2");
  CHECK(vars["COLON"] == "yes");
  CHECK(vars["EMPTY"].empty());
  CHECK(vars["INDENTED"] == "1");
  REQUIRE(env.entries.size() == 9);
  CHECK(env.entries[0].name == "HOST");
  CHECK(env.entries[0].line == 3);
  CHECK(env.entries[0].column == 8);
  CHECK(env.entries[8].line == 12);
  CHECK(env.entries[8].column == 3);
}

TEST_CASE("dotenv: bare keys come from outer variables, problems have lines") {
  auto env = parse_dotenv("FROM_OUTER\nNOPE\nBAD LINE\nX=\"open\n", {{"FROM_OUTER", "o"}});
  auto vars = env.variables();
  CHECK(vars["FROM_OUTER"] == "o");
  CHECK(vars.count("NOPE") == 0);
  REQUIRE(env.problems.size() == 2);
  CHECK(env.problems[0].line == 3);
  CHECK(env.problems[1].line == 4);
  CHECK(env.problems[1].message.find("unterminated") != std::string::npos);
}
