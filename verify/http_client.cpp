// How the client stays in control of a hostile server while cpp-httplib
// 0.11.4 speaks HTTP for it.
//
// httplib writes the request and parses status line, headers and body
// framing; everything below that is ours. WatchedClient overrides the two
// virtual hooks of ClientImpl / SSLClient that own the socket:
// - create_and_connect_socket: our own non-blocking connect, bounded by the
//   connect timeout and the deadline, with the errno kept for the detail
//   (httplib only says Error::Connection), to the origin's host:port only;
// - process_socket: httplib then reads and writes through WatchedStream,
//   which waits with poll() for at most min(read timeout, time left before
//   the deadline), counts and caps bytes, keeps the raw status line and
//   headers, and records why it stopped (deadline, reset, EOF, cap).
// Why not httplib's own stream with a content receiver that checks a clock:
// its receiver runs only once headers are complete, so a server that drips
// the status line or sends endless header lines keeps it forever; and its
// socket read loop knows no deadline.
//
// Traps of 0.11.4 worked around here and in http_socket.cpp:
// - the status line is matched with std::regex; libstdc++'s recursive
//   matcher overflows an 8 MiB stack on a ~50 KB status line (SIGSEGV), so
//   lines that start with "HTTP/" are cut at 1 KiB, other head lines at
//   8 KiB, the whole head at 64 KiB;
// - plain sockets are written without MSG_NOSIGNAL (CPPHTTPLIB_SEND_FLAGS
//   is 0), and SSL_write / SSL_shutdown can raise SIGPIPE too: a write after
//   the peer's RST kills a process that does not ignore SIGPIPE (whether the
//   first failed write sees ECONNRESET or EPIPE is a race). WatchedStream
//   sends with MSG_NOSIGNAL and send() blocks SIGPIPE in its thread,
//   discarding one it raised (an httplib::Server anywhere in the process sets
//   SIG_IGN globally, which hides the problem in tests);
// - response headers come back URL-decoded ("%0d%0a" becomes CR LF) in a
//   multimap sorted by name: the headers we report are parsed from the raw
//   bytes WatchedStream kept, in order, undecoded;
// - the client reads a body after 304 and 1xx answers (it skips only 204
//   and HEAD): a 304 with the representation's Content-Length waits for
//   bytes that never come; those answers end at their headers here;
// - a chunk whose data is not followed by CRLF ends the body with success
//   (read_content_chunked breaks out of its loop), cut short: such a body
//   is malformed here unless the bytes read end with the last chunk's CRLF;
// - the TLS handshake waits up to the connection timeout per byte, so a
//   server dripping its handshake keeps it going, and a blocking SSL_read
//   waits for a whole record: for https a Watchdog thread shuts the socket
//   down at the deadline;
// - with OpenSSL 3 a TLS peer closing without close_notify makes SSL_read
//   fail with SSL_ERROR_SSL "unexpected eof"; WatchedStream would take that
//   for a TLS failure and lose every close-delimited body (httplib's own
//   stream happens to read SSL_read's 0 as EOF), so the context gets
//   SSL_OP_IGNORE_UNEXPECTED_EOF and it becomes a clean EOF.
//
// The files: http_origin.cpp parses and compares origins, http_socket.cpp
// holds the connect, WatchedStream and the watchdog, and this one the
// exchange itself (http_internal.h).
#include "verify/http_client.h"

#include "verify/http_internal.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace archgate::verify {

namespace {

#ifdef ARCHGATE_VERSION
constexpr const char* kUserAgent = "archgate-verify/" ARCHGATE_VERSION;
#else
constexpr const char* kUserAgent = "archgate-verify/dev";
#endif

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool is_tchar(char c) {
  return is_alpha(c) || is_digit(c) || std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

bool is_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c != '\0' && is_tchar(c); });
}

// "1 MiB", "64 KiB", "1000 bytes".
std::string size_text(std::uint64_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= (1u << 10) && bytes % (1u << 10) == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

}  // namespace

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), ascii_lower);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

std::string duration_text(milliseconds duration) {
  const auto ms = duration.count();
  if (ms < 1000) return std::to_string(ms) + " ms";
  const auto tenths = (ms + 50) / 100;
  std::string text = std::to_string(tenths / 10);
  if (tenths % 10 != 0) text += "." + std::to_string(tenths % 10);
  return text + " s";
}

