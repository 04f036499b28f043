// HttpClient against real servers on 127.0.0.1: an httplib::Server for the
// well-behaved answers, and RawServer (below: plain sockets, one thread per
// connection) for servers that misbehave byte by byte. Times are asserted
// only as generous upper bounds (the deadline + 2 s).
#include "verify/http_client.h"

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <httplib.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace archgate::verify {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

// ---------------------------------------------------------------- RawServer

// A loopback server that runs handler(fd) for each connection on its own
// thread. The handler never closes fd: the server does, after it returns
// (set SO_LINGER 0 first with reset_on_close() to send an RST instead of a
// FIN). stop() shuts every open connection down, so handlers that wait on
// the socket wake up; handlers that loop check stopping().
class RawServer {
 public:
  using Handler = std::function<void(int fd, RawServer& server)>;

  explicit RawServer(Handler handler) : handler_(std::move(handler)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listen_fd_, 16) != 0) {
      throw std::runtime_error("RawServer: cannot listen on 127.0.0.1");
    }
    socklen_t length = sizeof address;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~RawServer() { stop(); }
  RawServer(const RawServer&) = delete;
  RawServer& operator=(const RawServer&) = delete;

  void stop() {
    if (stopping_.exchange(true)) return;
    ::shutdown(listen_fd_, SHUT_RDWR);
    acceptor_.join();
    ::close(listen_fd_);
    {
      std::lock_guard lock(mutex_);
      for (const int fd : open_) ::shutdown(fd, SHUT_RDWR);
    }
    for (auto& worker : workers_) worker.join();
  }

  int port() const { return port_; }
  int accepted() const { return accepted_.load(); }
  bool stopping() const { return stopping_.load(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // The request heads read with read_head(), in order.
  std::vector<std::string> heads() const {
    std::lock_guard lock(mutex_);
    return heads_;
  }
  void record_head(std::string head) {
    std::lock_guard lock(mutex_);
    heads_.push_back(std::move(head));
  }

 private:
  void accept_loop() {
    for (;;) {
      const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EINTR && !stopping_) continue;
        return;
      }
      ++accepted_;
      std::lock_guard lock(mutex_);
      open_.insert(fd);
      workers_.emplace_back([this, fd] {
        handler_(fd, *this);
        std::lock_guard lock2(mutex_);
        open_.erase(fd);
        ::close(fd);
      });
    }
  }

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::thread acceptor_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0};
  mutable std::mutex mutex_;
  std::set<int> open_;
  std::vector<std::thread> workers_;
  std::vector<std::string> heads_;
};

// Reads up to the end of the request head (or EOF, or 5 s) and records it.
std::string read_head(int fd, RawServer& server) {
  std::string head;
  char buffer[4096];
  const auto give_up = std::chrono::steady_clock::now() + 5s;
  while (head.find("\r\n\r\n") == std::string::npos && std::chrono::steady_clock::now() < give_up) {
    pollfd entry{fd, POLLIN, 0};
    if (::poll(&entry, 1, 100) <= 0) continue;
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    head.append(buffer, static_cast<std::size_t>(n));
  }
  server.record_head(head);
  return head;
}

