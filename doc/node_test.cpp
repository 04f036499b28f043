#include <catch2/catch.hpp>

#include "doc/node.h"

using archgate::Document;
using archgate::Node;
using archgate::read_json;
using archgate::read_yaml;

TEST_CASE("yaml keeps line and column of keys and values") {
  Document d = read_yaml("a: 1\nb:\n  c: [x, \"y\"]\n");
  REQUIRE_FALSE(d.error);
  const Node* b = d.root.get("b");
  REQUIRE(b);
  const Node* c = b->get("c");
  REQUIRE(c);
  CHECK(b->keys[0].mark.line == 3);
  CHECK(b->keys[0].mark.column == 3);
  CHECK(c->items[1].mark.line == 3);
  CHECK(c->items[1].mark.column == 10);
  CHECK(c->items[1].quoted);
}

TEST_CASE("yaml columns count code points and survive a BOM and CRLF") {
  Document d = read_yaml("\xEF\xBB\xBFx: 1\r\n\xC3\xA9t\xC3\xA9: v\r\n");
  REQUIRE_FALSE(d.error);
  CHECK(d.root.keys[1].text == "\xC3\xA9t\xC3\xA9");
  CHECK(d.root.keys[1].mark.line == 2);
  CHECK(d.root.items[1].mark.column == 6);
}

TEST_CASE("yaml merge keys are applied and local keys win") {
  Document d = read_yaml("base: &b\n  x: 1\n  y: 2\nsvc:\n  <<: *b\n  y: 3\n");
  REQUIRE_FALSE(d.error);
  const Node* svc = d.root.get("svc");
  REQUIRE(svc);
  REQUIRE(svc->get("x"));
  CHECK(svc->get("x")->text == "1");
  CHECK(svc->get("x")->mark.line == 2);  // the merged value keeps its own place
  CHECK(svc->get("y")->text == "3");
}

TEST_CASE("yaml alias bombs and alias cycles stop with an error") {
  std::string bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'k'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? "," : "") + "*" + prev;
    bomb += "]\n";
    prev = c;
  }
  Document d = read_yaml(bomb);
  REQUIRE(d.error);
  CHECK(d.error->message.find("alias") != std::string::npos);

  Document cyc = read_yaml("a: &a [*a]\n");
  REQUIRE(cyc.error);
}

TEST_CASE("yaml deep nesting, tabs and junk give errors with lines") {
  Document deep = read_yaml(std::string(10000, '[') + std::string(10000, ']'));
  REQUIRE(deep.error);
  CHECK(deep.error->message.find("nesting") != std::string::npos);

  Document tab = read_yaml("a:\n  b: 1\n\tc: 2\n");
  REQUIRE(tab.error);
  CHECK(tab.error->mark.line >= 2);

  Document comma = read_yaml(",");
  REQUIRE(comma.error);
}

TEST_CASE("yaml duplicate keys are warnings and the first wins") {
  Document d = read_yaml("a: 1\na: 2\n");
  REQUIRE_FALSE(d.error);
  REQUIRE(d.warnings.size() == 1);
  CHECK(d.warnings[0].mark.line == 2);
  CHECK(d.warnings[0].kind == archgate::DocumentProblem::Kind::duplicate_key);
  CHECK(d.warnings[0].message == "duplicate key \"a\" (first at line 1)");
  CHECK(d.root.get("a")->text == "1");
}

TEST_CASE("json duplicate keys name both lines, also past the small-map search") {
  std::string text = "{\n";
  for (int i = 0; i < 20; ++i) text += "  \"k" + std::to_string(i) + "\": 1,\n";
  text += "  \"k3\": 2\n}\n";
  Document d = read_json(text);
  REQUIRE(d.warnings.size() == 1);
  CHECK(d.warnings[0].message == "duplicate key \"k3\" (first at line 5)");
  CHECK(d.warnings[0].mark.line == 22);
  CHECK(d.warnings[0].mark.column == 3);
  CHECK(d.root.get("k3")->text == "1");
}

TEST_CASE("json keeps positions of keys and values") {
  Document d = read_json("{\n  \"a\": [1, 22 ,\"x\"],\n  \"b\": {\"c\": null}\n}\n");
  REQUIRE_FALSE(d.error);
  const Node* a = d.root.get("a");
  REQUIRE(a);
  CHECK(d.root.keys[0].mark.line == 2);
  CHECK(d.root.keys[0].mark.column == 3);
  CHECK(a->items[1].mark.column == 12);
  CHECK(a->items[2].mark.column == 16);
  CHECK(d.root.keys[1].mark.line == 3);
  CHECK(d.root.get("b")->keys[0].mark.column == 9);
}

TEST_CASE("json errors carry a line and column") {
  Document d = read_json("{\n  \"a\": 1,\n  \"b\" 2\n}");
  REQUIRE(d.error);
  CHECK(d.error->mark.line == 3);
  Document deep = read_json(std::string(100000, '[') + std::string(100000, ']'));
  REQUIRE(deep.error);
  Document big = read_json("[1e400]");
  REQUIRE(big.error);
  Document nul = read_json(std::string("{\"a\":1}\0{\"b\":2}", 15));
  REQUIRE(nul.error);
}
