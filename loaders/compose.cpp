// The Compose loader: finds the project's files, reads each through the
// FileSource with .env interpolation, resolves `include` and `extends`, merges
// the files as `docker compose` does and builds the ComposeServices.
#include "loaders/compose.h"

#include <algorithm>
#include <map>
#include <optional>

#include "base/text.h"
#include "loaders/compose_context.h"
#include "loaders/compose_service.h"
#include "loaders/compose_tree.h"

namespace archgate {

namespace {

using compose::Context;
using compose::Value;

constexpr int kMaxIncludeDepth = 16;
constexpr int kMaxExtendsDepth = 64;

// The services of one project (or of an included one), in definition order.
struct ServiceSet {
  std::vector<Value::Key> keys;  // the key in the file that first defined it
  std::vector<Value> definitions;

  Value* find(std::string_view name) {
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (keys[i].text == name) return &definitions[i];
    return nullptr;
  }
};

class Loader {
 public:
  Loader(const FileSource& files, Sink& sink, const Variables& environment)
      : ctx_(files, sink), environment_(environment) {}

  ComposeProject load(const std::vector<std::string>& extra_files) {
    ComposeProject project;
    std::vector<std::string> main = main_files(extra_files);
    if (main.empty()) return project;
    ctx_.env = project_variables("");
    std::string base_dir(path_dirname(main.front()));
    ServiceSet services;
    std::vector<std::string> include_stack;
    for (const auto& path : main) load_project_file(path, base_dir, ctx_.env, services, include_stack, 0);
    for (std::size_t i = 0; i < services.keys.size(); ++i) {
      compose::drop_reset(services.definitions[i]);
      project.services.push_back(compose::build_service(ctx_, services.keys[i], services.definitions[i]));
    }
    project.files = ctx_.compose_files;
    project.support_files = ctx_.support_files;
    return project;
  }

 private:
  std::vector<std::string> main_files(const std::vector<std::string>& extra_files) {
    std::vector<std::string> out;
    if (std::optional<std::vector<std::string>> chosen = compose_file_variable()) {
      out = std::move(*chosen);
    } else {
      defaults(out);
    }
    for (const auto& written : extra_files) {
      Span at = Context::file_span(written, 0, 0);
      std::optional<std::string> path = ctx_.resolve(written, "", at, "compose file named in the config", "");
      if (!path) continue;
      if (!ctx_.source().exists(*path)) {
        ctx_.report("AG002", at, "compose file \"" + written + "\" named in the config does not exist");
        continue;
      }
      if (std::find(out.begin(), out.end(), *path) == out.end()) out.push_back(*path);
    }
    return out;
  }

  // COMPOSE_FILE in .env chooses the files instead of the defaults, as it
  // does for `docker compose` (separated by ':' or COMPOSE_PATH_SEPARATOR).
  std::optional<std::vector<std::string>> compose_file_variable() {
    // Read quietly: .env problems are reported only once Compose files exist.
    ReadResult r = ctx_.source().read(".env");
    if (r.status != ReadStatus::ok) return std::nullopt;
    std::optional<Dotenv> env = parse_dotenv(r.content, environment_);
    Variables vars = env->variables();
    for (const auto& [name, value] : environment_) vars[name] = value;
    auto it = vars.find("COMPOSE_FILE");
    if (it == vars.end() || trim(it->second).empty()) return std::nullopt;
    char separator = ':';
    if (auto sep = vars.find("COMPOSE_PATH_SEPARATOR"); sep != vars.end() && sep->second.size() == 1)
      separator = sep->second[0];
    const DotenvEntry* entry = nullptr;
    for (const auto& e : env->entries)
      if (e.name == "COMPOSE_FILE") entry = &e;
    Span at = Context::file_span(".env", entry ? entry->line : 1, entry ? entry->column : 1, 12);
    std::vector<std::string> out;
    for (auto part : split(it->second, separator)) {
      std::string_view written = trim(part);
      if (written.empty()) continue;
      std::optional<std::string> path = ctx_.resolve(written, "", at, "COMPOSE_FILE entry", "");
      if (!path) continue;
      if (!ctx_.source().exists(*path)) {
        ctx_.report("AG002", at, "COMPOSE_FILE names \"" + std::string(written) + "\", which does not exist");
        continue;
      }
      if (std::find(out.begin(), out.end(), *path) == out.end()) out.push_back(*path);
    }
    return out;
  }

