#include "loaders/compose_service.h"

#include <algorithm>

#include "base/text.h"
#include "loaders/compose.h"
#include "loaders/dockerfile.h"

namespace archgate::compose {

namespace {

constexpr std::uint32_t kHealthcheckWidth = 11;  // "HEALTHCHECK"

std::string scalar_text(const Value* v) { return v && v->is_scalar() ? v->text : std::string(); }

std::optional<bool> as_bool(const Value* v) {
  if (!v || !v->is_scalar()) return std::nullopt;
  std::string t = to_lower(v->text);
  if (t == "true" || t == "yes" || t == "on") return true;
  if (t == "false" || t == "no" || t == "off") return false;
  return std::nullopt;
}

class ServiceBuilder {
 public:
  ServiceBuilder(Context& ctx, const Value::Key& key, const Value& def)
      : ctx_(ctx), key_(key), def_(def) {}

  ComposeService build() {
    s_.name = key_.text;
    s_.span = ctx_.span(key_);
    if (const Value* image = def_.get("image"); image && image->is_scalar()) {
      s_.image = image->text;
      s_.image_span = ctx_.span(*image);
    }
    s_.datastore = !s_.image.empty() && is_datastore_image(s_.image);
    profiles();
    networks();
    depends_on();
    environment();
    std::optional<DockerfileHealth> from_dockerfile = build_section();
    // A store built from this repository (`FROM mysql:8` plus an init
    // script) is still a store.
    if (from_dockerfile) s_.base_image = from_dockerfile->base_image;
    if (!s_.datastore && from_dockerfile) s_.datastore = is_datastore_image(from_dockerfile->base_image);
    health(from_dockerfile);
    return std::move(s_);
  }

 private:
  std::string logical(std::string_view field) const { return "services." + s_.name + "." + std::string(field); }

  void profiles() {
    if (const Value* p = def_.get("profiles"); p && p->is_sequence())
      for (const auto& item : p->items)
        if (item.is_scalar()) s_.profiles.push_back(item.text);
  }

  void networks() {
    if (const Value* n = def_.get("networks"); n && n->is_map())
      for (const auto& k : n->keys) s_.networks.push_back(k.text);
  }

  void depends_on() {
    const Value* deps = def_.get("depends_on");
    if (!deps || !deps->is_map()) return;
    for (std::size_t i = 0; i < deps->keys.size(); ++i) {
      const Value::Key& k = deps->keys[i];
      DependsOn d;
      d.service = k.text;
      d.long_form = !k.from_list;
      d.span = ctx_.span(k);
      std::string condition = scalar_text(deps->items[i].get("condition"));
      d.condition = condition.empty() ? "service_started" : condition;
      s_.depends_on.push_back(std::move(d));
    }
  }

  void environment() {
    std::vector<EnvVar> from_files = env_files();
    const Value* env = def_.get("environment");
    if (env && env->is_map()) {
      for (std::size_t i = 0; i < env->keys.size(); ++i) {
        const Value::Key& k = env->keys[i];
        const Value& v = env->items[i];
        EnvVar e;
        e.name = k.text;
        if (v.is_scalar()) {
          e.value = v.text;
        } else if (v.is_null()) {
          // `KEY` / `KEY:` takes the value from the project environment (.env).
          if (auto it = ctx_.env.find(k.text); it != ctx_.env.end()) e.value = it->second;
        }
        e.span = ctx_.span(k);
        s_.environment.push_back(std::move(e));
      }
    }
    for (auto& e : from_files) {
      bool explicit_wins = std::any_of(s_.environment.begin(), s_.environment.end(),
                                       [&](const EnvVar& x) { return x.name == e.name; });
      if (!explicit_wins) s_.environment.push_back(std::move(e));
    }
  }

  std::vector<EnvVar> env_files() {
    std::vector<EnvVar> out;
    const Value* list = def_.get("env_file");
    if (!list || !list->is_sequence()) return out;
    for (const auto& item : list->items) {
      const Value* path_value = item.is_scalar() ? &item : item.get("path");
      if (!path_value || !path_value->is_scalar()) continue;
      bool required = item.is_map() ? as_bool(item.get("required")).value_or(true) : true;
      Span at = ctx_.span(*path_value);
      std::optional<std::string> path =
          ctx_.resolve(path_value->text, ctx_.file(path_value->file).base_dir, at, "env_file", s_.name);
      if (!path) continue;
      if (!ctx_.source().exists(*path)) {
        if (required) {
          ctx_.report("AG002", at, "env_file \"" + path_value->text + "\" does not exist (" + *path + ")", s_.name,
                      logical("env_file"));
        }
        continue;
      }
      const std::optional<Dotenv>& parsed = ctx_.dotenv(*path, ctx_.env);
      if (!parsed) continue;
      for (const auto& entry : parsed->entries) {
        EnvVar e{entry.name, entry.value,
                 Context::file_span(*path, entry.line, entry.column, code_points(entry.name))};
        auto same = std::find_if(out.begin(), out.end(), [&](const EnvVar& x) { return x.name == e.name; });
        if (same != out.end()) *same = std::move(e);  // a later file (or line) wins
        else out.push_back(std::move(e));
      }
    }
    return out;
  }

