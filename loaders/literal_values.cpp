// Value building blocks of the source lexer: ValueBuilder, segment mapping
// and the language table.
#include <algorithm>

#include "loaders/source_lexer.h"

namespace archgate::source {

Lang lang_from_name(std::string_view name) {
  if (name == "js" || name == "ts" || name == "javascript" || name == "typescript") return Lang::js;
  if (name == "python") return Lang::python;
  if (name == "java") return Lang::java;
  if (name == "kotlin") return Lang::kotlin;
  if (name == "scala") return Lang::scala;
  if (name == "go") return Lang::go;
  if (name == "csharp") return Lang::csharp;
  if (name == "cpp") return Lang::cpp;
  if (name == "rust") return Lang::rust;
  if (name == "ruby") return Lang::ruby;
  if (name == "php") return Lang::php;
  return Lang::none;
}

void ValueBuilder::copy(std::size_t source, std::string_view bytes) {
  if (bytes.empty()) return;
  bool extends = !segments.empty() && segments.back().linear &&
                 segments.back().source + (value.size() - segments.back().value) == source;
  if (!extends) segments.push_back({value.size(), source, true});
  value.append(bytes);
}

void ValueBuilder::produced(std::size_t source, std::string_view bytes) {
  if (bytes.empty()) return;
  segments.push_back({value.size(), source, false});
  value.append(bytes);
}

void ValueBuilder::code_point(std::size_t source, std::uint32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = '?';
  char buf[4];
  std::size_t n = 0;
  if (cp < 0x80) {
    buf[n++] = static_cast<char>(cp);
  } else if (cp < 0x800) {
    buf[n++] = static_cast<char>(0xC0 | (cp >> 6));
    buf[n++] = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    buf[n++] = static_cast<char>(0xE0 | (cp >> 12));
    buf[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    buf[n++] = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    buf[n++] = static_cast<char>(0xF0 | (cp >> 18));
    buf[n++] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    buf[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    buf[n++] = static_cast<char>(0x80 | (cp & 0x3F));
  }
  produced(source, std::string_view(buf, n));
}

std::size_t map_to_source(const std::vector<Segment>& segments, std::size_t offset) {
  if (segments.empty()) return 0;
  auto it = std::upper_bound(segments.begin(), segments.end(), offset,
                             [](std::size_t off, const Segment& s) { return off < s.value; });
  if (it == segments.begin()) return segments.front().source;
  const Segment& s = *(it - 1);
  return s.linear ? s.source + (offset - s.value) : s.source;
}

}  // namespace archgate::source