  void defaults(std::vector<std::string>& out) {
    static const char* const kDefaults[] = {"compose.yaml", "compose.yml", "docker-compose.yml",
                                            "docker-compose.yaml"};
    for (const char* name : kDefaults) {
      if (!ctx_.source().exists(name)) continue;
      out.emplace_back(name);
      std::string stem = std::string(name).substr(0, std::string(name).rfind('.'));
      for (const char* ext : {".override.yaml", ".override.yml"}) {
        if (ctx_.source().exists(stem + ext)) {
          out.push_back(stem + ext);
          break;
        }
      }
      break;
    }
  }

  // The variables of a project folder: its .env, with the environment given
  // to archgate on top.
  Variables project_variables(std::string_view dir) {
    Variables vars;
    std::string path = path_join(dir, ".env");
    if (ctx_.source().exists(path)) {
      if (const auto& env = ctx_.dotenv(path, environment_)) vars = env->variables();
    }
    for (const auto& [name, value] : environment_) vars[name] = value;
    return vars;
  }

  // Reads, interpolates and converts one Compose file; reports why it cannot
  // be used. nullopt when unreadable or not a Compose mapping.
  std::optional<Value> read_compose(const std::string& path, const std::string& base_dir,
                                    const Variables& vars) {
    std::optional<std::string> text = ctx_.read(path);
    if (!text) return std::nullopt;
    ctx_.note_compose_file(path);
    Document doc = read_yaml(*text);
    if (doc.error) {
      ctx_.report("AG001", Context::file_span(path, std::max<std::uint32_t>(doc.error->mark.line, 1),
                                              std::max<std::uint32_t>(doc.error->mark.column, 1)),
                  path + " is not valid YAML: " + doc.error->message);
      return std::nullopt;
    }
    for (const auto& w : doc.warnings) {
      ctx_.report("AG001", Context::file_span(path, std::max<std::uint32_t>(w.mark.line, 1),
                                              std::max<std::uint32_t>(w.mark.column, 1)),
                  w.kind == DocumentProblem::Kind::duplicate_key
                      ? w.message + ": docker compose rejects this file (archgate reads the first value)"
                      : path + ": " + w.message);
    }
    std::uint32_t index = ctx_.add_file(path, base_dir);
    std::vector<compose::ConvertProblem> problems;
    Value root = compose::convert(doc.root, index, vars, problems);
    for (const auto& p : problems) {
      if (p.unset_variable.empty()) ctx_.report("AG001", ctx_.span(index, p.mark, p.width), p.message);
      else ctx_.note_unset(ctx_.span(index, p.mark, p.width), p.message, p.unset_variable);
    }
    if (root.is_null()) return std::nullopt;  // an empty file
    if (!root.is_map()) {
      ctx_.report("AG001", ctx_.span(root), path + " is not a Compose file: the top level must be a mapping");
      return std::nullopt;
    }
    if (const Value* services = root.get("services"); services && !services->is_map() && !services->is_null()) {
      ctx_.report("AG001", ctx_.span(*root.key_of("services")),
                  path + ": `services` must be a mapping of service names to definitions");
      root.erase("services");
    }
    if (Value* services = root.get("services"); services && services->is_map()) {
      for (std::size_t i = 0; i < services->keys.size();) {
        Value& def = services->items[i];
        if (def.is_null()) {
          def.kind = Node::Kind::map;
        } else if (!def.is_map()) {
          std::string bad = services->keys[i].text;
          ctx_.report("AG001", ctx_.span(services->keys[i]), "service \"" + bad + "\" must be a mapping", bad);
          services->erase(bad);
          continue;
        }
        compose::normalize_service(def);
        ++i;
      }
    }
    return root;
  }

