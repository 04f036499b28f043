// Which inventory service a host name, a configuration value or a base-URL
// expression in code refers to. Shared by AG402 (undeclared-call) and AG403
// (unknown-operation), so that both agree on what counts as a reference.
//
// A host names a service when it equals the service's inventory name or its
// Compose name (case-insensitive), or is a Kubernetes service DNS name of it
// (`payment-service.shop.svc.cluster.local`). Local hosts, IP addresses and
// hosts that are no inventory service (external APIs, databases that are not
// in the inventory) name nothing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/diagnostic.h"
#include "base/text.h"
#include "model/model.h"

namespace archgate {

struct HostMention {
  std::string host;    // lower case
  std::string scheme;  // lower case; "" for `host:port` and bare host names
  std::string path;    // "/v1/charges", "" when none
};

// Schemes of service calls (http, https, grpc, ws ...). Database, cache and
// broker schemes (postgres, redis, amqp, kafka ...) are not calls.
bool is_call_scheme(std::string_view scheme);

// The hosts a configuration value names: every `scheme://host...` URL
// (`grpc` `dns:///host:port` too), else `host:port` tokens of a comma or
// space separated list; with `bare_host`, also tokens that are only a host
// name (`PAYMENT_HOST=payment-service`). Values with uninterpolated
// `${...}` hosts name nothing.
std::vector<HostMention> hosts_in_value(std::string_view value, bool bare_host);

// The scheme of a URL as written ("http" for "http://x", "" when none;
// "jdbc:postgresql" -> "postgresql").
std::string scheme_of(std::string_view url);

// An environment variable whose name says it holds the address of something
// this service calls (PAYMENT_URL, INVENTORY_HOST, ORDER_SERVICE_ENDPOINT).
bool names_endpoint(std::string_view variable);
// An environment variable that holds addresses of callers, not callees
// (CORS_ORIGINS, ALLOWED_HOSTS, PUBLIC_URL, *_REDIRECT_URL).
bool names_caller_address(std::string_view variable);


// " (if NAME is shared infrastructure, ...)": how to mark a service `kind:
// platform`, when its name says it is a config server, discovery, registry,
// admin, tracing or monitoring server; "" otherwise.
std::string platform_hint(std::string_view name);

// Where a base URL expression in the caller's code (SourcePath::base) points.
enum class BaseTarget : std::uint8_t {
  unknown,    // nothing to go by (no base, or only generic words like `baseUrl`)
  service,    // an inventory service
  elsewhere,  // somewhere else: an external host, a datastore, several services
};
struct BaseResolution {
  BaseTarget target = BaseTarget::unknown;
  const InventoryService* service = nullptr;
  std::string evidence;  // "INVENTORY_URL=http://inventory-service:8080" or the base as written
};

// `callee` is in the caller's `mayCall` (by name or Compose name).
bool may_call(const InventoryService& caller, const InventoryService& callee);
// The related location "order-service may call: inventory-service" at the
// caller's `mayCall` key (or its name when it has none).
Related may_call_note(const InventoryService& caller);

// The services of a Model, indexed once so that lookups cost the same for 4
// services and for 1,000.
class ServiceRefs {
 public:
  explicit ServiceRefs(const Model& model);

  // The inventory service `host` names, or nullptr.
  const InventoryService* service_for_host(std::string_view host) const;
  // The inventory service whose Compose name is `compose_name`, or nullptr.
  const InventoryService* service_for_compose(std::string_view compose_name) const;
  // The inventory service called `name` (exactly), or nullptr.
  const InventoryService* service_named(std::string_view name) const;
  // The Compose service of an inventory service, or nullptr.
  const ComposeService* compose_service_of(const InventoryService& service) const;
  // Something that stores or brokers rather than serves calls: kind
  // `datastore`, or its Compose service runs a datastore image.
  bool is_datastore(const InventoryService& service) const;

  // First by the caller's Compose environment (a variable of the same name,
  // ignoring case and `_`: `inventoryUrl` ~ `INVENTORY_URL`), then by the
  // words of the name (`inventoryServiceUrl` -> inventory-service; generic
  // words such as url, base, host, config, env are ignored).
  BaseResolution resolve_base(const InventoryService& caller, std::string_view base) const;

 private:
  const Model& model_;
  std::unordered_map<std::string, const InventoryService*> by_name_;     // lower case
  std::unordered_map<std::string, const InventoryService*> by_compose_;  // lower case
  std::unordered_map<std::string, const InventoryService*> exact_;       // as written
  std::unordered_map<std::string, const InventoryService*> compose_exact_;
  std::unordered_map<const InventoryService*, const ComposeService*> compose_of_;
  // Distinguishing words of each service's name and Compose name ("inventory"),
  // singular, sorted, joined by ' ' -> the services they name.
  std::unordered_map<std::string, std::vector<const InventoryService*>> by_words_;
};

}  // namespace archgate
