// PositionCursor: byte offsets to line/column for the source scanner.
#include <algorithm>

#include "loaders/source_scan_internal.h"

namespace archgate::source {

PositionCursor::PositionCursor(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts_.push_back(i + 1);
  }
}

LineColumn PositionCursor::at(std::size_t offset) {
  offset = std::min(offset, text_.size());
  std::size_t next_start = last_line_ + 1 < starts_.size() ? starts_[last_line_ + 1] : text_.size() + 1;
  if (offset >= last_offset_ && offset < next_start) {
    last_column_ += code_points(text_.substr(last_offset_, offset - last_offset_));
  } else {
    auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
    last_line_ = static_cast<std::size_t>(it - starts_.begin()) - 1;
    std::size_t start = starts_[last_line_];
    last_column_ = 1 + code_points(text_.substr(start, offset - start));
  }
  last_offset_ = offset;
  return {static_cast<std::uint32_t>(last_line_ + 1), last_column_};
}

Span PositionCursor::span(std::string_view path, std::size_t begin, std::size_t end) {
  LineColumn start = at(begin);
  Span s;
  s.path = std::string(path);
  s.line = start.line;
  s.column = start.column;
  if (end > begin && end <= text_.size()) {
    std::string_view range = text_.substr(begin, end - begin);
    if (range.find('\n') == std::string_view::npos) {
      s.end_line = start.line;
      s.end_column = start.column + code_points(range);
    }
  }
  return s;
}

}  // namespace archgate::source
