#include "base/text.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace archgate {

namespace {

// How many of the bytes at text[i...] are plain ASCII other than NUL,
// eight at a time (whole words only).
std::size_t plain_ascii_run(std::string_view text, std::size_t i) {
  std::size_t start = i;
  while (i + 8 <= text.size()) {
    std::uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
    std::uint64_t high = w & 0x8080808080808080ull;
    std::uint64_t zero = (w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull;
    if (high | zero) break;
    i += 8;
  }
  return i - start;
}

}  // namespace

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  const char* begin = text.data();
  const char* end = begin + text.size();
  for (const char* at = begin; at < end;) {
    const void* nl = std::memchr(at, '\n', static_cast<std::size_t>(end - at));
    if (!nl) break;
    at = static_cast<const char*>(nl) + 1;
    starts_.push_back(static_cast<std::size_t>(at - begin));
  }
}

LineColumn LineIndex::at(std::size_t byte_offset) const {
  byte_offset = std::min(byte_offset, text_.size());
  auto it = std::upper_bound(starts_.begin(), starts_.end(), byte_offset);
  std::size_t line = static_cast<std::size_t>(it - starts_.begin());  // 1-based
  std::size_t start = starts_[line - 1];
  return {static_cast<std::uint32_t>(line),
          code_points(text_.substr(start, byte_offset - start)) + 1};
}

std::size_t LineIndex::line_start(std::uint32_t line) const {
  if (line == 0) return 0;
  if (line > starts_.size()) return text_.size();
  return starts_[line - 1];
}

std::string_view LineIndex::line_text(std::uint32_t line) const {
  if (line == 0 || line > starts_.size()) return {};
  std::size_t start = starts_[line - 1];
  std::size_t end = line < starts_.size() ? starts_[line] - 1 : text_.size();
  std::string_view s = text_.substr(start, end - start);
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

std::uint32_t code_points(std::string_view text) {
  std::size_t ascii = plain_ascii_run(text, 0);
  auto n = static_cast<std::uint32_t>(ascii);
  for (unsigned char c : text.substr(ascii)) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

namespace {
// Length of a valid UTF-8 sequence at text[i], or 0 when invalid.
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
  auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) return 1;
  std::size_t len;
  std::uint32_t cp;
  if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
  else return 0;
  if (i + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    auto cc = static_cast<unsigned char>(text[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
      cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return len;
}
}  // namespace

EncodingReport inspect_encoding(std::string_view bytes) {
  EncodingReport r;
  r.has_bom = bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF";
  for (std::size_t i = 0; i < bytes.size();) {
    i += plain_ascii_run(bytes, i);
    if (i >= bytes.size()) break;
    if (bytes[i] == '\0' && !r.has_nul) {
      r.has_nul = true;
      r.first_nul = i;
    }
    std::size_t len = utf8_sequence(bytes, i);
    if (len == 0) {
      if (!r.invalid_utf8) {
        r.invalid_utf8 = true;
        r.first_invalid = i;
      }
      len = 1;
    }
    i += len;
  }
  return r;
}

std::string_view strip_bom(std::string_view bytes) {
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  return bytes;
}

std::string sanitized_copy(std::string_view bytes) {
  std::string out(bytes);
  std::size_t i = 0;
  while (i < out.size()) {
    i += plain_ascii_run(out, i);
    if (i >= out.size()) break;
    if (out[i] == '\0') {
      out[i++] = ' ';
      continue;
    }
    std::size_t len = utf8_sequence(out, i);
    if (len == 0) {
      out[i++] = '?';
    } else {
      i += len;
    }
  }
  return out;
}

SanitizedText::SanitizedText(std::string_view bytes) : view_(bytes) {
  EncodingReport report = inspect_encoding(bytes);
  if (report.has_nul || report.invalid_utf8) {
    copy_ = sanitized_copy(bytes);
    view_ = copy_;
  }
}

void lower_in_place(std::string& text) {
  for (auto& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  lower_in_place(out);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool starts_with_icase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

std::string_view trim(std::string_view text) {
  const char* ws = " \t\r\n\f\v";
  std::size_t b = text.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  std::size_t e = text.find_last_not_of(ws);
  return text.substr(b, e - b + 1);
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t pos = text.find(separator, start);
    if (pos == std::string_view::npos) {
      parts.push_back(text.substr(start));
      break;
    }
    parts.push_back(text.substr(start, pos - start));
    start = pos + 1;
  }
  return parts;
}

std::string path_join(std::string_view dir, std::string_view name) {
  if (dir.empty() || dir == ".") return std::string(name);
  std::string out(dir);
  if (out.back() != '/') out += '/';
  out += name;
  return out;
}

std::string_view path_dirname(std::string_view path) {
  std::size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return {};
  return path.substr(0, slash);
}

std::string_view path_basename(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::optional<std::string> normalize_relative(std::string_view path) {
  if (!path.empty() && (path.front() == '/' || path.front() == '\\')) return std::nullopt;
  if (path.size() >= 2 && path[1] == ':') return std::nullopt;  // C:\ and friends
  std::vector<std::string_view> parts;
  for (auto part : split(path, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (parts.empty()) return std::nullopt;
      parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  std::string out;
  for (auto part : parts) {
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

bool path_is_under(std::string_view path, std::string_view dir) {
  if (dir.empty() || dir == ".") return true;
  return path.size() > dir.size() && path.substr(0, dir.size()) == dir && path[dir.size()] == '/';
}

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  std::size_t gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (gap > limit) return limit + 1;
  std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    std::size_t row_min = current[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
      row_min = std::min(row_min, current[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::string_view without_library_tag(std::string_view what) {
  if (!what.starts_with('[')) return what;
  auto close = what.find(']');
  if (close == std::string_view::npos) return what;
  return trim(what.substr(close + 1));
}

std::optional<std::size_t> nearest(std::string_view word, const std::vector<std::string_view>& candidates,
                                   std::size_t limit) {
  std::optional<std::size_t> best;
  std::size_t best_distance = limit + 1;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    std::size_t d = edit_distance(word, candidates[i], limit);
    if (d < best_distance) {
      best = i;
      best_distance = d;
    }
  }
  return best;
}

namespace {

bool word_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

}  // namespace

std::vector<std::string> name_words(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) words.push_back(std::move(current));
    current.clear();
  };
  for (std::size_t i = 0; i < text.size() && i < 512; ++i) {
    char c = text[i];
    if (!word_char(c)) {
      flush();
      continue;
    }
    bool is_upper = c >= 'A' && c <= 'Z';
    if (is_upper && !current.empty()) {
      char prev = text[i - 1];
      bool prev_lower = (prev >= 'a' && prev <= 'z') || (prev >= '0' && prev <= '9');
      bool next_lower = i + 1 < text.size() && text[i + 1] >= 'a' && text[i + 1] <= 'z';
      bool prev_upper = prev >= 'A' && prev <= 'Z';
      if (prev_lower || (prev_upper && next_lower)) flush();  // orderUrl, HTTPStatus
    }
    current += static_cast<char>(is_upper ? c - 'A' + 'a' : c);
  }
  flush();
  return words;
}

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

}  // namespace archgate