bool send_text(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Waits until the client closes the connection (or the server stops).
void wait_for_close(int fd, RawServer& server) {
  char buffer[4096];
  while (!server.stopping()) {
    pollfd entry{fd, POLLIN, 0};
    if (::poll(&entry, 1, 100) <= 0) continue;
    if (::recv(fd, buffer, sizeof buffer, 0) <= 0) return;
  }
}

void reset_on_close(int fd) {
  const linger hard{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
}

// Sends bytes one by one, `every` apart, until the client leaves.
void drip(int fd, RawServer& server, std::string_view bytes, milliseconds every) {
  for (const char c : bytes) {
    if (server.stopping() || !send_text(fd, std::string_view(&c, 1))) return;
    std::this_thread::sleep_for(every);
  }
}

// ---------------------------------------------------------------- helpers

Origin origin_of(const std::string& url) {
  std::string error;
  auto origin = parse_origin(url, error);
  INFO(url << ": " << error);
  REQUIRE(origin);
  return *origin;
}

HttpLimits short_limits() {
  HttpLimits limits;
  limits.connect_timeout = 1000ms;
  limits.read_timeout = 10000ms;  // longer than the deadline: the deadline must end the exchange
  limits.deadline = 1000ms;
  return limits;
}

HttpRequest get(std::string target) {
  HttpRequest request;
  request.method = "GET";
  request.target = std::move(target);
  return request;
}

// Within the deadline plus 15 s (generous: sanitizers and a loaded CI
// machine; what matters is that a hostile server cannot hold it forever).
// No test asserts more about wall time.
void require_bounded(const Exchange& exchange, const HttpLimits& limits) {
  INFO("elapsed " << exchange.elapsed_ms << " ms");
  REQUIRE(exchange.elapsed_ms < static_cast<double>(limits.deadline.count() + 15000));
}

std::string describe(const Exchange& exchange) {
  std::string text = std::string(failure_name(exchange.failure)) + ": " + exchange.detail;
  if (exchange.response) text += " [status " + std::to_string(exchange.response->status) + "]";
  return text;
}

// An httplib::Server on a thread, listening on 127.0.0.1 (or ::1).
class LocalServer {
 public:
  explicit LocalServer(httplib::Server& server, const char* host = "127.0.0.1") : server_(server) {
    port_ = server_.bind_to_any_port(host);
    if (port_ > 0) thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~LocalServer() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  int port() const { return port_; }

 private:
  httplib::Server& server_;
  int port_ = -1;
  std::thread thread_;
};

// 1 MiB of zeros, gzipped (Python's gzip.compress(b"\0" * 2**20, mtime=0)).
std::string gzip_of_zeros() {
  return std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xed\xc1\x31\x01\x00\x00\x00\xc2\xa0\xf5\x4f\x6d\x08\x5f\xa0",
                     25) +
         std::string(1016, '\0') + std::string("\x3e\x03\x1c\xea\x38\xa7\x00\x00\x10\x00", 10);
}

// ---------------------------------------------------------------- origins

TEST_CASE("parse_origin reads service URLs", "[verify]") {
  std::string error;
  auto origin = parse_origin("http://127.0.0.1:8080", error);
  REQUIRE(origin);
  CHECK(origin->scheme == "http");
  CHECK(origin->host == "127.0.0.1");
  CHECK(origin->port == 8080);
  CHECK(origin->base_path.empty());
  CHECK(origin->text() == "http://127.0.0.1:8080");

  origin = parse_origin("https://localhost", error);
  REQUIRE(origin);
  CHECK(origin->port == 443);
  CHECK(origin->text() == "https://localhost");

  origin = parse_origin("HTTP://[::1]:9000/api/v1/", error);
  REQUIRE(origin);
  CHECK(origin->scheme == "http");
  CHECK(origin->host == "[::1]");
  CHECK(origin->port == 9000);
  CHECK(origin->base_path == "/api/v1");
  CHECK(origin->text() == "http://[::1]:9000");

  origin = parse_origin("http://orders.internal:80/", error);
  REQUIRE(origin);
  CHECK(origin->port == 80);
  CHECK(origin->base_path.empty());
  CHECK(origin->text() == "http://orders.internal");
}

TEST_CASE("parse_origin rejects what is not an origin", "[verify]") {
  for (const char* url : {"ftp://127.0.0.1", "127.0.0.1:8080", "http://", "http://user:pw@127.0.0.1",
                          "http://127.0.0.1/?x=1", "http://127.0.0.1/#top", "http://127.0.0.1:0",
                          "http://127.0.0.1:65536", "http://127.0.0.1:", "http://127.0.0.1:8a", "http://[::1",
                          "http://[zz]:80", "http://::1:80", "http://a b", "http://h/a b", "http://h\n",
                          "http://h/%zz", "javascript://x", "http://h\xc3\xa9.com"}) {
    std::string error;
    INFO(url);
    CHECK_FALSE(parse_origin(url, error));
    CHECK_FALSE(error.empty());
  }
}

TEST_CASE("same_origin compares scheme, host and port as browsers read a Location", "[verify]") {
  const Origin origin = origin_of("http://Orders.local:8080/api");
  CHECK(origin.same_origin("http://orders.local:8080/elsewhere?x#y"));
  CHECK(origin.same_origin("HTTP://ORDERS.LOCAL:8080"));
  CHECK(origin.same_origin("/api/orders/1"));
  CHECK(origin.same_origin("orders/1"));
  CHECK(origin.same_origin("//orders.local:8080/x"));
  CHECK_FALSE(origin.same_origin("https://orders.local:8080/"));
  CHECK_FALSE(origin.same_origin("http://orders.local/"));
  CHECK_FALSE(origin.same_origin("http://evil.example:8080/"));
  CHECK_FALSE(origin.same_origin("//evil.example/"));
  CHECK_FALSE(origin.same_origin("/\\evil.example/"));  // "//evil.example" to a browser
  CHECK_FALSE(origin.same_origin("http:\\\\evil.example"));
  CHECK_FALSE(origin.same_origin("javascript:alert(1)"));
  CHECK_FALSE(origin.same_origin(" http://evil.example:8080"));
  CHECK_FALSE(origin.same_origin("http://orders.local:8080@evil.example:8080/"));
  CHECK(origin.same_origin("http://user@orders.local:8080/"));

  const Origin v6 = origin_of("http://[::1]:80");
  CHECK(v6.same_origin("http://[0:0:0:0:0:0:0:1]/"));
  CHECK_FALSE(v6.same_origin("http://[::2]/"));
}

TEST_CASE("HttpResponse finds headers and the media type", "[verify]") {
  HttpResponse response;
  response.headers = {{"content-type", " Application/JSON ; charset=utf-8"}, {"Content-Type", "text/plain"}};
  CHECK(response.header("CONTENT-TYPE") == " Application/JSON ; charset=utf-8");
  CHECK_FALSE(response.header("Location"));
  CHECK(response.media_type() == "application/json");
  CHECK(HttpResponse{}.media_type().empty());
  CHECK(failure_name(Failure::too_large) == "too_large");
}

// ---------------------------------------------------------------- well-behaved answers

TEST_CASE("a normal answer arrives whole, with what the client sent", "[verify]") {
  httplib::Server server;
  std::mutex mutex;
  httplib::Headers seen;
  std::string seen_target;
  server.Get("/api/orders/7", [&](const httplib::Request& request, httplib::Response& response) {
    {
      std::lock_guard lock(mutex);
      seen = request.headers;
      seen_target = request.target;
    }
    response.set_header("X-Request-Id", "abc");
    response.set_content(R"({"id":7})", "application/json; charset=utf-8");
  });
  server.Post("/api/echo", [](const httplib::Request& request, httplib::Response& response) {
    response.status = 201;
    response.set_content(request.body, request.get_header_value("Content-Type"));
  });
  LocalServer local(server);
  REQUIRE(local.port() > 0);
  HttpClient client(origin_of("http://127.0.0.1:" + std::to_string(local.port()) + "/api"), short_limits());

  const Exchange exchange = client.send(get("/orders/7?expand=lines&x=%20"));
  INFO(describe(exchange));
  REQUIRE(exchange.failure == Failure::none);
  REQUIRE(exchange.response);
  CHECK(exchange.url == "http://127.0.0.1:" + std::to_string(local.port()) + "/api/orders/7?expand=lines&x=%20");
  CHECK(exchange.response->status == 200);
  CHECK(exchange.response->body == R"({"id":7})");
  CHECK(exchange.response->media_type() == "application/json");
  CHECK(exchange.response->header("x-request-id") == "abc");
  CHECK(exchange.elapsed_ms > 0);
  {
    std::lock_guard lock(mutex);
    CHECK(seen_target == "/api/orders/7?expand=lines&x=%20");
    CHECK(seen.find("Host")->second == "127.0.0.1:" + std::to_string(local.port()));
    CHECK(seen.find("User-Agent")->second.rfind("archgate-verify/", 0) == 0);
    CHECK(seen.count("Accept-Encoding") == 1);
    CHECK(seen.find("Accept-Encoding")->second == "identity");
    CHECK(seen.find("Connection")->second == "close");
  }

  HttpRequest post;
  post.method = "POST";
  post.target = "/echo";
  post.body = R"({"sku":"A-1"})";
  post.content_type = "application/json";
  post.headers = {{"Content-Type", "text/evil"}, {"Accept-Encoding", "gzip"}, {"X-Trace", "1"}};
  const Exchange posted = client.send(post);
  INFO(describe(posted));
  REQUIRE(posted.response);
  CHECK(posted.response->status == 201);
  CHECK(posted.response->body == post.body);
  CHECK(posted.response->media_type() == "application/json");

  // The same client again: one connection per exchange, nothing left over.
  const Exchange again = client.send(get("/orders/7"));
  REQUIRE(again.response);
  CHECK(again.response->status == 200);
}

TEST_CASE("headers are reported as received: in order, undecoded", "[verify]") {
  RawServer server([](int fd, RawServer& s) {
    read_head(fd, s);
    send_text(fd,
              "HTTP/1.1 200 OK\r\nX-Zeta: 1\r\nlocation: /a%0d%0aSet-Cookie:%20x\r\nX-Zeta:  3 \r\n"
              "Content-Length: 2\r\n\r\nok");
  });
  HttpClient client(origin_of(server.url()), short_limits());
  const Exchange exchange = client.send(get("/"));
  INFO(describe(exchange));
  REQUIRE(exchange.response);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"X-Zeta", "1"}, {"location", "/a%0d%0aSet-Cookie:%20x"}, {"X-Zeta", "3"}, {"Content-Length", "2"}};
  CHECK(exchange.response->headers == expected);
  CHECK(exchange.response->body == "ok");
}