std::string escaped(std::string_view bytes, std::size_t max_bytes) {
  std::string out;
  for (std::size_t i = 0; i < bytes.size() && i < max_bytes; ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out += static_cast<char>(c);
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  if (bytes.size() > max_bytes) out += "...";
  return out;
}

std::string system_error_text(int error) {
  char buffer[128];
  std::string text = strerror_r(error, buffer, sizeof buffer);  // GNU strerror_r
  if (!text.empty()) text[0] = ascii_lower(text[0]);
  return text;
}

std::string openssl_error_text() {
  std::string text;
  for (unsigned long code = ERR_get_error(); code != 0; code = ERR_get_error()) {
    if (!text.empty()) continue;
    const char* reason = ERR_reason_error_string(code);
    text = reason != nullptr ? reason : "OpenSSL error " + std::to_string(code);
  }
  return text;
}

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return std::nullopt;
}

std::string HttpResponse::media_type() const {
  const auto value = header("Content-Type");
  if (!value) return {};
  std::string_view text = *value;
  text = text.substr(0, text.find(';'));
  return lower(trim(text));
}

std::string_view failure_name(Failure failure) {
  switch (failure) {
    case Failure::none: return "none";
    case Failure::refused: return "refused";
    case Failure::timeout: return "timeout";
    case Failure::too_large: return "too_large";
    case Failure::malformed: return "malformed";
    case Failure::reset: return "reset";
    case Failure::other: return "other";
  }
  return "other";
}

namespace {

// ---------------------------------------------------------------- one exchange

// Blocks SIGPIPE in this thread while it lives and discards one raised
// meanwhile (writes to a peer that reset the connection).
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_, &saved_);
  }
  ~SigpipeGuard() {
    if (!was_pending_) {
      sigset_t pending;
      sigpending(&pending);
      if (sigismember(&pending, SIGPIPE) == 1) {
        const timespec no_wait{0, 0};
        while (sigtimedwait(&pipe_, nullptr, &no_wait) < 0 && errno == EINTR) {
        }
      }
    }
    pthread_sigmask(SIG_SETMASK, &saved_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t pipe_;
  sigset_t saved_;
  bool was_pending_ = false;
};

// Why the request cannot be sent as it is; empty when it can.
std::string request_problem(const HttpRequest& request) {
  if (!is_token(request.method)) return "the method '" + escaped(request.method, 40) + "' is not an HTTP token";
  if (request.target.empty() || request.target.front() != '/') {
    return "the target '" + escaped(request.target, 80) + "' does not start with '/'";
  }
  for (const char c : request.target) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7F || c == '#') {
      return "the target '" + escaped(request.target, 80) + "' holds a byte that must be percent-encoded";
    }
  }
  const auto bad_value = [](std::string_view value) {
    return std::any_of(value.begin(), value.end(), [](char c) {
      const auto byte = static_cast<unsigned char>(c);
      return (byte < 0x20 && c != '\t') || byte == 0x7F;
    });
  };
  for (const auto& [name, value] : request.headers) {
    if (!is_token(name)) return "the header name '" + escaped(name, 40) + "' is not an HTTP token";
    if (bad_value(value)) return "the value of header " + name + " holds a control character (CR, LF, NUL...)";
  }
  if (bad_value(request.content_type)) return "the content type holds a control character";
  return {};
}

bool is_status_line(std::string_view line) {
  // httplib's: (HTTP/1\.[01]) (\d{3})(?: (.*?))?\r?\n
  if (line.ends_with("\n")) line.remove_suffix(1);
  if (line.ends_with("\r")) line.remove_suffix(1);
  if (line.size() < 12 || !line.starts_with("HTTP/1.") || (line[7] != '0' && line[7] != '1') || line[8] != ' ' ||
      !is_digit(line[9]) || !is_digit(line[10]) || !is_digit(line[11])) {
    return false;
  }
  return line.size() == 12 || line[12] == ' ';
}

