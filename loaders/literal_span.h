// Spans of keys and scalar values measured on the text as written, so a
// quoted literal's span covers its quotes and escapes. Shared by the loaders
// that turn Document marks into Spans.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/diagnostic.h"
#include "base/text.h"
#include "doc/node.h"

namespace archgate {

class LiteralSpans {
 public:
  // `raw` is the file's bytes as read (a BOM is stripped here, as the readers
  // do); pass it with std::move when the caller is done with it.
  LiteralSpans(std::string path, std::string raw);
  LiteralSpans(const LiteralSpans&) = delete;
  LiteralSpans& operator=(const LiteralSpans&) = delete;

  const std::string& path() const { return path_.str(); }

  // A mapping key: from its first character to the end of the key literal.
  Span key(const Node::Key& key) const;
  // A scalar: the literal; a map or sequence: its first character.
  Span value(const Node& node) const;
  // `length` code points from `mark` on one line (0 = end unknown).
  Span at(Mark mark, std::uint32_t length = 0) const;

 private:
  // Code points of the literal starting at `mark`; `decoded` is its parsed
  // text, used for plain (unquoted) scalars. 0 when it spans lines.
  std::uint32_t literal_length(Mark mark, std::string_view decoded) const;

  SharedPath path_;
  std::string text_;
  LineIndex lines_;
};

}  // namespace archgate
