// fixture_server: a scripted HTTP service for the fixtures of the live rules.
//
//   fixture_server SCRIPT.json --port-file FILE [--log FILE]
//
// Listens on 127.0.0.1 on a free port (written to FILE once listening),
// appends "METHOD TARGET" to --log for each request, and answers as the
// script says:
//   {
//     "echo_request_id": "x-request-id",   // optional: echoed on every answer when sent
//     "routes": [{
//       "method": "GET", "path": "/orders/{id}",   // {name} matches one segment
//       "status": 200, "headers": {"Content-Type": "application/json"},
//       "body": {...} | "body_text": "raw text",
//       "reject": {"schema": {draft 7}, "status": 400, "body": {...}},  // bodies not JSON or not valid
//       "reject_query": {"required": ["limit"], "status": 400, "body": {...}},
//       "create": true,   // POST: store the JSON body with "id": "r1", "r2"...; answer it
//       "read": "id",     // GET: answer the stored object whose "id" is path parameter {id}
//       "delay_ms": 0
//     }],
//     "not_found": {"status": 404, "body": {"error": "no route"}}
//   }
// Routes are tried in order; a path that matches only with other methods
// answers 405 (with Allow). HEAD matches GET routes. Exits with 0 on SIGTERM
// or SIGINT.
#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#ifndef VALIJSON_USE_EXCEPTIONS
#define VALIJSON_USE_EXCEPTIONS 1  // otherwise a bad schema prints and abort()s
#endif
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>
#include <vector>

namespace {

using nlohmann::json;

// A fixed answer: status, headers and body (json or text).
struct Answer {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<std::string> body;
  std::string content_type;  // of body, when not in headers
};

struct Route {
  std::string method;
  std::vector<std::string> segments;  // the path split at '/'; "{x}" matches one segment
  Answer answer;
  std::shared_ptr<valijson::Schema> schema;  // with reject
  std::optional<Answer> reject;
  std::vector<std::string> required_query;
  std::optional<Answer> reject_query;
  bool create = false;
  std::string read;  // path parameter holding the id, for "read"
  int delay_ms = 0;
};

struct Script {
  std::string echo_request_id;
  std::vector<Route> routes;
  Answer not_found;
};

std::mutex store_mutex;
std::vector<json> store;
int next_id = 1;
std::mutex log_mutex;
std::FILE* log_file = nullptr;

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  for (;;) {
    const auto slash = path.find('/', start);
    segments.push_back(path.substr(start, slash - start));
    if (slash == std::string::npos) return segments;
    start = slash + 1;
  }
}

// Reads status/headers/body/body_text of an object; defaults from `fallback`.
Answer read_answer(const json& object, Answer fallback) {
  Answer answer = std::move(fallback);
  if (object.contains("status")) answer.status = object.at("status").get<int>();
  if (object.contains("headers")) {
    answer.headers.clear();
    for (const auto& [name, value] : object.at("headers").items()) answer.headers.emplace_back(name, value.get<std::string>());
  }
  if (object.contains("body")) {
    answer.body = object.at("body").dump();
    answer.content_type = "application/json";
  } else if (object.contains("body_text")) {
    answer.body = object.at("body_text").get<std::string>();
    answer.content_type = "text/plain";
  }
  return answer;
}

Answer json_answer(int status, const json& body) {
  Answer answer;
  answer.status = status;
  answer.body = body.dump();
  answer.content_type = "application/json";
  return answer;
}

Script load_script(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot read " + path);
  const json document = json::parse(file);
  Script script;
  script.echo_request_id = document.value("echo_request_id", "");
  script.not_found = read_answer(document.value("not_found", json::object()), json_answer(404, {{"error", "no route"}}));
  for (const json& item : document.at("routes")) {
    Route route;
    route.method = item.at("method").get<std::string>();
    route.segments = split_path(item.at("path").get<std::string>());
    route.answer = read_answer(item, Answer{});
    if (item.contains("reject")) {
      const json& reject = item.at("reject");
      route.reject = read_answer(reject, json_answer(400, {{"error", "invalid request body"}}));
      route.schema = std::make_shared<valijson::Schema>();
      valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
      const json schema = reject.value("schema", json::object());  // the adapter keeps a reference
      valijson::adapters::NlohmannJsonAdapter adapter(schema);
      parser.populateSchema(adapter, *route.schema);
    }
    if (item.contains("reject_query")) {
      const json& reject = item.at("reject_query");
      route.required_query = reject.value("required", std::vector<std::string>{});
      route.reject_query = read_answer(reject, json_answer(400, {{"error", "missing query parameter"}}));
    }
    route.create = item.value("create", false);
    route.read = item.value("read", "");
    route.delay_ms = item.value("delay_ms", 0);
    script.routes.push_back(std::move(route));
  }
  return script;
}

bool match(const Route& route, const std::vector<std::string>& path, std::map<std::string, std::string>& params) {
  if (route.segments.size() != path.size()) return false;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const std::string& pattern = route.segments[i];
    if (pattern.size() > 2 && pattern.front() == '{' && pattern.back() == '}') {
      if (path[i].empty()) return false;
      params[pattern.substr(1, pattern.size() - 2)] = path[i];
    } else if (pattern != path[i]) {
      return false;
    }
  }
  return true;
}

