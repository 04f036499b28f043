#include "system.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <thread>

namespace e2e {

namespace {

constexpr auto kStartTimeout = std::chrono::seconds(15);

std::string make_temp_folder() {
  std::string pattern = (std::filesystem::temp_directory_path() / "refsys-e2e-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mkdtemp failed");
  }
  return pattern;
}

}  // namespace

std::string Answer::header(const std::string& name) const {
  const auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

System::System(std::string bin_dir) : bin_dir_(std::move(bin_dir)), folder_(make_temp_folder()) {}

System::~System() {
  for (auto& [name, process] : processes_) {
    process->kill_now();
  }
  if (!keep_) {
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
  }
}

std::string System::url(const std::string& service) const {
  return "http://127.0.0.1:" + std::to_string(ports_.at(service));
}

std::vector<std::string> System::args_for(const std::string& service) const {
  const auto known = ports_.find(service);
  std::vector<std::string> args{"--host", "127.0.0.1",
                                "--port", known == ports_.end() ? "0" : std::to_string(known->second),
                                "--port-file", folder_ + "/" + service + ".port"};
  if (service != "gateway") {
    args.insert(args.end(), {"--db", folder_ + "/" + service + ".db", "--sqlite-synchronous", "normal"});
  }
  if (service == "order-service") {
    args.insert(args.end(), {"--inventory-url", url("inventory-service"), "--payment-url",
                             url("payment-service"), "--saga-retry-interval-ms", "100",
                             "--peer-timeout-ms", "2000", "--outbox-interval-ms", "100"});
  }
  if (service == "gateway") {
    args.insert(args.end(), {"--order-url", url("order-service"), "--inventory-url",
                             url("inventory-service")});
  }
  return args;
}

void System::start(const std::string& service, const Env& env) {
  auto& process = processes_[service];
  if (!process) {
    process = std::make_unique<ChildProcess>();
  }
  const std::string port_file = folder_ + "/" + service + ".port";
  std::filesystem::remove(port_file);
  process->start(bin_dir_ + "/" + service, args_for(service), env, folder_ + "/" + service + ".log");
  const auto until = std::chrono::steady_clock::now() + kStartTimeout;
  while (!std::filesystem::exists(port_file)) {
    if (!process->running() || std::chrono::steady_clock::now() > until) {
      throw std::runtime_error(service + " did not start (see " + folder_ + "/" + service + ".log)");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::ifstream in(port_file);
  int port = 0;
  in >> port;
  ports_[service] = port;
  wait_healthy(service);
}

void System::wait_healthy(const std::string& service) {
  const auto until = std::chrono::steady_clock::now() + kStartTimeout;
  while (std::chrono::steady_clock::now() < until) {
    if (call(service, "GET", "/health", nullptr, {}, std::chrono::milliseconds(1000)).status == 200) {
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error(service + " did not become healthy");
}

void System::start_all(const Env& order_env, const Env& payment_env) {
  start("inventory-service");
  start("payment-service", payment_env);
  start("order-service", order_env);
  start("gateway");
}

void System::kill(const std::string& service) { processes_.at(service)->kill_now(); }

int System::stop(const std::string& service) { return processes_.at(service)->stop(); }

int System::wait_exit(const std::string& service, std::chrono::milliseconds timeout) {
  return processes_.at(service)->wait_exit(timeout);
}

bool System::running(const std::string& service) { return processes_.at(service)->running(); }

Answer System::call_raw(const std::string& service, const std::string& method,
                        const std::string& path, const std::string& body,
                        const httplib::Headers& headers, std::chrono::milliseconds timeout) const {
  httplib::Client client("127.0.0.1", ports_.at(service));
  client.set_connection_timeout(std::chrono::seconds(2));
  client.set_read_timeout(timeout);
  client.set_tcp_nodelay(true);
  httplib::Request request;
  request.method = method;
  request.path = path;
  request.headers = headers;
  if (method == "POST" || method == "PUT") {
    request.body = body;
    request.set_header("Content-Type", "application/json");
  }
  const auto result = client.send(request);
  Answer answer;
  if (result) {
    answer.status = result->status;
    answer.headers = result->headers;
    answer.body = nlohmann::json::parse(result->body, nullptr, false);
  }
  return answer;
}

Answer System::call(const std::string& service, const std::string& method, const std::string& path,
                    const nlohmann::json& body, const httplib::Headers& headers,
                    std::chrono::milliseconds timeout) const {
  return call_raw(service, method, path, body.is_null() ? std::string() : body.dump(), headers, timeout);
}

std::vector<nlohmann::json> System::log_lines(const std::string& service) const {
  std::vector<nlohmann::json> lines;
  std::ifstream in(folder_ + "/" + service + ".log");
  std::string line;
  while (std::getline(in, line)) {
    auto json = nlohmann::json::parse(line, nullptr, false);
    if (!json.is_discarded()) {
      lines.push_back(std::move(json));
    }
  }
  return lines;
}

void System::dump_logs(std::size_t lines_per_service) const {
  for (const char* service : {"gateway", "order-service", "inventory-service", "payment-service"}) {
    std::ifstream in(folder_ + "/" + service + ".log");
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
      lines.push_back(line);
    }
    std::cerr << "---- last lines of " << service << ".log ----\n";
    const std::size_t from = lines.size() > lines_per_service ? lines.size() - lines_per_service : 0;
    for (std::size_t i = from; i < lines.size(); ++i) {
      std::cerr << lines[i] << '\n';
    }
  }
}

}  // namespace e2e
