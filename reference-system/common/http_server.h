// HTTP server plumbing shared by the four services: request ids, access logs,
// JSON error bodies, a bounded worker pool, graceful shutdown on SIGTERM.
// Routes and health checks belong to each service.
#pragma once

#include <string>
#include <thread>

#include <httplib.h>

#include "log.h"

namespace refsys {

struct ServerOptions {
  std::string request_id_header;  // the correlation header the service reads and echoes
  std::string host = "127.0.0.1";
  int port = 8080;                // 0 = any free port (see port_file)
  std::string port_file;          // when set, the bound port is written here
  int threads = 64;
  std::size_t max_body_bytes = 64 * 1024;
};

// Starts `server.listen_after_bind()` on a new thread and returns once it is
// listening: cpp-httplib's stop() does nothing until then, so a stop() that
// came first would leave the listener (and a join on it) hanging for ever.
std::thread listen_in_background(httplib::Server& server);

// Call first in main(), before any thread starts: SIGINT and SIGTERM are then
// delivered to HttpServer::run() instead of killing the process mid-write.
void block_shutdown_signals();

class HttpServer {
 public:
  HttpServer(ServerOptions options, const Logger& logger);

  httplib::Server& routes() { return server_; }

  // The id of the request being handled: the caller's header when valid,
  // else the one generated for it. It is also echoed on the response.
  std::string request_id(const httplib::Request& req, const httplib::Response& res) const;

  // Binds, writes the port file, serves until SIGINT/SIGTERM, then stops the
  // listener and waits for in-flight requests. Returns the exit code.
  int run();

 private:
  ServerOptions options_;
  const Logger& logger_;
  httplib::Server server_;
};

// `<binary> --probe`: GET http://127.0.0.1:<port><path>; 0 when it answers 2xx.
// Used by the Docker HEALTHCHECK so the images need no curl.
int run_health_probe(int port, const std::string& path);

}  // namespace refsys
