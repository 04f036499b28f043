// AG403 unknown-operation: a service's code calls a path/method that the
// called service's OpenAPI contract does not declare.
#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "base/text.h"
#include "rules/common/health_paths.h"
#include "rules/common/service_refs.h"
#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kUnknownOperation;
const RuleInfo kUnknownOperation{
    .id = "AG403",
    .name = "unknown-operation",
    .severity = Severity::error,
    .family = "contracts",
    .summary = "A's code calls a path/method that B's OpenAPI does not declare.",
    .what = "Finds the requests a service's code makes to other services and checks each against the callee's "
            "OpenAPI contract. A request path found in the code is attributed to a callee when\n\n"
            "- it is part of a URL literal whose host is the callee (`http://inventory-service:8080/stock/${sku}`);\n"
            "- it is appended to a base URL whose name or value points at the callee: "
            "`${INVENTORY_URL}/inventory/${sku}`, `inventoryUrl + \"/inventory/\"`, "
            "`os.getenv(\"INVENTORY_URL\") + \"/stock\"` (a variable of the caller's Compose environment with "
            "the same name, ignoring case and `_`, decides first; else the words of the name must name exactly "
            "one service);\n"
            "- or it has no telling base (`baseUrl`, none at all) and the caller may call exactly one service, "
            "that service has a contract, the path is not one of the caller's own operations, and its first "
            "segment is one the callee uses.\n\n"
            "Paths match OpenAPI path templates (`/inventory/{sku}` matches `/inventory/{}`, `/inventory/${sku}` "
            "and `/inventory/:sku`), after a base path from the contract's `servers` (or Swagger `basePath`) is "
            "removed. When the HTTP method is visible in the call (`axios.post`, `method: 'POST'`, "
            "`HttpMethod.Delete`), the contract must declare that method on the path; otherwise any operation on "
            "the path is enough, and a literal that is a prefix of a declared path (a base URL such as "
            "`http://inventory-service:8080/v1`, or a path ending in `/`) is accepted. Health paths and test "
            "files are skipped. The rule stays silent when the callee has no readable contract (AG405 reports "
            "that) or when the path cannot be attributed.",
    .why = "A call to an operation the callee does not declare is a call nobody promised to keep working: it "
           "answers 404 today, or it works against an undocumented endpoint that the callee's team may change or "
           "remove at any time without seeing a breaking change (AG404 only protects what the contract declares). "
           "Catching it at review time is cheaper than a failed saga in production.",
    .fires = "```yaml\n# services/inventory-service/openapi.yaml\npaths:\n  /inventory/{sku}:\n    get:\n"
             "      responses: {\"200\": {description: stock level}}\n  /reservations:\n    post:\n"
             "      responses: {\"201\": {description: reserved}}\n```\n\n"
             "```js\n// services/order-service/src/inventory.js   (order-service mayCall: [inventory-service])\n"
             "await axios.post(`${process.env.INVENTORY_URL}/inventory/${sku}/reserve`);   // <- AG403\n"
             "await axios.delete(`${process.env.INVENTORY_URL}/inventory/${sku}`);         // <- AG403: only GET\n```",
    .clean = "```js\n// services/order-service/src/inventory.js\n"
             "await axios.get(`${process.env.INVENTORY_URL}/inventory/${sku}`);\n"
             "await axios.post(process.env.INVENTORY_URL + '/reservations', body);\n```",
    .fix = "Call an operation the callee declares, or have the callee's team add the operation to its contract "
           "(and implement it) before you depend on it. If the path belongs to a different service than the one "
           "archgate attributed it to, name the base URL variable after the service it points at "
           "(`PAYMENT_URL`, not `API_URL`).",
    .options = "",
    .release_sentence = "",
};