void apply(const Answer& answer, httplib::Response& response, const std::optional<std::string>& body = std::nullopt) {
  response.status = answer.status;
  std::string content_type = answer.content_type;
  for (const auto& [name, value] : answer.headers) {
    if (name.size() == 12 && std::equal(name.begin(), name.end(), "content-type", [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == b;
        })) {
      content_type = value;
    } else {
      response.set_header(name, value);
    }
  }
  const auto& text = body ? body : answer.body;
  if (text) {
    response.set_content(*text, content_type.empty() ? "application/json" : content_type);
  } else if (!content_type.empty()) {
    response.set_header("Content-Type", content_type);
  }
}

// Why a request body is rejected by the route's schema; nullopt if it is not.
std::optional<json> body_problem(const Route& route, const std::string& body) {
  const json parsed = json::parse(body, nullptr, false);
  if (parsed.is_discarded()) return json::array({"the body is not JSON"});
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(parsed);
  if (validator.validate(*route.schema, target, &results)) return std::nullopt;
  json details = json::array();
  valijson::ValidationResults::Error error;
  while (results.popError(error) && details.size() < 10) {
    std::string where;
    for (const auto& part : error.context) where += part;
    details.push_back(where + ": " + error.description);
  }
  return details;
}

void respond(const Route& route, const std::map<std::string, std::string>& params, const httplib::Request& request,
             httplib::Response& response) {
  if (route.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(route.delay_ms));
  for (const auto& name : route.required_query) {
    if (!request.has_param(name)) return apply(*route.reject_query, response);
  }
  if (route.reject && body_problem(route, request.body)) return apply(*route.reject, response);
  if (route.create) {
    json object = json::parse(request.body, nullptr, false);
    if (!object.is_object()) return apply(json_answer(400, {{"error", "the body must be a JSON object"}}), response);
    std::lock_guard lock(store_mutex);
    object["id"] = "r" + std::to_string(next_id++);
    store.push_back(object);
    return apply(route.answer, response, object.dump());
  }
  if (!route.read.empty()) {
    const auto wanted = params.find(route.read);
    std::lock_guard lock(store_mutex);
    for (const json& object : store) {
      if (wanted != params.end() && object.value("id", "") == wanted->second) {
        return apply(route.answer, response, object.dump());
      }
    }
    return apply(json_answer(404, {{"error", "not found"}}), response);
  }
  apply(route.answer, response);
}

void handle(const Script& script, const httplib::Request& request, httplib::Response& response) {
  const auto path = split_path(request.path);
  const std::string method = request.method == "HEAD" ? "GET" : request.method;
  std::string allowed;
  for (const Route& route : script.routes) {
    std::map<std::string, std::string> params;
    if (!match(route, path, params)) continue;
    if (route.method == method) {
      respond(route, params, request, response);
      allowed.clear();
      break;
    }
    allowed += (allowed.empty() ? "" : ", ") + route.method;
  }
  if (response.status == -1) {
    if (allowed.empty()) {
      apply(script.not_found, response);
    } else {
      apply(json_answer(405, {{"error", "method not allowed"}}), response);
      response.set_header("Allow", allowed);
    }
  }
  if (!script.echo_request_id.empty() && request.has_header(script.echo_request_id.c_str())) {
    response.set_header(script.echo_request_id, request.get_header_value(script.echo_request_id));
  }
}

int usage() {
  std::fprintf(stderr, "usage: fixture_server SCRIPT.json --port-file FILE [--log FILE]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string script_path;
  std::string port_file;
  std::string log_path;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--port-file" || arg == "--log") && i + 1 < argc) {
      (arg == "--log" ? log_path : port_file) = argv[++i];
    } else if (arg.rfind("--", 0) != 0 && script_path.empty()) {
      script_path = arg;
    } else {
      return usage();
    }
  }
  if (script_path.empty() || port_file.empty()) return usage();
  Script script;
  try {
    script = load_script(script_path);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fixture_server: %s: %s\n", script_path.c_str(), e.what());
    return 2;
  }
  if (!log_path.empty() && (log_file = std::fopen(log_path.c_str(), "a")) == nullptr) {
    std::perror(log_path.c_str());
    return 1;
  }

  sigset_t signals;  // blocked before httplib starts its threads; one thread waits for them
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  httplib::Server server;
  server.set_pre_routing_handler([](const httplib::Request& request, httplib::Response&) {
    std::lock_guard lock(log_mutex);
    if (log_file != nullptr) {
      std::fprintf(log_file, "%s %s\n", request.method.c_str(), request.target.c_str());
      std::fflush(log_file);
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  const auto handler = [&script](const httplib::Request& request, httplib::Response& response) {
    handle(script, request, response);
  };
  server.Get(".*", handler);
  server.Post(".*", handler);
  server.Put(".*", handler);
  server.Patch(".*", handler);
  server.Delete(".*", handler);
  server.Options(".*", handler);

  const int port = server.bind_to_any_port("127.0.0.1");
  if (port <= 0) {
    std::fprintf(stderr, "fixture_server: cannot listen on 127.0.0.1\n");
    return 1;
  }
  {
    const std::string temporary = port_file + ".tmp";  // readers never see a half-written file
    std::ofstream(temporary) << port << "\n";
    if (std::rename(temporary.c_str(), port_file.c_str()) != 0) {
      std::perror(port_file.c_str());
      return 1;
    }
  }
  std::thread([signals, &server] {
    int signal_number = 0;
    sigwait(&signals, &signal_number);
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(10));  // stop() before listen is lost
    server.stop();
  }).detach();
  server.listen_after_bind();
  std::lock_guard lock(log_mutex);
  if (log_file != nullptr) std::fclose(log_file);
  log_file = nullptr;
  return 0;
}
