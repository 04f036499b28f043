// AG401 table-name-in-api: a public OpenAPI path segment, schema name or
// property name spells an internal table name verbatim.
#include <set>
#include <tuple>
#include <unordered_map>

#include "base/hash.h"
#include "base/text.h"
#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kTableNameInApi;
const RuleInfo kTableNameInApi{
    .id = "AG401",
    .name = "table-name-in-api",
    .severity = Severity::warning,
    .family = "contracts",
    .summary = "A public OpenAPI path segment, schema name or property name spells an internal table name "
               "verbatim.",
    .what = "Collects the table names of every service's `owns` list and looks for them, spelled exactly the "
            "same way (letters compared case-insensitively), in every OpenAPI contract archgate loaded:\n\n"
            "- each segment of each path under `paths` (`/order_items/{id}` has the segments `order_items` and "
            "`{id}`; path parameters such as `{order_id}` are never compared);\n"
            "- each schema name (`components.schemas`, or Swagger 2 `definitions`, keys), including named schemas "
            "of other files reached through `$ref`;\n"
            "- each property name of every schema the contract reaches, inline or through `$ref`, also in other "
            "files: the finding then points into that file.\n\n"
            "By default only distinctive table names are compared: names containing `_` (`order_items`, "
            "`outbox_events`) and schema-qualified entries (`inventory.stock`, compared as written; its table "
            "part `stock` is compared on its own only if it contains `_`). Single-word names such as `orders` or "
            "`stock` are also the natural nouns of a REST API, so they are compared only when "
            "`strict-table-names: true` is set; in strict mode a path segment, schema name or property name "
            "equal to such a table name fires too, including the plain resource path `/orders` of the service "
            "that owns `orders`. Other spellings never fire: `orderItems`, `OrderItem` and `/orders` do not "
            "spell `order_items`. A place that spells the same table through several `owns` entries (a table "
            "owned twice, AG101) is reported once, naming every owner, and a file shared by several contracts "
            "is reported once per place. Contracts of services of kind `datastore` (a PostgREST or admin API "
            "that is the storage itself) are not checked.",
    .why = "A public contract is a promise to every client. When it spells the storage layout (`order_items`, "
           "`outbox_events`, `inventory.stock`), clients and generated SDKs couple to the database: a table "
           "rename or split becomes a breaking API change, the API shape follows the storage shape instead of "
           "the domain, and internal details such as outbox or audit tables leak to the outside. The release "
           "checklist asks that public APIs hide internal table names.",
    .fires = "```json\n{ \"name\": \"order-service\", \"owns\": [\"orders\", \"order_items\"] }\n```\n\n"
             "```yaml\n# services/order-service/openapi.yaml\npaths:\n  /orders/{id}/order_items:   # AG401: path "
             "segment\n    get:\n      responses: {\"200\": {description: ok}}\ncomponents:\n  schemas:\n"
             "    Order:\n      type: object\n      properties:\n        order_items:           # AG401: "
             "property\n          type: array\n```",
    .clean = "```yaml\n# services/order-service/openapi.yaml\npaths:\n  /orders/{id}/items:\n    get:\n"
             "      responses: {\"200\": {description: ok}}\ncomponents:\n  schemas:\n    Order:\n"
             "      type: object\n      properties:\n        items:\n          type: array\n"
             "        orderItems:            # a different spelling: not reported\n          type: array\n```",
    .fix = "Name the API after the domain, not the storage: `/orders/{id}/items` instead of "
           "`/orders/{id}/order_items`, a property `items` or `lines` instead of `order_items`, a schema `OrderLine` "
           "instead of `order_items`. Map between the API model and the table in the service's code. If the "
           "name is a deliberate part of the public domain language, suppress the finding with "
           "`# archgate-ignore AG401: <reason>` on the line above.",
    .options = "`strict-table-names` (default `false`): also compare single-word table names (`orders`, `stock`) "
               "with path segments, schema names and property names.",
    .release_sentence = "public APIs hide internal table names",
};

