#include "loaders/config.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <map>

#include "base/text.h"
#include "doc/node.h"

namespace archgate {

namespace {

struct Reader {
  std::string_view path;
  const RuleIds& known;
  std::optional<InventoryError> error;

  bool fail(const Mark& m, std::string message) {
    if (!error) error = InventoryError{std::string(path), m.line, m.column, std::move(message)};
    return false;
  }

  bool strings(const Node& n, std::string_view key, std::vector<std::string>& out) {
    if (n.is_scalar()) {  // a single value is a one-element list
      out.push_back(n.text);
      return true;
    }
    if (!n.is_sequence()) return fail(n.mark, "\"" + std::string(key) + "\" must be a list of strings");
    for (const auto& item : n.items) {
      if (!item.is_scalar()) return fail(item.mark, "\"" + std::string(key) + "\" must be a list of strings");
      out.push_back(item.text);
    }
    return true;
  }

  // A list of relative path patterns; replaces the default list.
  bool paths(const Node& n, std::string_view key, std::vector<std::string>& out) {
    std::vector<std::string> values;
    if (!strings(n, key, values)) return false;
    if (values.empty()) return fail(n.mark, "\"" + std::string(key) + "\" needs at least one path");
    for (const auto& v : values) {
      if (!normalize_relative(v)) {
        return fail(n.mark, "\"" + std::string(key) + "\": \"" + v + "\" must be relative and stay inside the repository");
      }
    }
    out = std::move(values);
    return true;
  }

  // `select` and `ignore`: rule ids or their prefixes, each checked where it is written.
  bool rule_patterns(const Node& n, std::string_view key, std::vector<std::string>& out) {
    if (!strings(n, key, out)) return false;
    const Node* items = n.is_sequence() ? n.items.data() : &n;
    std::size_t count = n.is_sequence() ? n.items.size() : 1;
    for (std::size_t i = 0; i < count; ++i) {
      if (!matches_rule_pattern(known, items[i].text)) {
        return fail(items[i].mark, "\"" + std::string(key) + "\": \"" + items[i].text +
                                       "\" matches no rule id (see `archgate rules`)");
      }
    }
    return true;
  }

  bool boolean(const Node& n, std::string_view key, bool& out) {
    auto b = n.as_bool();
    if (!b) return fail(n.mark, "\"" + std::string(key) + "\" must be true or false");
    out = *b;
    return true;
  }

