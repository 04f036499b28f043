#include "verify/plan.h"

#include <algorithm>
#include <sstream>

#include "base/display_text.h"
#include "base/text.h"
#include "rules/common/health_paths.h"
#include "verify/node_json.h"
#include "verify/values.h"

namespace archgate::verify {

ContractSchemas::ContractSchemas(const OpenApiDocument& doc) : doc_(doc), resolver_(doc) {}

std::shared_ptr<const CompiledSchema> ContractSchemas::compile(SchemaAt schema, Direction direction) {
  if (!schema) return nullptr;
  std::lock_guard lock(mutex_);
  auto key = std::make_pair(schema.node, direction);
  auto it = compiled_.find(key);
  if (it != compiled_.end()) return it->second;
  auto compiled = compile_schema(doc_, resolver_, schema, direction, notes_);
  compiled_.emplace(key, compiled);
  return compiled;
}

bool safe_method(std::string_view method) {
  return iequals(method, "get") || iequals(method, "head") || iequals(method, "options");
}

SchemaAt operation_node(const OpenApiDocument& doc, const SchemaResolver& resolver, const OpenApiOperation& operation) {
  if (doc.files.empty()) return {};
  const std::string& root_path = doc.files.front()->path;
  const Node* paths = doc.files.front()->doc.root.get("paths");
  if (!paths) return {};
  SchemaAt item = resolver.resolve(root_path, paths->get(operation.path));
  if (!item || !item.node->is_map()) return {};
  const Node* method = item.node->get(std::string(operation.method));
  if (!method || !method->is_map()) return {};
  return {item.file, method};
}

namespace {

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool is_json_media(std::string_view media) {
  std::string lower = to_lower(media);
  auto semicolon = lower.find(';');
  if (semicolon != std::string::npos) lower.resize(semicolon);
  std::string_view m = trim(lower);
  return m == "application/json" || (m.size() > 5 && m.substr(m.size() - 5) == "+json") || m == "*/*";
}

// RFC 3986 unreserved characters stay; everything else is %XX.
std::string percent_encode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// A parameter value as text (path, query and header parameters are strings
// on the wire; arrays in the default simple/form style, comma separated).
std::string parameter_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    std::string out;
    for (const auto& item : value) {
      if (!out.empty()) out += ',';
      out += parameter_text(item);
    }
    return out;
  }
  if (value.is_null()) return "";
  return value.dump();
}

struct Parameter {
  std::string name;
  std::string in;
  bool required = false;
  SchemaAt schema;
  std::optional<nlohmann::json> example;
  std::string example_at;  // "openapi.yaml:52"
};

std::string at_text(const std::string& file, const Node& node) { return file + ":" + std::to_string(node.mark.line); }

// The first example of an object holding `example` or `examples` (a
// parameter or a media type), with where it is written.
std::optional<nlohmann::json> example_of(const SchemaResolver& resolver, SchemaAt owner, std::string& where) {
  if (const Node* example = owner.node->get("example")) {
    where = at_text(*owner.file, *example);
    return node_to_json(*example);
  }
  const Node* examples = owner.node->get("examples");
  if (examples && examples->is_map()) {
    for (const Node& entry : examples->items) {
      SchemaAt resolved = resolver.resolve(*owner.file, &entry);
      if (!resolved || !resolved.node->is_map()) continue;
      if (const Node* value = resolved.node->get("value")) {
        where = at_text(*resolved.file, *value);
        return node_to_json(*value);
      }
    }
  }
  return std::nullopt;
}

void collect_parameters(const SchemaResolver& resolver, SchemaAt owner, std::vector<Parameter>& out) {
  const Node* list = owner.node ? owner.node->get("parameters") : nullptr;
  if (!list || !list->is_sequence()) return;
  for (const Node& item : list->items) {
    SchemaAt p = resolver.resolve(*owner.file, &item);
    if (!p || !p.node->is_map()) continue;
    const Node* name = p.node->get("name");
    const Node* in = p.node->get("in");
    if (!name || !in || !name->is_scalar() || !in->is_scalar()) continue;
    Parameter param;
    param.name = name->text;
    param.in = to_lower(in->text);
    const Node* required = p.node->get("required");
    param.required = param.in == "path" || (required && required->as_bool().value_or(false));
    if (const Node* schema = p.node->get("schema")) param.schema = {p.file, schema};
    else if (p.node->get("type")) param.schema = p;  // Swagger 2: the parameter is its own schema
    param.example = example_of(resolver, p, param.example_at);
    // An operation's parameter replaces the path item's of the same name and place.
    auto same = std::find_if(out.begin(), out.end(), [&](const Parameter& q) {
      return q.name == param.name && q.in == param.in;
    });
    if (same != out.end()) *same = std::move(param);
    else out.push_back(std::move(param));
  }
}