namespace {

std::string upper(std::string_view text) {
  std::string out(text);
  for (auto& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  for (auto part : split(path, '/'))
    if (!part.empty()) out.push_back(part);
  return out;
}

// The literal text before the first placeholder and after the last one.
std::pair<std::string_view, std::string_view> literal_ends(std::string_view segment) {
  std::size_t open = segment.find('{');
  std::size_t close = segment.rfind('}');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) return {segment, segment};
  return {segment.substr(0, open), segment.substr(close + 1)};
}

bool compatible_prefix(std::string_view a, std::string_view b) { return a.starts_with(b) || b.starts_with(a); }
bool compatible_suffix(std::string_view a, std::string_view b) { return a.ends_with(b) || b.ends_with(a); }

// One code segment ("{}" placeholders) against one template segment ("{sku}").
bool segment_matches(std::string_view code, std::string_view tmpl) {
  if (code == tmpl) return true;
  bool code_var = code.find('{') != std::string_view::npos;
  bool tmpl_var = tmpl.find('{') != std::string_view::npos;
  if (!code_var && !tmpl_var) return false;
  auto [code_pre, code_post] = literal_ends(code);
  auto [tmpl_pre, tmpl_post] = literal_ends(tmpl);
  if (!code_var) return code.starts_with(tmpl_pre) && code.ends_with(tmpl_post) &&
                        code.size() > tmpl_pre.size() + tmpl_post.size();
  if (!tmpl_var) return tmpl.starts_with(code_pre) && tmpl.ends_with(code_post);
  return compatible_prefix(code_pre, tmpl_pre) && compatible_suffix(code_post, tmpl_post);
}

// code matches tmpl in full, or (prefix) as its first segments.
bool path_matches(const std::vector<std::string_view>& code, const std::vector<std::string_view>& tmpl, bool prefix) {
  if (prefix ? code.size() > tmpl.size() : code.size() != tmpl.size()) return false;
  for (std::size_t i = 0; i < code.size(); ++i)
    if (!segment_matches(code[i], tmpl[i])) return false;
  return true;
}

// The path part of a server URL ("http://x:8080/api/v1" -> "/api/v1"), "" when none or templated.
std::string server_path(std::string_view url) {
  std::size_t scheme = url.find("://");
  std::string_view rest = url;
  if (scheme != std::string_view::npos) {
    rest = url.substr(scheme + 3);
    std::size_t slash = rest.find('/');
    if (slash == std::string_view::npos) return {};
    rest = rest.substr(slash);
  }
  if (rest.empty() || rest.front() != '/' || rest.find('{') != std::string_view::npos) return {};
  std::string out(rest.substr(0, rest.find_first_of("?#")));
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out == "/" ? std::string() : out;
}

// A callee's contract, ready for matching.
struct Contract {
  const InventoryService* service = nullptr;
  const OpenApiDocument* doc = nullptr;
  std::vector<std::vector<std::string_view>> base_paths;  // servers / basePath
  std::vector<std::vector<std::string_view>> op_paths;    // parallel to doc->operations
  std::vector<std::string> base_texts;
};

enum class Verdict { declared, undeclared_path, undeclared_method };
struct Judgement {
  Verdict verdict = Verdict::declared;
  const OpenApiOperation* path_match = nullptr;  // an operation on the same path (undeclared_method)
  std::string methods;                           // its declared methods, "GET, PUT"
};

struct CodePath {
  std::string path;    // "/inventory/{}"
  std::string method;  // "" when unknown
  bool prefix_ok = false;
};

class UnknownOperations {
 public:
  explicit UnknownOperations(const RuleContext& ctx) : ctx_(ctx), model_(ctx.model), refs_(ctx.model) {
    for (const auto& doc : model_.contracts)
      if (!doc.service.empty()) contract_docs_.emplace(doc.service, &doc);
    for (const auto& finding : model_.load_findings)
      if (!finding.assumption) troubled_files_.insert(finding.span.path);
  }

  void run() {
    for (const auto& file : model_.sources) {
      if (file.is_test || (file.urls.empty() && file.paths.empty())) continue;
      const InventoryService* caller = refs_.service_named(file.service);
      if (!caller || refs_.is_datastore(*caller)) continue;
      for (const auto& url : file.urls) from_url(*caller, url);
      if (file.paths.empty()) continue;
      const OpenApiDocument* own = document_of(*caller);
      const Contract* only = only_callee(*caller);
      for (const auto& path : file.paths) from_path(*caller, own, only, path);
    }
  }

