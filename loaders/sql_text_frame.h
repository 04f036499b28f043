// Positions for the SQL adapter. libpg_query reports byte offsets into the
// string it was given: a statement cut out of the file, a function body with
// its quotes undone, a query PL/pgSQL rewrote. A TextFrame maps such offsets
// back to the file text, and SqlPositions turns file offsets into Spans.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "base/text.h"

namespace archgate {

struct TextFrame {
  std::string_view text;  // what the parser sees; text.data()[text.size()] is '\0'
  std::uint32_t base = 0;             // file offset of text[0] when `map` is empty
  std::vector<std::uint32_t> map;     // else the file offset of every byte, plus the end

  std::uint32_t to_file(std::size_t offset) const {
    if (map.empty()) return base + static_cast<std::uint32_t>(std::min(offset, text.size()));
    return map[std::min(offset, map.size() - 1)];
  }

  // A part of this frame's text (text[offset, offset + part.size())), as a frame.
  TextFrame slice(std::string_view part, std::size_t offset) const {
    TextFrame f;
    f.text = part;
    if (map.empty()) {
      f.base = base + static_cast<std::uint32_t>(offset);
    } else {
      f.map.reserve(part.size() + 1);
      for (std::size_t i = 0; i <= part.size(); ++i) f.map.push_back(to_file(offset + i));
    }
    return f;
  }

  // Another text whose bytes came from this frame's offsets `from` (one entry
  // per byte plus the end).
  TextFrame derived(std::string_view other, const std::vector<std::uint32_t>& from) const {
    TextFrame f;
    f.text = other;
    f.map.reserve(from.size());
    for (auto o : from) f.map.push_back(to_file(o));
    if (f.map.size() < other.size() + 1) f.map.resize(other.size() + 1, f.map.empty() ? base : f.map.back());
    return f;
  }
};

class SqlPositions {
 public:
  SqlPositions(std::string_view file_text, std::string_view path, std::uint32_t first_line,
               std::uint32_t first_column)
      : lines_(file_text), path_(path), first_line_(first_line), first_column_(first_column) {}

  LineColumn at(std::uint32_t file_offset) const {
    LineColumn lc = lines_.at(file_offset);
    LineColumn out;
    out.line = first_line_ + lc.line - 1;
    out.column = lc.line == 1 ? first_column_ + lc.column - 1 : lc.column;
    return out;
  }

  // A span from `begin` to `end` (file offsets); end <= begin means unknown.
  Span span(std::uint32_t begin, std::uint32_t end) const {
    Span s;
    s.path = path_;
    LineColumn b = at(begin);
    s.line = b.line;
    s.column = b.column;
    if (end > begin) {
      LineColumn e = at(end);
      s.end_line = e.line;
      s.end_column = e.column;
    }
    return s;
  }

  const std::string& path() const { return path_; }

 private:
  LineIndex lines_;
  std::string path_;
  std::uint32_t first_line_;
  std::uint32_t first_column_;
};

}  // namespace archgate