TEST_CASE("HEAD and 204 answers have no body to wait for", "[verify]") {
  RawServer server([](int fd, RawServer& s) {
    const std::string head = read_head(fd, s);
    if (head.rfind("HEAD", 0) == 0) {
      send_text(fd, "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n");
    } else {
      send_text(fd, "HTTP/1.1 204 No Content\r\n\r\n");
    }
    wait_for_close(fd, s);  // a body never comes, the connection stays open
  });
  HttpClient client(origin_of(server.url()), short_limits());
  HttpRequest head = get("/");
  head.method = "HEAD";
  const Exchange headed = client.send(head);
  INFO(describe(headed));
  REQUIRE(headed.response);
  CHECK(headed.response->status == 200);
  CHECK(headed.response->body.empty());
  const Exchange deleted = client.send([] {
    HttpRequest request = get("/orders/1");
    request.method = "DELETE";
    return request;
  }());
  INFO(describe(deleted));
  REQUIRE(deleted.response);
  CHECK(deleted.response->status == 204);
}

TEST_CASE("a 304 ends at its headers, whatever its Content-Length says", "[verify]") {
  RawServer server([](int fd, RawServer& s) {
    read_head(fd, s);
    send_text(fd, "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nContent-Length: 5000\r\n\r\n");
    wait_for_close(fd, s);
  });
  HttpClient client(origin_of(server.url()), short_limits());
  HttpRequest request = get("/orders/1");
  request.headers = {{"If-None-Match", "\"v1\""}};
  const Exchange exchange = client.send(request);
  INFO(describe(exchange));
  REQUIRE(exchange.response);
  CHECK(exchange.response->status == 304);
  CHECK(exchange.response->header("ETag") == "\"v1\"");
  CHECK(exchange.response->body.empty());  // waiting for 5000 bytes would have ended in a timeout
}

