// OpenAPI 3.0 / 3.1 and Swagger 2.0 -> OpenApiDocument (SPEC 2.2).
//
// Three passes over one contract, each linear in its size:
//  1. named schemas (components.schemas / definitions) and the operations
//     under `paths`, with parameters, request bodies and responses resolved
//     through $ref (loaders/openapi_refs.h);
//  2. every schema reachable from those, walked once each (a visited set, so
//     $ref cycles end), collecting property names with their positions;
//  3. every other $ref in every loaded file, so a bad one is reported even
//     where no operation uses it.
#include "loaders/openapi.h"

#include <algorithm>
#include <array>
#include <unordered_set>

#include "base/text.h"
#include "loaders/openapi_refs.h"

namespace archgate {

namespace {

constexpr std::array<std::string_view, 8> kMethods{"get", "put", "post", "delete", "options", "head", "patch", "trace"};

bool is_extension(std::string_view key) { return key.size() >= 2 && key[0] == 'x' && key[1] == '-'; }

std::string upper(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string scalar_text(const Node* node) { return node && node->is_scalar() ? node->text : std::string(); }

// Keywords whose value maps names to objects: their keys are names, never keywords.
bool holds_names(std::string_view key) {
  static constexpr std::array<std::string_view, 17> kNameMaps{
      "properties", "patternProperties", "schemas", "definitions", "$defs", "paths", "responses",
      "parameters", "requestBodies", "headers", "links", "callbacks", "content", "encoding",
      "pathItems", "securitySchemes", "webhooks"};
  for (auto k : kNameMaps) {
    if (k == key) return true;
  }
  return false;
}

// Keywords whose value is data (examples, defaults), where a "$ref" key is
// just data and must not be followed.
bool holds_data(std::string_view key) {
  return key == "example" || key == "default" || key == "enum" || key == "const" || key == "value" ||
         key == "externalValue" || is_extension(key);
}

class ContractWalker {
 public:
  ContractWalker(ContractFiles& files, OpenApiDocument& doc) : files_(files), doc_(doc) {}

  void run() {
    const Node& root = files_.root(0);
    doc_.version = scalar_text(root.get("openapi"));
    if (doc_.version.empty()) doc_.version = scalar_text(root.get("swagger"));
    swagger2_ = root.get("swagger") != nullptr && root.get("openapi") == nullptr;
    named_schemas(root);
    drain();
    operations(root);
    drain();
    check_all_refs();
    compact();
  }

 private:
  struct Work {
    std::size_t file;
    const Node* node;
    std::string owner;
  };

  const LiteralSpans& spans(std::size_t file) const { return files_.spans(file); }

  // --- pass 1 -------------------------------------------------------------

  void named_schemas(const Node& root) {
    const Node* schemas = nullptr;
    std::string prefix;
    if (swagger2_) {
      schemas = root.get("definitions");
      prefix = "#/definitions/";
    } else if (const Node* components = root.get("components")) {
      schemas = components->get("schemas");
      prefix = "#/components/schemas/";
    }
    if (!schemas || !schemas->is_map()) return;
    for (std::size_t i = 0; i < schemas->size(); ++i) {
      const auto& key = schemas->keys[i];
      doc_.schema_names.push_back({key.text, spans(0).key(key)});
      enqueue(0, &schemas->items[i], prefix + json_pointer_escape(key.text));
    }
  }

  void operations(const Node& root) {
    if (const Node::Key* key = root.key_of("paths")) doc_.paths_span = spans(0).key(*key);
    const Node* paths = root.get("paths");
    if (!paths || !paths->is_map()) return;
    doc_.path_keys.reserve(paths->size());
    for (std::size_t i = 0; i < paths->size(); ++i) {
      const auto& key = paths->keys[i];
      if (is_extension(key.text)) continue;
      Span path_span = spans(0).key(key);
      doc_.path_keys.push_back({key.text, path_span});
      auto item = files_.deref(0, &paths->items[i]);
      if (!item || !item->node->is_map()) continue;
      const Node& path_item = *item->node;
      for (std::size_t j = 0; j < path_item.size(); ++j) {
        std::string method = to_lower(path_item.keys[j].text);
        if (std::find(kMethods.begin(), kMethods.end(), method) == kMethods.end()) continue;
        auto op = files_.deref(item->file, &path_item.items[j]);
        if (!op || !op->node->is_map()) continue;
        OpenApiOperation o;
        o.method = method;
        o.path = key.text;
        o.span = spans(item->file).key(path_item.keys[j]);
        o.path_span = path_span;
        o.operation_id = scalar_text(op->node->get("operationId"));
        std::string label = upper(method) + " " + key.text;
        parameters(o, label, item->file, path_item.get("parameters"), op->file, *op->node);
        if (!swagger2_) request_body(o, label, op->file, *op->node);
        responses(o, label, op->file, *op->node);
        doc_.operations.push_back(std::move(o));
      }
    }
  }

  void parameters(OpenApiOperation& o, const std::string& label, std::size_t path_file, const Node* shared,
                  std::size_t op_file, const Node& op) {
    struct Found {
      std::size_t file;
      const Node* node;
      std::string name;
      std::string in;
    };
    std::vector<Found> found;
    auto collect = [&](std::size_t file, const Node* list, bool override_shared) {
      if (!list || !list->is_sequence()) return;
      for (const Node& item : list->items) {
        auto p = files_.deref(file, &item);
        if (!p || !p->node->is_map()) continue;
        Found f{p->file, p->node, scalar_text(p->node->get("name")), scalar_text(p->node->get("in"))};
        bool replaced = false;
        if (override_shared) {
          for (auto& existing : found) {
            if (existing.name == f.name && existing.in == f.in) {
              existing = f;
              replaced = true;
            }
          }
        }
        if (!replaced) found.push_back(std::move(f));
      }
    };
    collect(path_file, shared, false);
    collect(op_file, op.get("parameters"), true);

    for (const auto& f : found) {
      const Node* name = f.node->get("name");
      Span span = name ? spans(f.file).value(*name) : spans(f.file).value(*f.node);
      bool required = f.node->get("required") && f.node->get("required")->as_bool().value_or(false);
      if (swagger2_ && f.in == "body") {
        body_parameter(o, label, f.file, *f.node, span, required, op);
        continue;
      }
      if (swagger2_ && f.in == "formData") {
        form_parameter(o, span, required, op);
        continue;
      }
      OpenApiParameter p;
      p.name = f.name;
      p.in = f.in;
      p.required = required || f.in == "path";
      p.span = span;
      std::string where = label + " parameter " + f.name;
      if (swagger2_) {
        p.schema = f.node;  // Swagger 2 parameters carry type/format/enum themselves
        p.schema_file = files_.path(f.file);
      } else if (const Node* schema = f.node->get("schema")) {
        set_schema(p.schema, p.schema_file, f.file, schema, where);
      } else if (const Node* content = f.node->get("content"); content && content->is_map() && content->size() > 0) {
        if (auto media = files_.deref(f.file, &content->items[0])) {
          if (const Node* schema = media->node->get("schema")) {
            set_schema(p.schema, p.schema_file, media->file, schema, where);
          }
        }
      }
      o.parameters.push_back(std::move(p));
    }
  }

  // Swagger 2: a body parameter is the request body, sent as every `consumes` type.
  void body_parameter(OpenApiOperation& o, const std::string& label, std::size_t file, const Node& param,
                      const Span& span, bool required, const Node& op) {
    o.has_request_body = true;
    o.request_body_required = o.request_body_required || required;
    o.request_body_span = span;
    const Node* schema = param.get("schema");
    for (const auto& type : media_types(op, "consumes")) {
      OpenApiMediaType m;
      m.content_type = type;
      m.span = span;
      if (schema) set_schema(m.schema, m.schema_file, file, schema, label + " request body");
      o.request_body.push_back(std::move(m));
    }
  }

  // Swagger 2: formData parameters make a form request body (no schema node).
  void form_parameter(OpenApiOperation& o, const Span& span, bool required, const Node& op) {
    if (!o.has_request_body) o.request_body_span = span;
    o.has_request_body = true;
    o.request_body_required = o.request_body_required || required;
    std::string type = "application/x-www-form-urlencoded";
    for (const auto& t : media_types(op, "consumes")) {
      if (t == "multipart/form-data") type = t;
    }
    for (const auto& m : o.request_body) {
      if (m.content_type == type) return;
    }
    OpenApiMediaType m;
    m.content_type = type;
    m.span = span;
    o.request_body.push_back(std::move(m));
  }

  // Swagger 2 `consumes` / `produces`: the operation's, else the document's, else JSON.
  std::vector<std::string> media_types(const Node& op, std::string_view key) const {
    std::vector<std::string> out;
    const Node* list = op.get(key);
    if (!list || !list->is_sequence()) list = files_.root(0).get(key);
    if (list && list->is_sequence()) {
      for (const Node& item : list->items) {
        if (item.is_scalar()) out.push_back(item.text);
      }
    }
    if (out.empty()) out.push_back("application/json");
    return out;
  }

  void request_body(OpenApiOperation& o, const std::string& label, std::size_t file, const Node& op) {
    const Node::Key* key = op.key_of("requestBody");
    if (!key) return;
    o.has_request_body = true;
    o.request_body_span = spans(file).key(*key);
    auto body = files_.deref(file, op.get("requestBody"));
    if (!body || !body->node->is_map()) return;
    const Node* required = body->node->get("required");
    o.request_body_required = required && required->as_bool().value_or(false);
    content(o.request_body, body->file, body->node->get("content"), label + " request body");
  }

  void content(std::vector<OpenApiMediaType>& out, std::size_t file, const Node* content, const std::string& label) {
    if (!content || !content->is_map()) return;
    for (std::size_t i = 0; i < content->size(); ++i) {
      OpenApiMediaType m;
      m.content_type = content->keys[i].text;
      m.span = spans(file).key(content->keys[i]);
      auto media = files_.deref(file, &content->items[i]);
      if (media && media->node->is_map()) {
        if (const Node* schema = media->node->get("schema")) {
          set_schema(m.schema, m.schema_file, media->file, schema, label + " (" + m.content_type + ")");
        }
      }
      out.push_back(std::move(m));
    }
  }

  void responses(OpenApiOperation& o, const std::string& label, std::size_t file, const Node& op) {
    const Node* responses = op.get("responses");
    if (!responses || !responses->is_map()) return;
    for (std::size_t i = 0; i < responses->size(); ++i) {
      const auto& key = responses->keys[i];
      if (is_extension(key.text)) continue;
      OpenApiResponse r;
      r.status = key.text;
      r.span = spans(file).key(key);
      std::string where = label + " response " + key.text;
      auto response = files_.deref(file, &responses->items[i]);
      if (response && response->node->is_map()) {
        if (!swagger2_) {
          content(r.content, response->file, response->node->get("content"), where);
        } else if (const Node* schema = response->node->get("schema")) {
          for (const auto& type : media_types(op, "produces")) {
            OpenApiMediaType m;
            m.content_type = type;
            m.span = r.span;
            set_schema(m.schema, m.schema_file, response->file, schema, where);
            r.content.push_back(std::move(m));
          }
        }
      }
      o.responses.push_back(std::move(r));
    }
  }

  // Resolves a schema for the model and queues it (as written, so a $ref to
  // a named schema is walked under that schema's name) for pass 2.
  void set_schema(const Node*& schema, SharedPath& schema_file, std::size_t file, const Node* node,
                  const std::string& owner) {
    if (auto target = files_.deref(file, node)) {
      schema = target->node;
      schema_file = files_.path(target->file);
    }
    enqueue(file, node, owner);
  }

  // --- pass 2 -------------------------------------------------------------

  // The vectors grew by doubling while the walk appended; a contract's model
  // is kept to the end of the run (a thousand of them are most of a check's
  // memory), so each is cut to its size once the walk is done.
  void compact() {
    for (auto& op : doc_.operations) {
      op.parameters.shrink_to_fit();
      op.request_body.shrink_to_fit();
      for (auto& response : op.responses) response.content.shrink_to_fit();
      op.responses.shrink_to_fit();
    }
    doc_.operations.shrink_to_fit();
    doc_.properties.shrink_to_fit();
    doc_.schema_names.shrink_to_fit();
    doc_.path_keys.shrink_to_fit();
  }

  void enqueue(std::size_t file, const Node* node, std::string owner) {
    if (!node || !node->is_map() || !seen_.insert(node).second) return;
    queue_.push_back({file, node, std::move(owner)});
  }

  void drain() {
    static constexpr std::array<std::string_view, 11> kSubschemas{
        "items", "additionalProperties", "additionalItems", "not", "if", "then", "else", "contains",
        "propertyNames", "unevaluatedProperties", "unevaluatedItems"};
    static constexpr std::array<std::string_view, 4> kSchemaLists{"allOf", "oneOf", "anyOf", "prefixItems"};
    for (std::size_t head = 0; head < queue_.size(); ++head) {
      // Copy out: enqueue() may grow the vector.
      std::size_t file = queue_[head].file;
      const Node* node = queue_[head].node;
      std::string owner = std::move(queue_[head].owner);
      if (const Node* ref = node->get("$ref"); ref && ref->is_scalar()) {
        if (auto target = files_.follow(file, *ref)) enqueue(target->file, target->node, *target->label);
      }
      if (const Node* props = node->get("properties"); props && props->is_map()) {
        for (std::size_t i = 0; i < props->size(); ++i) {
          const auto& key = props->keys[i];
          doc_.properties.push_back({key.text, spans(file).key(key), owner});
          enqueue(file, &props->items[i], owner + "/properties/" + json_pointer_escape(key.text));
        }
      }
      if (const Node* pattern = node->get("patternProperties"); pattern && pattern->is_map()) {
        for (std::size_t i = 0; i < pattern->size(); ++i) {
          enqueue(file, &pattern->items[i], owner + "/patternProperties/" + json_pointer_escape(pattern->keys[i].text));
        }
      }
      for (auto keyword : kSubschemas) {
        const Node* sub = node->get(keyword);
        if (!sub) continue;
        if (sub->is_map()) enqueue(file, sub, owner + "/" + std::string(keyword));
        else if (sub->is_sequence() && keyword == "items") list(file, *sub, owner + "/items/");
      }
      for (auto keyword : kSchemaLists) {
        const Node* sub = node->get(keyword);
        if (sub && sub->is_sequence()) list(file, *sub, owner + "/" + std::string(keyword) + "/");
      }
    }
    queue_.clear();
  }

  void list(std::size_t file, const Node& sequence, const std::string& prefix) {
    for (std::size_t i = 0; i < sequence.size(); ++i) enqueue(file, &sequence.items[i], prefix + std::to_string(i));
  }

  // --- pass 3 -------------------------------------------------------------

  // Follows every $ref of every loaded file once (files reached this way are
  // scanned too), so each bad $ref is reported wherever it stands. Data
  // (examples, defaults, enums, extensions) is skipped: a "$ref" there is
  // not a reference.
  void check_all_refs() {
    struct Frame {
      const Node* node;
      bool names;  // keys of this map are names, not keywords
    };
    std::vector<Frame> stack;
    for (std::size_t file = 0; file < doc_.files.size(); ++file) {
      stack.push_back({&files_.root(file), false});
      while (!stack.empty()) {
        Frame frame = stack.back();
        stack.pop_back();
        const Node& node = *frame.node;
        if (node.is_sequence()) {
          for (const Node& item : node.items) {
            if (item.is_map() || item.is_sequence()) stack.push_back({&item, false});
          }
          continue;
        }
        if (!node.is_map()) continue;
        for (std::size_t i = 0; i < node.size(); ++i) {
          const std::string& key = node.keys[i].text;
          const Node& value = node.items[i];
          if (!frame.names) {
            if (key == "$ref" && value.is_scalar()) {
              files_.follow(file, value);
              continue;
            }
            if (holds_data(key)) continue;
            if (key == "examples") {
              examples(file, value);
              continue;
            }
          }
          if (value.is_map() || value.is_sequence()) stack.push_back({&value, !frame.names && holds_names(key)});
        }
      }
    }
  }

  // `examples` holds Example objects (3.x, which may be $refs), sample data
  // by media type (Swagger 2), or a list of samples (JSON Schema): only a
  // direct `$ref` of an entry is a reference.
  void examples(std::size_t file, const Node& value) {
    if (!value.is_map()) return;
    for (const Node& entry : value.items) {
      if (const Node* ref = entry.get("$ref"); ref && ref->is_scalar() && entry.size() == 1) files_.follow(file, *ref);
    }
  }

  ContractFiles& files_;
  OpenApiDocument& doc_;
  bool swagger2_ = false;
  std::vector<Work> queue_;
  std::unordered_set<const Node*> seen_;
};

}  // namespace

OpenApiDocument load_openapi(const FileSource& files, std::string_view path, Sink& findings) {
  OpenApiDocument doc;
  doc.path = std::string(path);
  ContractFiles contract(files, findings, doc);
  auto root = contract.load_root(path);
  if (!root) return doc;
  const Node& top = contract.root(*root);
  if (!top.is_map()) {
    Diagnostic d;
    d.rule = "AG001";
    d.severity = Severity::error;
    d.span = contract.spans(*root).at(top.mark);
    d.message = top.is_null() ? "OpenAPI file is empty"
                              : "not an OpenAPI document: the top level is a " + std::string(kind_name(top.kind)) +
                                    ", not a mapping";
    findings.report(std::move(d));
    return doc;
  }
  doc.readable = true;
  if (const Node* servers = top.get("servers"); servers && servers->is_sequence()) {
    for (const Node& server : servers->items) {
      const Node* url = server.get("url");
      if (url && url->is_string()) doc.base_urls.push_back(url->text);
    }
  }
  if (const Node* base = top.get("basePath"); base && base->is_string()) doc.base_urls.push_back(base->text);
  ContractWalker walker(contract, doc);
  walker.run();
  return doc;
}

void drop_trees(OpenApiDocument& doc) {
  for (auto& op : doc.operations) {
    for (auto& p : op.parameters) p.schema = nullptr;
    for (auto& m : op.request_body) m.schema = nullptr;
    for (auto& r : op.responses)
      for (auto& m : r.content) m.schema = nullptr;
  }
  for (auto& f : doc.files) f->doc = Document{};
}

bool has_trees(const OpenApiDocument& doc) {
  return doc.files.empty() || !doc.files.front()->doc.root.is_null();
}

}  // namespace archgate
