#include "rules/common/service_refs.h"

#include <algorithm>
#include <iterator>
#include <set>

#include "base/text.h"

namespace archgate {

namespace {

bool alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool digit(char c) { return c >= '0' && c <= '9'; }
bool alnum(char c) { return alpha(c) || digit(c); }
bool host_char(char c) { return alnum(c) || c == '-' || c == '.' || c == '_'; }

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Lower case letters and digits only: "INVENTORY_URL" and "inventoryUrl" -> "inventoryurl".
std::string folded(std::string_view text) {
  std::string out;
  for (char c : text)
    if (alnum(c)) out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

bool is_local_host(std::string_view host) {
  if (host == "localhost" || host == "::1" || host == "0.0.0.0" || host == "host.docker.internal" ||
      host == "host.containers.internal" || ends_with(host, ".localhost")) {
    return true;
  }
  // IP addresses (v4 dotted quads and anything with two colons) are never service names.
  bool dotted = !host.empty() && std::all_of(host.begin(), host.end(), [](char c) { return digit(c) || c == '.'; });
  return dotted || std::count(host.begin(), host.end(), ':') >= 2;
}

// A host name token: letters, digits, '-', '.', '_' with at least one letter.
bool host_name_like(std::string_view token) {
  return !token.empty() && alnum(token.front()) && std::all_of(token.begin(), token.end(), host_char) &&
         std::any_of(token.begin(), token.end(), alpha);
}

// "host:port" -> host, when the port is a number.
std::optional<std::string_view> host_of_host_port(std::string_view token) {
  std::size_t colon = token.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 >= token.size()) return std::nullopt;
  std::string_view port = token.substr(colon + 1);
  if (port.size() > 5 || !std::all_of(port.begin(), port.end(), digit)) return std::nullopt;
  std::string_view host = token.substr(0, colon);
  if (!host_name_like(host)) return std::nullopt;
  return host;
}

bool url_stop(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == '"' || c == '\'' || c == ';';
}

// Service names and Compose names are compared case-insensitively.
bool names(const InventoryService& s, std::string_view host) {
  return iequals(s.name, host) || (!s.compose.empty() && iequals(s.compose, host));
}

constexpr std::string_view kCallSchemes[] = {"http", "https", "grpc", "grpcs", "ws",     "wss",
                                                        "h2c",  "h2",    "dns",  "tcp",   "thrift", "xds"};

// Words that say "an address" without saying whose.
constexpr std::string_view kGenericWords[] = {
    "url",      "urls",     "uri",      "base",     "host",     "hostname", "port",     "endpoint", "endpoints",
    "addr",     "address",  "api",      "apis",     "root",     "prefix",   "service",  "services", "svc",
    "server",   "client",   "clients",  "http",     "https",    "grpc",     "origin",   "target",   "remote",
    "upstream", "backend",  "the",      "default",  "env",      "environ",  "environment", "config", "cfg",
    "conf",     "configuration", "settings", "setting", "options", "opts", "props",    "properties", "process",
    "os",       "system",   "getenv",   "get",      "this",     "self",     "app",      "application", "my",
    "internal", "path",     "location", "link",     "rest",     "web",      "v1",       "v2"};

bool generic_word(std::string_view word) {
  return std::find(std::begin(kGenericWords), std::end(kGenericWords), word) != std::end(kGenericWords);
}

// "orders" -> "order", "address" stays: a crude singular, applied alike to
// code names and service names.
std::string singular(std::string word) {
  if (word.size() > 3 && word.back() == 's' && word[word.size() - 2] != 's') word.pop_back();
  return word;
}

// Sorted, singular, distinct words joined by ' ': the key of by_words_.
std::string words_key(std::vector<std::string> words) {
  for (auto& w : words) w = singular(std::move(w));
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  std::string key;
  for (const auto& w : words) key += (key.empty() ? "" : " ") + w;
  return key;
}

// The words that tell a service apart: "inventory-service" -> inventory.
std::vector<std::string> stem_words(std::string_view name) {
  std::vector<std::string> all = name_words(name);
  std::vector<std::string> out;
  for (const auto& w : all) {
    if (w == "service" || w == "services" || w == "svc" || w == "api" || w == "server" || w == "srv" ||
        w == "app" || w == "ms" || w == "microservice") {
      continue;
    }
    out.push_back(w);
  }
  return out.empty() ? all : out;
}

// The last component of an expression chain: "this.cfg.inventoryUrl" -> inventoryUrl.
std::string_view last_component(std::string_view base) {
  std::size_t cut = std::string_view::npos;
  for (std::size_t i = base.size(); i > 0; --i) {
    char c = base[i - 1];
    if (!(alnum(c) || c == '_' || c == '-')) {
      cut = i;
      break;
    }
  }
  return cut == std::string_view::npos ? base : base.substr(cut);
}

}  // namespace

bool is_call_scheme(std::string_view scheme) {
  std::string s = to_lower(scheme);
  return std::find(std::begin(kCallSchemes), std::end(kCallSchemes), s) != std::end(kCallSchemes);
}

std::string scheme_of(std::string_view url) {
  std::size_t p = url.find("://");
  if (p == std::string_view::npos) return {};
  std::string scheme = to_lower(url.substr(0, p));
  if (scheme.starts_with("jdbc:")) scheme = scheme.substr(5);
  return scheme;
}

std::vector<HostMention> hosts_in_value(std::string_view value, bool bare_host) {
  std::vector<HostMention> out;
  if (value.size() > 4096) return out;
  std::size_t from = 0;
  while (true) {
    std::size_t p = value.find("://", from);
    if (p == std::string_view::npos) break;
    from = p + 3;
    std::size_t s = p;
    while (s > 0 && (alnum(value[s - 1]) || value[s - 1] == '+' || value[s - 1] == '.' || value[s - 1] == '-' ||
                     value[s - 1] == ':')) {
      --s;
    }
    HostMention m;
    m.scheme = scheme_of(value.substr(s));
    if (m.scheme.empty()) continue;
    std::size_t a = p + 3;
    std::size_t ae = a;
    while (ae < value.size() && value[ae] != '/' && value[ae] != '?' && value[ae] != '#' && !url_stop(value[ae])) ++ae;
    std::string_view authority = value.substr(a, ae - a);
    std::size_t pe = ae;
    while (pe < value.size() && value[pe] != '?' && value[pe] != '#' && !url_stop(value[pe])) ++pe;
    std::string_view path = value.substr(ae, pe - ae);
    from = std::max(from, pe);
    if (authority.empty() && m.scheme == "dns" && path.size() > 1) {  // grpc "dns:///payment-service:50051"
      authority = path.substr(1, path.find('/', 1) == std::string_view::npos ? std::string_view::npos
                                                                             : path.find('/', 1) - 1);
      path = {};
    }
    if (authority.find_first_of("{}$%") != std::string_view::npos) continue;  // not interpolated
    if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority = authority.substr(at + 1);
    std::string_view host;
    if (!authority.empty() && authority.front() == '[') {
      host = authority.substr(1, authority.find(']') == std::string_view::npos ? 0 : authority.find(']') - 1);
    } else {
      host = authority.substr(0, authority.find(':'));
    }
    if (host.empty()) continue;
    m.host = to_lower(host);
    m.path = std::string(path);
    out.push_back(std::move(m));
  }
  if (!out.empty()) return out;
  // host:port lists ("payment-service:8080", "a:9092,b:9092") and bare hosts.
  std::size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && (value[i] == ',' || value[i] == ' ' || value[i] == '\t' || value[i] == '\n')) ++i;
    std::size_t e = i;
    while (e < value.size() && value[e] != ',' && value[e] != ' ' && value[e] != '\t' && value[e] != '\n') ++e;
    std::string_view token = value.substr(i, e - i);
    i = e;
    if (token.empty()) continue;
    if (auto host = host_of_host_port(token)) {
      out.push_back({to_lower(*host), "", ""});
    } else if (bare_host && host_name_like(token)) {
      out.push_back({to_lower(token), "", ""});
    }
  }
  return out;
}