TEST_CASE("the origin's IPv6 host is connected to and named in Host", "[verify]") {
  httplib::Server server;
  std::string host;
  std::mutex mutex;
  server.Get("/", [&](const httplib::Request& request, httplib::Response& response) {
    std::lock_guard lock(mutex);
    host = request.get_header_value("Host");
    response.set_content("v6", "text/plain");
  });
  LocalServer local(server, "::1");
  if (local.port() <= 0) {
    WARN("no IPv6 loopback here: skipped");
    return;
  }
  HttpClient client(origin_of("http://[::1]:" + std::to_string(local.port())), short_limits());
  const Exchange exchange = client.send(get("/"));
  INFO(describe(exchange));
  REQUIRE(exchange.response);
  CHECK(exchange.response->body == "v6");
  std::lock_guard lock(mutex);
  CHECK(host == "[::1]:" + std::to_string(local.port()));
}

// ---------------------------------------------------------------- failures

TEST_CASE("a closed port is refused at once", "[verify]") {
  int port = 0;
  {
    RawServer closed([](int, RawServer&) {});
    port = closed.port();
  }
  const HttpLimits limits = short_limits();
  HttpClient client(origin_of("http://127.0.0.1:" + std::to_string(port)), limits);
  const Exchange exchange = client.send(get("/health"));
  INFO(describe(exchange));
  CHECK(exchange.failure == Failure::refused);
  CHECK(exchange.detail == "connection refused");
  CHECK_FALSE(exchange.response);
  require_bounded(exchange, limits);
}

