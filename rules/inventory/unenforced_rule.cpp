// AG504 unenforced-rule: a `releaseRules` or `mustNot` sentence (or a part of
// one) that no archgate rule checks. The mapping lives in
// rules/common/release_sentences.cpp.
#include "rules/common/release_sentences.h"
#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kUnenforcedRule;
const RuleInfo kUnenforcedRule{
    .id = "AG504",
    .name = "unenforced-rule",
    .severity = Severity::note,
    .family = "inventory",
    .summary = "A `releaseRules` or `mustNot` sentence that no archgate rule checks.",
    .what = "Reads every sentence of `releaseRules` and of each service's `mustNot`, splits it into parts at "
            "commas, semicolons, `and` and `or`, and maps each part to the rules that check it. Matching is by "
            "keywords, in lower case with plurals folded, so `no shared tables` and `No shared database "
            "tables.` are the same sentence; a part with no object of its own joins the next one (`read and "
            "write inventory tables`), and a verb carries over to the parts after it (`calculate discounts or "
            "stock`). Reports one note per sentence with a part that no rule checks, at the sentence in "
            "`service-inventory.json`:\n\n"
            "- `\"<sentence>\" is not checked by any archgate rule` when nothing in it is checked;\n"
            "- `\"<sentence>\" is only partly checked: ...` naming the parts that are not checked and the rules "
            "that check the rest.\n\n"
            "Sentences that are fully checked are not reported; `archgate rules` shows which sentence each rule "
            "checks. The sentences archgate recognises:\n\n"
            "| topic | rules | example |\n|---|---|---|\n"
            "| public APIs hide internal table names | AG401 | `public APIs hide internal table names` |\n"
            "| the gateway runs no SQL | AG202 | `the gateway runs no SQL` |\n"
            "| the gateway stores no business data | AG201 | `store business data` (a gateway's mustNot) |\n"
            "| the gateway computes no business values | AG202 | `calculate discounts` (a gateway's mustNot) |\n"
            "| no business logic in the gateway | AG202 | `no business rules in the gateway` |\n"
            "| no shared database tables | AG101, AG102, AG103, AG104, AG105, AG106 | `no shared database tables` |\n"
            "| one database per service | AG106, AG101, AG102, AG104, AG105 | `each service has its own "
            "database` |\n"
            "| every table has one owner | AG101, AG102, AG103, AG104, AG105 | `every table has exactly one "
            "owning service` |\n"
            "| do not write another service's tables | AG102, AG105 | `change order status` (inventory-service's "
            "mustNot; `order` names order-service's table `orders`) |\n"
            "| do not read another service's tables | AG105 | `read inventory tables directly` (order-service's "
            "mustNot) |\n"
            "| do not call a service outside mayCall | AG402 | `call payment-service directly` (a mustNot; "
            "checked only when that service is not in the same entry's `mayCall`) |\n"
            "| calls use operations the callee declares | AG403 | `calls only use operations declared in the "
            "contract` |\n"
            "| services call only what mayCall allows | AG402 | `no undeclared calls between services` |\n"
            "| no call cycles | AG503 | `no call cycles` |\n"
            "| the inventory matches Compose | AG502 | `the inventory matches compose` |\n"
            "| dependants wait for healthy services | AG302 | `depends_on waits until a service is healthy` |\n"
            "| healthcheck | AG301, AG303 | `every service has a healthcheck` |\n"
            "| logs with x-request-id (AG307 checks the code handles x-request-id, not the log format) | AG307 | "
            "`every service has logs` |\n"
            "| tests | AG306 | `every service has tests` |\n"
            "| migrations can be rolled back | AG304 | `every migration has a down migration` |\n"
            "| applied migrations are never edited | AG308 | `applied migrations are never edited` |\n"
            "| rollback notes | AG304, AG305 | `every service has rollback notes` |\n"
            "| no breaking API changes | AG404 | `no breaking API changes` |\n"
            "| error responses are documented | AG406 | `every operation documents its 4xx error responses` |\n"
            "| every service has a contract | AG405 | `every service has an OpenAPI contract` |\n\n"
            "Sentences about the gateway apply to a `mustNot` of a service of kind `gateway`, or to a "
            "`releaseRules` sentence that names the gateway. The obligations (healthcheck, logs, tests, "
            "rollback notes, contracts ...) are read from `releaseRules`; in a `mustNot` they mean nothing. "
            "\"logs\" counts as checked because the logs the release checklist asks for are logs that carry "
            "`x-request-id`, and AG307 checks that every service's code reads or forwards it; that a service "
            "writes structured logs at all is not checked. An obligation counts only when its part says no more "
            "than the topic (with common words such as `every service must have`): `every service has tests "
            "with 80% coverage` and `every service logs to stdout` are reported, because nothing checks "
            "coverage or where logs go. A rule counts when archgate has it, even if this "
            "run does not select it.",
    .why = "The inventory's sentences read like guarantees. When nobody checks one, the team believes it "
           "holds until an incident shows it did not. A note per unchecked sentence keeps the list honest: "
           "either a rule covers it, it is rephrased into something archgate recognises, or everybody knows "
           "it is checked by review only.",
    .fires = "```jsonc\n{ \"services\": [\n    { \"name\": \"order-service\", \"mayCall\": [\"payment-service\"],\n"
             "      \"mustNot\": [\"call payment-service directly\"] },          // <- AG504: mayCall allows it\n"
             "    { \"name\": \"payment-service\" } ],\n"
             "  \"releaseRules\": [\n    \"deploys happen only on weekdays\",                       // <- AG504\n"
             "    \"every service has healthcheck, metrics, and tests\" ] }    // <- AG504: \"metrics\"\n```",
    .clean = "```json\n{ \"services\": [\n    { \"name\": \"gateway\", \"mayCall\": [\"order-service\"],\n"
             "      \"mustNot\": [\"store business data\"] },\n    { \"name\": \"order-service\" } ],\n"
             "  \"releaseRules\": [\n    \"no shared database tables\",\n"
             "    \"every service has healthcheck, logs, tests, and rollback notes\" ] }\n```",
    .fix = "Rephrase the sentence with the words of a recognised topic if a rule already checks what it means, "
           "split it so the checked parts stand apart, or keep it and check it in review: the note is "
           "informational and does not fail the build unless `--fail-on note` is used. A `mustNot` that "
           "forbids a call which the same entry's `mayCall` allows contradicts itself: remove one of the two.",
    .options = "",
    .release_sentence = "",
};

