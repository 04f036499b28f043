// The socket under httplib, behind WatchedClient's two virtual hooks (why:
// see the top of http_client.cpp): our own connect to the origin's host and
// port; WatchedStream, whose waits the read timeout and the deadline bound
// and which counts and caps every byte; and the watchdog that shuts an https
// socket down at the deadline.
#include "verify/http_internal.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>

namespace archgate::verify {

namespace {

constexpr milliseconds kWatchdogGrace{200};      // WatchedStream's own checks should come first

// Called with the bytes just read; false (and stop set) when a cap is passed.
bool account(Watch& watch, const char* data, std::size_t size) {
  if (watch.head_done) {
    watch.after_head += size;
    watch.tail.append(data, size);
    if (watch.tail.size() > 8) watch.tail.erase(0, watch.tail.size() - 8);
    if (watch.after_head > watch.wire_limit) {
      watch.stop = Watch::Stop::wire_too_large;
      return false;
    }
    return true;
  }
  for (std::size_t i = 0; i < size; ++i) {
    watch.head += data[i];
    if (data[i] == '\n') {
      watch.line_start = watch.head.size();
      continue;
    }
    const std::string_view line = std::string_view(watch.head).substr(watch.line_start);
    if (line.size() > kMaxStatusLine && line.starts_with("HTTP/")) {
      watch.stop = Watch::Stop::status_line_too_long;
      return false;
    }
    if (line.size() > kMaxHeadLine) {
      watch.stop = Watch::Stop::line_too_long;
      return false;
    }
  }
  if (watch.head.size() > kMaxHead) {
    watch.stop = Watch::Stop::head_too_large;
    return false;
  }
  return true;
}

// The socket under httplib: every wait bounded by the per-operation timeout
// and the deadline, every byte counted.
class WatchedStream final : public httplib::Stream {
 public:
  WatchedStream(int fd, SSL* ssl, Watch& watch) : fd_(fd), ssl_(ssl), watch_(watch) {}

  bool is_readable() const override { return (ssl_ != nullptr && SSL_pending(ssl_) > 0) || ready_now(POLLIN); }
  bool is_writable() const override { return ready_now(POLLOUT); }

  ssize_t read(char* ptr, std::size_t size) override {
    if (watch_.stopped()) return -1;
    if (watch_.eof) return 0;
    const bool buffered = ssl_ != nullptr && SSL_pending(ssl_) > 0;
    if (!buffered && !wait(POLLIN)) return -1;
    const ssize_t n = ssl_ != nullptr ? tls_read(ptr, size) : plain_read(ptr, size);
    if (n == 0) watch_.eof = true;
    if (n <= 0) return n;
    return account(watch_, ptr, static_cast<std::size_t>(n)) ? n : -1;
  }

  ssize_t write(const char* ptr, std::size_t size) override {
    if (watch_.stopped() || !wait(POLLOUT)) return -1;
    if (ssl_ != nullptr) {
      ERR_clear_error();
      const int n = SSL_write(ssl_, ptr, static_cast<int>(std::min<std::size_t>(size, INT_MAX)));
      if (n > 0) return n;
      tls_failure(n, Watch::Stop::write_timeout);
      return -1;
    }
    for (;;) {
      const ssize_t n = ::send(fd_, ptr, size, MSG_NOSIGNAL);
      if (n >= 0) return n;
      if (errno == EINTR) continue;
      system_failure(errno, Watch::Stop::write_timeout);
      return -1;
    }
  }

  // httplib's client never asks; its server fills Request::remote_addr.
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip.clear();
    port = -1;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip.clear();
    port = -1;
  }
  socket_t socket() const override { return fd_; }

 private:
  bool ready_now(short events) const {
    pollfd entry{fd_, events, 0};
    return ::poll(&entry, 1, 0) > 0;
  }

  // Waits until the socket is ready or a time limit passes (then stop is set).
  bool wait(short events) {
    const milliseconds per_operation = watch_.limits.read_timeout;  // for sends too
    for (;;) {
      const auto now = Clock::now();
      if (now >= watch_.deadline) {
        watch_.stop = Watch::Stop::deadline;
        return false;
      }
      const auto left = std::chrono::ceil<milliseconds>(watch_.deadline - now);
      const auto wait_for = std::min(per_operation, left);
      pollfd entry{fd_, events, 0};
      const int ready = ::poll(&entry, 1, static_cast<int>(wait_for.count()));
      if (ready > 0) return true;  // ready, or an error the next call reports
      if (ready < 0 && errno == EINTR) continue;
      if (ready < 0) {
        system_failure(errno, Watch::Stop::reset);
        return false;
      }
      if (per_operation < left) {
        watch_.stop = events == POLLIN ? Watch::Stop::read_timeout : Watch::Stop::write_timeout;
        return false;
      }
      // The deadline's wait ended: the next turn sees it passed.
    }
  }

  ssize_t plain_read(char* ptr, std::size_t size) {
    for (;;) {
      const ssize_t n = ::recv(fd_, ptr, size, 0);
      if (n >= 0) return n;
      if (errno == EINTR) continue;
      system_failure(errno, Watch::Stop::read_timeout);
      return -1;
    }
  }

  ssize_t tls_read(char* ptr, std::size_t size) {
    ERR_clear_error();
    const int n = SSL_read(ssl_, ptr, static_cast<int>(std::min<std::size_t>(size, INT_MAX)));
    if (n > 0) return n;
    const int error = SSL_get_error(ssl_, n);
    if (error == SSL_ERROR_ZERO_RETURN || (error == SSL_ERROR_SYSCALL && errno == 0)) return 0;
    tls_failure(n, Watch::Stop::read_timeout);
    return -1;
  }

