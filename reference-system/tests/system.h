// The four services started as real processes on loopback ports, each with
// its own database file in a fresh temporary folder. Services start on port 0
// and report the port they bound; a restarted service keeps its port, so its
// callers' URLs stay valid. Start and stop them from the main thread only
// (PR_SET_PDEATHSIG is tied to the thread that forked).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "process.h"

namespace e2e {

struct Answer {
  int status = 0;  // 0: no answer
  nlohmann::json body;
  httplib::Headers headers;
  std::string header(const std::string& name) const;
};

using Env = std::map<std::string, std::string>;

class System {
 public:
  // `bin_dir` holds gateway, order-service, inventory-service, payment-service.
  explicit System(std::string bin_dir);
  ~System();

  // Starts all four (inventory, payment, order, gateway) and waits until healthy.
  void start_all(const Env& order_env = {}, const Env& payment_env = {});
  void start(const std::string& service, const Env& env = {});
  void kill(const std::string& service);            // SIGKILL
  int stop(const std::string& service);             // SIGTERM; the exit code
  int wait_exit(const std::string& service, std::chrono::milliseconds timeout);
  bool running(const std::string& service);

  int port(const std::string& service) const { return ports_.at(service); }
  std::string url(const std::string& service) const;
  const std::string& folder() const { return folder_; }

  Answer call(const std::string& service, const std::string& method, const std::string& path,
              const nlohmann::json& body = nullptr, const httplib::Headers& headers = {},
              std::chrono::milliseconds timeout = std::chrono::milliseconds(20000)) const;
  Answer call_raw(const std::string& service, const std::string& method, const std::string& path,
                  const std::string& body, const httplib::Headers& headers = {},
                  std::chrono::milliseconds timeout = std::chrono::milliseconds(20000)) const;

  // Every JSON log line the service wrote so far (all of its runs).
  std::vector<nlohmann::json> log_lines(const std::string& service) const;
  // Prints the last lines of every log (after a failure).
  void dump_logs(std::size_t lines_per_service) const;

  // Keeps the temporary folder for inspection (after a failure).
  void keep_folder() { keep_ = true; }

 private:
  std::vector<std::string> args_for(const std::string& service) const;
  void wait_healthy(const std::string& service);

  std::string bin_dir_;
  std::string folder_;
  bool keep_ = false;
  std::map<std::string, std::unique_ptr<ChildProcess>> processes_;
  std::map<std::string, int> ports_;
};

}  // namespace e2e