  // One file of the project: its includes, its services with `extends`
  // resolved, merged on top of what the earlier files defined.
  void load_project_file(const std::string& path, const std::string& base_dir, const Variables& vars,
                         ServiceSet& services, std::vector<std::string>& include_stack, int depth) {
    std::optional<Value> root = read_compose(path, base_dir, vars);
    if (!root) return;
    include_stack.push_back(path);
    const Value* defs = root->get("services");
    if (defs && defs->is_map()) {
      for (std::size_t i = 0; i < defs->keys.size(); ++i) {
        const Value::Key& key = defs->keys[i];
        std::vector<std::string> stack;
        Value resolved = resolve_extends(path, *defs, key.text, stack, 0);
        if (Value* existing = services.find(key.text)) {
          compose::merge_service(*existing, resolved);
        } else {
          services.keys.push_back(key);
          services.definitions.push_back(std::move(resolved));
        }
      }
    }
    if (const Value* includes = root->get("include"); includes && includes->is_sequence()) {
      for (const auto& entry : includes->items) load_include(entry, services, include_stack, depth);
    }
    include_stack.pop_back();
  }

  // `include:` entries: a path, or {path: one or a list, project_directory, env_file}.
  void load_include(const Value& entry, ServiceSet& services, std::vector<std::string>& include_stack,
                    int depth) {
    std::vector<const Value*> paths;
    const Value* project_dir = nullptr;
    if (entry.is_scalar()) {
      paths.push_back(&entry);
    } else if (entry.is_map()) {
      if (const Value* p = entry.get("path")) {
        if (p->is_scalar()) paths.push_back(p);
        else if (p->is_sequence())
          for (const auto& item : p->items)
            if (item.is_scalar()) paths.push_back(&item);
      }
      project_dir = entry.get("project_directory");
    }
    if (paths.empty()) return;
    const std::string& including_dir = ctx_.file(paths.front()->file).base_dir;
    std::vector<std::string> resolved;
    for (const Value* p : paths) {
      Span at = ctx_.span(*p);
      std::optional<std::string> path = ctx_.resolve(p->text, including_dir, at, "include", "");
      if (!path) return;
      if (!ctx_.source().exists(*path)) {
        ctx_.report("AG002", at, "included file \"" + p->text + "\" does not exist (" + *path + ")");
        return;
      }
      if (std::find(include_stack.begin(), include_stack.end(), *path) != include_stack.end() ||
          depth >= kMaxIncludeDepth) {
        ctx_.report("AG002", at, "include of \"" + p->text + "\" forms a cycle");
        return;
      }
      resolved.push_back(*path);
    }
    std::string dir(path_dirname(resolved.front()));
    if (project_dir && project_dir->is_scalar()) {
      std::optional<std::string> d =
          ctx_.resolve(project_dir->text, including_dir, ctx_.span(*project_dir), "project_directory", "");
      if (!d) return;
      dir = *d;
    }
    // An included project interpolates with its own .env when it has one.
    Variables vars = dir.empty() || !ctx_.source().exists(path_join(dir, ".env")) ? ctx_.env : project_variables(dir);
    ServiceSet included;
    for (const auto& path : resolved) load_project_file(path, dir, vars, included, include_stack, depth + 1);
    for (std::size_t i = 0; i < included.keys.size(); ++i) {
      if (!services.find(included.keys[i].text)) {
        services.keys.push_back(std::move(included.keys[i]));
        services.definitions.push_back(std::move(included.definitions[i]));
      }
    }
  }