  // EAGAIN comes from SO_RCVTIMEO / SO_SNDTIMEO (the socket is blocking).
  void system_failure(int error, Watch::Stop on_timeout) {
    if (error == EAGAIN || error == EWOULDBLOCK) {
      watch_.stop = on_timeout;
      return;
    }
    watch_.stop = Watch::Stop::reset;
    watch_.error_number = error;
  }

  void tls_failure(int result, Watch::Stop on_timeout) {
    const int saved_errno = errno;
    switch (SSL_get_error(ssl_, result)) {
      case SSL_ERROR_WANT_READ:
      case SSL_ERROR_WANT_WRITE:
        watch_.stop = on_timeout;
        break;
      case SSL_ERROR_SYSCALL:
        system_failure(saved_errno != 0 ? saved_errno : ECONNRESET, on_timeout);
        break;
      default:
        watch_.stop = Watch::Stop::tls;
        watch_.tls_error = openssl_error_text();
        break;
    }
  }

  int fd_;
  SSL* ssl_;
  Watch& watch_;
};

}  // namespace

Watchdog::~Watchdog() {
  {
    std::lock_guard lock(mutex_);
    quit_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) ::close(fd_);
}

void Watchdog::arm(int socket_fd, Clock::time_point at) {
  std::lock_guard lock(mutex_);
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
  if (fd_ >= 0) ::close(fd_);
  fd_ = ::fcntl(socket_fd, F_DUPFD_CLOEXEC, 0);
  at_ = at;
  fired_ = false;
  wake_.notify_all();
}

bool Watchdog::disarm() {
  std::lock_guard lock(mutex_);
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  return std::exchange(fired_, false);
}

void Watchdog::run() {
  std::unique_lock lock(mutex_);
  while (!quit_) {
    if (fd_ < 0 || fired_) {
      wake_.wait(lock);
    } else if (Clock::now() >= at_) {
      ::shutdown(fd_, SHUT_RDWR);
      fired_ = true;
    } else {
      wake_.wait_until(lock, at_);
    }
  }
}

namespace {

// Connects to host:port (every address it resolves to, in order) within the
// connect timeout and the deadline. -1 and watch.connect_failure on failure.
int connect_to(const std::string& host, int port, Watch& watch) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* addresses = nullptr;
  const std::string service = std::to_string(port);
  if (const int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &addresses); rc != 0) {
    watch.connect_failure = {Failure::other, "cannot resolve '" + escaped(host, 80) + "': " + gai_strerror(rc)};
    return -1;
  }
  int last_error = 0;
  bool timed_out = false;
  int connected = -1;
  for (addrinfo* address = addresses; address != nullptr && connected < 0; address = address->ai_next) {
    const int fd = ::socket(address->ai_family, address->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, address->ai_protocol);
    if (fd < 0) {
      last_error = errno;
      continue;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    bool ok = ::connect(fd, address->ai_addr, address->ai_addrlen) == 0;
    if (!ok && (errno == EINPROGRESS || errno == EINTR)) {
      const auto left = std::chrono::ceil<milliseconds>(watch.deadline - Clock::now());
      const auto wait_for = std::max(milliseconds(0), std::min(watch.limits.connect_timeout, left));
      pollfd entry{fd, POLLOUT, 0};
      int ready;
      do {
        ready = ::poll(&entry, 1, static_cast<int>(wait_for.count()));
      } while (ready < 0 && errno == EINTR);
      if (ready == 0) {
        timed_out = true;
      } else {
        int error = 0;
        socklen_t length = sizeof error;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
        ok = error == 0;
        if (!ok) last_error = error;
      }
    } else if (!ok) {
      last_error = errno;
    }
    if (!ok) {
      ::close(fd);
      if (Clock::now() >= watch.deadline) break;
      continue;
    }
    // Blocking from here on, as httplib expects; the timeouts are a backstop
    // for the blocking SSL calls (WatchedStream polls before plain calls).
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    const auto as_timeval = [](milliseconds ms) {
      timeval tv{};
      tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
      tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
      return tv;
    };
    const timeval timeout = as_timeval(watch.limits.read_timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    connected = fd;
  }
  ::freeaddrinfo(addresses);
  if (connected >= 0) {
    watch.connected_at = Clock::now();
  } else if (timed_out) {
    watch.connect_failure = {Failure::timeout, "no connection within " + duration_text(watch.limits.connect_timeout)};
  } else if (last_error == ECONNREFUSED) {
    watch.connect_failure = {Failure::refused, "connection refused"};
  } else {
    watch.connect_failure = {Failure::refused, "cannot connect: " + system_error_text(last_error)};
  }
  return connected;
}

}  // namespace

template <typename Base>
bool WatchedClient<Base>::create_and_connect_socket(typename Base::Socket& socket, httplib::Error& error) {
  if (kTls && !this->is_valid()) {
    watch->connect_failure = {Failure::other, "cannot set up TLS: " + openssl_error_text()};
    error = httplib::Error::SSLConnection;
    return false;
  }
  const int fd = connect_to(this->host_, this->port_, *watch);
  if (fd < 0) {
    error = httplib::Error::Connection;
    return false;
  }
  socket.sock = fd;
  if (watchdog != nullptr) watchdog->arm(fd, watch->deadline + kWatchdogGrace);
  return true;
}

template <typename Base>
bool WatchedClient<Base>::process_socket(const typename Base::Socket& socket,
                                         std::function<bool(httplib::Stream&)> callback) {
  SSL* ssl = nullptr;
  if constexpr (kTls) ssl = socket.ssl;
  WatchedStream stream(socket.sock, ssl, *watch);
  return callback(stream);
}

template class WatchedClient<httplib::ClientImpl>;
template class WatchedClient<httplib::SSLClient>;

}  // namespace archgate::verify
