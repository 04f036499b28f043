// service-inventory.json -> Inventory (SPEC 2.1). Parsing validates the file
// strictly (a bad inventory stops the run with file, line and column);
// resolving fills the defaults that depend on what the repository holds.
#include "loaders/inventory.h"

#include <array>
#include <unordered_map>

#include "base/text.h"
#include "doc/node.h"
#include "loaders/literal_span.h"
#include "loaders/path_checks.h"

namespace archgate {

namespace {

// What a JSON value is, for messages: "a string", "an array", ...
std::string describe(const Node& node) {
  switch (node.kind) {
    case Node::Kind::null: return "null";
    case Node::Kind::map: return "an object";
    case Node::Kind::sequence: return "an array";
    case Node::Kind::scalar: break;
  }
  if (node.is_string()) return "the string \"" + node.text + "\"";
  if (node.as_bool()) return node.text;
  return "the number " + node.text;
}

// A validation failure; the first one stops parsing.
struct Failure {
  Mark mark;
  std::string message;
};

class Parser {
 public:
  Parser(std::string_view path, std::string_view text) : spans_(std::string(path), std::string(text)) {}

  std::optional<Failure> parse(const Node& root, Inventory& inventory) {
    if (!root.is_map()) {
      return Failure{root.mark, "the inventory must be a JSON object with a \"services\" array, found " +
                                    describe(root)};
    }
    const Node* services = root.get("services");
    if (!services) return Failure{root.mark, "the inventory has no \"services\" array"};
    if (!services->is_sequence()) {
      return Failure{services->mark, "\"services\" must be an array of service objects, found " + describe(*services)};
    }
    std::unordered_map<std::string, const InventoryService*> seen;
    inventory.services.reserve(services->size());
    for (std::size_t i = 0; i < services->size(); ++i) {
      InventoryService service;
      if (auto failure = parse_service(services->items[i], i, service)) return failure;
      inventory.services.push_back(std::move(service));
    }
    for (const auto& service : inventory.services) {
      auto [it, fresh] = seen.emplace(service.name, &service);
      if (!fresh) {
        return Failure{{service.span.line, service.span.column},
                       "duplicate service name \"" + service.name + "\" (first defined at line " +
                           std::to_string(it->second->span.line) + ")"};
      }
    }
    if (const Node* rules = root.get("releaseRules")) {
      if (auto failure = strings(*rules, "\"releaseRules\"", "sentences", false, inventory.release_rules)) {
        return failure;
      }
    }
    return std::nullopt;
  }

 private:
  std::optional<Failure> parse_service(const Node& node, std::size_t index, InventoryService& service) {
    std::string where = "services[" + std::to_string(index) + "]";
    if (!node.is_map()) return Failure{node.mark, where + " must be a service object, found " + describe(node)};
    service.entry = spans_.value(node);
    const Node* name = node.get("name");
    if (!name) return Failure{node.mark, where + " has no \"name\""};
    if (!name->is_string()) return Failure{name->mark, where + ".name must be a string, found " + describe(*name)};
    if (trim(name->text).empty()) return Failure{name->mark, where + ".name is empty"};
    service.name = name->text;
    service.span = spans_.value(*name);
    where = "service \"" + service.name + "\"";

    if (const Node* kind = node.get("kind")) {
      static constexpr std::array<std::pair<std::string_view, ServiceKind>, 5> kinds{{
          {"service", ServiceKind::service},
          {"gateway", ServiceKind::gateway},
          {"worker", ServiceKind::worker},
          {"datastore", ServiceKind::datastore},
          {"platform", ServiceKind::platform},
      }};
      bool known = false;
      if (kind->is_string()) {
        for (const auto& [text, value] : kinds) {
          if (kind->text == text) {
            service.kind = value;
            known = true;
          }
        }
      }
      if (!known) {
        return Failure{kind->mark, where + ": \"kind\" must be one of \"service\", \"gateway\", \"worker\", "
                                           "\"datastore\", \"platform\", found " + describe(*kind)};
      }
    } else {
      std::string_view n = service.name;
      bool gateway = n == "gateway" || (n.size() > 8 && n.substr(n.size() - 8) == "-gateway");
      service.kind = gateway ? ServiceKind::gateway : ServiceKind::service;
    }

    struct Field {
      std::string_view key;
      std::optional<Located<std::string>>* target;
    };
    std::optional<Located<std::string>> dialect;
    for (const Field& field : {Field{"path", &service.path_field}, Field{"openapi", &service.openapi_field},
                               Field{"migrations", &service.migrations_field},
                               Field{"compose", &service.compose_field}, Field{"dialect", &dialect}}) {
      const Node* value = node.get(field.key);
      if (!value) continue;
      if (!value->is_string()) {
        return Failure{value->mark, where + ": \"" + std::string(field.key) + "\" must be a string, found " +
                                        describe(*value)};
      }
      if (field.key != "path" && trim(value->text).empty()) {
        return Failure{value->mark, where + ": \"" + std::string(field.key) + "\" is empty"};
      }
      *field.target = Located<std::string>{value->text, spans_.value(*value)};
    }
    if (dialect) service.dialect = to_lower(dialect->value);
    service.compose = service.compose_field ? service.compose_field->value : service.name;

    if (auto f = list(node, "owns", where, "table names", true, service.owns)) return f;
    if (auto f = list(node, "mayCall", where, "service names", true, service.may_call)) return f;
    if (const Node::Key* key = node.key_of("mayCall")) service.may_call_key = spans_.key(*key);
    if (auto f = list(node, "mustNot", where, "sentences", false, service.must_not)) return f;
    return std::nullopt;
  }