// The headers of the final answer in the raw head, as httplib framed it:
// lines end with CRLF (others are skipped), a "100 Continue" status line is
// followed by one empty line and the real status line.
std::vector<std::pair<std::string, std::string>> parse_headers(std::string_view head) {
  std::vector<std::string_view> lines;
  while (!head.empty()) {
    const auto end = head.find('\n');
    lines.push_back(head.substr(0, end == std::string_view::npos ? head.size() : end + 1));
    head.remove_prefix(lines.back().size());
  }
  std::size_t i = 0;
  while (i + 2 < lines.size() && lines[i].size() > 12 && lines[i].substr(9, 3) == "100") i += 2;
  std::vector<std::pair<std::string, std::string>> headers;
  for (++i; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (!line.ends_with("\r\n")) continue;
    line.remove_suffix(2);
    if (line.empty()) break;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    headers.emplace_back(std::string(line.substr(0, colon)), std::string(trim(line.substr(colon + 1))));
  }
  return headers;
}

// Where the answer stood when it ended: "before the status line", ...
std::string position(const Watch& watch) {
  if (watch.head.empty()) return "before the status line";
  if (!watch.head_done) return "in the status line and headers (" + size_text(watch.head.size()) + " received)";
  std::string text = "after " + std::to_string(watch.body.size());
  if (watch.content_length) text += " of " + std::to_string(*watch.content_length);
  return text + " body bytes";
}

void classify(Exchange& exchange, const Watch& watch, httplib::Error error, bool watchdog_fired, long verify_result,
              const std::string& host) {
  const auto fail = [&](Failure failure, std::string detail) {
    exchange.failure = failure;
    exchange.detail = std::move(detail);
  };
  if (watch.connect_failure) return fail(watch.connect_failure->first, watch.connect_failure->second);
  using Stop = Watch::Stop;
  const auto deadline_text = duration_text(watch.limits.deadline);
  if (watch.stop == Stop::deadline || (watchdog_fired && watch.stop != Stop::body_too_large &&
                                       watch.stop != Stop::head_too_large && watch.stop != Stop::wire_too_large)) {
    if (!watch.head_done && watch.head.empty()) return fail(Failure::timeout, "no answer within " + deadline_text);
    return fail(Failure::timeout, "answer incomplete after " + deadline_text + ": " + position(watch));
  }
  switch (watch.stop) {
    case Stop::read_timeout:
      return fail(Failure::timeout, "no data for " + duration_text(watch.limits.read_timeout) + " " + position(watch));
    case Stop::write_timeout:
      return fail(Failure::timeout,
                  "could not send the request within " + duration_text(watch.limits.read_timeout));
    case Stop::head_too_large:
      return fail(Failure::too_large, "status line and headers over " + size_text(kMaxHead));
    case Stop::line_too_long:
      return fail(Failure::malformed, "a header line over " + size_text(kMaxHeadLine));
    case Stop::status_line_too_long:
      return fail(Failure::malformed, "a status line over " + size_text(kMaxStatusLine) + ": '" +
                                          escaped(std::string_view(watch.head).substr(watch.line_start), 60) + "'");
    case Stop::body_too_large: {
      std::string detail = "body over " + size_text(watch.limits.max_body);
      if (watch.content_length) detail += " (Content-Length " + std::to_string(*watch.content_length) + ")";
      return fail(Failure::too_large, detail);
    }
    case Stop::wire_too_large:
      return fail(Failure::too_large, "answer over " + size_text(watch.wire_limit) + " after the headers");
    case Stop::reset: {
      const std::string what = watch.error_number == ECONNRESET ? "connection reset by peer"
                               : watch.error_number == EPIPE    ? "connection closed by peer while sending the request"
                                                                : system_error_text(watch.error_number);
      return fail(Failure::reset, what + " " + position(watch));
    }
    case Stop::tls:
      return fail(Failure::malformed, "TLS error " + position(watch) + ": " + watch.tls_error);
    case Stop::none:
    case Stop::deadline:
      break;
  }
  switch (error) {
    case httplib::Error::SSLConnection:
      if (Clock::now() - watch.connected_at >= watch.limits.connect_timeout - milliseconds(50)) {
        return fail(Failure::timeout, "no TLS handshake within " + duration_text(watch.limits.connect_timeout));
      }
      return fail(Failure::other, "TLS handshake failed: " + openssl_error_text());
    case httplib::Error::SSLServerVerification:
      if (verify_result != X509_V_OK) {
        return fail(Failure::other, std::string("TLS certificate rejected: ") + X509_verify_cert_error_string(verify_result));
      }
      return fail(Failure::other, "TLS certificate is not valid for host " + host);
    case httplib::Error::SSLLoadingCerts:
      return fail(Failure::other, "cannot load the system's CA certificates");
    default:
      break;
  }
  if (watch.eof) return fail(Failure::reset, "connection closed " + position(watch));
  if (!watch.head_done) {
    const std::string_view head = watch.head;
    const auto first_line = head.substr(0, head.find('\n') + 1);
    if (!is_status_line(first_line)) {
      return fail(Failure::malformed, "not an HTTP/1.x status line: '" + escaped(first_line, 80) + "'");
    }
    return fail(Failure::malformed, "malformed status line or headers");
  }
  if (watch.chunked) return fail(Failure::malformed, "malformed chunked encoding " + position(watch));
  return fail(Failure::malformed, "malformed body " + position(watch) + " (httplib: " + httplib::to_string(error) + ")");
}

