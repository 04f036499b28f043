// The one table of release sentences archgate recognises: it maps the human
// sentences of service-inventory.json (`releaseRules`, and each service's
// `mustNot`) to the rules that check them. AG504 reports what it cannot map;
// the table is documented on AG504's page.
//
// A sentence is split into parts at commas, semicolons and "and" / "or"
// ("every service has healthcheck, logs, tests, and rollback notes" has four),
// and each part is matched on its own, by keywords (lower case, plurals
// folded), so that a sentence is never called checked when one of its parts
// is not.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"

namespace archgate {

struct SentencePart {
  std::string text;                     // the part as written
  std::vector<std::string_view> rules;  // the rules that check it; empty: not checked
  std::string reason;                   // why it cannot be checked, when there is more to say
};

struct SentenceMatch {
  std::vector<SentencePart> parts;  // in sentence order; empty for an empty sentence
  // Every rule named by some part, in order of first appearance.
  std::vector<std::string_view> rules() const;
};

// One row of the table, for documentation and tests.
struct ReleasePhrasing {
  std::string_view topic;                // "no shared database tables"
  std::string_view example;              // a sentence it recognises
  std::vector<std::string_view> rules;   // "AG101", ...
};
const std::vector<ReleasePhrasing>& release_phrasings();

// A `releaseRules` sentence.
SentenceMatch match_release_rule(std::string_view sentence, const Inventory& inventory);
// A sentence of `service`'s `mustNot` list.
SentenceMatch match_must_not(std::string_view sentence, const InventoryService& service,
                             const Inventory& inventory);

}  // namespace archgate
