#include "rules/common/openapi_schema.h"

#include "base/text.h"

namespace archgate {

namespace {

constexpr int kMaxRefChain = 32;
constexpr int kMaxAllOfDepth = 16;

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 && hex_digit(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string pointer_token(std::string_view raw) {
  std::string token;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '~' && i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
      token += raw[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      token += raw[i];
    }
  }
  return token;
}

bool is_json(std::string_view path) {
  return path.size() >= 5 && iequals(path.substr(path.size() - 5), ".json");
}

bool flag(const Node& node, std::string_view key) {
  const Node* value = node.get(key);
  return value && value->as_bool().value_or(false);
}

void fold(SchemaView& v, const SchemaResolver& resolver, SchemaAt at, int depth, std::set<const Node*>& seen,
          bool top) {
  SchemaAt r = resolver.resolve(at);
  if (!r || !r.node->is_map()) return;
  if (depth > kMaxAllOfDepth || !seen.insert(r.node).second) return;
  const Node& node = *r.node;
  if (top) {
    v.at = r;
    v.known = true;
  }
  if (!v.types) {
    if (const Node::Key* key = node.key_of("type")) {
      const Node* type = node.get("type");
      std::set<std::string> types;
      if (type->is_scalar()) types.insert(type->text);
      else if (type->is_sequence()) {
        for (const Node& t : type->items) {
          if (t.is_scalar()) types.insert(t.text);
        }
      }
      if (!types.empty()) {
        if (flag(node, "nullable") || flag(node, "x-nullable")) types.insert("null");
        v.types = std::move(types);
        v.type_span = key_span(*r.file, *key);
      }
    }
  }
  if (const Node* props = node.get("properties"); props && props->is_map()) {
    if (!v.properties_key) {
      v.properties_key = node.key_of("properties");
      v.properties_owner = r;
    }
    for (std::size_t i = 0; i < props->size(); ++i) {
      if (v.property(props->keys[i].text)) continue;
      v.properties.push_back({props->keys[i].text, r, &props->keys[i], SchemaAt{r.file, &props->items[i]}});
    }
  }
  if (const Node* required = node.get("required"); required && required->is_sequence()) {
    for (const Node& name : required->items) {
      if (name.is_scalar()) v.required.insert(name.text);
    }
  }
  if (!v.items) {
    if (const Node* items = node.get("items"); items && items->is_map()) v.items = SchemaAt{r.file, items};
  }
  if (!v.enum_values) {
    if (const Node* values = node.get("enum"); values && values->is_sequence()) {
      std::vector<std::string> list;
      for (const Node& value : values->items) list.push_back(value.is_scalar() ? value.text : "(a structured value)");
      v.enum_values = std::move(list);
      v.enum_span = key_span(*r.file, *node.key_of("enum"));
    }
  }
  v.read_only = v.read_only || flag(node, "readOnly");
  v.write_only = v.write_only || flag(node, "writeOnly");
  if (node.get("oneOf") || node.get("anyOf")) v.composite = true;
  if (const Node* all = node.get("allOf"); all && all->is_sequence()) {
    for (const Node& member : all->items) fold(v, resolver, SchemaAt{r.file, &member}, depth + 1, seen, false);
  }
}

}  // namespace

SchemaResolver::SchemaResolver(const OpenApiDocument& doc) {
  for (const auto& f : doc.files) files_.emplace(f->path, f.get());
}

const std::string* SchemaResolver::file(const std::string& path) const {
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second->path.str();
}

SchemaAt SchemaResolver::resolve(const std::string& file, const Node* node) const {
  SchemaAt at{this->file(file), node};
  if (!at.file) return {};
  for (int hop = 0; hop <= kMaxRefChain; ++hop) {
    if (!at.node) return {};
    const Node* ref = at.node->is_map() ? at.node->get("$ref") : nullptr;
    if (!ref || !ref->is_scalar()) return at;
    at = follow(*at.file, ref->text);
  }
  return {};  // a chain this long loops
}

SchemaAt SchemaResolver::follow(const std::string& file, const std::string& ref) const {
  std::size_t hash = ref.find('#');
  std::string_view file_part = std::string_view(ref).substr(0, hash);
  std::string fragment = hash == std::string::npos ? std::string() : percent_decoded(ref.substr(hash + 1));
  if (file_part.find("://") != std::string_view::npos || (!file_part.empty() && file_part.front() == '/')) return {};
  std::string target = file;
  if (!file_part.empty()) {
    auto joined = normalize_relative(path_join(path_dirname(file), percent_decoded(file_part)));
    if (!joined) return {};
    target = *joined;
  }
  auto it = files_.find(target);
  if (it == files_.end()) return {};
  const Node* node = &it->second->doc.root;
  if (fragment.empty()) return {&it->second->path.str(), node};
  if (fragment.front() != '/') return {};
  for (auto raw : split(std::string_view(fragment).substr(1), '/')) {
    std::string token = pointer_token(raw);
    if (node->is_map()) {
      node = node->get(token);
    } else if (node->is_sequence()) {
      std::size_t index = 0;
      bool digits = !token.empty();
      for (char c : token) {
        if (c < '0' || c > '9') digits = false;
        else index = index * 10 + static_cast<std::size_t>(c - '0');
      }
      node = digits && index < node->size() ? &node->items[index] : nullptr;
    } else {
      node = nullptr;
    }
    if (!node) return {};
  }
  return {&it->second->path.str(), node};
}

Span key_span(const std::string& file, const Node::Key& key) {
  std::uint32_t width = code_points(key.text) + (is_json(file) ? 2 : 0);
  return Span{file, key.mark.line, key.mark.column, key.mark.line, key.mark.column + width};
}

Span node_span(const std::string& file, const Node& node) {
  if (!node.is_scalar()) return Span{file, node.mark.line, node.mark.column, 0, 0};
  std::uint32_t width = code_points(node.text) + (node.quoted ? 2 : 0);
  return Span{file, node.mark.line, node.mark.column, node.mark.line, node.mark.column + width};
}

const SchemaView::Property* SchemaView::property(const std::string& name) const {
  for (const auto& p : properties) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

SchemaView view_schema(const SchemaResolver& resolver, SchemaAt schema) {
  SchemaView v;
  std::set<const Node*> seen;
  if (schema) fold(v, resolver, schema, 0, seen, true);
  return v;
}

}  // namespace archgate
