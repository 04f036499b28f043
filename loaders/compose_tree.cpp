#include "loaders/compose_tree.h"

#include <algorithm>
#include <utility>

#include "base/text.h"

namespace archgate::compose {

const Value* Value::get(std::string_view key) const {
  if (!is_map()) return nullptr;
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (keys[i].text == key) return &items[i];
  return nullptr;
}

Value* Value::get(std::string_view key) {
  return const_cast<Value*>(static_cast<const Value*>(this)->get(key));
}

const Value::Key* Value::key_of(std::string_view key) const {
  if (!is_map()) return nullptr;
  for (const auto& k : keys)
    if (k.text == key) return &k;
  return nullptr;
}

void Value::erase(std::string_view key) {
  if (!is_map()) return;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].text == key) {
      keys.erase(keys.begin() + static_cast<std::ptrdiff_t>(i));
      items.erase(items.begin() + static_cast<std::ptrdiff_t>(i));
      return;
    }
  }
}

namespace {

std::uint32_t scalar_width(const Node& node) {
  if (node.text.find('\n') != std::string::npos) return 0;
  return code_points(node.text) + (node.quoted ? 2 : 0);
}

}  // namespace

Value convert(const Node& node, std::uint32_t file, const Variables& variables,
              std::vector<ConvertProblem>& problems) {
  Value v;
  v.kind = node.kind;
  v.quoted = node.quoted;
  v.tag = node.tag;
  v.mark = node.mark;
  v.file = file;
  if (node.is_scalar()) {
    v.width = scalar_width(node);
    Interpolated done = interpolate(node.text, variables);
    for (auto& p : done.problems)
      problems.push_back({std::move(p.message), node.mark, v.width, std::move(p.unset_variable)});
    v.text = std::move(done.text);
    return v;
  }
  v.text = node.text;
  v.items.reserve(node.items.size());
  for (const auto& child : node.items) v.items.push_back(convert(child, file, variables, problems));
  v.keys.reserve(node.keys.size());
  for (const auto& k : node.keys) v.keys.push_back({k.text, k.mark, file, code_points(k.text), false});
  return v;
}