  std::optional<Failure> list(const Node& service, std::string_view key, const std::string& where,
                              std::string_view what, bool names, std::vector<Located<std::string>>& out) {
    const Node* value = service.get(key);
    if (!value) return std::nullopt;
    return strings(*value, where + ": \"" + std::string(key) + "\"", what, names, out);
  }

  std::optional<Failure> strings(const Node& value, const std::string& label, std::string_view what, bool names,
                                 std::vector<Located<std::string>>& out) {
    if (!value.is_sequence()) {
      return Failure{value.mark, label + " must be an array of " + std::string(what) + ", found " + describe(value)};
    }
    out.reserve(value.size());
    for (const Node& item : value.items) {
      if (!item.is_string()) {
        return Failure{item.mark, label + " must hold only strings, found " + describe(item)};
      }
      if (names && trim(item.text).empty()) return Failure{item.mark, label + " holds an empty name"};
      out.push_back({item.text, spans_.value(item)});
    }
    return std::nullopt;
  }

  LiteralSpans spans_;
};

enum class Want { file, directory, either };

class Resolver {
 public:
  Resolver(const FileSource& files, Sink& findings, const PathConventions& conventions)
      : files_(files), findings_(findings), conventions_(conventions) {}

  void resolve(InventoryService& s) {
    // dialect stays empty when not given: the model builder applies
    // Config::default_dialect ("postgres" unless archgate.yaml says otherwise).
    if (s.compose.empty()) s.compose = s.compose_field ? s.compose_field->value : s.name;

    std::optional<std::string> path = checked(s, s.path_field, "path", Want::directory);
    if (path) {
      s.path = *path;
      s.path_exists = true;
    } else {
      // The first conventional folder that exists; else the last convention,
      // so messages can name where the service was expected.
      s.path_exists = false;
      s.path = s.name;
      for (const auto& pattern : conventions_.service) {
        auto normal = normalize_relative(expand(pattern, s.name));
        if (!normal) continue;
        s.path = *normal;
        if (!normal->empty() && files_.is_directory(*normal)) {
          s.path_exists = true;
          break;
        }
      }
    }

    if (auto openapi = checked(s, s.openapi_field, "openapi", Want::file)) {
      s.openapi = *openapi;
    } else if (s.path_exists) {
      s.openapi = first_existing(s.path, conventions_.openapi, s.name, Want::file);
    } else {
      s.openapi.clear();
    }

    if (auto migrations = checked(s, s.migrations_field, "migrations", Want::directory)) {
      s.migrations = *migrations;
    } else if (s.path_exists) {
      s.migrations = first_existing(s.path, conventions_.migrations, s.name, Want::directory);
      if (s.migrations.empty()) report_linked_default(s);
    } else {
      s.migrations.clear();
    }
  }

 private:
  // Why a listed entry where a folder is wanted is not one: a symlink (the
  // listing never enters one), a FIFO, socket or device, or a plain file.
  // nullopt when the path is a folder or names nothing.
  std::optional<std::string> not_a_folder(const std::string& path) const {
    if (path.empty() || files_.is_directory(path) || !files_.exists(path)) return std::nullopt;
    ReadResult r = files_.read(path);
    switch (r.status) {
      case ReadStatus::outside_root: return "is a symlink that leaves the repository; it was not read";
      case ReadStatus::not_found: return "is a dangling symlink";
      case ReadStatus::ok:
      case ReadStatus::too_large: return "is a file, not a folder";
      case ReadStatus::not_a_file:
      case ReadStatus::io_error: break;
    }
    if (r.detail.starts_with("a FIFO")) return "is " + r.detail;
    return "is a symlink to a folder, which archgate does not follow; name the folder it points to";
  }

  // The conventional migrations folder is there but is not a folder: say so
  // at the path, instead of checking the service as if it had no migrations.
  void report_linked_default(const InventoryService& s) {
    for (const auto& name : conventions_.migrations) {
      auto candidate = conventional(s.path, name, s.name);
      if (!candidate) continue;
      auto problem = not_a_folder(*candidate);
      if (!problem) continue;
      Span at;
      at.path = *candidate;
      at.line = 1;
      at.column = 1;
      report_path(s, at, {}, s.name + ": the migrations folder \"" + *candidate + "\" " + *problem);
      return;
    }
  }

  void report_path(const InventoryService& s, const Span& at, std::string logical_path, std::string message) {
    Diagnostic d;
    d.rule = "AG002";
    d.severity = Severity::error;
    d.service = s.name;
    d.span = at;
    d.logical_path = std::move(logical_path);
    d.message = std::move(message);
    findings_.report(std::move(d));
  }