// Where an operation's request body is described: its JSON media type with
// the schema and example, or none.
struct Body {
  bool present = false;
  bool json = false;
  std::string media_type;
  SchemaAt schema;
  std::optional<nlohmann::json> example;
  std::string example_at;
};

Body request_body(const SchemaResolver& resolver, SchemaAt op) {
  Body body;
  const Node* raw = op.node->get("requestBody");
  if (raw) {
    SchemaAt rb = resolver.resolve(*op.file, raw);
    const Node* content = rb ? rb.node->get("content") : nullptr;
    if (content && content->is_map() && !content->keys.empty()) {
      body.present = true;
      std::size_t chosen = 0;
      for (std::size_t i = 0; i < content->keys.size(); ++i) {
        if (is_json_media(content->keys[i].text)) {
          chosen = i;
          body.json = true;
          break;
        }
      }
      body.media_type = content->keys[chosen].text;
      if (body.media_type == "*/*") body.media_type = "application/json";
      SchemaAt media{rb.file, &content->items[chosen]};
      if (media.node->is_map()) {
        if (const Node* schema = media.node->get("schema")) body.schema = {media.file, schema};
        body.example = example_of(resolver, media, body.example_at);
      }
    }
    return body;
  }
  // Swagger 2: a parameter `in: body`.
  const Node* list = op.node->get("parameters");
  if (list && list->is_sequence()) {
    for (const Node& item : list->items) {
      SchemaAt p = resolver.resolve(*op.file, &item);
      const Node* in = p ? p.node->get("in") : nullptr;
      if (!in || in->text != "body") continue;
      body.present = body.json = true;
      body.media_type = "application/json";
      if (const Node* schema = p.node->get("schema")) body.schema = {p.file, schema};
      body.example = example_of(resolver, p, body.example_at);
    }
  }
  return body;
}

// The response media types an operation documents, for `Accept`.
std::string accept_header(const OpenApiOperation& op) {
  std::vector<std::string> types;
  for (const auto& response : op.responses) {
    for (const auto& media : response.content) {
      std::string t = media.content_type;
      if (std::find(types.begin(), types.end(), t) == types.end()) types.push_back(t);
    }
  }
  if (types.empty()) return "*/*";
  std::string out;
  for (const auto& t : types) out += (out.empty() ? "" : ", ") + t;
  return out + ", */*;q=0.1";
}