namespace {

// `- KEY=VALUE` / `- KEY` (environment, labels) or `- name` (depends_on,
// networks) items become map entries; the entry keeps the item's place.
void list_to_map(Value& v, bool split_on_equals) {
  if (!v.is_sequence()) return;
  Value map;
  map.kind = Node::Kind::map;
  map.tag = v.tag;
  map.mark = v.mark;
  map.file = v.file;
  for (auto& item : v.items) {
    if (!item.is_scalar()) continue;
    std::string name = item.text;
    Value value;
    value.mark = item.mark;
    value.file = item.file;
    value.width = item.width;
    if (split_on_equals) {
      std::size_t eq = item.text.find('=');
      if (eq != std::string::npos) {
        name = item.text.substr(0, eq);
        value.kind = Node::Kind::scalar;
        value.quoted = true;
        value.text = item.text.substr(eq + 1);
      }
    }
    Value::Key key{std::move(name), item.mark, item.file, item.width, true};
    // A later duplicate replaces the earlier one, as Compose does.
    auto it = std::find_if(map.keys.begin(), map.keys.end(),
                           [&](const Value::Key& k) { return k.text == key.text; });
    if (it != map.keys.end()) {
      auto index = static_cast<std::size_t>(it - map.keys.begin());
      map.keys[index] = std::move(key);
      map.items[index] = std::move(value);
    } else {
      map.keys.push_back(std::move(key));
      map.items.push_back(std::move(value));
    }
  }
  v = std::move(map);
}

void string_to_list(Value& v) {
  if (!v.is_scalar()) return;
  Value list;
  list.kind = Node::Kind::sequence;
  list.tag = std::exchange(v.tag, Node::Tag::none);
  list.mark = v.mark;
  list.file = v.file;
  list.items.push_back(std::move(v));
  v = std::move(list);
}

bool replaced_whole(std::string_view path) {
  return path == "command" || path == "entrypoint" || path == "healthcheck.test" ||
         path == "dns" || path == "dns_search" || path == "build.dockerfile_inline";
}

bool same_item(const Value& a, const Value& b) {
  if (a.is_scalar() && b.is_scalar()) return a.text == b.text;
  // Long-form volumes, ports, secrets ... are unique by target.
  if (a.is_map() && b.is_map()) {
    const Value* ta = a.get("target");
    const Value* tb = b.get("target");
    if (ta && tb && ta->is_scalar() && tb->is_scalar()) return ta->text == tb->text;
    const Value* sa = a.get("source");
    const Value* sb = b.get("source");
    if (!ta && !tb && sa && sb && sa->is_scalar() && sb->is_scalar()) return sa->text == sb->text;
  }
  return false;
}

void merge_value(Value& base, const Value& over, const std::string& path);

void merge_map(Value& base, const Value& over, const std::string& path) {
  for (std::size_t i = 0; i < over.keys.size(); ++i) {
    const Value::Key& key = over.keys[i];
    std::string child = path.empty() ? key.text : path + "." + key.text;
    auto it = std::find_if(base.keys.begin(), base.keys.end(),
                           [&](const Value::Key& k) { return k.text == key.text; });
    const Value& value = over.items[i];
    if (value.tag == Node::Tag::reset) {  // `key: !reset ...` removes what was there
      if (it != base.keys.end()) base.erase(key.text);
      continue;
    }
    if (it == base.keys.end()) {
      base.keys.push_back(key);
      base.items.push_back(value);
      continue;
    }
    auto index = static_cast<std::size_t>(it - base.keys.begin());
    base.keys[index] = key;
    if (value.tag == Node::Tag::override_value) base.items[index] = value;
    else merge_value(base.items[index], value, child);
  }
}

void merge_value(Value& base, const Value& over, const std::string& path) {
  if (replaced_whole(path)) {
    base = over;
    return;
  }
  if (base.is_map() && over.is_map()) {
    merge_map(base, over, path);
    return;
  }
  if (base.is_sequence() && over.is_sequence()) {
    for (const auto& item : over.items) {
      auto dup = std::find_if(base.items.begin(), base.items.end(),
                              [&](const Value& b) { return same_item(b, item); });
      if (dup != base.items.end()) *dup = item;
      else base.items.push_back(item);
    }
    return;
  }
  // An empty override (`environment:`) keeps what was there.
  if (over.is_null() && (base.is_map() || base.is_sequence())) return;
  base = over;
}

}  // namespace

void normalize_service(Value& service) {
  if (!service.is_map()) return;
  for (std::string_view key : {"environment", "labels", "annotations", "sysctls", "extra_hosts"}) {
    if (Value* v = service.get(key)) list_to_map(*v, true);
  }
  for (std::string_view key : {"depends_on", "networks", "links"}) {
    if (Value* v = service.get(key)) list_to_map(*v, false);
  }
  if (Value* v = service.get("env_file")) string_to_list(*v);
  if (Value* v = service.get("profiles")) string_to_list(*v);
  if (Value* build = service.get("build")) {
    if (build->is_scalar()) {
      Value context = *build;
      Value map;
      map.kind = Node::Kind::map;
      map.tag = std::exchange(context.tag, Node::Tag::none);
      map.mark = build->mark;
      map.file = build->file;
      map.keys.push_back({"context", build->mark, build->file, build->width, false});
      map.items.push_back(std::move(context));
      *build = std::move(map);
    }
    if (Value* args = build->get("args")) list_to_map(*args, true);
    if (Value* labels = build->get("labels")) list_to_map(*labels, true);
  }
}

void drop_reset(Value& service) {
  if (service.is_map()) {
    for (std::size_t i = 0; i < service.keys.size();) {
      if (service.items[i].tag == Node::Tag::reset) {
        service.keys.erase(service.keys.begin() + static_cast<std::ptrdiff_t>(i));
        service.items.erase(service.items.begin() + static_cast<std::ptrdiff_t>(i));
        continue;
      }
      drop_reset(service.items[i]);
      ++i;
    }
  } else if (service.is_sequence()) {
    for (auto& item : service.items) drop_reset(item);
  }
}

void merge_service(Value& base, const Value& over) {
  if (!over.is_map()) return;
  if (!base.is_map()) {
    base = over;
    return;
  }
  merge_map(base, over, std::string());
}

}  // namespace archgate::compose
