// AG406 missing-error-response: an operation that takes a request body or a
// path parameter documents no 4xx response.
#include <algorithm>
#include <set>
#include <tuple>
#include <vector>

#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kMissingErrorResponse;
const RuleInfo kMissingErrorResponse{
    .id = "AG406",
    .name = "missing-error-response",
    .severity = Severity::warning,
    .family = "contracts",
    .summary = "An operation that takes a request body or a path parameter documents no 4xx response.",
    .what = "Looks at every operation of every OpenAPI contract archgate loaded. An operation that takes input "
            "a client can get wrong, a request body (OpenAPI 3 `requestBody`, Swagger 2 `in: body` or "
            "`in: formData` parameters) or a path parameter (a `{name}` in its path, or a parameter with "
            "`in: path`), must document at least one client error: a response whose status is `400` to `499` "
            "or the range `4XX`. A `default` response does not count: it says that something may go wrong, not "
            "which client errors to expect, so clients cannot tell a validation error (400) from a missing "
            "resource (404) or a conflict (409). Operations without a body or path parameter (`GET /orders`), "
            "and `OPTIONS` operations (CORS preflight, answered by the server itself), are not checked, "
            "nor are the contracts of services of kind `datastore`. The finding points at the operation's method "
            "key.",
    .why = "Every request body can be invalid and every path parameter can name something that does not "
           "exist. When the contract documents only the happy path, client code and generated SDKs have no "
           "model for the error, treat a 404 or 409 like a crash, and contract tests and `archgate verify` "
           "cannot check that the service answers bad input with a documented status instead of a 500.",
    .fires = "```yaml\npaths:\n  /orders:\n    post:                 # AG406: takes a request body\n"
             "      requestBody:\n        content:\n          application/json:\n"
             "            schema: {$ref: '#/components/schemas/NewOrder'}\n      responses:\n"
             "        \"201\": {description: created}\n        default: {description: error}   # does not "
             "count\n```",
    .clean = "```yaml\npaths:\n  /orders:\n    post:\n      requestBody:\n        content:\n"
             "          application/json:\n            schema: {$ref: '#/components/schemas/NewOrder'}\n"
             "      responses:\n        \"201\": {description: created}\n"
             "        \"400\": {description: the order is invalid}\n  /orders/{id}:\n    get:\n      responses:\n"
             "        \"200\": {description: the order}\n        \"404\": {description: no such order}\n```",
    .fix = "Document the client errors the operation really returns: `400` (or `422`) for an invalid body, `404` "
           "for a path parameter that names nothing, `409` for a conflict, each with its error schema. A `4XX` "
           "range response is accepted when the errors share one shape.",
    .options = "",
    .release_sentence = "",
};

namespace {

// "400".."499", "4XX" (any case).
bool is_client_error(std::string_view status) {
  if (status.size() != 3 || status[0] != '4') return false;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  auto x = [](char c) { return c == 'x' || c == 'X'; };
  return (digit(status[1]) && digit(status[2])) || (x(status[1]) && x(status[2]));
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// Path parameter names: the `{name}`s of the path template, then declared
// `in: path` parameters the template does not show.
std::vector<std::string> path_parameters(const OpenApiOperation& op) {
  std::vector<std::string> names;
  std::string_view path = op.path;
  for (std::size_t open = path.find('{'); open != std::string_view::npos; open = path.find('{', open + 1)) {
    std::size_t close = path.find('}', open);
    if (close == std::string_view::npos) break;
    std::string name(path.substr(open + 1, close - open - 1));
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(std::move(name));
  }
  for (const auto& p : op.parameters) {
    if (p.in != "path" || std::find(names.begin(), names.end(), p.name) != names.end()) continue;
    names.push_back(p.name);
  }
  return names;
}

std::string describe_parameters(const std::vector<std::string>& names) {
  std::string out = names.size() == 1 ? "the path parameter " : "the path parameters ";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += "\"" + names[i] + "\"";
  }
  return out;
}

}  // namespace

void check_missing_error_response(const RuleContext& ctx) {
  // Contracts may share a file (two services naming one `openapi`): one finding per place.
  std::set<std::tuple<std::string, std::uint32_t, std::uint32_t>> seen;
  for (const auto& contract : ctx.model.contracts) {
    // A datastore's generated API (PostgREST, an admin console) is not designed by the team.
    const InventoryService* service = ctx.model.inventory.find(contract.service);
    if (service && service->kind == ServiceKind::datastore) continue;
    for (const auto& op : contract.operations) {
      if (op.method == "options") continue;
      std::vector<std::string> params = path_parameters(op);
      if (!op.has_request_body && params.empty()) continue;
      bool documented = std::any_of(op.responses.begin(), op.responses.end(),
                                    [](const OpenApiResponse& r) { return is_client_error(r.status); });
      if (documented || !seen.emplace(op.span.path, op.span.line, op.span.column).second) continue;
      std::string takes;
      if (op.has_request_body) takes = "a request body";
      if (!params.empty()) takes += (takes.empty() ? "" : " and ") + describe_parameters(params);
      ctx.report(op.span, upper(op.method) + " " + op.path + " takes " + takes + " but documents no 4xx response",
                 contract.service);
    }
  }
}

}  // namespace archgate
