// A child process started with fork/exec, its output sent to a log file.
// The destructor always kills it, and PR_SET_PDEATHSIG kills it if the test
// driver itself dies, so no test leaves a service running.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace e2e {

class ChildProcess {
 public:
  ChildProcess() = default;
  ~ChildProcess() { kill_now(); }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Starts `binary args...` with `env` added to the environment. Throws on failure.
  void start(const std::string& binary, const std::vector<std::string>& args,
             const std::map<std::string, std::string>& env, const std::string& log_path);

  bool running();
  // SIGKILL and reap.
  void kill_now();
  // SIGTERM, then SIGKILL after `grace`. Returns the exit status (-1 when killed).
  int stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));
  // Waits for the process to exit by itself; -1 on timeout, else its exit code.
  int wait_exit(std::chrono::milliseconds timeout);

  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int exit_code_ = 0;
};

}  // namespace e2e
