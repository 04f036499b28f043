#include <catch2/catch.hpp>

#include <string>

#include "base/display_text.h"

using archgate::display_escape;
using archgate::display_excerpt;

TEST_CASE("display_escape leaves printable text and valid UTF-8 alone") {
  CHECK(display_escape("") == "");
  CHECK(display_escape("GET /orders/{id} -> 200 {\"a\": [1, 2]}") == "GET /orders/{id} -> 200 {\"a\": [1, 2]}");
  CHECK(display_escape("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xE4\xB8\xAD") ==
        "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xE4\xB8\xAD");
  // A backslash stays a backslash: the output is for reading.
  CHECK(display_escape("C:\\temp\\n") == "C:\\temp\\n");
}

TEST_CASE("display_escape shows C0 controls and DEL as escapes") {
  CHECK(display_escape("a\nb\rc\td") == "a\\nb\\rc\\td");
  CHECK(display_escape("\x1b[31mred\x1b[0m") == "\\u001b[31mred\\u001b[0m");
  CHECK(display_escape(std::string("nul\0byte", 8)) == "nul\\u0000byte");
  CHECK(display_escape("\x07\x08\x0b\x0c\x1f\x7f") == "\\u0007\\u0008\\u000b\\u000c\\u001f\\u007f");
  // A forged workflow command on its own line stays on the finding's line.
  CHECK(display_escape("ok\n::error file=x::pwned") == "ok\\n::error file=x::pwned");
}

TEST_CASE("display_escape shows C1 controls, bidi controls and invisible characters") {
  CHECK(display_escape("\xC2\x80\xC2\x85\xC2\x9B\xC2\x9F") == "\\u0080\\u0085\\u009b\\u009f");
  CHECK(display_escape("\xC2\xA0") == "\xC2\xA0");  // U+00A0 is visible enough: not escaped
  // Trojan Source: overrides, embeddings, isolates and marks.
  CHECK(display_escape("admin\xE2\x80\xAE txt.exe") == "admin\\u202e txt.exe");
  CHECK(display_escape("\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD") == "\\u202a\\u202b\\u202c\\u202d");
  CHECK(display_escape("\xE2\x81\xA6\xE2\x81\xA7\xE2\x81\xA8\xE2\x81\xA9") == "\\u2066\\u2067\\u2068\\u2069");
  CHECK(display_escape("\xE2\x80\x8E\xE2\x80\x8F\xD8\x9C") == "\\u200e\\u200f\\u061c");
  // Zero-width characters.
  CHECK(display_escape("a\xE2\x80\x8B" "b\xE2\x80\x8C" "c\xE2\x80\x8D" "d\xE2\x81\xA0" "e\xEF\xBB\xBF") ==
        "a\\u200bb\\u200cc\\u200dd\\u2060e\\ufeff");
  // Line and paragraph separators, tag characters.
  CHECK(display_escape("\xE2\x80\xA8\xE2\x80\xA9") == "\\u2028\\u2029");
  CHECK(display_escape("\xF3\xA0\x81\x81") == "\\U000e0041");
  // Neighbours of the escaped ranges pass.
  CHECK(display_escape("\xE2\x80\x8A\xE2\x80\x90\xE2\x80\xAF\xE2\x81\xAA") ==
        "\xE2\x80\x8A\xE2\x80\x90\xE2\x80\xAF\xE2\x81\xAA");
}

TEST_CASE("display_escape shows each byte of invalid UTF-8 as \\xNN") {
  CHECK(display_escape("\xFF") == "\\xff");
  CHECK(display_escape("a\x80z") == "a\\x80z");                   // lone continuation byte
  CHECK(display_escape("\xC3(") == "\\xc3(");                     // truncated sequence
  CHECK(display_escape("\xE2\x82") == "\\xe2\\x82");              // truncated at the end
  CHECK(display_escape("\xC0\xAF") == "\\xc0\\xaf");              // overlong '/'
  CHECK(display_escape("\xE0\x80\xAF") == "\\xe0\\x80\\xaf");     // overlong
  CHECK(display_escape("\xED\xA0\x80") == "\\xed\\xa0\\x80");     // UTF-16 surrogate
  CHECK(display_escape("\xF4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80");  // above U+10FFFF
  CHECK(display_escape("\xF5\x80") == "\\xf5\\x80");
  CHECK(display_escape("\xC2\x1B") == "\\xc2\\u001b");            // the byte after a bad lead is read again
}

TEST_CASE("display_excerpt cuts at a character limit, on a unit boundary, with an ellipsis") {
  const std::string ellipsis = "\xE2\x80\xA6";
  CHECK(display_excerpt("hello", 5) == "hello");
  CHECK(display_excerpt("hello", 10) == "hello");
  CHECK(display_excerpt("hello world", 5) == "hell" + ellipsis);
  CHECK(display_excerpt("hello", 0) == "");
  CHECK(display_excerpt("", 0) == "");
  CHECK(display_excerpt("hello", 1) == ellipsis);
  // Multi-byte characters count as one and are never split.
  CHECK(display_excerpt("\xC3\xA9\xC3\xA9\xC3\xA9", 3) == "\xC3\xA9\xC3\xA9\xC3\xA9");
  CHECK(display_excerpt("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 3) == "\xC3\xA9\xC3\xA9" + ellipsis);
  // Escapes are counted as shown and never split.
  CHECK(display_excerpt("ab\x1b" "cd", 10) == "ab\\u001bcd");
  CHECK(display_excerpt("ab\x1b" "cd", 9) == "ab\\u001b" + ellipsis);
  CHECK(display_excerpt("ab\x1b" "cd", 7) == "ab" + ellipsis);
  CHECK(display_excerpt("ab\xFF", 6) == "ab\\xff");
  CHECK(display_excerpt("ab\xFF" "c", 6) == "ab" + ellipsis);
}

TEST_CASE("display_excerpt stops early on a large input") {
  std::string big(10 * 1024 * 1024, 'x');
  std::string out = display_excerpt(big, 100);
  CHECK(out.size() == 99 + 3);
  CHECK(out.substr(99) == "\xE2\x80\xA6");
}