 private:
  const OpenApiDocument* document_of(const InventoryService& service) const {
    auto it = contract_docs_.find(service.name);
    return it == contract_docs_.end() ? nullptr : it->second;
  }

  // The callee's contract when it can be trusted to be complete, else nullptr.
  const Contract* contract(const InventoryService& service) {
    auto [it, fresh] = contracts_.try_emplace(&service);  // a node map: entries stay put
    Contract& c = it->second;
    if (fresh) {
      c.service = &service;
      const OpenApiDocument* doc = document_of(service);
      if (doc && complete(*doc)) {
        c.doc = doc;
        for (const auto& op : doc->operations) c.op_paths.push_back(segments(op.path));
        collect_base_paths(c);
      }
    }
    return c.doc ? &c : nullptr;
  }

  // Readable, and no file of it was unreadable or unresolved.
  bool complete(const OpenApiDocument& doc) const {
    if (!doc.readable || doc.operations.empty()) return false;
    if (troubled_files_.count(doc.path)) return false;
    for (const auto& f : doc.files)
      if (troubled_files_.count(f->path)) return false;
    return true;
  }

  static void collect_base_paths(Contract& c) {
    for (const auto& url : c.doc->base_urls) c.base_texts.push_back(server_path(url));
    for (const auto& text : c.base_texts)
      if (!text.empty()) c.base_paths.push_back(segments(text));
  }

  // The one service the caller may call, when it has a contract and there
  // is no other non-datastore callee.
  const Contract* only_callee(const InventoryService& caller) {
    if (auto it = only_.find(&caller); it != only_.end()) return it->second;
    const Contract* found = nullptr;
    std::size_t callees = 0;
    for (const auto& entry : caller.may_call) {
      const InventoryService* callee = refs_.service_named(entry.value);
      if (!callee) {  // AG501's finding; whatever it is could be the target
        callees = 2;
        break;
      }
      if (callee == &caller || refs_.is_datastore(*callee)) continue;
      ++callees;
      found = contract(*callee);
    }
    return only_[&caller] = callees == 1 ? found : nullptr;
  }

  static std::optional<CodePath> code_path(std::string_view path, std::string_view method, bool prefix_ok) {
    CodePath p;
    p.path = std::string(path);
    p.method = std::string(method);
    p.prefix_ok = prefix_ok;
    if (p.path.size() > 1 && p.path.back() == '/') p.prefix_ok = true;  // more is appended later
    if (segments(p.path).empty() || is_health_path(p.path)) return std::nullopt;
    return p;
  }

  void from_url(const InventoryService& caller, const SourceUrl& url) {
    std::string scheme = scheme_of(url.url);
    if (scheme != "http" && scheme != "https") return;
    const InventoryService* callee = refs_.service_for_host(url.host);
    if (!callee || callee == &caller || refs_.is_datastore(*callee)) return;
    const Contract* c = contract(*callee);
    if (!c) return;
    // A URL literal may be a base that more is appended to: prefixes are fine.
    auto p = code_path(url.path, "", true);
    if (!p) return;
    check(caller, *c, *p, url.span, "");
  }

  void from_path(const InventoryService& caller, const OpenApiDocument* own, const Contract* only,
                 const SourcePath& path) {
    auto p = code_path(path.path, path.method, path.method.empty());
    if (!p) return;
    BaseResolution base = refs_.resolve_base(caller, path.base);
    if (base.target == BaseTarget::service) {
      if (base.service == &caller) return;
      const Contract* c = contract(*base.service);
      if (!c) return;
      check(caller, *c, *p, path.span, " (base " + base.evidence + ")");
      return;
    }
    if (base.target == BaseTarget::elsewhere || !only) return;
    // No telling base: the caller's only callee, when the path looks like one of its paths.
    if (only->service == &caller || serves(own, p->path) || !plausible(*only, p->path)) return;
    check(caller, *only, *p, path.span, " (the only service it may call)");
  }

