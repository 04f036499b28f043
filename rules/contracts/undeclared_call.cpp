// AG402 undeclared-call: Compose environment, depends_on or code of a service
// reference another service that is not in its mayCall.
#include <set>

#include "rules/common/service_refs.h"
#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kUndeclaredCall;
const RuleInfo kUndeclaredCall{
    .id = "AG402",
    .name = "undeclared-call",
    .severity = Severity::error,
    .family = "contracts",
    .summary = "Compose env, `depends_on` or code of service A references service B, and B is not in A's `mayCall`.",
    .what = "Looks for every place where a service shows that it talks to another service, and checks that the "
            "inventory allows the call:\n\n"
            "- **Compose environment**: values that name a service as a URL (`http://payment-service:8080/v1`, "
            "`grpc://payment-service:50051`, `dns:///payment-service:50051`), as `host:port` "
            "(`payment-service:8080`), or as a bare host in a variable whose name says it holds an address "
            "(`PAYMENT_HOST: payment-service`, also `*_URL`, `*_ADDR`, `*_ENDPOINT`);\n"
            "- **`depends_on`**: a dependency on another service implies a call, unless that service is a "
            "`worker` or `datastore` or the dependency waits for `service_completed_successfully` (a one-shot "
            "job such as a migration);\n"
            "- **code**: URL literals in the service's source files, template literals included "
            "(`` `http://payment-service:8080/v1/charges/${id}` ``); test files are skipped.\n\n"
            "A host names a service when it equals the service's inventory name or its Compose name "
            "(case-insensitive), or is its Kubernetes DNS name (`payment-service.shop.svc.cluster.local`). "
            "Hosts that are no inventory service are ignored (AG502 reports Compose services missing from the "
            "inventory), and so are `localhost`, IP addresses, datastores (inventory kind `datastore` or a "
            "Compose datastore image), database, cache and broker URLs (`postgres://`, `redis://`, `amqp://`), "
            "variables that list callers rather than callees (`CORS_ORIGINS`, `ALLOWED_HOSTS`, `PUBLIC_URL`, "
            "`*_CALLBACK_URL`), calls to and from services of kind `platform` (shared infrastructure such as a "
            "config server, service discovery, tracing, an admin server or a health dashboard: every service may "
            "use them, and they reach every service), and a service naming itself. The finding points at the environment entry, the "
            "`depends_on` entry or the URL literal, with the caller's `mayCall` as related location.",
    .why = "`mayCall` is the architects' map of who may talk to whom; it decides which failures can cascade, "
           "which teams must coordinate a release, and what the gateway and network policies allow. A call the "
           "map does not show is a hidden coupling: it is missed in reviews and impact analysis, breaks when the "
           "callee changes, and often is exactly the shortcut the architecture was meant to prevent (the gateway "
           "asking the payment service directly, a service reading another's data through its API instead of "
           "owning it).",
    .fires = "```json\n{ \"name\": \"order-service\", \"owns\": [\"orders\"], \"mayCall\": [\"inventory-service\"] }\n"
             "```\n\n```yaml\n# compose.yaml\nservices:\n  order-service:\n    environment:\n"
             "      INVENTORY_URL: http://inventory-service:8080\n"
             "      PAYMENT_URL: http://payment-service:8080/v1   # <- AG402: payment-service is not in mayCall\n"
             "    depends_on:\n      - payment-service                      # <- AG402\n```\n\n"
             "```js\n// services/order-service/src/payments.js\n"
             "await fetch(`http://payment-service:8080/v1/charges/${id}`);   // <- AG402\n```",
    .clean = "```json\n{ \"name\": \"order-service\", \"owns\": [\"orders\"],\n"
             "  \"mayCall\": [\"inventory-service\", \"payment-service\"] }\n```\n\n"
             "```yaml\n# compose.yaml\nservices:\n  order-service:\n    environment:\n"
             "      INVENTORY_URL: http://inventory-service:8080\n      PAYMENT_URL: http://payment-service:8080/v1\n"
             "      DATABASE_URL: postgres://orders-db:5432/orders   # a database, not a call\n"
             "      REDIS_URL: redis://redis:6379                     # a cache, not a call\n"
             "    depends_on:\n      payment-service:\n        condition: service_healthy\n```",
    .fix = "If the call is intended, add the callee to the caller's `mayCall` in `service-inventory.json` (and have "
           "the change reviewed like any architecture change). If it is not, remove the call: route it through "
           "the service that is allowed to make it, publish an event instead, or drop the leftover variable or "
           "`depends_on` entry. If the callee is shared infrastructure every service uses (a config server, "
           "discovery, tracing, an admin server), give it `\"kind\": \"platform\"` in the inventory instead.",
    .options = "",
    .release_sentence = "",
};

