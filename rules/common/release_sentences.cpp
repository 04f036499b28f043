#include "rules/common/release_sentences.h"

#include <algorithm>
#include <optional>
#include <set>

namespace archgate {

namespace {

// ---------------------------------------------------------------------------
// Words

struct Word {
  std::string stem;  // lower case, plural folded; "" marks a break between parts
  std::size_t begin = 0;
  std::size_t end = 0;
};
using Words = std::vector<Word>;

bool alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

std::string stem_of(std::string w) {
  for (char& c : w)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  if (w.size() > 4 && w.ends_with("ies")) return w.substr(0, w.size() - 3) + "y";
  if (w.size() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us")) w.pop_back();
  return w;
}

// Words of `text`; with `breaks`, a break at , ; & and at and / or / nor / plus.
Words words_of(std::string_view text, bool breaks) {
  Words out;
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (alnum(c)) {
      std::size_t j = i;
      while (j < text.size() && alnum(text[j])) ++j;
      std::string stem = stem_of(std::string(text.substr(i, j - i)));
      if (breaks && (stem == "and" || stem == "or" || stem == "nor" || stem == "plu")) {
        out.push_back({"", i, j});
      } else {
        out.push_back({std::move(stem), i, j});
      }
      i = j;
      continue;
    }
    if (breaks && (c == ',' || c == ';' || c == '&')) out.push_back({"", i, i + 1});
    ++i;
  }
  return out;
}

struct Range {
  const Word* begin = nullptr;
  const Word* end = nullptr;
  bool empty() const { return begin == end; }
};

// Stems are plurals with the "s" cut off, so "matches" is "matche": a final
// "e" does not count on words of four letters or more.
bool same_word(std::string_view a, std::string_view b) {
  if (a == b) return true;
  if (a.size() + 1 == b.size()) std::swap(a, b);
  return b.size() >= 4 && a.size() == b.size() + 1 && a.back() == 'e' && a.starts_with(b);
}

bool in_set(const std::set<std::string>& words, const std::string& stem) {
  if (words.contains(stem)) return true;
  if (stem.size() >= 5 && stem.back() == 'e' && words.contains(stem.substr(0, stem.size() - 1))) return true;
  return stem.size() >= 4 && words.contains(stem + "e");
}

bool has_phrase(Range r, std::string_view phrase) {
  Words p = words_of(phrase, false);
  if (p.empty()) return false;
  for (const Word* w = r.begin; w + p.size() <= r.end; ++w) {
    bool all = true;
    for (std::size_t k = 0; k < p.size() && all; ++k) all = same_word(w[k].stem, p[k].stem);
    if (all) return true;
  }
  return false;
}

bool has_any(Range r, const std::vector<std::string_view>& phrases) {
  return std::any_of(phrases.begin(), phrases.end(), [&](std::string_view p) { return has_phrase(r, p); });
}

// ---------------------------------------------------------------------------
// The table

enum class Lists : std::uint8_t { release, must_not, both };
// gateway: a `mustNot` of a gateway, or a `releaseRules` sentence that names one.
enum class Scope : std::uint8_t { any, gateway };
enum class Special : std::uint8_t {
  none,
  other_data,      // the part names another service's tables or data
  call_other,      // the part names another service (mustNot: checked when it is not in mayCall)
};

struct Entry {
  ReleasePhrasing doc;
  Lists lists = Lists::both;
  Scope scope = Scope::any;
  // One of these must appear in the part or in an earlier part of the
  // sentence ("calculate discounts or stock"); empty: no verb needed.
  std::vector<std::string_view> verbs;
  // Each group: one of its phrases must appear in the part.
  std::vector<std::vector<std::string_view>> groups;
  Special special = Special::none;
  // Strict entries (the obligations of `releaseRules`): every word of the part
  // must be a group word, one of these, or a common word ("every service
  // has"). "every service has tests with 80% coverage" is then not called
  // checked, because nothing checks coverage. Empty: not strict.
  std::vector<std::string_view> vocabulary = {};
};

const std::vector<std::string_view> kWriteVerbs = {
    "write", "change", "update", "modify", "set", "delete", "insert", "alter", "drop", "create", "mutate",
    "edit", "remove", "cancel", "confirm", "truncate", "access", "touch", "use"};
const std::vector<std::string_view> kReadVerbs = {"read", "query", "select", "join", "see", "fetch", "look",
                                                  "scan", "view"};
const std::vector<std::string_view> kCallVerbs = {"call", "invoke", "request", "depend", "talk", "contact",
                                                  "reach", "hit", "send", "use", "access", "query", "bypass"};
const std::vector<std::string_view> kDataNouns = {"table", "data", "database", "db", "row", "record",
                                                  "column", "schema", "status"};

const std::vector<Entry>& table() {
  static const std::vector<Entry> entries = {
      // Contracts and ownership.
      {{"public APIs hide internal table names", "public APIs hide internal table names", {"AG401"}},
       Lists::both, Scope::any, {},
       {{"api", "contract", "openapi", "endpoint", "expose", "leak", "reveal", "hide", "hidden", "public"},
        {"table"},
        {"name", "internal", "expose", "leak", "reveal", "hide", "hidden"}}},
      {{"the gateway runs no SQL", "the gateway runs no SQL", {"AG202"}},
       Lists::both, Scope::gateway, {}, {{"sql"}}},
      {{"the gateway stores no business data", "store business data", {"AG201"}},
       Lists::both, Scope::gateway,
       {"store", "persist", "own", "keep", "hold", "save", "write", "have", "access", "connect", "talk",
        "use", "read", "query"},
       {{"data", "table", "database", "db", "record", "row"}}},
      {{"the gateway computes no business values", "calculate discounts", {"AG202"}},
       Lists::both, Scope::gateway, {"calculate", "compute"}, {}},
      {{"no business logic in the gateway", "no business rules in the gateway", {"AG202"}},
       Lists::both, Scope::gateway, {},
       {{"business logic", "business rule", "business value", "calculation", "computation", "pricing",
         "discount"}}},
      {{"no shared database tables", "no shared database tables",
        {"AG101", "AG102", "AG103", "AG104", "AG105", "AG106"}},
       Lists::both, Scope::any, {},
       {{"share", "shared", "sharing"}, {"table", "database", "db", "schema", "data"}}},
      {{"one database per service", "each service has its own database",
        {"AG106", "AG101", "AG102", "AG104", "AG105"}},
       Lists::both, Scope::any, {},
       {{"database", "db"}, {"per service", "each service", "own", "separate", "dedicated"}}},
      {{"every table has one owner", "every table has exactly one owning service",
        {"AG101", "AG102", "AG103", "AG104", "AG105"}},
       Lists::release, Scope::any, {},
       {{"table", "schema", "data"}, {"own", "owned", "owner", "owning", "ownership"}}, Special::none,
       {"exactly", "one", "single", "only", "by", "which", "that", "is", "belong", "belongs"}},
      {{"do not write another service's tables", "change order status", {"AG102", "AG105"}},
       Lists::both, Scope::any, kWriteVerbs, {}, Special::other_data},
      {{"do not read another service's tables", "read inventory tables directly", {"AG105"}},
       Lists::both, Scope::any, kReadVerbs, {}, Special::other_data},
      {{"do not call a service outside mayCall", "call payment-service directly", {"AG402"}},
       Lists::must_not, Scope::any, kCallVerbs, {}, Special::call_other},
      // Calls.
      {{"calls use operations the callee declares", "calls only use operations declared in the contract",
        {"AG403"}},
       Lists::release, Scope::any, {},
       {{"call", "request", "client"}, {"operation", "endpoint"},
        {"declared", "documented", "exist", "existing", "contract", "openapi"}}, Special::none,
       {"use", "make", "that", "which", "callee", "target", "other", "http", "api"}},
      {{"services call only what mayCall allows", "no undeclared calls between services", {"AG402"}},
       Lists::release, Scope::any, {},
       {{"call", "dependency", "depend"},
        {"declared", "undeclared", "maycall", "may call", "allowed", "allow", "permitted", "approved"}},
       Special::none,
       {"between", "other", "make", "that", "which", "what", "listed", "inventory", "explicitly", "on"}},
      {{"no call cycles", "no call cycles", {"AG503"}},
       Lists::both, Scope::any, {}, {{"cycle", "cyclic", "circular"}}},
      {{"the inventory matches Compose", "the inventory matches compose", {"AG502"}},
       Lists::release, Scope::any, {},
       {{"inventory"}, {"compose", "drift", "match", "in sync", "up to date"}}, Special::none,
       {"file", "docker", "listed", "sync", "up", "date", "between", "and"}},
      // Operations.
      {{"dependants wait for healthy services", "depends_on waits until a service is healthy", {"AG302"}},
       Lists::release, Scope::any, {},
       {{"depend", "dependency", "dependant", "dependent", "start"}, {"healthy"}}, Special::none,
       {"on", "wait", "until", "after", "condition", "become", "their", "they"}},
      {{"healthcheck", "every service has a healthcheck", {"AG301", "AG303"}},
       Lists::release, Scope::any, {},
       {{"healthcheck", "health check", "health endpoint", "health probe", "health", "readiness", "liveness"}},
       Special::none,
       {"check", "endpoint", "probe", "http", "route", "path", "compose", "docker", "dockerfile", "container",
        "get"}},
      {{"logs with x-request-id (AG307 checks the code handles x-request-id, not the log format)",
        "every service has logs", {"AG307"}},
       Lists::release, Scope::any, {},
       {{"log", "logging", "logger", "x request id", "request id", "correlation id", "correlation", "trace id",
         "tracing"}},
       Special::none,
       {"structured", "json", "x", "request", "id", "correlation", "trace", "carry", "carrying", "header",
        "propagate", "propagated", "forward", "forwarded"}},
      {{"tests", "every service has tests", {"AG306"}},
       Lists::release, Scope::any, {}, {{"test", "tested", "testing"}}, Special::none,
       {"unit", "contract", "integration", "automated", "suite"}},
      {{"migrations can be rolled back", "every migration has a down migration", {"AG304"}},
       Lists::release, Scope::any, {},
       {{"migration", "schema change"},
        {"rollback", "roll back", "rolled back", "down", "revert", "reversible", "undo", "reverse"}},
       Special::none,
       {"schema", "change", "roll", "back", "rolled", "file", "script", "counterpart", "note", "or"}},
      {{"applied migrations are never edited", "applied migrations are never edited", {"AG308"}},
       Lists::release, Scope::any, {},
       {{"migration"}, {"edit", "edited", "change", "changed", "modify", "modified", "rewrite", "rewritten",
                        "immutable", "applied"}},
       Special::none, {"once", "after", "released", "deployed", "merged", "that", "which"}},
      {{"rollback notes", "every service has rollback notes", {"AG304", "AG305"}},
       Lists::release, Scope::any, {},
       {{"rollback", "roll back", "revert", "undo"}}, Special::none,
       {"roll", "back", "runbook", "note", "plan", "procedure", "documentation", "documented", "instruction", "step",
        "guide", "readme", "how", "section"}},
      {{"no breaking API changes", "no breaking API changes", {"AG404"}},
       Lists::release, Scope::any, {},
       {{"breaking", "compatible", "compatibility", "backward", "backwards"}}, Special::none,
       {"api", "contract", "openapi", "change", "client", "without", "stay", "remain", "keep", "release"}},
      {{"error responses are documented", "every operation documents its 4xx error responses", {"AG406"}},
       Lists::release, Scope::any, {},
       {{"error response", "failure response", "4xx", "error status", "error code", "failure path",
         "error path"}},
       Special::none,
       {"error", "failure", "response", "status", "code", "path", "document", "documented", "operation",
        "endpoint", "declare", "declared", "api", "contract", "openapi"}},
      {{"every service has a contract", "every service has an OpenAPI contract", {"AG405"}},
       Lists::release, Scope::any, {},
       {{"openapi", "contract", "api spec", "api specification", "api description", "api definition",
         "swagger"}},
       Special::none,
       {"api", "spec", "specification", "description", "definition", "published", "public", "file",
        "document", "documented"}},
  };
  return entries;
}

// Words any obligation may use around its keywords: "every service must have".
const std::set<std::string>& common_words() {
  static const std::set<std::string> words = [] {
    std::set<std::string> w;
    for (std::string_view x : {"every", "each", "all", "service", "gateway", "worker", "has", "have", "had",
                               "need", "require", "required", "ship", "provide", "include", "come", "with",
                               "at", "least", "own", "up", "one", "per", "there", "is", "are", "be", "been",
                               "that", "which", "where", "when", "as", "well", "both", "this", "we", "our",
                               "its", "their"})
      w.insert(stem_of(std::string(x)));
    return w;
  }();
  return words;
}

// Words that carry no object of their own: a part made only of these (and of
// the table's verbs) belongs to the next part ("read and write X tables").
const std::set<std::string>& filler() {
  static const std::set<std::string> words = [] {
    std::set<std::string> w = {"the", "a", "an", "any", "no", "not", "never", "must", "should", "shall",
                               "will", "may", "can", "do", "doe", "don", "t", "be", "is", "are", "it",
                               "its", "their", "to", "of", "in", "on", "for", "with", "by", "from",
                               "directly", "ever", "also", "only", "itself", "them", "either"};
    for (const auto& e : table())
      for (auto v : e.verbs) w.insert(stem_of(std::string(v)));
    return w;
  }();
  return words;
}

// ---------------------------------------------------------------------------
// Matching

struct Subject {
  const Inventory& inventory;
  const InventoryService* service;  // the mustNot's service; null for releaseRules
  bool gateway = false;             // the gateway scope applies
};

// A service's name as words, and its name without a trailing "service",
// "svc", "api", "app" or "server" ("inventory" for inventory-service).
std::vector<std::string> names_of(const InventoryService& s) {
  std::vector<std::string> out = {s.name};
  Words w = words_of(s.name, false);
  while (w.size() > 1) {
    const std::string& last = w.back().stem;
    if (last != "service" && last != "svc" && last != "api" && last != "app" && last != "server") break;
    w.pop_back();
    std::string shorter;
    for (const auto& x : w) shorter += (shorter.empty() ? "" : " ") + x.stem;
    out.push_back(shorter);
  }
  return out;
}

bool mentions(Range part, const InventoryService& s) {
  for (const auto& name : names_of(s))
    if (has_phrase(part, name)) return true;
  return false;
}

bool names_table_of(Range part, const InventoryService& s) {
  for (const auto& t : s.owns) {
    std::string_view name = t.value;
    std::size_t dot = name.rfind('.');
    if (dot != std::string_view::npos) name.remove_prefix(dot + 1);
    if (has_phrase(part, name)) return true;
  }
  return false;
}

bool is_subject(const Subject& subject, const InventoryService& s) {
  return subject.service && subject.service->name == s.name;
}

bool names_other_data(Range part, const Subject& subject) {
  bool data_noun = has_any(part, kDataNouns);
  if (data_noun && has_any(part, {"other", "another", "foreign"})) return true;
  for (const auto& s : subject.inventory.services) {
    if (is_subject(subject, s)) continue;
    if (names_table_of(part, s)) return true;
    if (data_noun && mentions(part, s)) return true;
  }
  return false;
}

std::optional<SentencePart> call_other(Range part, const Subject& subject) {
  if (!subject.service) return std::nullopt;
  const InventoryService& me = *subject.service;
  auto allowed = [&](const std::string& name) {
    return std::any_of(me.may_call.begin(), me.may_call.end(), [&](const auto& c) { return c.value == name; });
  };
  SentencePart out;
  std::vector<std::string> permitted;
  bool named = false;
  for (const auto& s : subject.inventory.services) {
    if (is_subject(subject, s) || !mentions(part, s)) continue;
    named = true;
    if (allowed(s.name)) permitted.push_back(s.name);
  }
  if (!named && has_any(part, {"other service", "another service", "any service"})) {
    named = true;
    for (const auto& c : me.may_call) permitted.push_back(c.value);
  }
  if (!named) return std::nullopt;
  if (permitted.empty()) {
    out.rules = {"AG402"};
    return out;
  }
  std::string list;
  for (const auto& p : permitted) list += (list.empty() ? "" : ", ") + p;
  out.reason = list + (permitted.size() == 1 ? " is" : " are") + " in " + me.name +
               "'s mayCall, so AG402 allows the call";
  return out;
}

bool only_known_words(const Entry& e, Range part) {
  std::set<std::string> known;
  for (auto v : e.vocabulary) known.insert(stem_of(std::string(v)));
  for (const auto& group : e.groups)
    for (auto phrase : group)
      for (const auto& w : words_of(phrase, false)) known.insert(w.stem);
  for (const Word* w = part.begin; w != part.end; ++w) {
    if (!in_set(known, w->stem) && !in_set(filler(), w->stem) && !in_set(common_words(), w->stem)) return false;
  }
  return true;
}

bool applies(const Entry& e, const Subject& subject) {
  if (e.lists == Lists::release && subject.service) return false;
  if (e.lists == Lists::must_not && !subject.service) return false;
  if (e.scope == Scope::gateway && !subject.gateway) return false;
  return true;
}

// The entry's verdict on one part; `before` is the sentence up to the part's
// end, where a verb may stand.
std::optional<SentencePart> try_entry(const Entry& e, Range part, Range before, bool look_back,
                                      const Subject& subject) {
  if (!e.verbs.empty() && !has_any(look_back ? before : part, e.verbs)) return std::nullopt;
  for (const auto& group : e.groups)
    if (!has_any(part, group)) return std::nullopt;
  if (!e.vocabulary.empty() && !only_known_words(e, part)) return std::nullopt;
  switch (e.special) {
    case Special::none: break;
    case Special::other_data:
      if (!names_other_data(part, subject)) return std::nullopt;
      break;
    case Special::call_other: return call_other(part, subject);
  }
  SentencePart out;
  out.rules = e.doc.rules;
  return out;
}

SentencePart match_part(Range part, Range before, const Subject& subject) {
  for (bool look_back : {false, true}) {
    for (const auto& e : table()) {
      if (!applies(e, subject)) continue;
      if (look_back && e.verbs.empty()) continue;
      if (auto found = try_entry(e, part, before, look_back, subject)) return *found;
    }
  }
  return {};
}

bool only_filler(Range r) {
  for (const Word* w = r.begin; w != r.end; ++w)
    if (!in_set(filler(), w->stem)) return false;
  return true;
}

SentenceMatch match(std::string_view sentence, const Subject& subject) {
  Words words = words_of(sentence, true);
  std::vector<Range> parts;
  const Word* start = words.data();
  const Word* end = words.data() + words.size();
  for (const Word* w = start; w != end; ++w) {
    if (!w->stem.empty()) continue;
    if (w != start) parts.push_back({start, w});
    start = w + 1;
  }
  if (start != end) parts.push_back({start, end});
  // A part with no object of its own joins the next one (or the previous one
  // at the end): "read and write inventory tables".
  std::vector<Range> merged;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (only_filler(parts[i]) && i + 1 < parts.size()) {
      parts[i + 1].begin = parts[i].begin;
      continue;
    }
    if (only_filler(parts[i]) && !merged.empty()) {
      merged.back().end = parts[i].end;
      continue;
    }
    merged.push_back(parts[i]);
  }
  SentenceMatch out;
  for (const auto& part : merged) {
    SentencePart p = match_part(part, Range{words.data(), part.end}, subject);
    p.text = std::string(sentence.substr(part.begin->begin, (part.end - 1)->end - part.begin->begin));
    out.parts.push_back(std::move(p));
  }
  return out;
}

bool names_a_gateway(std::string_view sentence, const Inventory& inventory) {
  Words words = words_of(sentence, false);
  Range all{words.data(), words.data() + words.size()};
  if (has_phrase(all, "gateway")) return true;
  for (const auto& s : inventory.services)
    if (s.kind == ServiceKind::gateway && mentions(all, s)) return true;
  return false;
}

}  // namespace

std::vector<std::string_view> SentenceMatch::rules() const {
  std::vector<std::string_view> out;
  for (const auto& p : parts)
    for (auto r : p.rules)
      if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
  return out;
}

const std::vector<ReleasePhrasing>& release_phrasings() {
  static const std::vector<ReleasePhrasing> docs = [] {
    std::vector<ReleasePhrasing> out;
    for (const auto& e : table()) out.push_back(e.doc);
    return out;
  }();
  return docs;
}

SentenceMatch match_release_rule(std::string_view sentence, const Inventory& inventory) {
  Subject subject{inventory, nullptr, names_a_gateway(sentence, inventory)};
  return match(sentence, subject);
}

SentenceMatch match_must_not(std::string_view sentence, const InventoryService& service,
                             const Inventory& inventory) {
  Subject subject{inventory, &service, service.kind == ServiceKind::gateway};
  return match(sentence, subject);
}

}  // namespace archgate