  bool text(const Node& n, std::string_view key, std::string& out) {
    if (!n.is_scalar()) return fail(n.mark, "\"" + std::string(key) + "\" must be a string");
    out = n.text;
    return true;
  }
};

}  // namespace

bool matches_rule_pattern(const RuleIds& known, std::string_view pattern) {
  if (pattern == "ALL") return true;
  if (pattern.empty()) return false;
  return std::any_of(known.begin(), known.end(), [&](std::string_view id) { return id.starts_with(pattern); });
}

std::optional<InventoryError> apply_config(std::string_view path, std::string_view raw, Config& config,
                                           const RuleIds& known) {
  Reader r{path, known, std::nullopt};
  Document doc = read_yaml(raw);
  if (doc.error) {
    r.fail(doc.error->mark, "not valid YAML: " + doc.error->message);
    return r.error;
  }
  // A duplicate key would let one entry hide another: refuse it.
  if (!doc.warnings.empty()) {
    r.fail(doc.warnings.front().mark, doc.warnings.front().message);
    return r.error;
  }
  if (doc.root.is_null()) return std::nullopt;  // an empty file changes nothing
  if (!doc.root.is_map()) {
    r.fail(doc.root.mark, "the configuration must be a mapping of option names to values");
    return r.error;
  }
  using Handler = std::function<bool(const Node&, std::string_view)>;
  const std::map<std::string_view, Handler> handlers = {
      {"select", [&](const Node& n, std::string_view k) { return r.rule_patterns(n, k, config.select); }},
      {"ignore", [&](const Node& n, std::string_view k) { return r.rule_patterns(n, k, config.ignore); }},
      {"severity",
       [&](const Node& n, std::string_view k) {
         if (!n.is_map()) return r.fail(n.mark, "\"" + std::string(k) + "\" must map rule ids to error, warning or note");
         for (std::size_t i = 0; i < n.keys.size(); ++i) {
           auto s = n.items[i].is_scalar() ? parse_severity(n.items[i].text) : std::nullopt;
           if (std::find(known.begin(), known.end(), n.keys[i].text) == known.end()) {
             return r.fail(n.keys[i].mark, "\"severity\": \"" + n.keys[i].text +
                                               "\" is not a rule id (see `archgate rules`)");
           }
           if (!s) return r.fail(n.items[i].mark, "severity of " + n.keys[i].text + " must be error, warning or note");
           config.severity_overrides[n.keys[i].text] = *s;
         }
         return true;
       }},
      {"compose-files", [&](const Node& n, std::string_view k) { return r.strings(n, k, config.extra_compose_files); }},
      {"max-file-size",
       [&](const Node& n, std::string_view k) {
         std::uint64_t v = 0;
         const std::string& t = n.text;
         auto res = std::from_chars(t.data(), t.data() + t.size(), v);
         if (!n.is_scalar() || res.ec != std::errc() || res.ptr != t.data() + t.size() || v == 0)
           return r.fail(n.mark, "\"" + std::string(k) + "\" must be a positive number of bytes");
         config.max_file_size = v;
         return true;
       }},
      {"exclude",
       [&](const Node& n, std::string_view k) {
         std::size_t first = config.exclude.size();
         if (!r.strings(n, k, config.exclude)) return false;
         const Node* items = n.is_sequence() ? n.items.data() : &n;
         for (std::size_t i = first; i < config.exclude.size(); ++i) {
           const std::string& p = config.exclude[i];
           if (p.empty() || p.front() == '/' || p.front() == ':' || !normalize_relative(p)) {
             return r.fail(items[i - first].mark, "\"exclude\": \"" + p +
                                                      "\" must be a pattern relative to the repository");
           }
         }
         return true;
       }},
      {"env",
       [&](const Node& n, std::string_view k) {
         if (!n.is_map()) return r.fail(n.mark, "\"" + std::string(k) + "\" must map variable names to values");
         for (std::size_t i = 0; i < n.keys.size(); ++i) {
           if (!n.items[i].is_scalar()) {
             return r.fail(n.items[i].mark, "the value of " + n.keys[i].text + " must be a string");
           }
           config.environment[n.keys[i].text] = n.items[i].text;
         }
         return true;
       }},
      {"dialect", [&](const Node& n, std::string_view k) { return r.text(n, k, config.default_dialect); }},
      {"business-terms", [&](const Node& n, std::string_view k) { return r.strings(n, k, config.business_terms); }},
      {"correlation-header",
       [&](const Node& n, std::string_view k) { return r.text(n, k, config.correlation_header); }},
      {"service-paths", [&](const Node& n, std::string_view k) { return r.paths(n, k, config.paths.service); }},
      {"openapi-paths", [&](const Node& n, std::string_view k) { return r.paths(n, k, config.paths.openapi); }},
      {"migration-paths", [&](const Node& n, std::string_view k) { return r.paths(n, k, config.paths.migrations); }},
      {"strict-table-names",
       [&](const Node& n, std::string_view k) { return r.boolean(n, k, config.strict_table_names); }},
      {"verify",
       [&](const Node& n, std::string_view k) {
         if (!n.is_map()) return r.fail(n.mark, "\"" + std::string(k) + "\" must be a mapping with \"services\"");
         for (std::size_t i = 0; i < n.keys.size(); ++i) {
           if (n.keys[i].text != "services") {
             return r.fail(n.keys[i].mark, "unknown option \"verify." + n.keys[i].text + "\" (known: services)");
           }
           const Node& services = n.items[i];
           if (!services.is_map()) return r.fail(services.mark, "\"verify.services\" must map service names to URLs");
           for (std::size_t j = 0; j < services.keys.size(); ++j) {
             if (!services.items[j].is_scalar() || services.items[j].text.empty()) {
               return r.fail(services.items[j].mark, "the URL of " + services.keys[j].text + " must be a string");
             }
             config.verify_services[services.keys[j].text] = services.items[j].text;
           }
         }
         return true;
       }},
  };
  for (std::size_t i = 0; i < doc.root.keys.size(); ++i) {
    const auto& key = doc.root.keys[i];
    auto it = handlers.find(key.text);
    if (it == handlers.end()) {
      std::string known;
      for (const auto& [name, _] : handlers) known += (known.empty() ? "" : ", ") + std::string(name);
      r.fail(key.mark, "unknown option \"" + key.text + "\" (known: " + known + ")");
      return r.error;
    }
    if (!it->second(doc.root.items[i], key.text)) return r.error;
  }
  return std::nullopt;
}

ConfigLoad load_config(const FileSource& files, Config& config, const RuleIds& known) {
  ConfigLoad load;
  for (std::string_view candidate : {"archgate.yaml", ".archgate.yaml"}) {
    if (files.exists(candidate)) {
      load.path = std::string(candidate);
      break;
    }
  }
  if (load.path.empty()) return load;
  ReadResult r = files.read(load.path);
  if (r.status != ReadStatus::ok) {
    load.error = InventoryError{load.path, 0, 0, "cannot read the configuration: " + r.detail};
    return load;
  }
  load.error = apply_config(load.path, r.content, config, known);
  return load;
}

}  // namespace archgate