namespace {

// A value for a message, shortened when long.
std::string shown(std::string_view text) {
  constexpr std::size_t kMax = 100;
  if (text.size() <= kMax) return std::string(text);
  std::size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 sequence
  return std::string(text.substr(0, cut)) + "...";
}

class UndeclaredCalls {
 public:
  explicit UndeclaredCalls(const RuleContext& ctx) : ctx_(ctx), model_(ctx.model), refs_(ctx.model) {}

  void run() {
    // A platform service (an admin server, a health dashboard) reaches
    // every service by its nature: neither its calls nor calls to it need
    // a mayCall entry.
    for (const auto& caller : model_.inventory.services) {
      if (refs_.is_datastore(caller) || caller.kind == ServiceKind::platform) continue;
      if (const ComposeService* compose = refs_.compose_service_of(caller)) {
        environment(caller, *compose);
        depends_on(caller, *compose);
      }
    }
    for (const auto& file : model_.sources) {
      if (file.is_test || file.urls.empty()) continue;
      const InventoryService* caller = refs_.service_named(file.service);
      if (caller && !refs_.is_datastore(*caller) && caller->kind != ServiceKind::platform) code(*caller, file);
    }
  }

 private:
  // The callee a reference names when the call is undeclared, else nullptr.
  const InventoryService* undeclared(const InventoryService& caller, std::string_view host) const {
    const InventoryService* callee = refs_.service_for_host(host);
    if (!callee || callee == &caller || refs_.is_datastore(*callee) || callee->kind == ServiceKind::platform)
      return nullptr;
    return may_call(caller, *callee) ? nullptr : callee;
  }

  void environment(const InventoryService& caller, const ComposeService& compose) {
    for (const auto& e : compose.environment) {
      if (names_caller_address(e.name)) continue;
      std::set<const InventoryService*> seen;
      for (const auto& mention : hosts_in_value(e.value, names_endpoint(e.name))) {
        if (!mention.scheme.empty() && !is_call_scheme(mention.scheme)) continue;
        const InventoryService* callee = undeclared(caller, mention.host);
        if (!callee || !seen.insert(callee).second) continue;
        ctx_.report(e.span,
                    caller.name + " is configured to call " + callee->name + " (environment " + e.name + "=" +
                        shown(e.value) + "), but " + callee->name + " is not in its mayCall" + platform_hint(callee->name),
                    caller.name, {may_call_note(caller)}, "env:" + e.name + ":" + callee->name);
      }
    }
  }

  void depends_on(const InventoryService& caller, const ComposeService& compose) {
    for (const auto& d : compose.depends_on) {
      if (d.condition == "service_completed_successfully") continue;  // a one-shot job, not a call
      const InventoryService* callee = refs_.service_for_compose(d.service);
      if (!callee || callee == &caller || refs_.is_datastore(*callee)) continue;
      if (callee->kind == ServiceKind::worker || callee->kind == ServiceKind::platform) continue;
      if (may_call(caller, *callee)) continue;
      ctx_.report(d.span,
                  caller.name + " depends on " + callee->name + " in Compose, which implies a call, but " +
                      callee->name + " is not in its mayCall" + platform_hint(callee->name),
                  caller.name, {may_call_note(caller)}, "depends_on:" + callee->name);
    }
  }

  void code(const InventoryService& caller, const SourceFile& file) {
    for (const auto& url : file.urls) {
      std::string scheme = scheme_of(url.url);
      if (!scheme.empty() && !is_call_scheme(scheme)) continue;
      const InventoryService* callee = undeclared(caller, url.host);
      if (!callee) continue;
      ctx_.report(url.span,
                  caller.name + " calls " + callee->name + " in code (\"" + shown(url.url) + "\"), but " +
                      callee->name + " is not in its mayCall" + platform_hint(callee->name),
                  caller.name, {may_call_note(caller)}, "code:" + url.url + ":" + callee->name);
    }
  }

  const RuleContext& ctx_;
  const Model& model_;
  ServiceRefs refs_;
};

}  // namespace

void check_undeclared_call(const RuleContext& ctx) { UndeclaredCalls(ctx).run(); }

}  // namespace archgate
