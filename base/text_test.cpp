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

TEST_CASE("long texts: a NUL, an invalid byte or a multi-byte character anywhere in a word is found") {
  // The ASCII fast path reads eight bytes at a time; put the interesting
  // byte at every offset of a few words, with valid UTF-8 around it.
  const std::string plain = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (std::size_t at = 0; at < 40; ++at) {
    std::string nul = plain;
    nul[at] = '\0';
    auto r = archgate::inspect_encoding(nul);
    CHECK(r.has_nul);
    CHECK(r.first_nul == at);
    CHECK_FALSE(r.invalid_utf8);
    std::string expected = plain;
    expected[at] = ' ';
    CHECK(archgate::sanitized_copy(nul) == expected);
    CHECK(archgate::SanitizedText(nul).view() == expected);

    std::string bad = plain;
    bad[at] = '\xFF';
    r = archgate::inspect_encoding(bad);
    CHECK(r.invalid_utf8);
    CHECK(r.first_invalid == at);
    expected[at] = '?';
    CHECK(archgate::sanitized_copy(bad) == expected);
    CHECK(archgate::SanitizedText(bad).view() == expected);

    std::string accented = plain.substr(0, at) + "\xC3\xA9" + plain.substr(at);
    CHECK_FALSE(archgate::inspect_encoding(accented).invalid_utf8);
    CHECK(archgate::sanitized_copy(accented) == accented);
    // Clean text is read where it is, not copied.
    archgate::SanitizedText clean(accented);
    CHECK(clean.view().data() == accented.data());
    CHECK(clean.view().size() == accented.size());
    CHECK(archgate::code_points(accented) == plain.size() + 1);
    std::string two_lines = accented + "\nnext";
    LineIndex idx(two_lines);
    CHECK(idx.at(accented.size()).column == plain.size() + 2);
    CHECK(idx.line_text(2) == "next");
  }
  std::string newlines(100, '\n');
  CHECK(LineIndex(newlines).line_count() == 101);
}
