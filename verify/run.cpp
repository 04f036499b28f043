#include "verify/run.h"

#include <atomic>
#include <deque>
#include <mutex>
#include <thread>

#include "base/text.h"

namespace archgate::verify {

MatchedResponse match_status(const OpenApiOperation& operation, int status) {
  std::string exact = std::to_string(status);
  std::string range = exact.substr(0, 1) + "XX";
  MatchedResponse found;
  for (const auto& response : operation.responses) {
    std::string_view documented = response.status;
    if (documented == exact) return {&response, exact};
    if (iequals(documented, range) && !found.response) found = {&response, range};
  }
  if (found.response) return found;
  for (const auto& response : operation.responses) {
    if (std::string_view(response.status) == "default") return {&response, "default"};
  }
  return {};
}

namespace {

std::string media_of(std::string_view content_type) {
  std::string lower = to_lower(content_type);
  auto semicolon = lower.find(';');
  if (semicolon != std::string::npos) lower.resize(semicolon);
  return std::string(trim(lower));
}

bool media_matches(std::string_view documented, std::string_view actual) {
  std::string d = media_of(documented);
  if (d == actual || d == "*/*") return true;
  auto slash = d.find('/');
  if (slash != std::string::npos && d.substr(slash) == "/*") return actual.substr(0, slash + 1) == d.substr(0, slash + 1);
  return false;
}

bool json_media(std::string_view media) {
  return media == "application/json" || (media.size() > 5 && media.substr(media.size() - 5) == "+json");
}

// The documented response's node in the tree (for its headers and links).
SchemaAt response_node(const OpenApiDocument& doc, ContractSchemas& schemas, const OpenApiOperation& operation,
                       const std::string& documented_as) {
  SchemaAt op = operation_node(doc, schemas.resolver(), operation);
  if (!op) return {};
  const Node* responses = op.node->get("responses");
  if (!responses || !responses->is_map()) return {};
  for (std::size_t i = 0; i < responses->keys.size(); ++i) {
    if (iequals(responses->keys[i].text, documented_as)) return schemas.resolver().resolve(*op.file, &responses->items[i]);
  }
  return {};
}

}  // namespace

void check_answer(Observation& observation, ContractSchemas& schemas, const OpenApiDocument& doc) {
  const auto& response = observation.exchange.response;
  if (!response) return;
  const OpenApiOperation& operation = *observation.probe.operation;
  observation.matched = match_status(operation, response->status);
  if (!observation.matched.response) return;
  const OpenApiResponse& documented = *observation.matched.response;

  // Required response headers.
  SchemaAt node = response_node(doc, schemas, operation, observation.matched.documented_as);
  const Node* headers = node ? node.node->get("headers") : nullptr;
  if (headers && headers->is_map()) {
    for (std::size_t i = 0; i < headers->keys.size(); ++i) {
      SchemaAt header = schemas.resolver().resolve(*node.file, &headers->items[i]);
      const Node* required = header ? header.node->get("required") : nullptr;
      if (!required || !required->as_bool().value_or(false)) continue;
      if (!response->header(headers->keys[i].text)) {
        observation.missing_headers.push_back({headers->keys[i].text, key_span(*node.file, headers->keys[i])});
      }
    }
  }

  // The body against the schema of its documented media type.
  if (documented.content.empty() || observation.exchange.request.method == "HEAD") return;
  if (response->status == 204 || response->status == 304) return;
  std::string media = response->media_type();
  const OpenApiMediaType* chosen = nullptr;
  for (const auto& m : documented.content) {
    if (media_of(m.content_type) == media) {
      chosen = &m;
      break;
    }
  }
  if (!chosen) {
    for (const auto& m : documented.content) {
      if (media_matches(m.content_type, media)) {
        chosen = &m;
        break;
      }
    }
  }
  if (!chosen || !chosen->schema) return;  // a media type not documented is AG605's
  if (!json_media(media_of(chosen->content_type)) && !json_media(media)) return;
  SchemaAt schema{schemas.resolver().file(chosen->schema_file), chosen->schema};
  auto compiled = schemas.compile(schema, Direction::response);
  if (!compiled) return;
  observation.body_checked = true;
  // archgate asks for identity and never decodes: an encoded body is not
  // the documented JSON, and the reason is the encoding, not the bytes.
  if (auto encoding = response->header("Content-Encoding"); encoding && !iequals(trim(*encoding), "identity")) {
    observation.body_problem = "the body is encoded (Content-Encoding: " + std::string(trim(*encoding)) +
                               ") though the request accepted only identity; archgate does not decode it";
    return;
  }
  std::string why;
  auto body = parse_body(response->body, why);
  if (!body) {
    observation.body_problem = response->body.empty() ? "the body is empty"
                                                      : "the body is " + (why.starts_with("not JSON") ? why : "not JSON: " + why);
    return;
  }
  observation.violations = validate(*compiled, *body).violations;
}

namespace {

// The body properties that may hold the id of what a POST on `collection`
// created, for a GET with the path parameter `parameter`: the parameter's
// own name, `id`, and the resource's name with it (/reservations/{key}:
// reservationKey, reservation_key; /orders/{id}: orderId, order_id).
std::vector<std::string> id_properties(const std::string& collection, const std::string& parameter) {
  std::vector<std::string> out = {parameter, "id"};
  std::string_view last = collection;
  while (!last.empty() && last.back() == '/') last.remove_suffix(1);
  last = last.substr(last.rfind('/') + 1);
  std::string singular(last);
  if (singular.size() > 3 && singular.ends_with("ies")) singular = singular.substr(0, singular.size() - 3) + "y";
  else if (singular.size() > 1 && singular.ends_with('s') && !singular.ends_with("ss")) singular.pop_back();
  if (singular.empty() || singular.front() == '{') return out;
  for (const std::string& p : {parameter, std::string("id")}) {
    std::string camel = p;
    if (!camel.empty()) camel[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(camel[0])));
    out.push_back(singular + camel);
    out.push_back(singular + "_" + p);
  }
  return out;
}

// The id a create answer gives for reading the resource back: an OpenAPI
// link to the reading operation, else a body property named like the path
// parameter, `id` or the resource's name with either (id_properties), else
// the one property ending in the parameter's name, else the last segment of
// a same-origin Location.
std::optional<std::string> created_id(const Observation& create, const OpenApiOperation& reader,
                                      const std::string& parameter, const OpenApiDocument& doc,
                                      ContractSchemas& schemas, const Origin& origin, std::string& looked) {
  const HttpResponse& response = *create.exchange.response;
  std::string why;
  auto body = parse_body(response.body, why);
  auto text = [](const nlohmann::json& v) -> std::optional<std::string> {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return v.dump();
    return std::nullopt;
  };
  // OpenAPI links.
  SchemaAt node = create.matched.response ? response_node(doc, schemas, *create.probe.operation, create.matched.documented_as)
                                          : SchemaAt{};
  const Node* links = node ? node.node->get("links") : nullptr;
  if (links && links->is_map()) {
    for (const Node& raw : links->items) {
      SchemaAt link = schemas.resolver().resolve(*node.file, &raw);
      if (!link || !link.node->is_map()) continue;
      const Node* op_id = link.node->get("operationId");
      const Node* params = link.node->get("parameters");
      if (!op_id || op_id->text != reader.operation_id || !params) continue;
      const Node* expression = params->get(parameter);
      if (!expression || !expression->is_scalar()) continue;
      std::string_view e = expression->text;
      if (e.rfind("$response.body#", 0) == 0 && body) {
        try {
          auto pointer = nlohmann::json::json_pointer(std::string(e.substr(15)));
          if (body->contains(pointer)) {
            if (auto id = text((*body)[pointer])) return id;
          }
        } catch (const std::exception&) {
        }
      } else if (e.rfind("$response.header.", 0) == 0) {
        if (auto value = response.header(e.substr(17))) return *value;
      }
    }
  }
  if (body && body->is_object()) {
    for (const std::string& key : id_properties(create.probe.operation->path, parameter)) {
      auto it = body->find(key);
      if (it != body->end()) {
        if (auto id = text(*it)) return id;
      }
    }
    // The one property named like "<anything>Key" for {key}.
    std::string suffix = parameter;
    if (!suffix.empty()) suffix[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(suffix[0])));
    std::optional<std::string> only;
    int matches = 0;
    for (auto it = body->begin(); it != body->end(); ++it) {
      const std::string& k = it.key();
      bool camel = k.size() > suffix.size() && k.compare(k.size() - suffix.size(), suffix.size(), suffix) == 0;
      bool snake = k.size() > parameter.size() + 1 && k.compare(k.size() - parameter.size(), parameter.size(), parameter) == 0 &&
                   k[k.size() - parameter.size() - 1] == '_';
      if ((camel || snake) && text(it.value())) {
        ++matches;
        only = text(it.value());
      }
    }
    if (matches == 1) return only;
  }
  if (auto location = response.header("Location")) {
    std::string_view l = *location;
    if (origin.same_origin(l)) {
      auto query = l.find_first_of("?#");
      if (query != std::string_view::npos) l = l.substr(0, query);
      while (!l.empty() && l.back() == '/') l.remove_suffix(1);
      auto slash = l.rfind('/');
      if (slash != std::string_view::npos && slash + 1 < l.size()) return std::string(l.substr(slash + 1));
    }
  }
  looked = "an OpenAPI link, a body property \"" + parameter + (parameter == "id" ? "\"" : "\" or \"id\"") +
           ", a Location header";
  return std::nullopt;
}