// The GET operation reading one item of the collection a POST creates:
// the POST's path followed by exactly one `{parameter}` segment.
const OpenApiOperation* item_reader(const OpenApiDocument& doc, const OpenApiOperation& post, std::string& parameter) {
  std::string prefix = post.path;
  if (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  for (const auto& op : doc.operations) {
    if (op.method != "get" || op.path.size() <= prefix.size() + 3) continue;
    if (op.path.compare(0, prefix.size(), prefix) != 0 || op.path[prefix.size()] != '/') continue;
    std::string_view rest = std::string_view(op.path).substr(prefix.size() + 1);
    if (rest.size() >= 3 && rest.front() == '{' && rest.back() == '}' && rest.find('/') == std::string_view::npos) {
      parameter = std::string(rest.substr(1, rest.size() - 2));
      return &op;
    }
  }
  return nullptr;
}

bool selected(const PlanOptions& options, const OpenApiOperation& op) {
  if (options.operations.empty()) return true;
  std::string mine = upper(op.method) + " " + op.path;
  for (const auto& wanted : options.operations) {
    std::string w(trim(wanted));
    auto space = w.find(' ');
    if (space == std::string::npos) {
      if (w == op.path) return true;  // a path alone: every method
      continue;
    }
    if (upper(w.substr(0, space)) + " " + std::string(trim(std::string_view(w).substr(space + 1))) == mine) return true;
  }
  return false;
}

class Planner {
 public:
  Planner(const std::vector<VerifiedService>& services, const PlanOptions& options, Plan& plan)
      : services_(services), options_(options), plan_(plan), rng_(options.seed) {}

  void plan_service(std::size_t index) {
    const VerifiedService& service = services_[index];
    ContractSchemas& schemas = *plan_.schemas[index];
    const OpenApiDocument& doc = *service.contract;
    // The documented health path first: whether the service answers at all.
    const OpenApiOperation* health = nullptr;
    for (const auto& op : doc.operations) {
      if (op.method == "get" && is_health_path(op.path)) {
        health = &op;
        break;
      }
    }
    if (health && selected(options_, *health)) {
      ++plan_.operations_selected;
      plan_operation(index, schemas, *health, Purpose::health);
    }
    // Operations read back after a create are probed through the create.
    std::vector<const OpenApiOperation*> read_back;
    if (!options_.read_only) {
      for (const auto& op : doc.operations) {
        std::string parameter;
        if (op.method == "post" && selected(options_, op)) {
          if (const OpenApiOperation* reader = item_reader(doc, op, parameter); reader && selected(options_, *reader)) {
            read_back.push_back(reader);
          }
        }
      }
    }
    for (const auto& op : doc.operations) {
      if (&op == health || !selected(options_, op)) continue;
      if (options_.read_only && !safe_method(op.method)) continue;
      ++plan_.operations_selected;
      if (std::find(read_back.begin(), read_back.end(), &op) != read_back.end()) continue;
      std::string parameter;
      const OpenApiOperation* reader = op.method == "post" && !options_.read_only ? item_reader(doc, op, parameter)
                                                                                 : nullptr;
      if (reader && !selected(options_, *reader)) reader = nullptr;
      plan_operation(index, schemas, op, reader ? Purpose::create : Purpose::positive, reader, parameter);
    }
  }

 private:
  // Adds a probe, or counts it as left out when the budget is spent.
  long add(Probe probe) {
    if (plan_.probes.size() >= options_.max_requests) {
      ++plan_.left_out;
      return -1;
    }
    probe.request_id = "archgate-" + std::to_string(options_.seed) + "-" + std::to_string(plan_.probes.size() + 1);
    probe.request.headers.emplace_back(options_.request_id_header, probe.request_id);
    for (const auto& h : options_.headers) probe.request.headers.push_back(h);
    plan_.probes.push_back(std::move(probe));
    return static_cast<long>(plan_.probes.size() - 1);
  }

  nlohmann::json value_for(ContractSchemas& schemas, SchemaAt schema, Direction direction) {
    auto compiled = schemas.compile(schema, direction);
    if (!compiled) return "archgate";
    return generate_value(*compiled, rng_);
  }

  void plan_operation(std::size_t service, ContractSchemas& schemas, const OpenApiOperation& op, Purpose purpose,
                      const OpenApiOperation* reader = nullptr, const std::string& reader_parameter = {}) {
    const OpenApiDocument& doc = *services_[service].contract;
    SchemaAt node = operation_node(doc, schemas.resolver(), op);
    if (!node) return;
    std::vector<Parameter> parameters;
    if (const Node* paths = doc.files.front()->doc.root.get("paths")) {
      SchemaAt item = schemas.resolver().resolve(doc.files.front()->path, paths->get(op.path));
      if (item) collect_parameters(schemas.resolver(), item, parameters);
    }
    collect_parameters(schemas.resolver(), node, parameters);

    Probe probe;
    probe.service = service;
    probe.operation = &op;
    probe.purpose = purpose;
    probe.span = op.span;
    probe.request.method = upper(op.method);
    std::vector<std::string> sources;
    std::string target = op.path, query;
    for (const auto& p : parameters) {
      if (!p.required) continue;
      if (iequals(p.name, options_.request_id_header)) continue;
      nlohmann::json value = p.example ? *p.example : value_for(schemas, p.schema, Direction::request);
      if (p.example) sources.push_back(p.name + " from the example at " + p.example_at);
      std::string text = parameter_text(value);
      if (p.in == "path") {
        std::string placeholder = "{" + p.name + "}";
        for (auto at = target.find(placeholder); at != std::string::npos; at = target.find(placeholder)) {
          target.replace(at, placeholder.size(), percent_encode(text));
        }
      } else if (p.in == "query") {
        query += (query.empty() ? "?" : "&") + percent_encode(p.name) + "=" + percent_encode(text);
      } else if (p.in == "header") {
        probe.request.headers.emplace_back(p.name, text);
      } else if (p.in == "cookie") {
        probe.request.headers.emplace_back("Cookie", p.name + "=" + percent_encode(text));
      }
    }
    probe.request.target = target + query;
    probe.request.headers.emplace_back("Accept", accept_header(op));

    Body body = request_body(schemas.resolver(), node);
    std::shared_ptr<const CompiledSchema> body_schema;
    nlohmann::json valid;
    if (body.present) {
      body_schema = schemas.compile(body.schema, Direction::request);
      if (body.example) {
        valid = *body.example;
        sources.push_back("body from the example at " + body.example_at);
      } else if (body_schema) {
        valid = generate_value(*body_schema, rng_);
        sources.push_back("body generated from the schema");
      } else {
        valid = nlohmann::json::object();
      }
      probe.request.content_type = body.media_type;
      probe.request.body = body.json || !valid.is_string() ? valid.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                                                           : valid.get<std::string>();
    }
    probe.description = sources.empty() ? "built from the contract" : join(sources);
    Probe positive = probe;
    long index = add(std::move(probe));
    if (index >= 0 && reader) {
      Probe back;
      back.service = service;
      back.operation = reader;
      back.purpose = Purpose::read_back;
      back.span = reader->span;
      back.request.method = "GET";
      back.request.target = reader->path;  // the {parameter} is filled with the created id at run time
      back.request.headers.emplace_back("Accept", accept_header(*reader));
      back.description = "reads back what " + upper(op.method) + " " + op.path + " created ({" + reader_parameter + "})";
      long back_index = add(std::move(back));
      if (back_index >= 0) {
        plan_.probes[index].partner = back_index;
        plan_.probes[back_index].partner = index;
      }
    }
    // Invalid bodies: each should be refused with a 4xx.
    if (index < 0 || options_.read_only || !body.json || !body_schema) return;
    std::size_t budget = options_.max_per_operation > 0 ? options_.max_per_operation - 1 : 0;
    for (auto& negative : negative_cases(*body_schema, valid, budget)) {
      Probe bad = positive;
      bad.purpose = Purpose::negative;
      bad.partner = -1;
      bad.description = negative.description;
      if (negative.span.known()) bad.span = negative.span;
      bad.request.body = negative.value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      // The request id header added by add() comes again.
      bad.request.headers.erase(std::remove_if(bad.request.headers.begin(), bad.request.headers.end(),
                                               [&](const auto& h) { return h.first == options_.request_id_header; }),
                                bad.request.headers.end());
      for (const auto& h : options_.headers) {
        auto it = std::find(bad.request.headers.begin(), bad.request.headers.end(), h);
        if (it != bad.request.headers.end()) bad.request.headers.erase(it);
      }
      if (add(std::move(bad)) < 0) break;
    }
  }

  static std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
    return out;
  }

  const std::vector<VerifiedService>& services_;
  const PlanOptions& options_;
  Plan& plan_;
  Rng rng_;
};

}  // namespace

