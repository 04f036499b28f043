// Shapes of references that archgate refuses to follow: URLs and absolute
// paths (SPEC 9: never fetch a URL, never leave the repository).
#pragma once

#include <string_view>

namespace archgate {

// "https://x", "file:x", "urn:x", "//host/x", "git@host:repo", and anything
// holding "://". A one-letter "scheme" is a Windows drive ("C:"), which
// is_absolute_reference() reports instead.
inline bool is_url_reference(std::string_view text) {
  if (text.substr(0, 2) == "//" || text.substr(0, 4) == "git@") return true;
  if (text.find("://") != std::string_view::npos) return true;
  std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon < 2) return false;
  for (std::size_t i = 0; i < colon; ++i) {
    char c = text[i];
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool other = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    if (!letter && !(i > 0 && other)) return false;
  }
  return true;
}

// "/etc/passwd", "\\server\share", "C:\x", "C:/x", "~/x" (a home folder).
inline bool is_absolute_reference(std::string_view text) {
  if (!text.empty() && (text.front() == '/' || text.front() == '\\' || text.front() == '~')) return true;
  return text.size() >= 2 && text[1] == ':' &&
         ((text[0] >= 'a' && text[0] <= 'z') || (text[0] >= 'A' && text[0] <= 'Z'));
}

}  // namespace archgate
