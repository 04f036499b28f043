#include <catch2/catch.hpp>

#include "base/text.h"

using archgate::LineIndex;

TEST_CASE("line index maps bytes to lines and code-point columns") {
  std::string text = "ab\r\n\xC3\xA9x\nlast";
  LineIndex idx(text);
  CHECK(idx.line_count() == 3);
  CHECK(idx.at(0).line == 1);
  CHECK(idx.at(4).line == 2);
  CHECK(idx.at(6).column == 2);  // 'x' after a two-byte character
  CHECK(idx.line_text(1) == "ab");
  CHECK(idx.line_text(3) == "last");
}

TEST_CASE("relative paths are normalised and may not leave the root") {
  CHECK(archgate::normalize_relative("a/./b/../c.yaml") == std::optional<std::string>("a/c.yaml"));
  CHECK(archgate::normalize_relative("") == std::optional<std::string>(""));
  CHECK_FALSE(archgate::normalize_relative("../x"));
  CHECK_FALSE(archgate::normalize_relative("a/../../x"));
  CHECK_FALSE(archgate::normalize_relative("/etc/passwd"));
  CHECK_FALSE(archgate::normalize_relative("C:/x"));
}

TEST_CASE("encodings: BOM, NUL and invalid UTF-8 are seen and neutralised byte for byte") {
  std::string text = std::string("\xEF\xBB\xBF" "a\0b\xFF", 7);
  auto r = archgate::inspect_encoding(text);
  CHECK(r.has_bom);
  CHECK(r.has_nul);
  CHECK(r.first_nul == 4);
  CHECK(r.invalid_utf8);
  CHECK(r.first_invalid == 6);
  auto clean = archgate::sanitized_copy(archgate::strip_bom(text));
  CHECK(clean == "a b?");
}
