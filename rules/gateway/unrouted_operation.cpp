// AG203 gateway-unrouted-operation: the gateway's contract declares an
// operation that no backend it may call provides.
#include <map>
#include <set>

#include "rules/common/health_paths.h"
#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kGatewayUnroutedOperation;
const RuleInfo kGatewayUnroutedOperation{
    .id = "AG203",
    .name = "gateway-unrouted-operation",
    .severity = Severity::warning,
    .family = "gateway",
    .summary = "The gateway's OpenAPI declares an operation that no backend it may call provides.",
    .what = "For every service of kind `gateway`, compares the operations (method and path) of its OpenAPI "
            "contract with the operations of the services in its `mayCall` list, and reports each gateway "
            "operation that none of them declares. Paths must match exactly after path parameters are "
            "normalised (`/orders/{id}` matches `/orders/{orderId}`); prefixes are not stripped, so a gateway "
            "that publishes `/api/orders` for a backend's `/orders` is reported. A `HEAD` is routed when the "
            "backend has the `GET`; `OPTIONS` (CORS preflight, answered by the gateway) and the gateway's own "
            "health paths (`/health`, `/healthz`, `/ready`, `/readyz`, `/live`, `/livez`, `/actuator/health`) "
            "are exempt. The rule only judges when it can: it stays silent for a gateway without a contract or "
            "without `mayCall`, and when any called service or gateway has no readable contract (AG405 reports "
            "that). Called services of kind `worker` or `datastore` without a contract are ignored, since they "
            "serve no HTTP operations.",
    .why = "A gateway is a router: every operation it publishes must land on a backend that implements it. An "
           "operation no backend provides is either a dead route that answers 404 or 502 in production, a "
           "contract that drifted after a backend renamed or removed an endpoint, or business logic growing "
           "inside the gateway (see AG202). Clients generate code from the gateway's contract and trust it.",
    .fires = "```yaml\n# services/gateway/openapi.yaml   (gateway mayCall: [order-service])\npaths:\n"
             "  /orders/{id}/discount:\n    post:          # AG203: order-service has no such operation\n"
             "      responses: {\"200\": {description: ok}}\n```\n\n```yaml\n# services/order-service/openapi.yaml\n"
             "paths:\n  /orders/{orderId}:\n    get:\n      responses: {\"200\": {description: ok}}\n```",
    .clean = "```yaml\n# services/gateway/openapi.yaml\npaths:\n  /orders/{id}:\n    get:\n"
             "      responses: {\"200\": {description: ok}}\n  /health:\n    get:\n"
             "      responses: {\"200\": {description: ok}}\n```\n\n```yaml\n# services/order-service/openapi.yaml\n"
             "paths:\n  /orders/{orderId}:\n    get:\n      responses: {\"200\": {description: ok}}\n```",
    .fix = "Route the operation to the backend that implements it and add that backend to the gateway's "
           "`mayCall`; or add the operation to the backend's contract; or remove it from the gateway's contract "
           "if it is a leftover. If the gateway rewrites paths (strips `/api`), publish the backend paths "
           "unchanged or declare the rewritten operations in the backend contract.",
    .options = "",
    .release_sentence = "",
};

namespace {

// "/orders/{orderId}/items" -> "/orders/{}/items".
std::string route_key(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '{') {
      std::size_t close = path.find('}', i);
      if (close != std::string_view::npos) {
        out += "{}";
        i = close;
        continue;
      }
    }
    out += path[i];
  }
  return out;
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool readable(const OpenApiDocument* contract) {
  return contract && contract->readable;
}

// Where a backend declares the same path with other methods, for the
// finding's related locations.
struct PathOwner {
  const OpenApiOperation* operation;
  std::string service;
};

}  // namespace

void check_gateway_unrouted_operation(const RuleContext& ctx) {
  const Model& model = ctx.model;
  for (const auto& gateway : model.inventory.services) {
    if (gateway.kind != ServiceKind::gateway || gateway.may_call.empty()) continue;
    const OpenApiDocument* contract = model.contract_of(gateway.name);
    if (!readable(contract)) continue;

    std::set<std::pair<std::string, std::string>> provided;   // (method, route key)
    std::map<std::string, std::vector<PathOwner>> by_path;    // route key -> backend operations
    std::string backends;
    bool complete = true;
    for (const auto& call : gateway.may_call) {
      const InventoryService* backend = model.inventory.find(call.value);
      if (!backend) {
        complete = false;  // AG501's finding; the routes it would provide are unknown
        break;
      }
      const OpenApiDocument* backend_contract = model.contract_of(backend->name);
      if (!backend_contract && (backend->kind == ServiceKind::worker || backend->kind == ServiceKind::datastore)) {
        continue;
      }
      if (!readable(backend_contract)) {
        complete = false;
        break;
      }
      if (!backends.empty()) backends += ", ";
      backends += backend->name;
      for (const auto& op : backend_contract->operations) {
        std::string key = route_key(op.path);
        provided.emplace(op.method, key);
        if (op.method == "get") provided.emplace("head", key);
        by_path[key].push_back({&op, backend->name});
      }
    }
    if (!complete || backends.empty()) continue;

    for (const auto& op : contract->operations) {
      if (op.method == "options" || is_health_path(op.path)) continue;
      std::string key = route_key(op.path);
      if (provided.count({op.method, key})) continue;
      std::vector<Related> related;
      if (auto it = by_path.find(key); it != by_path.end()) {
        for (const auto& owner : it->second) {
          related.push_back({owner.operation->span, owner.service + " declares " + upper(owner.operation->method) +
                                                        " " + owner.operation->path});
        }
      }
      ctx.report(op.span,
                 gateway.name + " declares " + upper(op.method) + " " + op.path +
                     ", but no service it may call provides it (checked: " + backends + ")",
                 gateway.name, std::move(related));
    }
  }
}

}  // namespace archgate
