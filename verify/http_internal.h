// What the files of the HTTP client (verify/http_client.h) share; internal
// to them. Why the client replaces cpp-httplib's socket layer, and the traps
// of cpp-httplib 0.11.4 it works around, are described at the top of
// http_client.cpp.
//
//   http_origin.cpp   origins: --service URLs parsed, Location headers
//                     compared with them
//   http_socket.cpp   the socket under httplib: the connect, WatchedStream's
//                     bounded waits and capped reads, the https watchdog
//   http_client.cpp   the exchange: the request checked and built, httplib
//                     driven, the answer kept or its failure classified
#pragma once

#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
#error "verify/http_*.cpp need cpp-httplib built with OpenSSL: compile with $(pkg-config --cflags cpp-httplib)"
#endif

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>

#include "verify/http_client.h"

namespace archgate::verify {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

inline constexpr std::size_t kMaxHead = 64 << 10;        // status line(s) and headers
inline constexpr std::size_t kMaxHeadLine = 8 << 10;     // httplib rejects longer header lines anyway
inline constexpr std::size_t kMaxStatusLine = 1 << 10;   // fed to std::regex: see the top of http_client.cpp

// ---------------------------------------------------------------- text (http_client.cpp)

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string lower(std::string_view text);
bool iequals(std::string_view a, std::string_view b);
// "5 s", "1.5 s", "250 ms".
std::string duration_text(milliseconds duration);
// Bytes from the server, safe to print: printable ASCII kept, the rest \xNN.
std::string escaped(std::string_view bytes, std::size_t max_bytes);
// strerror's text, lower case first.
std::string system_error_text(int error);
// The first OpenSSL error of this thread's queue, which it then clears.
std::string openssl_error_text();

// ---------------------------------------------------------------- the socket (http_socket.cpp)

// What one exchange saw: filled by the connect, WatchedStream and the
// receivers, read by classify().
struct Watch {
  enum class Stop { none, deadline, read_timeout, write_timeout, head_too_large, line_too_long, status_line_too_long,
                    body_too_large, wire_too_large, reset, tls };

  Clock::time_point start;
  Clock::time_point deadline;
  HttpLimits limits;
  std::size_t wire_limit = 0;  // bytes after the head (body and chunk framing)

  std::optional<std::pair<Failure, std::string>> connect_failure;
  Clock::time_point connected_at;

  Stop stop = Stop::none;
  int error_number = 0;  // with Stop::reset
  std::string tls_error;
  bool eof = false;

  std::string head;  // every byte read before the headers were complete
  std::size_t line_start = 0;
  bool head_done = false;
  std::size_t after_head = 0;  // bytes read after the head
  std::string tail;            // the last bytes of them
  std::string body;
  std::optional<std::uint64_t> content_length;
  bool chunked = false;
  bool bodiless = false;  // 1xx or 304: httplib would read a body anyway

  bool stopped() const { return stop != Stop::none; }
};

// Shuts an https exchange's socket down at its deadline, for the waits
// WatchedStream cannot bound: the TLS handshake (inside httplib) and a
// blocking SSL_read in the middle of a record. It holds its own duplicate of
// the socket, so it can never touch a descriptor that was closed and reused.
class Watchdog {
 public:
  Watchdog() = default;
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;
  ~Watchdog();

  void arm(int socket_fd, Clock::time_point at);

  // Whether it fired since arm().
  bool disarm();

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
  int fd_ = -1;
  Clock::time_point at_;
  bool fired_ = false;
  bool quit_ = false;
};

// Base is httplib::ClientImpl (http) or httplib::SSLClient (https); httplib
// calls these two virtual hooks from ClientImpl::send().
template <typename Base>
class WatchedClient final : public Base {
 public:
  static constexpr bool kTls = std::is_same_v<Base, httplib::SSLClient>;

  WatchedClient(const std::string& host, int port) : Base(host, port) {}

  Watch* watch = nullptr;         // set for the duration of one send()
  Watchdog* watchdog = nullptr;   // https only

 private:
  bool create_and_connect_socket(typename Base::Socket& socket, httplib::Error& error) override;
  bool process_socket(const typename Base::Socket& socket, std::function<bool(httplib::Stream&)> callback) override;
};
extern template class WatchedClient<httplib::ClientImpl>;
extern template class WatchedClient<httplib::SSLClient>;

}  // namespace archgate::verify
