#include "rules/gateway/business_terms.h"

#include <algorithm>

#include "base/text.h"

namespace archgate {
namespace {

constexpr std::string_view kBuiltInTerms[] = {"price",  "discount", "total", "subtotal", "amount",
                                              "stock",  "quantity", "qty",   "tax",      "vat",
                                              "coupon", "promo",    "balance", "inventory"};

// Words of mustNot sentences that are not business nouns.
constexpr std::string_view kSentenceStopwords[] = {
    "a",         "an",       "the",     "of",        "to",       "for",      "on",      "in",       "with",
    "without",   "from",     "into",    "by",        "and",      "or",       "not",     "no",       "any",
    "all",       "its",      "their",   "own",       "other",    "another",  "directly", "itself",  "anything",
    "calculate", "compute",  "store",   "apply",     "change",   "read",     "write",   "hold",     "keep",
    "decide",    "validate", "access",  "call",      "modify",   "update",   "set",     "make",     "do",
    "perform",   "handle",   "manage",  "process",   "run",      "execute",  "use",     "contain",  "have",
    "own",       "save",     "persist", "query",     "touch",    "implement", "know",   "talk",     "send",
    "business",  "data",     "logic",   "rule",      "table",    "database", "db",      "state",    "information",
    "info",      "service",  "api",     "request",   "response", "value",    "thing",   "sql",      "record",
    "row",       "column",   "schema",  "direct",    "internal", "external", "private", "public",   "shared",
    "domain",    "model",    "entity",  "session",   "cache",    "file",     "order",   "status",   "user"};

// Words that make a computation plumbing, not business.
constexpr std::string_view kPlumbing[] = {
    "retry",   "attempt",  "timeout", "ttl",      "delay",    "backoff", "interval", "latency", "duration",
    "elapsed", "deadline", "ms",      "millis",   "millisecond", "second", "sec",    "time",    "timestamp",
    "now",     "start",    "started", "end",      "status",   "code",    "length",  "len",     "size",
    "index",   "idx",      "i",       "j",        "k",        "n",       "port",    "offset",  "page",
    "limit",   "count",    "cache",   "version",  "header",   "url",     "uri",     "path",    "host",
    "endpoint", "byte",    "buffer",  "chunk",    "depth",    "level",   "weight",  "hop",     "id",
    "key",     "name",     "request", "response", "capacity", "concurrency", "worker", "pool",  "queue"};

bool letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

template <std::size_t N>
bool contains(const std::string_view (&list)[N], std::string_view w) {
  return std::find(std::begin(list), std::end(list), w) != std::end(list);
}

}  // namespace

std::string singular(std::string_view word) {
  std::string w = to_lower(word);
  auto ends = [&](std::string_view s) { return w.size() > s.size() + 1 && w.ends_with(s); };
  if (ends("ies")) return w.substr(0, w.size() - 3) + "y";
  if (ends("xes") || ends("ses") || ends("ches") || ends("shes")) return w.substr(0, w.size() - 2);
  if (w.size() > 3 && w.back() == 's' && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is")) {
    return w.substr(0, w.size() - 1);
  }
  return w;
}

std::vector<std::string> sentence_nouns(std::string_view sentence) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < sentence.size()) {
    while (i < sentence.size() && !letter(sentence[i])) ++i;
    std::size_t b = i;
    while (i < sentence.size() && (letter(sentence[i]) || sentence[i] == '_')) ++i;
    if (i > b) words.push_back(singular(sentence.substr(b, i - b)));
  }
  // A mustNot sentence reads "<verb> <what>": its first word is the verb.
  std::vector<std::string> out;
  for (std::size_t k = words.size() > 1 ? 1 : 0; k < words.size(); ++k) {
    const std::string& w = words[k];
    if (w.size() < 3 || contains(kSentenceStopwords, w)) continue;
    if (std::find(out.begin(), out.end(), w) == out.end()) out.push_back(w);
  }
  return out;
}

std::vector<std::string> business_terms(const Config& config, const InventoryService& gateway) {
  std::vector<std::string> terms;
  auto add = [&](std::string t) {
    if (!t.empty() && std::find(terms.begin(), terms.end(), t) == terms.end()) terms.push_back(std::move(t));
  };
  for (auto t : kBuiltInTerms) add(std::string(t));
  for (const auto& t : config.business_terms) add(singular(trim(t)));
  for (const auto& sentence : gateway.must_not) {
    for (auto& noun : sentence_nouns(sentence.value)) add(std::move(noun));
  }
  return terms;
}

std::optional<std::string> business_term_of(const ComputationSite& site, const std::vector<std::string>& terms) {
  std::optional<std::string> found;
  for (const auto& id : site.identifiers) {
    std::string w = singular(id);
    if (contains(kPlumbing, w)) return std::nullopt;
    if (!found && std::find(terms.begin(), terms.end(), w) != terms.end()) found = w;
  }
  return found;
}

}  // namespace archgate
