#include "loaders/literal_span.h"

namespace archgate {

namespace {
std::string without_bom(std::string raw) {
  if (strip_bom(raw).size() != raw.size()) raw.erase(0, 3);
  return raw;
}
}  // namespace

LiteralSpans::LiteralSpans(std::string path, std::string raw)
    : path_(std::move(path)), text_(without_bom(std::move(raw))), lines_(text_) {}

Span LiteralSpans::at(Mark mark, std::uint32_t length) const {
  Span s;
  s.path = path_;
  s.line = mark.line == 0 ? 1 : mark.line;
  s.column = mark.column == 0 ? 1 : mark.column;
  if (length > 0 && mark.line != 0) {
    s.end_line = s.line;
    s.end_column = s.column + length;
  }
  return s;
}

Span LiteralSpans::key(const Node::Key& key) const {
  return at(key.mark, literal_length(key.mark, key.text));
}

Span LiteralSpans::value(const Node& node) const {
  if (node.is_map() || node.is_sequence()) return at(node.mark, 1);
  return at(node.mark, literal_length(node.mark, node.text));
}

std::uint32_t LiteralSpans::literal_length(Mark mark, std::string_view decoded) const {
  if (mark.line == 0 || mark.column == 0) return 0;
  std::string_view line = lines_.line_text(mark.line);
  // Byte offset of the mark's column (columns count code points).
  std::size_t offset = 0;
  for (std::uint32_t cp = 1; cp < mark.column && offset < line.size();) {
    ++offset;
    while (offset < line.size() && (static_cast<unsigned char>(line[offset]) & 0xC0) == 0x80) ++offset;
    ++cp;
  }
  if (offset >= line.size()) return 0;
  char open = line[offset];
  if (open == '"' || open == '\'') {
    for (std::size_t i = offset + 1; i < line.size(); ++i) {
      char c = line[i];
      if (open == '"' && c == '\\') {
        ++i;
        continue;
      }
      if (c == open) {
        if (open == '\'' && i + 1 < line.size() && line[i + 1] == '\'') {
          ++i;  // '' is an escaped quote in YAML single-quoted scalars
          continue;
        }
        return code_points(line.substr(offset, i + 1 - offset));
      }
    }
    return 0;  // the literal continues on the next line
  }
  if (decoded.empty() || decoded.find('\n') != std::string_view::npos) return 0;
  if (open == '|' || open == '>') return 0;  // a block scalar
  std::uint32_t n = code_points(decoded);
  std::uint32_t rest = code_points(line.substr(offset));
  return n <= rest ? n : 0;
}

}  // namespace archgate