namespace {

// One `owns` entry that a spelling stands for.
struct TableOwner {
  const InventoryService* service;
  const Located<std::string>* entry;
};

// Lower-case spelling -> the owns entries it spells.
using Spellings = std::unordered_map<std::string, std::vector<TableOwner>, StringHash, std::equal_to<>>;

Spellings table_spellings(const Inventory& inventory, bool strict) {
  Spellings out;
  for (const auto& service : inventory.services) {
    for (const auto& entry : service.owns) {
      std::string name = to_lower(trim(entry.value));
      if (name.empty()) continue;
      std::size_t dot = name.rfind('.');
      std::string table = dot == std::string::npos ? name : name.substr(dot + 1);
      if (dot != std::string::npos) out[name].push_back({&service, &entry});
      if (!table.empty() && (strict || table.find('_') != std::string::npos)) {
        out[table].push_back({&service, &entry});
      }
    }
  }
  return out;
}

// The span of `length` code points starting `prefix` code points into a key
// whose span is `key` and whose text is `text`. Falls back to the whole key
// when the key is written with escapes (its width on the line differs).
Span sub_span(const Span& key, std::string_view text, std::string_view prefix, std::string_view piece) {
  if (key.end_line != key.line || key.end_column <= key.column) return key;
  std::uint32_t width = key.end_column - key.column;
  std::uint32_t length = code_points(text);
  std::uint32_t quote = 0;
  if (width == length + 2) {
    quote = 1;
  } else if (width != length) {
    return key;
  }
  Span out = key;
  out.column = key.column + quote + code_points(prefix);
  out.end_column = out.column + code_points(piece);
  return out;
}

class Reporter {
 public:
  Reporter(const RuleContext& ctx, const Spellings& spellings) : ctx_(ctx), spellings_(spellings) {
    for (const auto& [spelling, owners] : spellings_) {
      shortest_ = std::min(shortest_, spelling.size());
      longest_ = std::max(longest_, spelling.size());
    }
  }

  // Reports `spelled` at `span` if it spells a table; `what()` describes the
  // place (built only then: contracts have thousands of names).
  template <typename What>
  void check(const Span& span, std::string_view spelled, What&& what, const std::string& service) {
    // A contract has thousands of names and the inventory few tables: most
    // names are ruled out by their length, the rest looked up lower-cased
    // into one reused buffer.
    if (spelled.size() < shortest_ || spelled.size() > longest_) return;
    lowered_.assign(spelled);
    lower_in_place(lowered_);
    auto it = spellings_.find(std::string_view(lowered_));
    if (it == spellings_.end()) return;
    if (!seen_.emplace(span.path, span.line, span.column, it->first).second) return;

    std::string owners;
    std::vector<Related> related;
    std::set<std::string> named;
    std::string table;
    for (const auto& owner : it->second) {
      if (table.empty()) table = owner.entry->value;
      if (named.insert(owner.service->name).second) {
        if (!owners.empty()) owners += " and ";
        owners += owner.service->name;
      }
      related.push_back({owner.entry->span, owner.service->name + " owns " + in_quotes(owner.entry->value)});
    }
    ctx_.report(span, what() + " spells the name of the internal table " + in_quotes(table) + ", owned by " + owners,
                service, std::move(related));
  }

 private:
  const RuleContext& ctx_;
  const Spellings& spellings_;
  std::size_t shortest_ = std::string::npos, longest_ = 0;
  std::string lowered_;
  std::set<std::tuple<std::string, std::uint32_t, std::uint32_t, std::string>> seen_;
};

void check_path(Reporter& reporter, const Located<std::string>& path, const std::string& service) {
  std::string_view text = path.value;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('/', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view segment = text.substr(start, end - start);
    // `{order_id}` is a parameter name, not a resource the API publishes.
    if (!segment.empty() && segment.find('{') == std::string_view::npos &&
        segment.find('}') == std::string_view::npos) {
      reporter.check(sub_span(path.span, text, text.substr(0, start), segment), segment,
                     [&] { return "path segment " + in_quotes(segment) + " of " + path.value; }, service);
    }
    start = end + 1;
  }
}

}  // namespace

void check_table_name_in_api(const RuleContext& ctx) {
  Spellings spellings = table_spellings(ctx.model.inventory, ctx.config.strict_table_names);
  if (spellings.empty()) return;
  Reporter reporter(ctx, spellings);
  for (const auto& contract : ctx.model.contracts) {
    // A datastore's API (PostgREST, an admin console) is the storage itself.
    const InventoryService* service = ctx.model.inventory.find(contract.service);
    if (service && service->kind == ServiceKind::datastore) continue;
    for (const auto& path : contract.path_keys) check_path(reporter, path, contract.service);
    for (const auto& schema : contract.schema_names) {
      reporter.check(schema.span, schema.name, [&] { return "schema name " + in_quotes(schema.name); }, contract.service);
    }
    for (const auto& property : contract.properties) {
      reporter.check(property.span, property.name,
                     [&] { return "property " + in_quotes(property.name) + " (in " + property.owner + ")"; },
                     contract.service);
    }
  }
}

}  // namespace archgate
