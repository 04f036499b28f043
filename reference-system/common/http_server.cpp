#include "http_server.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "json_http.h"
#include "request_id.h"

namespace refsys {

namespace {

thread_local std::chrono::steady_clock::time_point request_started;

sigset_t shutdown_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

bool write_port_file(const std::string& path, int port) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << port << '\n';
    if (!out) {
      return false;
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);  // atomic: readers never see a half-written file
  return !error;
}

struct ErrorText {
  std::string code;
  std::string message;
};

ErrorText error_text_for(int status) {
  switch (status) {
    case 400: return {"bad_request", "the request is malformed"};
    case 404: return {"not_found", "no such operation"};
    case 405: return {"method_not_allowed", "this method is not allowed here"};
    case 413: return {"payload_too_large", "the body is larger than the service accepts"};
    default: return {"http_" + std::to_string(status), "the request was refused"};
  }
}

}  // namespace

void block_shutdown_signals() {
  const sigset_t set = shutdown_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

HttpServer::HttpServer(ServerOptions options, const Logger& logger)
    : options_(std::move(options)), logger_(logger) {
  const int threads = options_.threads;
  server_.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  server_.set_payload_max_length(options_.max_body_bytes);
  server_.set_keep_alive_max_count(1000);
  server_.set_keep_alive_timeout(2);  // an idle caller's connection frees its thread soon
  server_.set_tcp_nodelay(true);  // answers are small: do not wait for Nagle
  server_.set_read_timeout(std::chrono::seconds(10));
  server_.set_write_timeout(std::chrono::seconds(10));

  const std::string header = options_.request_id_header;
  server_.set_pre_routing_handler([header](const httplib::Request& req, httplib::Response& res) {
    request_started = std::chrono::steady_clock::now();
    res.set_header(header, request_id_or_new(req.get_header_value(header)));
    return httplib::Server::HandlerResponse::Unhandled;
  });

  server_.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) {
      return httplib::Server::HandlerResponse::Unhandled;  // the handler wrote its own error body
    }
    const auto text = error_text_for(res.status);
    send_error(res, res.status, text.code, text.message);
    return httplib::Server::HandlerResponse::Handled;
  }));

  server_.set_exception_handler(
      [this](const httplib::Request& req, httplib::Response& res, std::exception_ptr failure) {
        std::string what = "unknown exception";
        try {
          std::rethrow_exception(failure);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        logger_.error("unhandled exception", request_id(req, res),
                      {{"method", req.method}, {"path", req.path}, {"error", what}});
        send_error(res, 500, "internal", "internal error; see the service log for the request id");
      });

  server_.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    const auto elapsed = std::chrono::steady_clock::now() - request_started;
    const double ms = std::chrono::duration<double, std::milli>(elapsed).count();
    logger_.log(res.status >= 500 ? LogLevel::error : LogLevel::info, "request",
                request_id(req, res),
                {{"method", req.method},
                 {"path", req.path},
                 {"status", res.status},
                 {"duration_ms", static_cast<double>(static_cast<long long>(ms * 10)) / 10}});
  });
}

std::string HttpServer::request_id(const httplib::Request& req,
                                   const httplib::Response& res) const {
  std::string id = res.get_header_value(options_.request_id_header);
  return id.empty() ? request_id_or_new(req.get_header_value(options_.request_id_header)) : id;
}

int HttpServer::run() {
  int port = options_.port;
  if (port == 0) {
    port = server_.bind_to_any_port(options_.host);
  } else if (!server_.bind_to_port(options_.host, port)) {
    port = -1;
  }
  if (port <= 0) {
    logger_.error("cannot listen", {}, {{"host", options_.host}, {"port", options_.port}});
    return 1;
  }
  if (!options_.port_file.empty() && !write_port_file(options_.port_file, port)) {
    logger_.error("cannot write the port file", {}, {{"path", options_.port_file}});
    return 1;
  }
  logger_.info("listening", {}, {{"host", options_.host}, {"port", port}});

  std::thread listener = listen_in_background(server_);
  const sigset_t set = shutdown_signals();
  int signal_number = 0;
  sigwait(&set, &signal_number);
  logger_.info("stopping", {}, {{"signal", signal_number == SIGINT ? "SIGINT" : "SIGTERM"}});
  server_.stop();
  listener.join();
  return 0;
}

std::thread listen_in_background(httplib::Server& server) {
  auto ended = std::make_shared<std::atomic<bool>>(false);
  std::thread listener([&server, ended] {
    server.listen_after_bind();
    *ended = true;  // a listener that could not start does not keep us waiting
  });
  while (!server.is_running() && !*ended) std::this_thread::sleep_for(std::chrono::microseconds(200));
  return listener;
}

int run_health_probe(int port, const std::string& path) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(std::chrono::seconds(2));
  client.set_read_timeout(std::chrono::seconds(2));
  const auto result = client.Get(path);
  if (result && result->status >= 200 && result->status < 300) {
    return 0;
  }
  std::fprintf(stderr, "health probe on port %d failed\n", port);
  return 1;
}

}  // namespace refsys