  bool present(const std::string& path, Want want) const {
    bool dir = files_.is_directory(path);
    bool file = !path.empty() && files_.exists(path);
    switch (want) {
      case Want::file: return file;
      case Want::directory: return dir;
      case Want::either: return file || dir;
    }
    return false;
  }

  static std::string expand(std::string_view pattern, const std::string& name) {
    std::string out(pattern);
    for (auto at = out.find("{name}"); at != std::string::npos; at = out.find("{name}", at + name.size())) {
      out.replace(at, 6, name);
    }
    return out;
  }

  // A conventional path of the service (`pattern` with {name} filled in),
  // normalised; nullopt when it would leave the repository.
  static std::optional<std::string> conventional(const std::string& base, std::string_view pattern,
                                                 const std::string& service) {
    return normalize_relative(path_join(base, expand(pattern, service)));
  }

  std::string first_existing(const std::string& base, const std::vector<std::string>& names,
                             const std::string& service, Want want) const {
    for (const auto& name : names) {
      auto candidate = conventional(base, name, service);
      if (candidate && !candidate->empty() && present(*candidate, want)) return *candidate;
    }
    return {};
  }

  // The normalised value of an explicit path field, or nullopt (after an
  // AG002 finding) when it cannot be used.
  std::optional<std::string> checked(const InventoryService& s, const std::optional<Located<std::string>>& field,
                                     std::string_view key, Want want) {
    if (!field) return std::nullopt;
    const std::string& value = field->value;
    std::string problem;
    std::optional<std::string> normal;
    if (is_url_reference(value)) {
      problem = "is a URL; inventory paths must be files of the repository";
    } else if (is_absolute_reference(value)) {
      problem = "is an absolute path; inventory paths are relative to the repository root";
    } else if (!(normal = normalize_relative(value))) {
      problem = "leaves the repository";
    } else if (normal->empty() && want != Want::directory) {
      problem = "names the repository root, not a file";
    } else if (auto link = want == Want::directory ? not_a_folder(*normal) : std::nullopt) {
      problem = *link;
    } else if (!present(*normal, want)) {
      problem = std::string("names ") + (want == Want::file ? "a file" : "a folder") + " that does not exist" +
                hint(s, *normal, want);
    } else {
      return normal;
    }
    report_path(s, field->span, "services." + s.name + "." + std::string(key),
                s.name + ": \"" + std::string(key) + "\": \"" + value + "\" " + problem);
    return std::nullopt;
  }

  // Paths are relative to the repository root; say so when the value would
  // have worked relative to the service's folder.
  std::string hint(const InventoryService& s, const std::string& normal, Want want) const {
    if (s.path.empty() || !s.path_exists) return {};
    auto inside = normalize_relative(path_join(s.path, normal));
    if (inside && present(*inside, want)) {
      return " (paths are relative to the repository root: did you mean \"" + *inside + "\"?)";
    }
    return {};
  }

  const FileSource& files_;
  Sink& findings_;
  const PathConventions& conventions_;
};

}  // namespace

InventoryLoad parse_inventory(std::string_view path, std::string_view text) {
  InventoryLoad load;
  load.inventory.path = std::string(path);
  auto fail = [&](Mark mark, std::string message) {
    load.error = InventoryError{std::string(path), mark.line == 0 ? 1 : mark.line,
                                mark.column == 0 ? 1 : mark.column, std::move(message)};
    load.inventory.services.clear();
    load.inventory.release_rules.clear();
    return load;
  };

  EncodingReport encoding = inspect_encoding(text);
  std::string_view body = strip_bom(text);
  std::size_t bom = text.size() - body.size();
  if (encoding.has_nul || encoding.invalid_utf8) {
    LineIndex lines(body);
    std::size_t at = encoding.has_nul && (!encoding.invalid_utf8 || encoding.first_nul < encoding.first_invalid)
                         ? encoding.first_nul
                         : encoding.first_invalid;
    LineColumn lc = lines.at(at >= bom ? at - bom : 0);
    return fail({lc.line, lc.column}, encoding.has_nul && at == encoding.first_nul
                                          ? "the inventory contains a NUL byte"
                                          : "the inventory is not valid UTF-8");
  }

  Document doc = read_json(text);
  if (doc.error) return fail(doc.error->mark, "not valid JSON: " + doc.error->message);
  // JSON readers disagree on which of two equal keys wins, so a second `owns`
  // could change ownership behind the one a reviewer sees: refuse it.
  if (!doc.warnings.empty()) return fail(doc.warnings.front().mark, doc.warnings.front().message);
  Parser parser(path, text);
  if (auto failure = parser.parse(doc.root, load.inventory)) return fail(failure->mark, failure->message);
  return load;
}

void resolve_inventory_defaults(Inventory& inventory, const FileSource& files, Sink& findings,
                                const PathConventions& conventions) {
  Resolver resolver(files, findings, conventions);
  for (auto& service : inventory.services) resolver.resolve(service);
}

}  // namespace archgate