std::string fill_parameter(std::string target, const std::string& id) {
  auto open = target.rfind('{');
  auto close = target.find('}', open == std::string::npos ? 0 : open);
  if (open == std::string::npos || close == std::string::npos) return target;
  static const char* hex = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : id) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') encoded += static_cast<char>(c);
    else encoded += std::string("%") + hex[c >> 4] + hex[c & 15];
  }
  return target.replace(open, close - open + 1, encoded);
}

std::string parameter_of(const std::string& path_template) {
  auto open = path_template.rfind('{');
  auto close = path_template.find('}', open == std::string::npos ? 0 : open);
  if (open == std::string::npos || close == std::string::npos) return {};
  return path_template.substr(open + 1, close - open - 1);
}

bool unreachable(const Exchange& e) {
  return !e.response && (e.failure == Failure::refused || e.failure == Failure::timeout);
}

}  // namespace

void run_plan(const Plan& plan, LiveResults& results, const RunOptions& options) {
  results.observations.clear();
  results.observations.resize(plan.probes.size());
  for (std::size_t i = 0; i < plan.probes.size(); ++i) results.observations[i].probe = plan.probes[i];
  std::atomic<std::size_t> sent{0};

  auto send = [&](HttpClient& client, std::size_t index) {
    Observation& o = results.observations[index];
    o.exchange = client.send(o.probe.request);
    o.sent = true;
    ++sent;
    const VerifiedService& service = results.services[o.probe.service];
    check_answer(o, *plan.schemas[o.probe.service], *service.contract);
  };
  // A create, then the read back of what it made.
  auto send_unit = [&](HttpClient& client, std::size_t index) {
    send(client, index);
    Observation& create = results.observations[index];
    if (create.probe.purpose != Purpose::create || create.probe.partner < 0) return;
    Observation& back = results.observations[static_cast<std::size_t>(create.probe.partner)];
    const auto& response = create.exchange.response;
    if (!response || response->status < 200 || response->status > 299) {
      back.skipped_because = "the create was not accepted";
      return;
    }
    const VerifiedService& service = results.services[create.probe.service];
    std::string parameter = parameter_of(back.probe.request.target), looked;
    auto id = created_id(create, *back.probe.operation, parameter, *service.contract,
                         *plan.schemas[create.probe.service], service.origin, looked);
    if (!id) {
      back.skipped_because = "no id of the created resource in the answer (looked for " + looked + ")";
      return;
    }
    back.probe.request.target = fill_parameter(back.probe.request.target, *id);
    back.probe.description += ": " + *id;
    send(client, static_cast<std::size_t>(create.probe.partner));
  };

  std::vector<std::thread> threads;
  for (std::size_t s = 0; s < results.services.size(); ++s) {
    std::deque<std::size_t> units;
    for (std::size_t i = 0; i < plan.probes.size(); ++i) {
      if (plan.probes[i].service == s && plan.probes[i].purpose != Purpose::read_back) units.push_back(i);
    }
    if (units.empty()) continue;
    // Each service on its own threads: its first request alone (is it there
    // at all?), then its reads up to per_service at once, then its writes one
    // at a time in plan order. Writes change the service's state (a confirm
    // and a release of one reservation race otherwise), so the same seed
    // sends the same requests in the same order against the same state.
    threads.emplace_back([&, s, units = std::move(units)]() mutable {
      const VerifiedService& service = results.services[s];
      HttpClient client(service.origin, options.limits);
      std::size_t first = units.front();
      units.pop_front();
      send_unit(client, first);
      if (unreachable(results.observations[first].exchange)) {
        for (std::size_t i = 0; i < plan.probes.size(); ++i) {
          Observation& o = results.observations[i];
          if (o.probe.service == s && !o.sent && o.skipped_because.empty()) {
            o.skipped_because = "the service did not answer its first request";
          }
        }
        return;
      }
      std::deque<std::size_t> reads, writes;
      for (std::size_t index : units) {
        (safe_method(plan.probes[index].request.method) ? reads : writes).push_back(index);
      }
      std::mutex queue_mutex;
      auto worker = [&]() {
        HttpClient reader(service.origin, options.limits);
        for (;;) {
          std::size_t index;
          {
            std::lock_guard lock(queue_mutex);
            if (reads.empty()) return;
            index = reads.front();
            reads.pop_front();
          }
          send_unit(reader, index);
        }
      };
      std::vector<std::thread> workers;
      unsigned n = std::min<unsigned>(options.per_service, static_cast<unsigned>(reads.size()));
      for (unsigned w = 0; w < n; ++w) workers.emplace_back(worker);
      for (auto& w : workers) w.join();
      for (std::size_t index : writes) send_unit(client, index);
    });
  }
  for (auto& t : threads) t.join();
  for (auto& o : results.observations) {
    if (!o.sent && o.skipped_because.empty()) o.skipped_because = "not sent";
  }
  results.requests_sent = sent.load();
}

}  // namespace archgate::verify
