// Origins: the URL of --service NAME=URL parsed into scheme, host, port and
// base path, and a URL (a Location header) compared with it.
#include "verify/http_internal.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace archgate::verify {

namespace {

struct Authority {
  std::string host;  // IPv6 in brackets
  std::optional<int> port;
};

// host[:port] or [v6][:port]; nullopt (and error) when malformed.
std::optional<Authority> parse_authority(std::string_view text, std::string& error) {
  Authority out;
  std::string_view port_text;
  bool has_port = false;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos) {
      error = "unterminated IPv6 address";
      return std::nullopt;
    }
    const std::string inner(text.substr(1, close - 1));
    in6_addr address{};
    if (inet_pton(AF_INET6, inner.c_str(), &address) != 1) {
      error = "invalid IPv6 address '" + escaped(inner, 60) + "'";
      return std::nullopt;
    }
    out.host = std::string(text.substr(0, close + 1));
    const auto after = text.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        error = "unexpected text after the IPv6 address";
        return std::nullopt;
      }
      has_port = true;
      port_text = after.substr(1);
    }
  } else {
    const auto colon = text.find(':');
    if (colon != std::string_view::npos && text.find(':', colon + 1) != std::string_view::npos) {
      error = "an IPv6 address must be written in brackets";
      return std::nullopt;
    }
    out.host = std::string(text.substr(0, colon));
    if (colon != std::string_view::npos) {
      has_port = true;
      port_text = text.substr(colon + 1);
    }
    if (out.host.empty()) {
      error = "the host is empty";
      return std::nullopt;
    }
    for (const char c : out.host) {
      if (!is_alpha(c) && !is_digit(c) && c != '-' && c != '.' && c != '_') {
        error = "invalid character in host '" + escaped(out.host, 60) + "'";
        return std::nullopt;
      }
    }
  }
  if (has_port) {
    if (port_text.empty() || port_text.size() > 5 ||
        !std::all_of(port_text.begin(), port_text.end(), is_digit)) {
      error = "invalid port '" + escaped(port_text, 20) + "'";
      return std::nullopt;
    }
    const int port = std::stoi(std::string(port_text));
    if (port < 1 || port > 65535) {
      error = "port " + std::to_string(port) + " is out of range (1-65535)";
      return std::nullopt;
    }
    out.port = port;
  }
  return out;
}

int default_port(std::string_view scheme) { return scheme == "https" ? 443 : 80; }

bool same_host(std::string_view a, std::string_view b) {
  if (!a.empty() && a.front() == '[' && !b.empty() && b.front() == '[') {
    in6_addr x{};
    in6_addr y{};
    const std::string sa(a.substr(1, a.size() - 2));
    const std::string sb(b.substr(1, b.size() - 2));
    return inet_pton(AF_INET6, sa.c_str(), &x) == 1 && inet_pton(AF_INET6, sb.c_str(), &y) == 1 &&
           std::memcmp(&x, &y, sizeof x) == 0;
  }
  return iequals(a, b);
}

bool is_path_char(char c) {
  return is_alpha(c) || is_digit(c) || std::strchr("-._~!$&'()*+,;=:@%/", c) != nullptr;
}

}  // namespace

std::string Origin::text() const {
  std::string out = scheme + "://" + host;
  if (port != default_port(scheme)) out += ":" + std::to_string(port);
  return out;
}

std::optional<Origin> parse_origin(std::string_view url, std::string& error) {
  for (const char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7F) {
      error = "the URL must be printable ASCII without spaces (write international names in punycode)";
      return std::nullopt;
    }
  }
  const auto separator = url.find("://");
  if (separator == std::string_view::npos) {
    error = "expected scheme://host[:port][/base-path], e.g. http://127.0.0.1:8080";
    return std::nullopt;
  }
  Origin origin;
  origin.scheme = lower(url.substr(0, separator));
  if (origin.scheme != "http" && origin.scheme != "https") {
    error = "the scheme must be http or https, not '" + escaped(origin.scheme, 20) + "'";
    return std::nullopt;
  }
  const auto rest = url.substr(separator + 3);
  if (rest.find('?') != std::string_view::npos) {
    error = "a query ('?') is not allowed in a service URL";
    return std::nullopt;
  }
  if (rest.find('#') != std::string_view::npos) {
    error = "a fragment ('#') is not allowed in a service URL";
    return std::nullopt;
  }
  const auto slash = rest.find('/');
  const auto authority_text = rest.substr(0, slash);
  if (authority_text.find('@') != std::string_view::npos) {
    error = "user information ('user@') is not allowed in a service URL";
    return std::nullopt;
  }
  if (authority_text.empty()) {
    error = "the host is empty";
    return std::nullopt;
  }
  auto authority = parse_authority(authority_text, error);
  if (!authority) return std::nullopt;
  origin.host = std::move(authority->host);
  origin.port = authority->port.value_or(default_port(origin.scheme));
  std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  for (std::size_t i = 0; i < path.size(); ++i) {
    const bool bad_escape = path[i] == '%' && (i + 2 >= path.size() || !std::isxdigit(static_cast<unsigned char>(path[i + 1])) ||
                                               !std::isxdigit(static_cast<unsigned char>(path[i + 2])));
    if (!is_path_char(path[i]) || bad_escape) {
      error = "invalid character in the base path '" + escaped(path, 60) + "'";
      return std::nullopt;
    }
  }
  origin.base_path = std::string(path);
  return origin;
}

bool Origin::same_origin(std::string_view url) const {
  // As browsers read a Location (WHATWG URL): outer spaces and controls are
  // dropped, tabs and newlines inside removed, '\' is '/', and any number of
  // slashes may start the authority.
  std::string text;
  for (const char c : url) {
    if (c == '\t' || c == '\r' || c == '\n') continue;
    text += c == '\\' ? '/' : c;
  }
  std::string_view view = text;
  while (!view.empty() && static_cast<unsigned char>(view.front()) <= 0x20) view.remove_prefix(1);
  while (!view.empty() && static_cast<unsigned char>(view.back()) <= 0x20) view.remove_suffix(1);

  std::string url_scheme = scheme;
  const auto colon = view.find(':');
  const auto first_delimiter = view.find_first_of("/?#");
  if (colon != std::string_view::npos && colon > 0 && colon < first_delimiter && is_alpha(view.front()) &&
      std::all_of(view.begin(), view.begin() + static_cast<std::ptrdiff_t>(colon),
                  [](char c) { return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.'; })) {
    url_scheme = lower(view.substr(0, colon));
    if (url_scheme != "http" && url_scheme != "https") return false;
    view.remove_prefix(colon + 1);
    if (url_scheme == scheme && !view.starts_with("/")) return true;  // "http:x" is relative to an http base
  } else if (!view.starts_with("//")) {
    return true;  // a relative reference stays on the origin
  }
  while (view.starts_with("/")) view.remove_prefix(1);
  auto authority_text = view.substr(0, view.find_first_of("/?#"));
  if (const auto at = authority_text.rfind('@'); at != std::string_view::npos) authority_text.remove_prefix(at + 1);
  std::string error;
  const auto authority = parse_authority(authority_text, error);
  if (!authority) return false;
  return url_scheme == scheme && authority->port.value_or(default_port(url_scheme)) == port &&
         same_host(authority->host, host);
}

}  // namespace archgate::verify
