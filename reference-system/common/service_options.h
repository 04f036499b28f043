// The flags every service shares (each also readable from the environment):
//   --host HOST          bind address            (default 127.0.0.1)
//   --port PORT          listen port, 0 = any    (default 8080)
//   --port-file PORT_FILE  write the bound port there
//   --threads HTTP_THREADS  worker threads       (default 64)
//
// cpp-httplib serves one connection per worker thread, and callers keep
// their connections open (keep-alive): a service needs more threads than its
// callers hold connections to it, or new connections wait in the queue until
// an idle one times out. 64 covers the gateway and order-service defaults.
#pragma once

#include <string>

#include "http_server.h"
#include "settings.h"

namespace refsys {

ServerOptions read_server_options(const Settings& settings, std::string request_id_header);

// Logs each flag nobody read and returns false when there was one.
bool reject_unknown_flags(const Settings& settings, const Logger& logger);

}  // namespace refsys
