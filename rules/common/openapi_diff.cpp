#include "rules/common/openapi_diff.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "base/text.h"
#include "rules/common/openapi_schema.h"

namespace archgate {

namespace {

constexpr int kMaxSchemaDepth = 32;

enum class Direction { request, response };

// "/orders/{orderId}/items" -> "/orders/{}/items".
std::string template_key(std::string_view path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '{') {
      std::size_t close = path.find('}', i);
      if (close != std::string_view::npos) {
        out += "{}";
        i = close;
        continue;
      }
    }
    out += path[i];
  }
  return out;
}

// The names of a template's parameters, in order.
std::vector<std::string> template_names(std::string_view path) {
  std::vector<std::string> names;
  for (std::size_t i = path.find('{'); i != std::string_view::npos; i = path.find('{', i + 1)) {
    std::size_t close = path.find('}', i);
    if (close == std::string_view::npos) break;
    names.emplace_back(path.substr(i + 1, close - i - 1));
  }
  return names;
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string label(const OpenApiOperation& o) { return upper(o.method) + " " + o.path; }

std::string type_list(const std::set<std::string>& types) {
  std::string out;
  for (const auto& t : types) out += (out.empty() ? "" : "|") + t;
  return out;
}

bool success_status(std::string_view status) {
  return !status.empty() && (status.front() == '2' || status.front() == '3');
}

// Where something sits in a request or response, for messages:
// "response 200 property \"items[].sku\"", "request body", "query parameter \"limit\"".
struct Place {
  std::string owner;  // "response 200", "request body", "query parameter \"limit\""
  std::string path;   // "items[].sku" ("" for the owner itself)

  std::string text() const { return path.empty() ? owner : owner + " property " + in_quotes(path); }
  Place child(const std::string& name) const { return {owner, path.empty() ? name : path + "." + name}; }
  Place items() const { return {owner, (path.empty() ? std::string("[]") : path + "[]")}; }
};

class OperationDiff {
 public:
  OperationDiff(const SchemaResolver& base, const SchemaResolver& head, std::string operation,
                std::vector<BreakingChange>& out)
      : base_(base), head_(head), operation_(std::move(operation)), out_(out) {}

  void parameters(const OpenApiOperation& b, const OpenApiOperation& h) {
    // Path parameters pair by position in the template: {id} may be renamed {orderId}.
    std::map<std::string, std::string> path_names;
    auto bn = template_names(b.path), hn = template_names(h.path);
    for (std::size_t i = 0; i < std::min(bn.size(), hn.size()); ++i) path_names[hn[i]] = bn[i];
    for (const auto& hp : h.parameters) {
      const OpenApiParameter* bp = nullptr;
      for (const auto& candidate : b.parameters) {
        if (candidate.in != hp.in) continue;
        bool same = hp.in == "path"     ? path_names.count(hp.name) && path_names[hp.name] == candidate.name
                    : hp.in == "header" ? iequals(candidate.name, hp.name)
                                        : candidate.name == hp.name;
        if (same) bp = &candidate;
      }
      std::string what = hp.in == "header" ? "header " + in_quotes(hp.name) : hp.in + " parameter " + in_quotes(hp.name);
      if (hp.required && hp.in != "path" && (!bp || !bp->required)) {
        BreakingKind kind = hp.in == "header" ? BreakingKind::new_required_header : BreakingKind::new_required_parameter;
        std::string message = bp ? operation_ + ": " + what + " was optional and is now required; clients that "
                                                           "leave it out get 400"
                                 : operation_ + ": new required " + what + "; existing clients do not send it";
        std::optional<Related> related;
        if (bp) related = Related{bp->span, "at the base: optional " + what};
        add(kind, hp.span, std::move(message), std::move(related));
      }
      if (bp && bp->schema && hp.schema) {
        compare(Direction::request, Place{what, ""}, SchemaAt{base_.file(bp->schema_file), bp->schema},
                SchemaAt{head_.file(hp.schema_file), hp.schema}, 0);
      }
    }
  }

  void request_body(const OpenApiOperation& b, const OpenApiOperation& h) {
    if (h.request_body_required && !(b.has_request_body && b.request_body_required)) {
      std::optional<Related> related;
      if (b.has_request_body) related = Related{b.request_body_span, "at the base: an optional request body"};
      add(BreakingKind::request_body_required, h.request_body_span,
          operation_ + ": the request body is now required; clients that send none get 400", std::move(related));
    }
    for (const auto& hm : h.request_body) {
      for (const auto& bm : b.request_body) {
        if (bm.content_type != hm.content_type || !bm.schema || !hm.schema) continue;
        compare(Direction::request, Place{"request body", ""}, SchemaAt{base_.file(bm.schema_file), bm.schema},
                SchemaAt{head_.file(hm.schema_file), hm.schema}, 0);
      }
    }
  }

  void responses(const OpenApiOperation& b, const OpenApiOperation& h) {
    for (const auto& br : b.responses) {
      const OpenApiResponse* hr = nullptr;
      for (const auto& candidate : h.responses) {
        if (iequals(candidate.status, br.status)) hr = &candidate;
      }
      if (!hr) {
        if (success_status(br.status)) {
          add(BreakingKind::removed_response, h.span,
              operation_ + ": response " + br.status + " was removed; clients that handle it break",
              Related{br.span, "at the base: response " + br.status});
        }
        continue;
      }
      for (const auto& bm : br.content) {
        for (const auto& hm : hr->content) {
          if (bm.content_type != hm.content_type || !bm.schema || !hm.schema) continue;
          compare(Direction::response, Place{"response " + br.status, ""},
                  SchemaAt{base_.file(bm.schema_file), bm.schema}, SchemaAt{head_.file(hm.schema_file), hm.schema},
                  0);
        }
      }
    }
  }

 private:
  void add(BreakingKind kind, const Span& head, std::string message, std::optional<Related> base = std::nullopt) {
    out_.push_back({kind, operation_, std::move(message), head, std::move(base)});
  }

  void compare(Direction direction, const Place& place, SchemaAt base_at, SchemaAt head_at, int depth) {
    if (depth > kMaxSchemaDepth) return;
    SchemaView b = view_schema(base_, base_at);
    SchemaView h = view_schema(head_, head_at);
    if (!b.known || !h.known) return;
    if (!visited_.insert({b.at.node, h.at.node, direction == Direction::request}).second) return;

    if (b.types && h.types && type_breaks(direction, *b.types, *h.types)) {
      add(BreakingKind::changed_type, h.type_span,
          operation_ + ": " + place.text() + " changed type from " + type_list(*b.types) + " to " +
              type_list(*h.types),
          Related{b.type_span, "at the base: " + type_list(*b.types)});
      return;  // its contents cannot be compared
    }
    if (direction == Direction::request) narrowed_enum(place, b, h);

    bool complete = !b.composite && !h.composite;
    if (direction == Direction::response && complete) {
      for (const auto& bp : b.properties) {
        if (h.property(bp.name)) continue;
        if (view_schema(base_, bp.value).write_only) continue;  // never in a response
        Span where = h.properties_key ? key_span(*h.properties_owner.file, *h.properties_key)
                                      : node_span(*h.at.file, *h.at.node);
        add(BreakingKind::removed_response_property, where,
            operation_ + ": " + place.child(bp.name).text() + " was removed; clients reading it get nothing",
            Related{key_span(*bp.key_file.file, *bp.key), "at the base: property " + in_quotes(bp.name)});
      }
    }
    if (direction == Direction::request && complete) {
      for (const auto& hp : h.properties) {
        if (!h.required.count(hp.name)) continue;
        const SchemaView::Property* bp = b.property(hp.name);
        if (bp && b.required.count(hp.name)) continue;
        if (view_schema(head_, hp.value).read_only) continue;  // never sent in a request
        std::string message =
            bp ? operation_ + ": " + place.child(hp.name).text() + " was optional and is now required"
               : operation_ + ": new required " + place.child(hp.name).text() + "; existing clients do not send it";
        std::optional<Related> related;
        if (bp) related = Related{key_span(*bp->key_file.file, *bp->key), "at the base: optional"};
        add(BreakingKind::new_required_request_property, key_span(*hp.key_file.file, *hp.key), std::move(message),
            std::move(related));
      }
    }
    for (const auto& hp : h.properties) {
      if (const SchemaView::Property* bp = b.property(hp.name)) {
        compare(direction, place.child(hp.name), bp->value, hp.value, depth + 1);
      }
    }
    if (b.items && h.items) compare(direction, place.items(), *b.items, *h.items, depth + 1);
  }

  // A request must accept every type it accepted (a number takes integers);
  // a response may only return types it promised (integers are numbers).
  static bool type_breaks(Direction direction, const std::set<std::string>& base, const std::set<std::string>& head) {
    auto covers = [](const std::set<std::string>& wide, const std::string& t) {
      return wide.count(t) || (t == "integer" && wide.count("number"));
    };
    const auto& before = direction == Direction::request ? base : head;
    const auto& after = direction == Direction::request ? head : base;
    for (const auto& t : before) {
      if (!covers(after, t)) return true;
    }
    return false;
  }

  void narrowed_enum(const Place& place, const SchemaView& b, const SchemaView& h) {
    if (!h.enum_values) return;
    if (!b.enum_values) {
      std::string values;
      for (const auto& v : *h.enum_values) values += (values.empty() ? "" : ", ") + in_quotes(v);
      add(BreakingKind::narrowed_enum, h.enum_span,
          operation_ + ": " + place.text() + " now accepts only " + values + "; it accepted any value");
      return;
    }
    std::string removed;
    for (const auto& v : *b.enum_values) {
      if (std::find(h.enum_values->begin(), h.enum_values->end(), v) == h.enum_values->end()) {
        removed += (removed.empty() ? "" : ", ") + in_quotes(v);
      }
    }
    if (removed.empty()) return;
    add(BreakingKind::narrowed_enum, h.enum_span,
        operation_ + ": " + place.text() + " no longer accepts " + removed,
        Related{b.enum_span, "at the base: the values it accepted"});
  }

  const SchemaResolver& base_;
  const SchemaResolver& head_;
  std::string operation_;
  std::vector<BreakingChange>& out_;
  std::set<std::tuple<const Node*, const Node*, bool>> visited_;
};

// The same files, byte for byte (digests: loaders/openapi.h): no walk needed
// (most contracts of a pull request do not change). 0 = not computed.
bool same_contract(const OpenApiDocument& a, const OpenApiDocument& b) {
  return a.digest != 0 && a.digest == b.digest;
}

}  // namespace

