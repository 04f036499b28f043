// The flags every service shares (each also readable from the environment):
//   --host HOST          bind address            (default 127.0.0.1)
//   --port PORT          listen port, 0 = any    (default 8080)
//   --port-file PORT_FILE  write the bound port there
//   --threads HTTP_THREADS  worker threads       (default 16)
#pragma once

#include <string>

#include "http_server.h"
#include "settings.h"

namespace refsys {

ServerOptions read_server_options(const Settings& settings, std::string request_id_header);

// Logs each flag nobody read and returns false when there was one.
bool reject_unknown_flags(const Settings& settings, const Logger& logger);

}  // namespace refsys