namespace {

std::string quoted_list(const std::vector<const SentencePart*>& parts) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? " and " : ", ";
    out += "\"" + parts[i]->text + "\"";
  }
  return out;
}

std::string rule_list(const std::vector<std::string_view>& rules) {
  std::string out;
  for (auto r : rules) out += (out.empty() ? "" : ", ") + std::string(r);
  return out;
}

void judge(const RuleContext& ctx, const Located<std::string>& sentence, SentenceMatch match,
           const std::string& service) {
  if (match.parts.empty()) return;
  // Only rules archgate has count, whether or not this run selected them.
  for (auto& part : match.parts) {
    std::erase_if(part.rules, [](std::string_view id) { return find_rule(id) == nullptr; });
  }
  std::vector<const SentencePart*> unchecked, checked;
  for (const auto& part : match.parts) (part.rules.empty() ? unchecked : checked).push_back(&part);
  if (unchecked.empty()) return;
  std::string reasons;
  for (const auto* part : unchecked) {
    if (!part->reason.empty()) reasons += (reasons.empty() ? "" : "; ") + part->reason;
  }
  std::string message;
  if (checked.empty()) {
    message = "\"" + sentence.value + "\" is not checked by any archgate rule";
  } else {
    message = "\"" + sentence.value + "\" is only partly checked: " + quoted_list(unchecked) +
              (unchecked.size() == 1 ? " is" : " are") + " not checked by any archgate rule (";
    for (std::size_t i = 0; i < checked.size(); ++i) {
      message += (i == 0 ? "" : "; ") + std::string("\"") + checked[i]->text + "\" by " + rule_list(checked[i]->rules);
    }
    message += ")";
  }
  if (!reasons.empty()) message += ": " + reasons;
  ctx.report(sentence.span, std::move(message), service, {}, sentence.value);
}

}  // namespace

void check_unenforced_rule(const RuleContext& ctx) {
  const Inventory& inventory = ctx.model.inventory;
  for (const auto& sentence : inventory.release_rules) {
    judge(ctx, sentence, match_release_rule(sentence.value, inventory), {});
  }
  for (const auto& service : inventory.services) {
    for (const auto& sentence : service.must_not) {
      judge(ctx, sentence, match_must_not(sentence.value, service, inventory), service.name);
    }
  }
}

}  // namespace archgate