  // The caller's own contract has this path (the code registers a route).
  static bool serves(const OpenApiDocument* own, std::string_view path) {
    if (!own) return false;
    auto code = segments(path);
    for (const auto& op : own->operations)
      if (path_matches(code, segments(op.path), true)) return true;
    return false;
  }

  // The path's first segment is a literal first segment of a callee path.
  static bool plausible(const Contract& c, std::string_view path) {
    auto code = strip_base(c, segments(path));
    if (code.empty()) return false;
    for (const auto& tmpl : c.op_paths)
      if (!tmpl.empty() && tmpl.front() == code.front()) return true;
    return false;
  }

  static std::vector<std::string_view> strip_base(const Contract& c, const std::vector<std::string_view>& code) {
    for (const auto& base : c.base_paths) {
      if (code.size() > base.size() && std::equal(base.begin(), base.end(), code.begin())) {
        return {code.begin() + static_cast<std::ptrdiff_t>(base.size()), code.end()};
      }
    }
    return code;
  }

  static Judgement judge(const Contract& c, const CodePath& p) {
    auto whole = segments(p.path);
    // A prefix of a server base path ("/api" of "/api/v1") is a base URL.
    for (const auto& base : c.base_paths)
      if (path_matches(whole, base, true)) return {};
    Judgement j;
    bool path_found = false;
    for (const auto& code : {whole, strip_base(c, whole)}) {
      for (std::size_t i = 0; i < c.op_paths.size(); ++i) {
        if (!path_matches(code, c.op_paths[i], false)) continue;
        const OpenApiOperation& op = c.doc->operations[i];
        path_found = true;
        if (p.method.empty() || p.method == "options" || p.method == op.method ||
            (p.method == "head" && op.method == "get")) {
          return {};
        }
        if (!j.path_match) j.path_match = &op;
        std::string m = upper(op.method);
        if (j.methods.find(m) == std::string::npos) j.methods += (j.methods.empty() ? "" : ", ") + m;
      }
    }
    if (path_found) {
      j.verdict = Verdict::undeclared_method;
      return j;
    }
    if (p.prefix_ok) {
      for (const auto& code : {whole, strip_base(c, whole)})
        for (const auto& tmpl : c.op_paths)
          if (path_matches(code, tmpl, true)) return {};
    }
    j.verdict = Verdict::undeclared_path;
    return j;
  }

  void check(const InventoryService& caller, const Contract& c, const CodePath& p, const Span& span,
             const std::string& how) {
    Judgement j = judge(c, p);
    if (j.verdict == Verdict::declared) return;
    const std::string& callee = c.service->name;
    std::string call = (p.method.empty() ? std::string() : upper(p.method) + " ") + p.path;
    std::vector<Related> related;
    std::string message;
    if (j.verdict == Verdict::undeclared_method) {
      message = caller.name + " calls " + call + " on " + callee + how + ", but " + callee + "'s contract declares " +
                j.path_match->path + " only with " + j.methods;
      related.push_back({j.path_match->path_span, callee + " declares " + j.path_match->path + " here"});
    } else {
      message = caller.name + " calls " + call + " on " + callee + how + ", but " + callee +
                "'s contract declares no such path";
      Span at = c.doc->paths_span.path.empty() ? Span{c.doc->path, 1, 1, 0, 0} : c.doc->paths_span;
      related.push_back({at, callee + "'s contract lists its paths here"});
    }
    ctx_.report(span, std::move(message), caller.name, std::move(related));
  }

  const RuleContext& ctx_;
  const Model& model_;
  ServiceRefs refs_;
  std::unordered_map<std::string, const OpenApiDocument*> contract_docs_;
  std::unordered_map<const InventoryService*, Contract> contracts_;
  std::unordered_map<const InventoryService*, const Contract*> only_;
  std::unordered_set<std::string> troubled_files_;  // paths with AG001/AG002 findings
};

}  // namespace

void check_unknown_operation(const RuleContext& ctx) { UnknownOperations(ctx).run(); }

}  // namespace archgate