bool names_endpoint(std::string_view variable) {
  std::string name = upper(variable);
  for (std::string_view suffix : {"_HOST", "_HOSTNAME", "_ADDR", "_ADDRESS", "_URL", "_URI", "_ENDPOINT", "_SERVER",
                                  "_TARGET", "_UPSTREAM", "_BACKEND", "_BASE", "_API"}) {
    if (ends_with(name, suffix) && name.size() > suffix.size()) return true;
  }
  return false;
}

bool names_caller_address(std::string_view variable) {
  std::string name = upper(variable);
  for (std::string_view part : {"ORIGIN", "CORS", "ALLOWED", "TRUSTED", "PUBLIC", "REDIRECT", "CALLBACK", "ADVERTISED",
                                "SELF", "EXTERNAL"}) {
    if (name.find(part) != std::string::npos) return true;
  }
  return false;
}

ServiceRefs::ServiceRefs(const Model& model) : model_(model) {
  std::unordered_map<std::string, const ComposeService*> compose_by_name;
  for (const auto& c : model.compose.services) {
    compose_by_name.emplace(c.name, &c);
    compose_by_name.emplace(to_lower(c.name), &c);
  }
  for (const auto& s : model.inventory.services) {
    exact_.emplace(s.name, &s);
    by_name_.emplace(to_lower(s.name), &s);
    if (!s.compose.empty()) {
      compose_exact_.emplace(s.compose, &s);
      by_compose_.emplace(to_lower(s.compose), &s);
    }
    auto c = compose_by_name.find(s.compose);
    if (c == compose_by_name.end()) c = compose_by_name.find(to_lower(s.compose));
    if (c != compose_by_name.end()) compose_of_.emplace(&s, c->second);
    std::string key = words_key(stem_words(s.name));
    by_words_[key].push_back(&s);
    if (!s.compose.empty()) {
      std::string compose_key = words_key(stem_words(s.compose));
      if (compose_key != key) by_words_[compose_key].push_back(&s);
    }
  }
}

