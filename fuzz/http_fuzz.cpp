// HTTP response handling (verify/http_client.cpp, http_socket.cpp): the
// input is what a server answers, byte for byte, on 127.0.0.1. The client
// reads it through cpp-httplib and our socket hooks: status line, headers,
// Content-Length, chunked framing, caps and the deadline. The first byte
// picks the request (GET, HEAD or a POST with a body); the rest is the answer.
#include "fuzz/fuzz_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

#include "verify/http_client.h"

namespace {

// Answers each connection, one at a time, with the current answer: reads
// the request head, writes the answer, closes.
class AnsweringServer {
 public:
  AnsweringServer() {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        ::listen(listen_fd_, 4) != 0 || ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      std::abort();
    }
    port_ = ntohs(address.sin_port);
    std::thread([this] { serve(); }).detach();
  }

  int port() const { return port_; }
  void set_answer(std::string_view answer) {
    std::lock_guard lock(mutex_);
    answer_.assign(answer);
  }

 private:
  void serve() {
    for (;;) {
      int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      read_request(fd);
      std::string answer;
      {
        std::lock_guard lock(mutex_);
        answer = answer_;
      }
      for (std::size_t sent = 0; sent < answer.size();) {
        ssize_t n = ::send(fd, answer.data() + sent, answer.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
      }
      ::close(fd);
    }
  }

  // The request head, and the 4 bytes of body of the fuzz client's POST.
  static void read_request(int fd) {
    std::string request;
    char buffer[4096];
    for (;;) {
      std::size_t head = request.find("\r\n\r\n");
      if (head != std::string::npos && request.size() >= head + 4 + (request.starts_with("POST ") ? 4 : 0)) return;
      pollfd entry{fd, POLLIN, 0};
      if (::poll(&entry, 1, 1000) <= 0) return;
      ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) return;
      request.append(buffer, static_cast<std::size_t>(n));
    }
  }

  int listen_fd_ = -1;
  int port_ = 0;
  std::mutex mutex_;
  std::string answer_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static AnsweringServer* server = new AnsweringServer();
  static archgate::verify::HttpClient* client = [] {
    std::string error;
    auto origin = archgate::verify::parse_origin("http://127.0.0.1:" + std::to_string(server->port()), error);
    archgate::verify::HttpLimits limits;
    limits.connect_timeout = limits.read_timeout = std::chrono::milliseconds(1000);
    limits.deadline = std::chrono::milliseconds(2000);
    limits.max_body = 4096;
    return new archgate::verify::HttpClient(*origin, limits);
  }();
  if (size == 0) return 0;
  server->set_answer(archgate::fuzz::text(data + 1, size - 1));
  archgate::verify::HttpRequest request;
  request.target = "/orders/1?x=y";
  switch (data[0] % 3) {
    case 0: request.method = "GET"; break;
    case 1: request.method = "HEAD"; break;
    default:
      request.method = "POST";
      request.content_type = "application/json";
      request.body = "body";
      break;
  }
  archgate::verify::Exchange exchange = client->send(request);
  if (exchange.response) exchange.response->media_type();
  return 0;
}
