// The proxy against an in-process backend on a loopback port, and against a
// port where nothing listens.
#include "proxy.h"

#include <catch2/catch.hpp>

#include "common/http_server.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include <thread>

namespace {

int unused_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);  // nothing listens there now
  return ntohs(address.sin_port);
}

struct Backend {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  httplib::Headers seen;
  std::string seen_path;
  Backend() {
    server.Post(".*", [this](const httplib::Request& req, httplib::Response& res) {
      seen = req.headers;
      seen_path = req.path;
      res.status = 201;
      res.set_header("Location", "/orders/abc");
      res.set_content(R"({"id":"abc"})", "application/json");
    });
    server.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      seen_path = req.path;
      res.status = 404;
      res.set_content(R"({"error":"order_not_found"})", "application/json");
    });
    server.set_keep_alive_max_count(1);  // no idle connections: stop() returns at once
    port = server.bind_to_any_port("127.0.0.1");
    thread = refsys::listen_in_background(server);
  }
  ~Backend() {
    server.stop();
    thread.join();
  }
};

const gateway::Route kPlace{"POST", "/orders", "order-service"};
const gateway::Route kRead{"GET", "/orders/{id}", "order-service"};

}  // namespace

TEST_CASE("the proxy forwards the request id, the idempotency key and the answer") {
  Backend backend;
  const refsys::Logger logger("gateway-test");
  const gateway::Proxy proxy(
      {{"order-service", refsys::PeerClient("http://127.0.0.1:" + std::to_string(backend.port), {})}}, logger);
  httplib::Request req;
  req.method = "POST";
  req.body = R"({"customerId":"c"})";
  req.headers = {{"Idempotency-Key", "k-1"}, {"Content-Type", "application/json"}};
  httplib::Response res;
  proxy.forward(kPlace, req, res, "req-42");
  CHECK(res.status == 201);
  CHECK(res.body == R"({"id":"abc"})");
  CHECK(res.get_header_value("Location") == "/orders/abc");
  CHECK(backend.seen.find("x-request-id")->second == "req-42");
  CHECK(backend.seen.find("Idempotency-Key")->second == "k-1");
}

TEST_CASE("the proxy passes path parameters encoded and backend errors unchanged") {
  Backend backend;
  const refsys::Logger logger("gateway-test");
  const gateway::Proxy proxy(
      {{"order-service", refsys::PeerClient("http://127.0.0.1:" + std::to_string(backend.port), {})}}, logger);
  httplib::Request req;
  req.method = "GET";
  std::regex pattern(gateway::path_pattern(kRead.path_template));
  const std::string path = "/orders/a b";
  std::regex_match(path, req.matches, pattern);
  httplib::Response res;
  proxy.forward(kRead, req, res, "req-43");
  CHECK(res.status == 404);
  CHECK(backend.seen_path == "/orders/a b");
}

TEST_CASE("an unreachable backend is a 503") {
  const refsys::Logger logger("gateway-test");
  const gateway::Proxy proxy(
      {{"order-service", refsys::PeerClient("http://127.0.0.1:" + std::to_string(unused_port()), {})}}, logger);
  httplib::Request req;
  req.method = "POST";
  req.body = "{}";
  httplib::Response res;
  proxy.forward(kPlace, req, res, "req-44");
  CHECK(res.status == 503);
  CHECK(res.body.find("backend_unavailable") != std::string::npos);
}