const InventoryService* ServiceRefs::service_for_host(std::string_view raw) const {
  std::string host = to_lower(trim(raw));
  while (!host.empty() && host.back() == '.') host.pop_back();
  if (host.empty() || is_local_host(host)) return nullptr;
  if (auto it = by_name_.find(host); it != by_name_.end()) return it->second;
  if (auto it = by_compose_.find(host); it != by_compose_.end()) return it->second;
  // Kubernetes service DNS: name.namespace.svc.cluster.local, name.namespace.svc.
  std::size_t dot = host.find('.');
  if (dot != std::string::npos) {
    std::string_view rest = std::string_view(host).substr(dot + 1);
    if (ends_with(rest, ".svc.cluster.local") || ends_with(rest, ".svc") || rest == "svc" ||
        rest == "svc.cluster.local") {
      std::string first = host.substr(0, dot);
      if (auto it = by_name_.find(first); it != by_name_.end()) return it->second;
      if (auto it = by_compose_.find(first); it != by_compose_.end()) return it->second;
    }
  }
  return nullptr;
}

const InventoryService* ServiceRefs::service_for_compose(std::string_view compose_name) const {
  if (auto exact = compose_exact_.find(std::string(compose_name)); exact != compose_exact_.end()) return exact->second;
  auto it = by_compose_.find(to_lower(compose_name));
  return it == by_compose_.end() ? nullptr : it->second;
}

const InventoryService* ServiceRefs::service_named(std::string_view name) const {
  auto it = exact_.find(std::string(name));
  return it == exact_.end() ? nullptr : it->second;
}

const ComposeService* ServiceRefs::compose_service_of(const InventoryService& service) const {
  auto it = compose_of_.find(&service);
  return it == compose_of_.end() ? nullptr : it->second;
}

bool ServiceRefs::is_datastore(const InventoryService& service) const {
  if (service.kind == ServiceKind::datastore) return true;
  const ComposeService* c = compose_service_of(service);
  return c && c->datastore;
}

std::string platform_hint(std::string_view name) {
  static const std::set<std::string, std::less<>> kInfrastructure = {
      "config", "configserver", "discovery", "registry", "eureka", "consul", "admin", "zipkin", "jaeger",
      "tracing", "tracer", "otel", "collector", "prometheus", "grafana", "hystrix", "turbine", "monitoring"};
  for (const auto& word : name_words(name)) {
    if (kInfrastructure.count(word)) {
      return " (if " + std::string(name) + " is shared infrastructure every service uses, mark it \"kind\": " +
             "\"platform\" in the inventory)";
    }
  }
  return {};
}

bool may_call(const InventoryService& caller, const InventoryService& callee) {
  for (const auto& entry : caller.may_call)
    if (names(callee, entry.value)) return true;
  return false;
}

Related may_call_note(const InventoryService& caller) {
  std::string list;
  for (const auto& entry : caller.may_call) list += (list.empty() ? "" : ", ") + entry.value;
  Span span = caller.may_call_key.path.empty() ? caller.span : caller.may_call_key;
  return {span, caller.name + (list.empty() ? " may call no service" : " may call: " + list)};
}

BaseResolution ServiceRefs::resolve_base(const InventoryService& caller, std::string_view base) const {
  BaseResolution r;
  base = trim(base);
  if (base.empty()) return r;
  r.evidence = std::string(base);

  // 1. A variable of the caller's Compose environment with the same name.
  std::string key = folded(last_component(base));
  if (const ComposeService* compose = compose_service_of(caller); compose && !key.empty()) {
    for (const auto& e : compose->environment) {
      if (folded(e.name) != key) continue;
      auto hosts = hosts_in_value(e.value, true);
      if (hosts.empty()) break;  // not an address after all: go by the name
      r.evidence = e.name + "=" + e.value;
      const HostMention& h = hosts.front();
      const InventoryService* s = service_for_host(h.host);
      if (s && !is_datastore(*s) && (h.scheme.empty() || is_call_scheme(h.scheme))) {
        r.target = BaseTarget::service;
        r.service = s;
      } else {
        r.target = BaseTarget::elsewhere;
      }
      return r;
    }
  }

  // 2. The words of the name.
  std::vector<std::string> words;
  for (auto& w : name_words(base))
    if (!generic_word(w) && !std::all_of(w.begin(), w.end(), digit)) words.push_back(std::move(w));
  if (words.empty()) return r;  // `baseUrl`, `config.url`: says nothing
  r.target = BaseTarget::elsewhere;
  auto it = by_words_.find(words_key(std::move(words)));
  if (it != by_words_.end() && it->second.size() == 1 && !is_datastore(*it->second.front())) {
    r.target = BaseTarget::service;
    r.service = it->second.front();
  }
  return r;
}

}  // namespace archgate