bool is_reserved_header(std::string_view name) {
  for (const std::string_view reserved :
       {"Host", "Connection", "Content-Length", "Transfer-Encoding", "Accept-Encoding", "User-Agent"}) {
    if (iequals(name, reserved)) return true;
  }
  return false;
}

std::optional<std::uint64_t> parse_content_length(const std::string& text) {
  if (text.empty() || text.size() > 19 || !std::all_of(text.begin(), text.end(), is_digit)) return std::nullopt;
  return std::stoull(text);
}

}  // namespace

// ---------------------------------------------------------------- HttpClient

class HttpClient::Impl {
 public:
  Impl(Origin origin, HttpLimits limits) : origin_(std::move(origin)), limits_(limits) {
    std::string host = origin_.host;
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (origin_.scheme == "https") {
      tls_ = std::make_unique<WatchedClient<httplib::SSLClient>>(host, origin_.port);
      tls_->enable_server_certificate_verification(!limits_.insecure);
      watchdog_ = std::make_unique<Watchdog>();
      tls_->watchdog = watchdog_.get();
      if (SSL_CTX* context = tls_->ssl_context(); context != nullptr) {
#ifdef SSL_OP_IGNORE_UNEXPECTED_EOF
        SSL_CTX_set_options(context, SSL_OP_IGNORE_UNEXPECTED_EOF);
#endif
      }
      configure(*tls_);
    } else {
      plain_ = std::make_unique<WatchedClient<httplib::ClientImpl>>(host, origin_.port);
      configure(*plain_);
    }
  }

  Exchange send(const HttpRequest& request) {
    Exchange exchange;
    exchange.request = request;
    exchange.url = origin_.text() + origin_.base_path + request.target;
    const auto start = Clock::now();
    const auto finish = [&] {
      exchange.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
      return std::move(exchange);
    };
    if (const auto problem = request_problem(request); !problem.empty()) {
      exchange.failure = Failure::other;
      exchange.detail = "request not sent: " + problem;
      return finish();
    }
    if (!plain_ && !tls_) {
      exchange.failure = Failure::other;
      exchange.detail = "request not sent: the scheme must be http or https";
      return finish();
    }

    Watch watch;
    watch.start = start;
    watch.deadline = start + limits_.deadline;
    watch.limits = limits_;
    watch.wire_limit = 2 * limits_.max_body + kMaxHead;

    httplib::Request out = build(request);
    out.response_handler = [&watch](const httplib::Response& response) {
      watch.head_done = true;
      if (response.status == 304 || (response.status >= 101 && response.status < 200)) {
        watch.bodiless = true;  // cancelled here, accepted below
        return false;
      }
      watch.chunked = iequals(response.get_header_value("Transfer-Encoding"), "chunked");
      watch.content_length = parse_content_length(response.get_header_value("Content-Length"));
      if (!watch.chunked && watch.content_length && *watch.content_length > watch.limits.max_body) {
        watch.stop = Watch::Stop::body_too_large;  // nothing of it is read
        return false;
      }
      return true;
    };
    out.content_receiver = [&watch](const char* data, std::size_t size, std::uint64_t, std::uint64_t) {
      if (watch.body.size() + size > watch.limits.max_body) {
        watch.stop = Watch::Stop::body_too_large;
        return false;
      }
      watch.body.append(data, size);
      return true;
    };

    httplib::Response response;
    auto error = httplib::Error::Success;
    bool ok = false;
    bool watchdog_fired = false;
    long verify_result = X509_V_OK;
    try {
      SigpipeGuard sigpipe_guard;
      ERR_clear_error();
      set_watch(&watch);
      ok = client().send(out, response, error);
      set_watch(nullptr);
      if (watchdog_) watchdog_fired = watchdog_->disarm();
      if (tls_) verify_result = tls_->get_openssl_verify_result();
    } catch (const std::exception& e) {
      set_watch(nullptr);
      if (watchdog_) watchdog_->disarm();
      exchange.failure = Failure::other;
      exchange.detail = std::string("internal error in the HTTP client: ") + e.what();
      return finish();
    }

    // httplib ends a chunked body "successfully" when a chunk's data is not
    // followed by CRLF (it breaks out of its loop): the body is then cut
    // short. A body it really finished ends with the last chunk's CRLF CRLF.
    if (!ok && watch.bodiless && !watch.stopped() && error == httplib::Error::Canceled) ok = true;
    if (ok && !watch.bodiless && !watch.stopped() && watch.chunked && request.method != "HEAD" && response.status != 204 &&
        !std::string_view(watch.tail).ends_with("\r\n\r\n")) {
      ok = false;
    }
    if (ok && !watch.stopped()) {
      HttpResponse answer;
      answer.status = response.status;
      answer.headers = parse_headers(watch.head);
      answer.body = std::move(watch.body);
      exchange.response = std::move(answer);
    } else {
      classify(exchange, watch, error, watchdog_fired, verify_result, origin_.host);
    }
    return finish();
  }