  // Resolves build.context and the Dockerfile, and reads its HEALTHCHECK.
  std::optional<DockerfileHealth> build_section() {
    const Value::Key* build_key = def_.key_of("build");
    const Value* build = def_.get("build");
    if (!build_key || !build || !build->is_map()) return std::nullopt;
    std::string target = scalar_text(build->get("target"));
    if (const Value* inline_text = build->get("dockerfile_inline"); inline_text && inline_text->is_scalar()) {
      DockerfileHealth h = dockerfile_health(inline_text->text, target);
      inline_key_ = build->key_of("dockerfile_inline");
      return h;
    }
    const Value* context = build->get("context");
    std::string written = context && context->is_scalar() ? context->text : ".";
    std::uint32_t origin = context ? context->file : build->file;
    Span context_span = context ? ctx_.span(*context) : ctx_.span(*build_key);
    std::string lowered = to_lower(written);
    if (lowered.find("://") != std::string::npos || lowered.rfind("git@", 0) == 0 ||
        lowered.rfind("github.com/", 0) == 0) {
      return std::nullopt;  // a remote context: nothing to read
    }
    std::optional<std::string> dir =
        ctx_.resolve(written, ctx_.file(origin).base_dir, context_span, "build context", s_.name);
    if (!dir) return std::nullopt;
    s_.build_context = *dir;
    if (!ctx_.source().is_directory(*dir)) {
      ctx_.report("AG002", context_span, "build context \"" + written + "\" does not exist (" +
                                             (dir->empty() ? std::string(".") : *dir) + ")",
                  s_.name, logical("build.context"));
      return std::nullopt;
    }
    const Value* dockerfile = build->get("dockerfile");
    std::string file_written = dockerfile && dockerfile->is_scalar() ? dockerfile->text : "Dockerfile";
    Span file_span = dockerfile ? ctx_.span(*dockerfile) : ctx_.span(*build_key);
    std::optional<std::string> path = ctx_.resolve(file_written, *dir, file_span, "dockerfile", s_.name);
    if (!path) return std::nullopt;
    if (!ctx_.source().exists(*path)) {
      ctx_.report("AG002", file_span, "Dockerfile " + *path + " does not exist", s_.name,
                  logical(dockerfile ? "build.dockerfile" : "build"));
      return std::nullopt;
    }
    std::optional<std::string> text = ctx_.read(*path);
    if (!text) return std::nullopt;
    ctx_.note_support_file(*path);
    s_.dockerfile = *path;
    return dockerfile_health(*text, target);
  }

  void health(const std::optional<DockerfileHealth>& from_dockerfile) {
    const Value::Key* hc_key = def_.key_of("healthcheck");
    const Value* hc = def_.get("healthcheck");
    bool tuned_only = false;
    if (hc_key && hc && hc->is_map()) {
      if (as_bool(hc->get("disable")).value_or(false)) {
        set_health(HealthState::disabled, ctx_.span(*hc_key));
        return;
      }
      const Value* test = hc->get("test");
      std::string first;
      if (test && test->is_sequence() && !test->items.empty()) first = scalar_text(&test->items[0]);
      if (test && test->is_scalar()) first = test->text;
      if (first == "NONE") {
        set_health(HealthState::disabled, ctx_.span(*hc_key));
        return;
      }
      if (!first.empty()) {
        set_health(HealthState::compose, ctx_.span(*hc_key));
        return;
      }
      tuned_only = true;  // interval/retries only: the image's own check, tuned
    }
    if (from_dockerfile && from_dockerfile->state != DockerfileHealth::State::none) {
      Span at;
      if (inline_key_) {
        at = ctx_.span(*inline_key_);
      } else {
        at = Context::file_span(s_.dockerfile, from_dockerfile->line, from_dockerfile->column, kHealthcheckWidth);
      }
      set_health(from_dockerfile->state == DockerfileHealth::State::check ? HealthState::dockerfile
                                                                          : HealthState::disabled,
                 at);
      return;
    }
    // Tuning the image's health check without a Dockerfile we could read: the
    // check lives in the image; trust it rather than cry wolf.
    if (tuned_only && !from_dockerfile) set_health(HealthState::compose, ctx_.span(*hc_key));
  }

  void set_health(HealthState state, Span span) {
    s_.health = state;
    s_.health_span = std::move(span);
  }

  Context& ctx_;
  const Value::Key& key_;
  const Value& def_;
  const Value::Key* inline_key_ = nullptr;
  ComposeService s_;
};

}  // namespace

ComposeService build_service(Context& ctx, const Value::Key& key, const Value& definition) {
  return ServiceBuilder(ctx, key, definition).build();
}

}  // namespace archgate::compose
