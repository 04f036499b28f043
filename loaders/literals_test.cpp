#include <catch2/catch.hpp>

#include <string>

#include "loaders/source_lexer.h"
#include "loaders/source_scan.h"

using archgate::extract_literals;
using archgate::StringLiteral;

namespace {

std::vector<std::string> values(std::string_view language, std::string_view text) {
  std::vector<std::string> out;
  for (auto& l : extract_literals(language, text)) out.push_back(l.value);
  return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("JS/TS literals: quotes, escapes, templates, comments, regex", "[source][literals]") {
  std::string code =
      "// 'not a literal'\n"
      "/* \"nor this\" */\n"
      "const a = 'it\\'s';\n"
      "const b = \"tab\\there\\u0041\";\n"
      "const c = `/inventory/${sku}/reserve?x=${fn({a: 1})}`;\n"
      "const re = /\"quoted\"/g; const d = x / 2 / y; const e = 'after';\n";
  auto lits = extract_literals("js", code);
  REQUIRE(lits.size() == 4);
  CHECK(lits[0].value == "it's");
  CHECK(lits[0].line == 3);
  CHECK(lits[0].column == 11);
  CHECK(lits[0].value_column == 12);
  CHECK(lits[1].value == "tab\thereA");
  CHECK_FALSE(lits[1].is_template);
  CHECK(lits[2].value == "/inventory/${sku}/reserve?x=${fn({a: 1})}");
  CHECK(lits[2].is_template);
  CHECK(lits[2].line == 5);
  CHECK(lits[2].column == 11);
  CHECK(lits[3].value == "after");

  // A multi-line template: value position is the character after the backtick.
  auto multi = extract_literals("ts", "let q = `\n  SELECT 1\n`;\n");
  REQUIRE(multi.size() == 1);
  CHECK(multi[0].value == "\n  SELECT 1\n");
  CHECK(multi[0].value_line == 1);
  CHECK(multi[0].value_column == 10);
}

TEST_CASE("JS: unterminated strings end at the line, JSX apostrophes do not swallow the file", "[source][literals]") {
  CHECK(values("js", "const s = 'oops\nconst t = \"fine\";\n") == V{"fine"});
  CHECK(values("js", "return <p>Don't worry</p>;\nconst u = 'ok';\n") == V{"ok"});
  CHECK(values("js", "let t = `never closed ${x") == V{});
}

TEST_CASE("Python literals: prefixes, triple quotes, f-strings, comments", "[source][literals]") {
  std::string code =
      "# 'comment'\n"
      "a = 'single'\n"
      "b = r\"raw\\d+\"\n"
      "c = b'bytes\\n'\n"
      "d = f\"order {order['id']} total {{x}}\"\n"
      "e = '''triple\n'quoted' '''\n"
      "f = \"\"\"doc\"\"\"\n"
      "g = Rb'\\x41'\n"
      "h = 'a' 'b'\n";
  auto lits = extract_literals("python", code);
  REQUIRE(lits.size() == 9);
  CHECK(lits[0].value == "single");
  CHECK(lits[1].value == "raw\\d+");
  CHECK(lits[2].value == "bytes\n");
  CHECK(lits[3].value == "order {order['id']} total {x}");
  CHECK(lits[3].is_template);
  CHECK(lits[3].line == 5);
  CHECK(lits[3].column == 6);  // the quote after the f prefix
  CHECK(lits[4].value == "triple\n'quoted' ");
  CHECK(lits[4].value_line == 6);
  CHECK(lits[4].value_column == 8);
  CHECK(lits[5].value == "doc");
  CHECK(lits[6].value == "\\x41");
  CHECK(lits[7].value == "a");
  CHECK(lits[8].value == "b");
  // Unknown escapes keep their backslash in Python.
  CHECK(values("python", "x = '\\d'") == V{"\\d"});
}

TEST_CASE("Java literals: strings, char literals, text blocks", "[source][literals]") {
  std::string code =
      "class A {\n"
      "  char c = '\"';\n"
      "  String s = \"a\\\"b\"; // \"comment\"\n"
      "  String q = \"\"\"\n"
      "      SELECT id\n"
      "        FROM orders\n"
      "      \"\"\";\n"
      "}\n";
  auto lits = extract_literals("java", code);
  REQUIRE(lits.size() == 2);
  CHECK(lits[0].value == "a\"b");
  CHECK(lits[0].line == 3);
  CHECK(lits[0].column == 14);
  CHECK(lits[1].value == "SELECT id\n  FROM orders\n");
  CHECK(lits[1].line == 4);
  CHECK(lits[1].column == 14);
  CHECK(lits[1].value_line == 5);
  CHECK(lits[1].value_column == 7);  // after the stripped indentation
}

TEST_CASE("Kotlin and Scala literals: templates and raw strings", "[source][literals]") {
  std::string kt =
      "val a = \"id=$id and ${order.total}\"\n"
      "val b = \"\"\"raw \\n ${x}\"\"\"\"\n"
      "val c = 'x'\n"
      "/* outer /* nested */ still comment \"no\" */\n"
      "val d = \"plain\"\n";
  auto lits = extract_literals("kotlin", kt);
  REQUIRE(lits.size() == 3);
  CHECK(lits[0].value == "id=$id and ${order.total}");
  CHECK(lits[0].is_template);
  CHECK(lits[1].value == "raw \\n ${x}\"");
  CHECK(lits[2].value == "plain");
  CHECK_FALSE(lits[2].is_template);

  std::string scala =
      "val a = s\"/orders/$id\"\n"
      "val b = \"\"\"raw \\d\"\"\"\n"
      "val c = 'sym\n"
      "val d = \"e\\n\"\n";
  auto sl = extract_literals("scala", scala);
  REQUIRE(sl.size() == 3);
  CHECK(sl[0].value == "/orders/$id");
  CHECK(sl[0].is_template);
  CHECK(sl[1].value == "raw \\d");
  CHECK(sl[2].value == "e\n");
}

TEST_CASE("Go literals: interpreted, raw, runes", "[source][literals]") {
  std::string code =
      "r := '\"'\n"
      "s := \"a\\tb\"\n"
      "q := `SELECT *\n  FROM stock`\n";
  auto lits = extract_literals("go", code);
  REQUIRE(lits.size() == 2);
  CHECK(lits[0].value == "a\tb");
  CHECK(lits[1].value == "SELECT *\n  FROM stock");
  CHECK(lits[1].line == 3);
  CHECK(lits[1].column == 6);
}

TEST_CASE("C# literals: verbatim, interpolated, raw", "[source][literals]") {
  std::string code =
      "var a = @\"C:\\path \"\"q\"\"\";\n"
      "var b = $\"/orders/{id}/x {{y}}\";\n"
      "var c = $@\"multi\nline {v}\";\n"
      "var d = \"\"\"\n"
      "    SELECT 1\n"
      "    \"\"\";\n"
      "char e = '\\'';\n";
  auto lits = extract_literals("csharp", code);
  REQUIRE(lits.size() == 4);
  CHECK(lits[0].value == "C:\\path \"q\"");
  CHECK(lits[0].column == 10);  // the quote, after '@'
  CHECK(lits[1].value == "/orders/{id}/x {y}");
  CHECK(lits[1].is_template);
  CHECK(lits[2].value == "multi\nline {v}");
  CHECK(lits[3].value == "SELECT 1");
  CHECK(lits[3].value_line == 6);
  CHECK(lits[3].value_column == 5);
}

TEST_CASE("C/C++ literals: prefixes, raw strings, char literals, digit separators", "[source][literals]") {
  std::string code =
      "#include \"x.h\"\n"
      "char c = '\"'; int n = 1'000'000;\n"
      "auto s = u8\"caf\\u00e9\";\n"
      "auto r = R\"sql(SELECT \"a\" FROM t)sql\";\n"
      "auto w = L\"wide\";\n";
  auto lits = extract_literals("cpp", code);
  REQUIRE(lits.size() == 4);
  CHECK(lits[0].value == "x.h");
  CHECK(lits[1].value == "caf\xC3\xA9");
  CHECK(lits[2].value == "SELECT \"a\" FROM t");
  CHECK(lits[2].line == 4);
  CHECK(lits[2].column == 11);
  CHECK(lits[2].value_column == 16);
  CHECK(lits[3].value == "wide");
}

TEST_CASE("Rust literals: raw strings with hashes, byte strings, lifetimes", "[source][literals]") {
  std::string code =
      "fn f<'a>(x: &'a str) -> char { 'q' }\n"
      "let s = r#\"a \"quoted\" b\"#;\n"
      "let b = b\"bytes\";\n"
      "let m = \"multi\\\n     line\";\n";
  auto lits = extract_literals("rust", code);
  REQUIRE(lits.size() == 3);
  CHECK(lits[0].value == "a \"quoted\" b");
  CHECK(lits[1].value == "bytes");
  CHECK(lits[2].value == "multiline");
}

TEST_CASE("Ruby literals: quotes, interpolation, %q, heredocs", "[source][literals]") {
  std::string code =
      "# \"comment\"\n"
      "a = 'it\\'s'\n"
      "b = \"id #{h[\"k\"]} done\"\n"
      "c = %q(raw (nested) text)\n"
      "d = <<~SQL\n"
      "  SELECT *\n"
      "    FROM orders\n"
      "SQL\n"
      "e = 'after'\n";
  auto lits = extract_literals("ruby", code);
  REQUIRE(lits.size() == 5);
  CHECK(lits[0].value == "it's");
  CHECK(lits[1].value == "id #{h[\"k\"]} done");
  CHECK(lits[1].is_template);
  CHECK(lits[2].value == "raw (nested) text");
  CHECK(lits[3].value == "SELECT *\n  FROM orders\n");
  CHECK(lits[3].line == 5);
  CHECK(lits[3].value_line == 6);
  CHECK(lits[3].value_column == 3);
  CHECK(lits[4].value == "after");
}

TEST_CASE("PHP literals: quotes, heredoc, nowdoc, HTML outside PHP", "[source][literals]") {
  std::string code =
      "<p>Don't</p>\n"
      "<?php\n"
      "# comment 'x'\n"
      "$a = 'it\\'s';\n"
      "$b = \"id {$order->id}\";\n"
      "$c = <<<SQL\n"
      "    SELECT * FROM stock\n"
      "    SQL;\n"
      "$d = <<<'RAW'\n"
      "raw $x\n"
      "RAW;\n"
      "?>\n"
      "<b>'html'</b>\n";
  auto lits = extract_literals("php", code);
  REQUIRE(lits.size() == 4);
  CHECK(lits[0].value == "it's");
  CHECK(lits[1].value == "id {$order->id}");
  CHECK(lits[1].is_template);
  CHECK(lits[2].value == "SELECT * FROM stock");
  CHECK(lits[2].value_line == 7);
  CHECK(lits[3].value == "raw $x");
  CHECK_FALSE(lits[3].is_template);
}

TEST_CASE("Literals survive NUL bytes, invalid UTF-8, BOM, CRLF and huge lines", "[source][literals]") {
  std::string nul("x = 'a\0b'\n", 10);
  CHECK(values("python", nul) == V{"a b"});
  CHECK(values("js", "const s = '\xFF\xFE';") == V{"??"});
  auto bom = extract_literals("js", "\xEF\xBB\xBF" "let a = 'x';\r\nlet b = \"y\";\r\n");
  REQUIRE(bom.size() == 2);
  CHECK(bom[0].column == 9);
  CHECK(bom[1].line == 2);
  // Code points, not bytes, count columns.
  auto wide = extract_literals("js", "let é = 'x';");
  REQUIRE(wide.size() == 1);
  CHECK(wide[0].column == 9);

  std::string huge;
  for (int i = 0; i < 20000; ++i) huge += "a('x') / b / `${c";
  auto many = extract_literals("js", huge);
  CHECK(many.size() >= 1);
  CHECK(extract_literals("js", std::string(100000, '`')).size() <= 50000);
  CHECK(extract_literals("cpp", "R\"never(").empty());
  CHECK(extract_literals("ruby", "x = <<~EOS\nno end").empty());
  CHECK(extract_literals("csharp", "$\"{{{{{{").empty());
}

TEST_CASE("Unknown languages have no literals", "[source][literals]") {
  CHECK(extract_literals("", "'a'").empty());
  CHECK(extract_literals("cobol", "'a'").empty());
}
