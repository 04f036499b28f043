// AG202 gateway-business-logic: gateway code computes business values or
// runs SQL.
#include <algorithm>
#include <iterator>
#include <set>
#include <string>

#include "base/text.h"
#include "rules/gateway/business_terms.h"
#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kGatewayBusinessLogic;
const RuleInfo kGatewayBusinessLogic{
    .id = "AG202",
    .name = "gateway-business-logic",
    .severity = Severity::error,
    .family = "gateway",
    .summary = "Gateway code computes business values (prices, discounts, totals, stock, quantities, tax, coupons) "
               "or runs SQL.",
    .what = "Scans the source code of every service of kind `gateway` for two things:\n\n"
            "- arithmetic (`*`, `/`, `+`, `-`, `%`, compound assignments) and comparisons or `switch`/`when` "
            "decisions whose operands name a business value: `price`, `discount`, `total`, `subtotal`, "
            "`amount`, `stock`, `quantity`, `qty`, `tax`, `vat`, `coupon`, `promo`, `balance`, `inventory`, the "
            "configured `business-terms`, and the nouns of the gateway's own `mustNot` sentences "
            "(\"calculate discounts\" adds `discount`). Identifiers are split into words, so `unitPrice` and "
            "`order_total` count;\n"
            "- collection aggregates that fold such values into one: `.Sum(i => i.Quantity)`, `.Aggregate(...)`, "
            "`.reduce(...)`, `.fold(...)`, `sumOf { it.price }`, `stream().mapToInt(Item::getQuantity).sum()`, "
            "`Collectors.summingInt(...)`, `_.sumBy(items, 'price')`, Python's `sum(i.price for i in items)`; "
            "what is folded decides (the lambda's body, or the call before an empty `.sum()`), not the collection "
            "it comes from;\n"
            "- SQL in string literals, which a gateway should never run.\n\n"
            "Plumbing is left alone: a computation that also names retries, attempts, timeouts, status codes, "
            "lengths, sizes, counts, indexes, ports, offsets, pages, limits or time is not business logic, nor is "
            "string concatenation, a null check, or anything in comments, strings and test files. Display code is "
            "left alone too: a computation inside a function whose name says it formats or renders a value for "
            "people (`formatMoney`, `format_currency`, `renderPrice`, `displayTotal`, `prettyAmount`, "
            "`humanize`, `toString`, `__str__`, `String()`) decides nothing — `if amount < 0` in a currency "
            "formatter picks a minus sign, not a price. The line is drawn by the function's name, so a "
            "`calculateTotal` inside a formatter file is still judged. The finding points at the expression and "
            "quotes the line. Code the gateway serves to browsers rather than runs is not judged: files below a "
            "`static/`, `public/`, `wwwroot/`, `assets/`, `vendor/` or `third_party/` folder, and `*.min.js`, "
            "`*-min.js` and `*.bundle.js` scripts.",
    .why = "A gateway is shared by every request and owned by nobody in particular. Business rules that creep "
           "into it (a discount computed on the way through, a stock check before forwarding) are duplicated "
           "from, or silently diverge from, the services that own them; they cannot be tested with those "
           "services, and they make the gateway a deployment bottleneck. Routing, authentication, retries and "
           "status mapping belong in the gateway; prices and stock do not.",
    .fires = "```js\n// services/gateway/src/checkout.js\n"
             "const total = body.items.reduce((sum, i) => sum + i.unitPrice * i.qty, 0);\n"
             "if (body.coupon) payload.total = total - total * 0.1;\n```\n\n"
             "Both lines compute prices in the gateway.",
    .clean = "```js\n// services/gateway/src/proxy.js\n"
             "for (let attempt = 1; attempt <= maxRetries; attempt++) {\n"
             "  const res = await fetch(`${ORDER_URL}/orders/${id}`, { signal: AbortSignal.timeout(timeoutMs * 2) });\n"
             "  if (res.status >= 500) continue;\n"
             "  return res;\n"
             "}\n```",
    .fix = "Move the computation into the service that owns the data (order-service computes totals, "
           "inventory-service decides stock) and let the gateway forward the request and the answer. If a term "
           "is plumbing in your code base, rename the variable or suppress the finding with "
           "`archgate-ignore AG202: <reason>`.",
    .options = "`business-terms` in `archgate.yaml`: a list of words added to the built-in terms, e.g. "
               "`business-terms: [loyalty, voucher]`.",
    .release_sentence = "the gateway does not calculate discounts",
};

namespace {

// A function that turns a value into text for people: its computations pick
// signs, separators and rounding for display, not prices.
bool display_function(std::string_view name) {
  static constexpr std::string_view kWords[] = {"format", "formatted", "formatter", "fmt",   "render",
                                                "renderer", "display", "pretty",   "humanize", "humanized",
                                                "print",  "repr",     "str",       "string", "stringify"};
  for (const auto& word : name_words(name))
    if (std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords)) return true;
  return false;
}

// Code the gateway serves to browsers rather than runs: files below a
// static/, public/, wwwroot/ or assets/ folder, and minified or vendored
// scripts.
bool browser_asset(std::string_view path) {
  std::string lowered = to_lower(path);
  for (std::string_view folder : {"static/", "public/", "wwwroot/", "assets/", "vendor/", "third_party/"}) {
    if (lowered.starts_with(folder) || lowered.find("/" + std::string(folder)) != std::string::npos) return true;
  }
  return lowered.ends_with(".min.js") || lowered.ends_with("-min.js") || lowered.ends_with(".bundle.js");
}

}  // namespace

void check_gateway_business_logic(const RuleContext& ctx) {
  for (const auto& gateway : ctx.model.inventory.services) {
    if (gateway.kind != ServiceKind::gateway) continue;
    const std::vector<std::string> terms = business_terms(ctx.config, gateway);
    for (const auto& file : ctx.model.sources) {
      if (file.service != gateway.name || file.is_test || browser_asset(file.path)) continue;
      for (const auto& statement : file.sql) {
        std::string tables;
        for (const auto& ref : statement.tables) {
          if (tables.find("\"" + ref.table.display() + "\"") != std::string::npos) continue;
          tables += (tables.empty() ? "" : ", ") + ("\"" + ref.table.display() + "\"");
        }
        ctx.report(statement.span,
                   gateway.name + " runs SQL in its code" + (tables.empty() ? "" : " (on " + tables + ")") +
                       "; a gateway routes requests and holds no data",
                   gateway.name);
      }
      std::set<std::uint32_t> reported_lines;  // one finding per line
      for (const auto& site : file.computations) {
        if (display_function(site.function)) continue;
        auto term = business_term_of(site, terms);
        if (!term || !reported_lines.insert(site.span.line).second) continue;
        ctx.report(site.span,
                   gateway.name + " computes a business value (\"" + *term + "\"): `" + site.excerpt + "`",
                   gateway.name);
      }
    }
  }
}

}  // namespace archgate
