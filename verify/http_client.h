// The HTTP client of `archgate verify`: one request, one answer, one
// connection, against a service that may be broken or hostile.
//
// Every way an answer can go wrong ends as a Failure with a short detail,
// within HttpLimits::deadline, and never as an exception, a crash or a hang:
// - the whole exchange (connect, TLS handshake, request, status line,
//   headers, body) ends at the deadline, whatever the server drips;
// - at most max_body bytes of body are kept (the rest is not read), at most
//   64 KiB of status line and headers, at most 2 * max_body + 64 KiB on the
//   wire after them (chunk framing);
// - bodies are never decompressed and only "Accept-Encoding: identity" is
//   sent, so a gzip bomb stays the few bytes it is on the wire;
// - redirects are never followed (a 3xx is an ordinary response) and no proxy
//   is used: only the origin's host and port are ever contacted;
// - one connection per exchange ("Connection: close"), so no state of one
//   exchange (a half-read answer, a poisoned keep-alive socket) reaches the
//   next.
//
// Built on cpp-httplib 0.11.4's ClientImpl / SSLClient, whose socket layer
// it replaces (see http_client.cpp for why). Link: cpp-httplib, OpenSSL::SSL.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace archgate::verify {

// What the user gave: --service NAME=URL.
struct Origin {
  std::string scheme;     // "http" or "https" (lower case)
  std::string host;       // as given ("127.0.0.1", "localhost", "[::1]")
  int port = 0;           // explicit or 80/443
  std::string base_path;  // "" or "/api" (no trailing slash): prefixed to every request target

  // "http://127.0.0.1:8080"; the port is left out when it is the scheme's
  // default. No base path.
  std::string text() const;
  // Whether a URL (a Location header, say) stays on this origin: scheme, host
  // (case-insensitive, IPv6 compared as addresses) and port (default ports
  // filled in) are equal. "//host:port/..." takes this origin's scheme. A
  // relative reference ("/x", "x") is same-origin by definition; a URL with
  // another scheme ("javascript:", "ftp://") is not.
  bool same_origin(std::string_view absolute_url) const;
};

// Rejects userinfo, query, fragment, schemes other than http/https, ports
// outside 1..65535, empty hosts, whitespace and control characters.
std::optional<Origin> parse_origin(std::string_view url, std::string& error);

struct HttpLimits {
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds read_timeout{2000};  // per recv or send: no progress for this long ends the exchange
  std::chrono::milliseconds deadline{5000};      // the whole exchange, enforced by us (a slow drip must not keep us)
  std::size_t max_body = 1 << 20;                // bytes kept; more -> Failure::too_large (the rest is not read)
  bool insecure = false;                         // https: accept any certificate (self-signed test setups)
};

struct HttpRequest {
  std::string method;  // "GET", "POST", ... (an HTTP token)
  // Path + "?query", percent-encoded already (sent byte for byte), starting
  // with '/', WITHOUT the origin's base path. No spaces, controls, '#' or
  // bytes above 0x7E: such a target is not sent (Failure::other).
  std::string target;
  // Sent as given, except Host, Connection, Content-Length, Transfer-Encoding,
  // Accept-Encoding and User-Agent, which the client sets itself (a caller's
  // value for them is ignored); "Accept: */*" is added when absent (httplib).
  // A name that is not a token or a value with CR, LF or NUL: the request is
  // not sent (Failure::other).
  std::vector<std::pair<std::string, std::string>> headers;
  // Sent when non-empty or when content_type is set. content_type, when set,
  // replaces any Content-Type in headers; a body without either goes as
  // application/octet-stream.
  std::string body;
  std::string content_type;
};

struct HttpResponse {
  int status = 0;
  // As received, in order, byte for byte (names keep their case, values are
  // trimmed of surrounding spaces and tabs, nothing is decoded).
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // as received (never decompressed, never decoded)

  std::optional<std::string> header(std::string_view name) const;  // case-insensitive, first
  std::string media_type() const;  // Content-Type without parameters, lower case, trimmed; "" when absent
};

enum class Failure {
  none,
  refused,    // no connection (refused, unreachable)
  timeout,    // connect, TLS handshake, a read or the whole exchange took too long
  too_large,  // body over max_body, or status line and headers over 64 KiB
  malformed,  // bytes that are not HTTP: status line, headers, chunk framing
  reset,      // the connection was reset or closed before the answer was complete
  other,      // request not sent (invalid), name resolution, TLS handshake or certificate
};
std::string_view failure_name(Failure failure);

struct Exchange {
  HttpRequest request;
  std::string url;                       // origin + base path + target, for evidence
  std::optional<HttpResponse> response;  // set when a complete, well-formed answer arrived in the limits
  Failure failure = Failure::none;
  // Short human text of the failure ("no answer within 5 s", "body over
  // 1 MiB", "connection refused"). Bytes from the server in it (a bad status
  // line) are escaped: printable ASCII only.
  std::string detail;
  double elapsed_ms = 0;
};

// One per worker thread; keeps no state shared between threads. send() never
// throws for anything the server does. An https client owns one sleeping
// helper thread (started by its first exchange) that shuts the socket down
// at the deadline, for the waits inside the TLS handshake and SSL_read.
class HttpClient {
 public:
  HttpClient(Origin origin, HttpLimits limits);
  ~HttpClient();
  HttpClient(HttpClient&&) noexcept;
  HttpClient& operator=(HttpClient&&) noexcept;
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  Exchange send(const HttpRequest& request);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace archgate::verify