std::string_view breaking_kind_name(BreakingKind kind) {
  switch (kind) {
    case BreakingKind::removed_path: return "removed-path";
    case BreakingKind::removed_operation: return "removed-operation";
    case BreakingKind::removed_response: return "removed-response";
    case BreakingKind::removed_response_property: return "removed-response-property";
    case BreakingKind::new_required_parameter: return "new-required-parameter";
    case BreakingKind::new_required_header: return "new-required-header";
    case BreakingKind::new_required_request_property: return "new-required-request-property";
    case BreakingKind::request_body_required: return "request-body-required";
    case BreakingKind::changed_type: return "changed-type";
    case BreakingKind::narrowed_enum: return "narrowed-enum";
  }
  return "breaking-change";
}

std::vector<BreakingChange> find_breaking_changes(const OpenApiDocument& base, const OpenApiDocument& head) {
  std::vector<BreakingChange> out;
  if (same_contract(base, head)) return out;
  SchemaResolver base_resolver(base), head_resolver(head);

  std::map<std::string, const Located<std::string>*> head_paths;
  for (const auto& p : head.path_keys) head_paths.emplace(template_key(p.value), &p);
  std::map<std::pair<std::string, std::string>, const OpenApiOperation*> head_ops;
  for (const auto& o : head.operations) head_ops.emplace(std::make_pair(template_key(o.path), o.method), &o);

  Span paths_anchor = head.paths_span.known() ? head.paths_span : Span{head.path, 1, 1, 0, 0};
  std::set<std::string> removed_paths;
  for (const auto& p : base.path_keys) {
    std::string key = template_key(p.value);
    if (head_paths.count(key) || !removed_paths.insert(key).second) continue;
    std::string methods;
    for (const auto& o : base.operations) {
      if (template_key(o.path) == key) methods += (methods.empty() ? "" : ", ") + upper(o.method);
    }
    out.push_back({BreakingKind::removed_path, p.value,
                   "path " + p.value + " was removed" + (methods.empty() ? "" : " (" + methods + ")") +
                       "; clients calling it get 404",
                   paths_anchor, Related{p.span, "at the base: path " + p.value}});
  }

  for (const auto& b : base.operations) {
    std::string key = template_key(b.path);
    if (removed_paths.count(key)) continue;
    auto found = head_ops.find({key, b.method});
    if (found == head_ops.end()) {
      auto path = head_paths.find(key);
      Span where = path != head_paths.end() ? path->second->span : paths_anchor;
      out.push_back({BreakingKind::removed_operation, label(b),
                     label(b) + " was removed; clients calling it get 405 or 404", where,
                     Related{b.span, "at the base: " + label(b)}});
      continue;
    }
    const OpenApiOperation& h = *found->second;
    OperationDiff diff(base_resolver, head_resolver, label(h), out);
    diff.parameters(b, h);
    diff.request_body(b, h);
    diff.responses(b, h);
  }
  return out;
}

}  // namespace archgate