Plan make_plan(const std::vector<VerifiedService>& services, const PlanOptions& options) {
  Plan plan;
  for (const auto& service : services) plan.schemas.push_back(std::make_unique<ContractSchemas>(*service.contract));
  Planner planner(services, options, plan);
  for (std::size_t i = 0; i < services.size(); ++i) planner.plan_service(i);
  return plan;
}

std::string describe_plan(const Plan& plan, const std::vector<VerifiedService>& services) {
  std::ostringstream out;
  for (const auto& probe : plan.probes) {
    const VerifiedService& service = services[probe.service];
    out << probe.request.method << ' ' << display_escape(service.origin.text() + service.origin.base_path + probe.request.target)
        << "  [" << purpose_name(probe.purpose) << "] " << display_escape(probe.description) << " ("
        << display_escape(std::string(probe.span.path)) << ':' << probe.span.line << ")\n";
    if (!probe.request.body.empty()) out << "    body: " << display_excerpt(probe.request.body, 200) << '\n';
  }
  out << plan.probes.size() << " request" << (plan.probes.size() == 1 ? "" : "s") << " planned for "
      << plan.operations_selected << " operation" << (plan.operations_selected == 1 ? "" : "s") << " of "
      << services.size() << " service" << (services.size() == 1 ? "" : "s");
  if (plan.left_out) out << "; " << plan.left_out << " more left out by --max-requests";
  out << "; nothing was sent (--dry-run)\n";
  return out.str();
}

}  // namespace archgate::verify