TEST_CASE("a server that never answers ends at the deadline", "[verify]") {
  RawServer server([](int fd, RawServer& s) {
    read_head(fd, s);
    wait_for_close(fd, s);
  });
  const HttpLimits limits = short_limits();
  HttpClient client(origin_of(server.url()), limits);
  const Exchange exchange = client.send(get("/hang"));
  INFO(describe(exchange));
  CHECK(exchange.failure == Failure::timeout);
  CHECK(exchange.detail == "no answer within 1 s");
  require_bounded(exchange, limits);

  SECTION("or at the read timeout when it is shorter") {
    HttpLimits patient = limits;
    patient.read_timeout = 300ms;
    patient.deadline = 5000ms;
    HttpClient reader(origin_of(server.url()), patient);
    const Exchange read = reader.send(get("/hang"));
    INFO(describe(read));
    CHECK(read.failure == Failure::timeout);
    CHECK(read.detail == "no data for 300 ms before the status line");
    require_bounded(read, patient);
  }
}

TEST_CASE("a server that drips ends at the deadline", "[verify]") {
  const HttpLimits limits = short_limits();
  SECTION("the body, after the headers") {
    RawServer server([](int fd, RawServer& s) {
      read_head(fd, s);
      send_text(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n");
      drip(fd, s, std::string(1000, 'x'), 100ms);
    });
    HttpClient client(origin_of(server.url()), limits);
    const Exchange exchange = client.send(get("/drip"));
    INFO(describe(exchange));
    CHECK(exchange.failure == Failure::timeout);
    CHECK(exchange.detail.rfind("answer incomplete after 1 s: after ", 0) == 0);
    CHECK(exchange.detail.ends_with(" of 1000 body bytes"));
    require_bounded(exchange, limits);
  }
  SECTION("the status line and the headers") {
    RawServer server([](int fd, RawServer& s) {
      read_head(fd, s);
      drip(fd, s, "HTTP/1.1 200 OK\r\n" + std::string(10000, 'X'), 20ms);
    });
    HttpClient client(origin_of(server.url()), limits);
    const Exchange exchange = client.send(get("/drip"));
    INFO(describe(exchange));
    CHECK(exchange.failure == Failure::timeout);
    CHECK(exchange.detail.rfind("answer incomplete after 1 s: in the status line and headers (", 0) == 0);
    require_bounded(exchange, limits);
  }
}

TEST_CASE("a huge answer stops at max_body and is not read", "[verify]") {
  std::atomic<std::size_t> sent{0};
  std::atomic<int> mode{0};
  RawServer server([&](int fd, RawServer& s) {
    read_head(fd, s);
    const std::size_t total = 50u << 20;
    const int m = mode.load();
    std::string head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
    head += m == 0 ? "Content-Length: " + std::to_string(total) + "\r\n\r\n"
            : m == 1 ? std::string("\r\n")  // delimited by the end of the connection
                     : std::string("Transfer-Encoding: chunked\r\n\r\n");
    if (!send_text(fd, head)) return;
    const std::string block(64 << 10, '7');
    const std::string chunk = "10000\r\n" + block + "\r\n";
    for (std::size_t n = 0; n < total && !s.stopping(); n += block.size()) {
      if (!send_text(fd, m == 2 ? chunk : block)) return;
      sent += block.size();
    }
  });
  HttpLimits limits = short_limits();
  limits.deadline = 5000ms;
  limits.max_body = 1 << 20;
  HttpClient client(origin_of(server.url()), limits);
  for (int m : {0, 1, 2}) {
    mode = m;
    sent = 0;
    const Exchange exchange = client.send(get("/huge"));
    INFO("mode " << m << ": " << describe(exchange) << ", server sent " << sent.load());
    CHECK(exchange.failure == Failure::too_large);
    CHECK(exchange.detail.rfind("body over 1 MiB", 0) == 0);
    CHECK_FALSE(exchange.response);
    require_bounded(exchange, limits);
    // Waits until the server notices the client left, then checks it could
    // not push the 50 MiB (socket buffers hold a few MiB at most).
    const auto give_up = std::chrono::steady_clock::now() + 3s;
    std::size_t last = sent.load();
    do {
      std::this_thread::sleep_for(100ms);
    } while (std::exchange(last, sent.load()) != sent.load() && std::chrono::steady_clock::now() < give_up);
    CHECK(sent.load() < (20u << 20));
  }
  CHECK(server.heads().size() == 3);
}

TEST_CASE("answers that are not HTTP are malformed, never a crash", "[verify]") {
  std::string answer;
  bool reset = false;
  RawServer server([&](int fd, RawServer& s) {
    read_head(fd, s);
    send_text(fd, answer);
    if (reset) reset_on_close(fd);
  });
  HttpClient client(origin_of(server.url()), short_limits());
  const auto exchange_for = [&](std::string text) {
    answer = std::move(text);
    return client.send(get("/"));
  };

  SECTION("a garbage chunk size") {
    const Exchange e = exchange_for(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz-not-hex\r\n{}\r\n0\r\n\r\n");
    INFO(describe(e));
    CHECK(e.failure == Failure::malformed);
    CHECK(e.detail == "malformed chunked encoding after 0 body bytes");
  }
  SECTION("a chunk not followed by CRLF (httplib would end the body there, cut short)") {
    const Exchange e = exchange_for(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":XXXX garbage\r\n1\r\n}\r\n0\r\n\r\n");
    INFO(describe(e));
    CHECK(e.failure == Failure::malformed);
    CHECK(e.detail == "malformed chunked encoding after 5 body bytes");
  }
  SECTION("a well-formed chunked body") {
    const Exchange e = exchange_for("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n2\r\n1}\r\n0\r\n\r\n");
    INFO(describe(e));
    REQUIRE(e.response);
    CHECK(e.response->body == "{\"a\":1}");
  }
  SECTION("a status line that is not one") {
    const Exchange e = exchange_for("HTTP/2 OK\x1b[31m\r\n\r\n");
    INFO(describe(e));
    CHECK(e.failure == Failure::malformed);
    CHECK(e.detail == "not an HTTP/1.x status line: 'HTTP/2 OK\\x1b[31m\\x0d\\x0a'");
  }
  SECTION("a 100 KB status line (std::regex in httplib would overflow the stack)") {
    const Exchange e = exchange_for("HTTP/1.1 200 " + std::string(100000, 'a') + "\r\n\r\n");
    INFO(describe(e));
    CHECK(e.failure == Failure::malformed);
    CHECK(e.detail.rfind("a status line over 1 KiB", 0) == 0);
  }
  SECTION("endless headers") {
    std::string flood = "HTTP/1.1 200 OK\r\n";
    for (int i = 0; i < 20000; ++i) flood += "X-Flood-" + std::to_string(i) + ": y\r\n";
    const Exchange e = exchange_for(flood);
    INFO(describe(e));
    CHECK(e.failure == Failure::too_large);
    CHECK(e.detail == "status line and headers over 64 KiB");
  }
  SECTION("a header line of 20 KB") {
    const Exchange e = exchange_for("HTTP/1.1 200 OK\r\nX-Long: " + std::string(20000, 'b') + "\r\n\r\n");
    INFO(describe(e));
    CHECK(e.failure == Failure::malformed);
    CHECK(e.detail == "a header line over 8 KiB");
  }
  SECTION("a Content-Length that is cut short") {
    const Exchange e = exchange_for("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"partial\":");
    INFO(describe(e));
    CHECK(e.failure == Failure::reset);
    CHECK(e.detail == "connection closed after 11 of 100 body bytes");
  }
  SECTION("a reset in the middle of the answer") {
    reset = true;
    const Exchange e = exchange_for("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"partial\":");
    INFO(describe(e));
    CHECK((e.failure == Failure::reset || e.failure == Failure::malformed));
    CHECK_FALSE(e.response);
  }
  SECTION("a connection closed before the status line") {
    const Exchange e = exchange_for("");
    INFO(describe(e));
    CHECK(e.failure == Failure::reset);
    CHECK(e.detail == "connection closed before the status line");
  }
  SECTION("a reset before the status line") {
    reset = true;
    const Exchange e = exchange_for("");
    INFO(describe(e));
    CHECK(e.failure == Failure::reset);
    CHECK(e.detail == "connection reset by peer before the status line");
  }
}

TEST_CASE("a redirect is an answer, never followed", "[verify]") {
  RawServer elsewhere([](int fd, RawServer& s) { read_head(fd, s); });
  const std::string location = elsewhere.url() + "/stolen";
  RawServer server([&](int fd, RawServer& s) {
    read_head(fd, s);
    send_text(fd, "HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\n\r\n");
  });
  const Origin origin = origin_of(server.url());
  HttpClient client(origin, short_limits());
  const Exchange exchange = client.send(get("/redirect"));
  INFO(describe(exchange));
  REQUIRE(exchange.response);
  CHECK(exchange.response->status == 302);
  CHECK(exchange.response->header("Location") == location);
  CHECK_FALSE(origin.same_origin(location));
  std::this_thread::sleep_for(200ms);
  CHECK(elsewhere.accepted() == 0);
}

TEST_CASE("a gzip answer stays compressed and no encoding is asked for", "[verify]") {
  const std::string gzip = gzip_of_zeros();
  RawServer server([&](int fd, RawServer& s) {
    read_head(fd, s);
    send_text(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: " +
                      std::to_string(gzip.size()) + "\r\n\r\n" + gzip);
  });
  HttpLimits limits = short_limits();
  limits.max_body = 64 << 10;  // the inflated body (1 MiB) would not fit
  HttpClient client(origin_of(server.url()), limits);
  const Exchange exchange = client.send(get("/gzip-bomb"));
  INFO(describe(exchange));
  REQUIRE(exchange.response);
  CHECK(exchange.response->header("Content-Encoding") == "gzip");
  CHECK(exchange.response->body == gzip);
  const auto heads = server.heads();
  REQUIRE(heads.size() == 1);
  INFO(heads[0]);
  std::string lower_head = heads[0];
  for (char& c : lower_head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto first = lower_head.find("accept-encoding:");
  REQUIRE(first != std::string::npos);
  CHECK(lower_head.substr(first, lower_head.find("\r\n", first) - first) == "accept-encoding: identity");
  CHECK(lower_head.find("accept-encoding:", first + 1) == std::string::npos);
  CHECK(lower_head.find("\r\nte:") == std::string::npos);
}

TEST_CASE("an invalid request is not sent", "[verify]") {
  RawServer server([](int fd, RawServer& s) { read_head(fd, s); });
  HttpClient client(origin_of(server.url()), short_limits());
  std::vector<HttpRequest> requests(5, get("/ok"));
  requests[0].headers = {{"X-Evil", "a\r\nInjected: 1"}};
  requests[1].target = "/a b";
  requests[2].target = "no-slash";
  requests[3].method = "GET /x HTTP/1.1\r\n";
  requests[4].headers = {{"Bad Name", "v"}};
  for (const auto& request : requests) {
    const Exchange exchange = client.send(request);
    INFO(describe(exchange));
    CHECK(exchange.failure == Failure::other);
    CHECK(exchange.detail.rfind("request not sent: ", 0) == 0);
  }
  CHECK(server.accepted() == 0);
}

TEST_CASE("a server that resets while the body is sent raises no SIGPIPE", "[verify]") {
  // httplib::Server's constructor sets SIGPIPE to SIG_IGN for the whole
  // process, which would hide the problem: put the default back meanwhile.
  struct DefaultSigpipe {
    struct sigaction saved {};
    DefaultSigpipe() {
      struct sigaction action {};
      action.sa_handler = SIG_DFL;
      sigaction(SIGPIPE, &action, &saved);
    }
    ~DefaultSigpipe() { sigaction(SIGPIPE, &saved, nullptr); }
  } default_sigpipe;
  RawServer server([](int fd, RawServer& s) {
    char buffer[1024];
    pollfd entry{fd, POLLIN, 0};
    ::poll(&entry, 1, 2000);
    ::recv(fd, buffer, sizeof buffer, 0);
    (void)s;
    reset_on_close(fd);
  });
  HttpClient client(origin_of(server.url()), short_limits());
  HttpRequest post = get("/upload");
  post.method = "POST";
  post.content_type = "application/octet-stream";
  post.body.assign(32u << 20, 'u');
  const Exchange exchange = client.send(post);
  INFO(describe(exchange));
  CHECK(exchange.failure == Failure::reset);
}

// ---------------------------------------------------------------- https

struct TestCertificate {
  EVP_PKEY* key = nullptr;
  X509* certificate = nullptr;
  TestCertificate() {
    key = EVP_EC_gen("P-256");
    certificate = X509_new();
    X509_set_version(certificate, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(certificate), 1);
    X509_gmtime_adj(X509_getm_notBefore(certificate), -3600);
    X509_gmtime_adj(X509_getm_notAfter(certificate), 3600);
    X509_set_pubkey(certificate, key);
    X509_NAME* name = X509_get_subject_name(certificate);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
    X509_set_issuer_name(certificate, name);
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    X509_EXTENSION* alt_name = X509V3_EXT_conf_nid(nullptr, &context, NID_subject_alt_name, "IP:127.0.0.1");
    X509_add_ext(certificate, alt_name, -1);
    X509_EXTENSION_free(alt_name);
    X509_sign(certificate, key, EVP_sha256());
  }
  ~TestCertificate() {
    X509_free(certificate);
    EVP_PKEY_free(key);
  }
  TestCertificate(const TestCertificate&) = delete;
  TestCertificate& operator=(const TestCertificate&) = delete;
};

TEST_CASE("https: certificates are checked unless insecure", "[verify]") {
  TestCertificate certificate;
  httplib::SSLServer server(certificate.certificate, certificate.key);
  REQUIRE(server.is_valid());
  server.Get("/health", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(R"({"status":"ok"})", "application/json");
  });
  server.Get("/drip", [](const httplib::Request&, httplib::Response& response) {
    response.set_chunked_content_provider("application/json", [](std::size_t, httplib::DataSink& sink) {
      std::this_thread::sleep_for(100ms);
      return sink.write("x", 1);
    });
  });
  LocalServer local(server);
  REQUIRE(local.port() > 0);
  const std::string url = "https://127.0.0.1:" + std::to_string(local.port());

  HttpClient strict(origin_of(url), short_limits());
  const Exchange rejected = strict.send(get("/health"));
  INFO(describe(rejected));
  CHECK(rejected.failure == Failure::other);
  CHECK(rejected.detail.rfind("TLS certificate rejected: ", 0) == 0);
  CHECK(rejected.detail.find("self") != std::string::npos);

  HttpLimits limits = short_limits();
  limits.insecure = true;
  HttpClient insecure(origin_of(url), limits);
  const Exchange accepted = insecure.send(get("/health"));
  INFO(describe(accepted));
  REQUIRE(accepted.response);
  CHECK(accepted.response->status == 200);
  CHECK(accepted.response->body == R"({"status":"ok"})");

  const Exchange dripped = insecure.send(get("/drip"));
  INFO(describe(dripped));
  CHECK(dripped.failure == Failure::timeout);
  require_bounded(dripped, limits);
}

TEST_CASE("https: a hostile handshake ends at the deadline", "[verify]") {
  HttpLimits limits = short_limits();
  limits.connect_timeout = 10000ms;  // httplib waits this long per handshake byte: the deadline must win
  limits.insecure = true;
  SECTION("a server that drips a handshake record") {
    RawServer server([](int fd, RawServer& s) {
      char buffer[4096];
      ::recv(fd, buffer, sizeof buffer, 0);  // the ClientHello
      send_text(fd, std::string("\x16\x03\x03\x40\x00", 5));  // a 16 KiB handshake record follows...
      drip(fd, s, std::string(16384, '\x02'), 50ms);
    });
    HttpClient client(origin_of("https://127.0.0.1:" + std::to_string(server.port())), limits);
    const Exchange exchange = client.send(get("/"));
    INFO(describe(exchange));
    CHECK(exchange.failure == Failure::timeout);
    require_bounded(exchange, limits);
  }
  SECTION("a server that never answers the ClientHello") {
    RawServer server([](int fd, RawServer& s) { wait_for_close(fd, s); });
    HttpClient client(origin_of("https://127.0.0.1:" + std::to_string(server.port())), limits);
    const Exchange exchange = client.send(get("/"));
    INFO(describe(exchange));
    CHECK(exchange.failure == Failure::timeout);
    require_bounded(exchange, limits);
  }
  SECTION("a plain HTTP server") {
    RawServer server([](int fd, RawServer&) {
      char buffer[4096];
      ::recv(fd, buffer, sizeof buffer, 0);  // the ClientHello, which is no HTTP request
      send_text(fd, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    });
    HttpClient client(origin_of("https://127.0.0.1:" + std::to_string(server.port())), limits);
    const Exchange exchange = client.send(get("/"));
    INFO(describe(exchange));
    CHECK(exchange.failure == Failure::other);
    CHECK(exchange.detail.rfind("TLS handshake failed", 0) == 0);
    require_bounded(exchange, limits);
  }
}

}  // namespace
}  // namespace archgate::verify
