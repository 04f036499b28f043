#include "base/display_text.h"

#include <cstdint>

namespace archgate {

namespace {

constexpr char kHex[] = "0123456789abcdef";

// Decodes the well-formed UTF-8 sequence at bytes[i] (Unicode table 3-7: no
// overlong forms, no surrogates, nothing above U+10FFFF). Returns its length,
// 0 when bytes[i] starts none.
std::size_t decode(std::string_view bytes, std::size_t i, char32_t& cp) {
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
  auto cont = [&](std::size_t k, unsigned lo, unsigned hi) {
    return k < bytes.size() && at(k) >= lo && at(k) <= hi;
  };
  unsigned b0 = at(i);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (!cont(i + 1, 0x80, 0xBF)) return 0;
    cp = ((b0 & 0x1Fu) << 6) | (at(i + 1) & 0x3Fu);
    return 2;
  }
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    unsigned lo = b0 == 0xE0 ? 0xA0 : 0x80;
    unsigned hi = b0 == 0xED ? 0x9F : 0xBF;
    if (!cont(i + 1, lo, hi) || !cont(i + 2, 0x80, 0xBF)) return 0;
    cp = ((b0 & 0x0Fu) << 12) | ((at(i + 1) & 0x3Fu) << 6) | (at(i + 2) & 0x3Fu);
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    unsigned lo = b0 == 0xF0 ? 0x90 : 0x80;
    unsigned hi = b0 == 0xF4 ? 0x8F : 0xBF;
    if (!cont(i + 1, lo, hi) || !cont(i + 2, 0x80, 0xBF) || !cont(i + 3, 0x80, 0xBF)) return 0;
    cp = ((b0 & 0x07u) << 18) | ((at(i + 1) & 0x3Fu) << 12) | ((at(i + 2) & 0x3Fu) << 6) | (at(i + 3) & 0x3Fu);
    return 4;
  }
  return 0;
}

bool must_escape(char32_t cp) {
  if (cp < 0x20 || cp == 0x7F) return true;              // C0, DEL
  if (cp < 0x80) return false;
  if (cp <= 0x9F) return true;                           // C1
  if (cp == 0x061C) return true;                         // Arabic letter mark
  if (cp >= 0x200B && cp <= 0x200F) return true;         // zero width space/non-joiner/joiner, LRM, RLM
  if (cp >= 0x2028 && cp <= 0x202E) return true;         // line/paragraph separator, LRE RLE PDF LRO RLO
  if (cp == 0x2060) return true;                         // word joiner
  if (cp >= 0x2066 && cp <= 0x2069) return true;         // LRI RLI FSI PDI
  if (cp == 0xFEFF) return true;                         // zero width no-break space (BOM)
  if (cp >= 0xE0000 && cp <= 0xE007F) return true;       // tag characters
  return false;
}

// Appends the shown form of the unit at bytes[i] (one code point, or one
// byte of invalid UTF-8), advances i past it, returns how many characters
// (code points) it appended.
std::size_t append_unit(std::string_view bytes, std::size_t& i, std::string& out) {
  char32_t cp = 0;
  std::size_t length = decode(bytes, i, cp);
  if (length == 0) {
    auto b = static_cast<unsigned char>(bytes[i]);
    out += "\\x";
    out += kHex[b >> 4];
    out += kHex[b & 0xF];
    ++i;
    return 4;
  }
  if (!must_escape(cp)) {
    out.append(bytes.substr(i, length));
    i += length;
    return 1;
  }
  i += length;
  switch (cp) {
    case U'\n':
      out += "\\n";
      return 2;
    case U'\r':
      out += "\\r";
      return 2;
    case U'\t':
      out += "\\t";
      return 2;
    default:
      break;
  }
  if (cp > 0xFFFF) {
    out += "\\U";
    for (int shift = 28; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 0xF];
    return 10;
  }
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 0xF];
  return 6;
}

}  // namespace

std::string display_escape(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  std::size_t i = 0;
  while (i < bytes.size()) append_unit(bytes, i, out);
  return out;
}

std::string display_excerpt(std::string_view bytes, std::size_t limit) {
  std::string out;
  if (limit == 0) return out;
  std::size_t chars = 0;
  std::size_t keep = 0;  // bytes of `out` that hold at most limit - 1 characters: what stays when cut
  std::size_t i = 0;
  while (i < bytes.size()) {
    chars += append_unit(bytes, i, out);
    if (chars > limit) {
      out.resize(keep);
      out += "\xE2\x80\xA6";  // …
      return out;
    }
    if (chars <= limit - 1) keep = out.size();
  }
  return out;
}

}  // namespace archgate
