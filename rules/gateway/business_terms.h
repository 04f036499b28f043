// The business vocabulary AG202 looks for in gateway computations: built-in
// terms, Config::business_terms, and nouns of the gateway's `mustNot`
// sentences ("calculate discounts" -> discount).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/config.h"
#include "model/model.h"

namespace archgate {

// "prices" -> "price", "taxes" -> "tax", "quantities" -> "quantity"; "status" stays.
std::string singular(std::string_view word);

// The nouns of a `mustNot` sentence, singular, without verbs and generic words.
std::vector<std::string> sentence_nouns(std::string_view sentence);

// Built-in terms + config terms + the gateway's mustNot nouns, singular, unique.
std::vector<std::string> business_terms(const Config& config, const InventoryService& gateway);

// The business term a computation site works on, if any. A site that also
// names plumbing (retries, timeouts, status, lengths, indexes, ports, time,
// pagination) is plumbing: nullopt.
std::optional<std::string> business_term_of(const ComputationSite& site, const std::vector<std::string>& terms);

}  // namespace archgate
