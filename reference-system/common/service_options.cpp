#include "service_options.h"

namespace refsys {

ServerOptions read_server_options(const Settings& settings, std::string request_id_header) {
  ServerOptions options;
  options.request_id_header = std::move(request_id_header);
  options.host = settings.text("host", "HOST", "127.0.0.1");
  options.port = static_cast<int>(settings.integer("port", "PORT", 8080, 0, 65535));
  options.port_file = settings.text("port-file", "PORT_FILE", "");
  options.threads = static_cast<int>(settings.integer("threads", "HTTP_THREADS", 64, 1, 1024));
  return options;
}

bool reject_unknown_flags(const Settings& settings, const Logger& logger) {
  const auto unknown = settings.unknown_flags();
  for (const auto& flag : unknown) {
    logger.error("unknown flag", {}, {{"flag", "--" + flag}});
  }
  return unknown.empty();
}

}  // namespace refsys