  // A service definition with its `extends` chain applied (base first, the
  // service's own keys on top). `stack` holds "file#service" of the chain.
  Value resolve_extends(const std::string& path, const Value& defs, const std::string& name,
                        std::vector<std::string>& stack, int depth) {
    const Value* def = defs.get(name);
    if (!def) return Value{};
    Value local = *def;
    const Value::Key* ext_key = def->key_of("extends");
    const Value* ext = def->get("extends");
    if (!ext_key) return local;
    local.erase("extends");
    std::string key = path + "#" + name;
    std::string memo = std::to_string(defs.file) + "#" + name;
    if (auto it = extends_done_.find(memo); it != extends_done_.end()) return it->second;
    stack.push_back(key);
    std::optional<Value> base = extends_base(path, defs, name, *ext_key, *ext, stack, depth);
    stack.pop_back();
    if (!base) return local;
    base->erase("extends");
    compose::merge_service(*base, local);
    extends_done_[memo] = *base;
    return std::move(*base);
  }

  std::optional<Value> extends_base(const std::string& path, const Value& defs, const std::string& name,
                                    const Value::Key& ext_key, const Value& ext,
                                    std::vector<std::string>& stack, int depth) {
    const Value* service_value = ext.is_scalar() ? &ext : ext.get("service");
    const Value* file_value = ext.is_map() ? ext.get("file") : nullptr;
    std::string logical = "services." + name + ".extends";
    if (!service_value || !service_value->is_scalar() || service_value->text.empty()) {
      ctx_.report("AG002", ctx_.span(ext_key), "extends of service \"" + name + "\" names no service", name,
                  logical);
      return std::nullopt;
    }
    const std::string& base_name = service_value->text;
    std::string target_path = path;
    const Value* target_defs = &defs;
    if (file_value && file_value->is_scalar()) {
      Span at = ctx_.span(*file_value);
      std::optional<std::string> resolved =
          ctx_.resolve(file_value->text, ctx_.file(file_value->file).base_dir, at, "extends file", name);
      if (!resolved) return std::nullopt;
      if (!ctx_.source().exists(*resolved)) {
        ctx_.report("AG002", at, "extends file \"" + file_value->text + "\" does not exist (" + *resolved + ")",
                    name, logical);
        return std::nullopt;
      }
      const Value* root = extends_file(*resolved);
      if (!root) return std::nullopt;  // unreadable: reported as AG001
      target_path = *resolved;
      target_defs = root->get("services");
    }
    if (!target_defs || !target_defs->get(base_name)) {
      ctx_.report("AG002", ctx_.span(*service_value),
                  "extends names service \"" + base_name + "\", which " + target_path + " does not define", name,
                  logical);
      return std::nullopt;
    }
    std::string target_key = target_path + "#" + base_name;
    if (depth >= kMaxExtendsDepth) {
      ctx_.report("AG002", ctx_.span(ext_key),
                  "extends chain is deeper than " + std::to_string(kMaxExtendsDepth) + " services", name, logical);
      return std::nullopt;
    }
    if (std::find(stack.begin(), stack.end(), target_key) != stack.end()) {
      std::string chain;
      for (const auto& s : stack) chain += s.substr(s.find('#') + 1) + " -> ";
      ctx_.report("AG002", ctx_.span(ext_key), "extends forms a cycle: " + chain + base_name, name, logical);
      return std::nullopt;
    }
    return resolve_extends(target_path, *target_defs, base_name, stack, depth + 1);
  }

  // A file named by `extends: {file: ...}`, read once; its relative paths
  // resolve against its own folder.
  const Value* extends_file(const std::string& path) {
    auto it = extends_files_.find(path);
    if (it == extends_files_.end()) {
      it = extends_files_.emplace(path, read_compose(path, std::string(path_dirname(path)), ctx_.env)).first;
    }
    return it->second ? &*it->second : nullptr;
  }

  Context ctx_;
  const Variables& environment_;
  std::map<std::string, std::optional<Value>> extends_files_;
  std::map<std::string, Value> extends_done_;
};

}  // namespace

ComposeProject load_compose(const FileSource& files, const std::vector<std::string>& extra_files,
                            Sink& findings, const Variables& environment) {
  Loader loader(files, findings, environment);
  return loader.load(extra_files);
}

}  // namespace archgate