 private:
  template <typename Client>
  void configure(Client& client) {
    client.set_follow_location(false);
    client.set_decompress(false);
    client.set_compress(false);
    client.set_keep_alive(false);
    client.set_url_encode(false);  // targets arrive percent-encoded; request_problem() rejects what is not
    client.set_connection_timeout(limits_.connect_timeout);  // httplib's TLS handshake waits use it
    client.set_read_timeout(limits_.read_timeout);
    client.set_write_timeout(limits_.read_timeout);
  }

  httplib::ClientImpl& client() { return tls_ ? static_cast<httplib::ClientImpl&>(*tls_) : *plain_; }
  void set_watch(Watch* watch) {
    if (tls_) tls_->watch = watch;
    if (plain_) plain_->watch = watch;
  }

  httplib::Request build(const HttpRequest& request) const {
    httplib::Request out;
    out.method = request.method;
    out.path = origin_.base_path + request.target;
    const bool has_body = !request.body.empty() || !request.content_type.empty();
    bool has_content_type = false;
    for (const auto& [name, value] : request.headers) {
      if (is_reserved_header(name)) continue;
      if (iequals(name, "Content-Type")) {
        if (!request.content_type.empty()) continue;
        has_content_type = true;
      }
      out.headers.emplace(name, value);
    }
    out.headers.emplace("Accept-Encoding", "identity");
    out.headers.emplace("User-Agent", kUserAgent);
    if (has_body) {
      if (!request.content_type.empty()) {
        out.headers.emplace("Content-Type", request.content_type);
      } else if (!has_content_type) {
        out.headers.emplace("Content-Type", "application/octet-stream");  // httplib would say text/plain
      }
      out.body = request.body;
      // httplib adds "Content-Length: 0" to an empty POST, PUT or PATCH
      // itself (unconditionally: adding it too would send it twice).
      if (request.body.empty() && request.method != "POST" && request.method != "PUT" && request.method != "PATCH") {
        out.headers.emplace("Content-Length", "0");
      }
    }
    return out;
  }

  Origin origin_;
  HttpLimits limits_;
  std::unique_ptr<Watchdog> watchdog_;  // declared before the clients: outlives them
  std::unique_ptr<WatchedClient<httplib::ClientImpl>> plain_;
  std::unique_ptr<WatchedClient<httplib::SSLClient>> tls_;
};

HttpClient::HttpClient(Origin origin, HttpLimits limits)
    : impl_(std::make_unique<Impl>(std::move(origin), limits)) {}
HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

Exchange HttpClient::send(const HttpRequest& request) { return impl_->send(request); }

}  // namespace archgate::verify
