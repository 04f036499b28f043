// What keeps a hostile contract from making std::regex and valijson run
// without bound (see "Regexes" and "Bounds" at the top of
// schema_adapter.cpp): patterns that could backtrack, $ref cycles that never
// descend into the value, nesting deeper than the parser's stack, and
// validations that visit too many subschemas or take too long.
#include "verify/schema_internal.h"

#include <pthread.h>

#include <algorithm>
#include <exception>
#include <new>
#include <regex>
#include <utility>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/constraint_builder.hpp>
#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>

namespace archgate::verify {

namespace {

constexpr std::size_t kMaxPatternLength = 1000;

}  // namespace

// ---------------------------------------------------------------------------
// Regexes: can std::regex run this pattern safely?

std::optional<std::string> pattern_problem(const std::string& pattern) {
  if (pattern.size() > kMaxPatternLength) {
    return "longer than " + std::to_string(kMaxPatternLength) + " characters";
  }
  try {
    std::regex re(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return std::string("not a regular expression std::regex reads (") + e.what() + ")";
  }
  // A repeated group that holds a quantifier or an alternation.
  struct Group {
    bool inner = false;  // holds a quantifier or '|'
  };
  std::vector<Group> groups;
  bool last_group_inner = false;  // the atom just closed was a group with inner repetition
  bool last_was_group = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    bool closed_group = false;
    if (c == '\\') {
      ++i;
    } else if (c == '[') {
      ++i;
      if (i < pattern.size() && pattern[i] == '^') ++i;
      if (i < pattern.size() && pattern[i] == ']') ++i;
      while (i < pattern.size() && pattern[i] != ']') {
        if (pattern[i] == '\\') ++i;
        ++i;
      }
    } else if (c == '(') {
      groups.push_back({});
    } else if (c == ')') {
      if (!groups.empty()) {
        last_group_inner = groups.back().inner;
        groups.pop_back();
        closed_group = true;
      }
    } else if (c == '|') {
      if (!groups.empty()) groups.back().inner = true;
    } else if (c == '*' || c == '+' || c == '?' || c == '{') {
      bool repeats = c != '?';
      if (c == '{') {
        std::size_t close = pattern.find('}', i);
        std::string body = close == std::string::npos ? "" : pattern.substr(i + 1, close - i - 1);
        // {n} with n <= 1 and {0,1} do not repeat.
        repeats = !(body == "0" || body == "1" || body == "0,1" || body == "1,1" || body == "0,0");
        if (close != std::string::npos) i = close;
      }
      if (last_was_group && last_group_inner && repeats) {
        return "a repeated group holds a quantifier or an alternation (std::regex could backtrack for an "
               "exponential time)";
      }
      if (!groups.empty()) groups.back().inner = true;
      if (last_was_group && last_group_inner && !groups.empty()) groups.back().inner = true;
    }
    if (closed_group) {
      last_was_group = true;
      if (last_group_inner && !groups.empty()) groups.back().inner = true;
    } else if (c != '*' && c != '+' && c != '?' && c != '{' && c != '}') {
      last_was_group = false;
    }
  }
  return std::nullopt;
}

namespace {

// ---------------------------------------------------------------------------
// Walking the subschemas of a draft-7 document (ours: no $id, no remote refs)

template <typename Json, typename F>
void for_each_subschema(Json& root, F&& f) {
  std::vector<Json*> stack{&root};
  while (!stack.empty()) {
    Json* s = stack.back();
    stack.pop_back();
    if (!s->is_object()) continue;
    f(*s);
    auto push = [&](Json& v) {
      if (v.is_object()) stack.push_back(&v);
    };
    auto push_members = [&](const char* key) {
      auto it = s->find(key);
      if (it == s->end()) return;
      if (it->is_array()) {
        for (auto& m : *it) push(m);
      } else if (it->is_object()) {
        push(*it);
      }
    };
    auto push_values = [&](const char* key) {
      auto it = s->find(key);
      if (it == s->end() || !it->is_object()) return;
      for (auto& [k, v] : it->items()) push(v);
    };
    push_values("properties");
    push_values("patternProperties");
    push_values("dependencies");
    push_values("definitions");
    for (const char* key : {"additionalProperties", "items", "additionalItems", "contains", "propertyNames", "not",
                            "if", "then", "else", "allOf", "anyOf", "oneOf"}) {
      push_members(key);
    }
  }
}

// ---------------------------------------------------------------------------
// The shape of the compiled document: same-value $ref cycles, and how deep
// the parser and the validator will recurse.

// The subschemas applied to the same value as `s` (not descending into it).
template <typename Json, typename F>
void same_value_members(Json& s, F&& f) {
  if (!s.is_object()) return;
  for (const char* key : {"allOf", "anyOf", "oneOf"}) {
    auto it = s.find(key);
    if (it != s.end() && it->is_array()) {
      for (auto& m : *it) f(m);
    }
  }
  for (const char* key : {"not", "if", "then", "else"}) {
    auto it = s.find(key);
    if (it != s.end()) f(*it);
  }
  if (auto it = s.find("dependencies"); it != s.end() && it->is_object()) {
    for (auto& [k, v] : it->items()) {
      if (v.is_object() || v.is_boolean()) f(v);
    }
  }
}

// Every subschema of `s` that is applied to a child value (one step down).
template <typename Json, typename F>
void child_value_members(Json& s, F&& f) {
  if (!s.is_object()) return;
  for (const char* key : {"properties", "patternProperties"}) {
    auto it = s.find(key);
    if (it != s.end() && it->is_object()) {
      for (auto& [k, v] : it->items()) f(v);
    }
  }
  for (const char* key : {"additionalProperties", "additionalItems", "contains", "propertyNames"}) {
    auto it = s.find(key);
    if (it != s.end()) f(*it);
  }
  if (auto it = s.find("items"); it != s.end()) {
    if (it->is_array()) {
      for (auto& m : *it) f(m);
    } else {
      f(*it);
    }
  }
}

}  // namespace

std::optional<std::string> definition_name(const json& s) {
  if (!s.is_object()) return std::nullopt;
  auto it = s.find("$ref");
  if (it == s.end() || !it->is_string()) return std::nullopt;
  const std::string& ref = it->get_ref<const std::string&>();
  static constexpr std::string_view prefix = "#/definitions/";
  if (ref.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  return ref.substr(prefix.size());
}

// Replaces the $ref closing each same-value cycle with `true`.
void Shape::break_same_value_cycles() {
  json* defs = definitions();
  if (!defs) return;
  // Edges: definition -> (ref object, target) reachable through same-value keywords.
  std::map<std::string, std::vector<std::pair<json*, std::string>>> edges;
  for (auto& [name, schema] : defs->items()) {
    auto& list = edges[name];
    std::vector<json*> stack{&schema};
    std::size_t guard = 0;
    while (!stack.empty() && ++guard < 1'000'000) {
      json* s = stack.back();
      stack.pop_back();
      if (auto target = definition_name(*s)) {
        list.emplace_back(s, *target);
        continue;
      }
      same_value_members(*s, [&](json& m) { stack.push_back(&m); });
    }
  }
  // Iterative DFS with colours; a grey target is a back edge.
  std::map<std::string, int> colour;  // 0 white, 1 grey, 2 black
  for (auto& [start, unused] : edges) {
    if (colour[start] != 0) continue;
    std::vector<std::pair<std::string, std::size_t>> stack{{start, 0}};
    colour[start] = 1;
    while (!stack.empty()) {
      auto& [name, next] = stack.back();
      auto& out = edges[name];
      if (next >= out.size()) {
        colour[name] = 2;
        stack.pop_back();
        continue;
      }
      auto [ref, target] = out[next++];
      int c = colour[target];
      if (c == 1) {
        Span span = span_of((*defs)[name]);
        notes_.push_back({"a $ref cycle that never descends into the value (allOf/anyOf/oneOf/not/if): "
                          "the repeated part is not checked",
                          span});
        *ref = true;
      } else if (c == 0) {
        colour[target] = 1;
        stack.emplace_back(target, 0);
      }
    }
  }
}

// The longest chain of subschemas applied to one value, $refs followed
// (after break_same_value_cycles: a DAG).
std::size_t Shape::same_value_depth() {
  std::map<std::string, std::size_t> memo;
  return depth_of(doc_, memo, 0);
}

// An upper bound of the parser's recursion: the longest path through
// nested schemas and $refs, each strongly connected group of definitions
// counted as the sum of its members' nesting.
std::size_t Shape::parse_depth() {
  json* defs = definitions();
  std::vector<std::string> names;
  std::map<std::string, std::size_t> id;
  if (defs) {
    for (auto& [name, schema] : defs->items()) {
      id[name] = names.size();
      names.push_back(name);
    }
  }
  std::size_t count = names.size();
  std::vector<std::size_t> nesting(count + 1, 0);
  std::vector<std::vector<std::size_t>> out(count + 1);
  auto scan = [&](json& schema, std::size_t self) {
    // (value, depth) pairs; every nested schema object adds one level.
    std::vector<std::pair<json*, std::size_t>> stack{{&schema, 1}};
    while (!stack.empty()) {
      // Not a structured binding: clang 14 (the fuzz build) cannot capture one.
      json* s = stack.back().first;
      std::size_t depth = stack.back().second;
      stack.pop_back();
      nesting[self] = std::max(nesting[self], depth);
      if (auto target = definition_name(*s)) {
        auto it = id.find(*target);
        if (it != id.end()) out[self].push_back(it->second);
        continue;
      }
      auto push = [&](json& m) { stack.emplace_back(&m, depth + 1); };
      same_value_members(*s, push);
      child_value_members(*s, push);
    }
  };
  if (defs) {
    for (auto& [name, schema] : defs->items()) scan(schema, id[name]);
  }
  scan(doc_, count);  // the root, which nothing refers to
  // Tarjan's SCCs, iteratively.
  std::vector<long> index(count + 1, -1), low(count + 1, 0), comp(count + 1, -1);
  std::vector<char> on(count + 1, 0);
  std::vector<std::size_t> st;
  long counter = 0, comps = 0;
  for (std::size_t root = 0; root <= count; ++root) {
    if (index[root] != -1) continue;
    std::vector<std::pair<std::size_t, std::size_t>> call{{root, 0}};
    while (!call.empty()) {
      auto& [v, i] = call.back();
      if (i == 0 && index[v] == -1) {
        index[v] = low[v] = counter++;
        st.push_back(v);
        on[v] = 1;
      }
      if (i < out[v].size()) {
        std::size_t w = out[v][i++];
        if (index[w] == -1) {
          call.emplace_back(w, 0);
        } else if (on[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      if (low[v] == index[v]) {
        while (true) {
          std::size_t w = st.back();
          st.pop_back();
          on[w] = 0;
          comp[w] = comps;
          if (w == v) break;
        }
        ++comps;
      }
      std::size_t finished = v;
      call.pop_back();
      if (!call.empty()) low[call.back().first] = std::min(low[call.back().first], low[finished]);
    }
  }
  // Tarjan numbers components in reverse topological order: successors first.
  std::vector<std::size_t> weight(static_cast<std::size_t>(comps), 0), best(static_cast<std::size_t>(comps), 0);
  std::vector<std::vector<std::size_t>> members(static_cast<std::size_t>(comps));
  for (std::size_t v = 0; v <= count; ++v) {
    weight[static_cast<std::size_t>(comp[v])] += nesting[v];
    members[static_cast<std::size_t>(comp[v])].push_back(v);
  }
  std::size_t result = 0;
  for (std::size_t c = 0; c < static_cast<std::size_t>(comps); ++c) {
    std::size_t tail = 0;
    for (std::size_t v : members[c]) {
      for (std::size_t w : out[v]) {
        auto cw = static_cast<std::size_t>(comp[w]);
        if (cw != c) tail = std::max(tail, best[cw]);
      }
    }
    best[c] = weight[c] + tail;
    result = std::max(result, best[c]);
  }
  return result;
}

json* Shape::definitions() {
  auto it = doc_.find("definitions");
  return it != doc_.end() && it->is_object() ? &*it : nullptr;
}

Span Shape::span_of(const json& s) const {
  if (s.is_object()) {
    auto it = s.find("x-archgate-at");
    if (it != s.end() && it->is_number_unsigned() && it->get<std::size_t>() < spans_.size()) {
      return spans_[it->get<std::size_t>()];
    }
  }
  return {};
}

// Iterative over inline nesting, recursive over definitions (memoised; a
// DAG after cycle breaking, and each definition is entered once).
std::size_t Shape::depth_of(json& schema, std::map<std::string, std::size_t>& memo, std::size_t guard) {
  if (guard > kMaxSameValueDepth) return kMaxSameValueDepth + 1;  // refused anyway
  std::size_t best = 0;
  std::vector<std::pair<json*, std::size_t>> stack{{&schema, 1}};
  while (!stack.empty()) {
    json* s = stack.back().first;  // not a structured binding: clang 14 cannot capture one
    std::size_t depth = stack.back().second;
    stack.pop_back();
    best = std::max(best, depth);
    if (auto target = definition_name(*s)) {
      auto it = memo.find(*target);
      std::size_t d;
      if (it != memo.end()) {
        d = it->second;
      } else {
        json* defs = definitions();
        auto def = defs ? defs->find(*target) : json::iterator{};
        if (!defs || def == defs->end()) continue;
        memo[*target] = 0;  // a cycle cannot remain here; guard anyway
        d = depth_of(*def, memo, guard + 1);
        memo[*target] = d;
      }
      best = std::max(best, depth - 1 + d);  // valijson enters the target directly
      continue;
    }
    same_value_members(*s, [&](json& m) { stack.emplace_back(&m, depth + 1); });
  }
  return best;
}

// ---------------------------------------------------------------------------
// valijson: a counting constraint, parsing

thread_local WorkBudget* tl_budget = nullptr;

namespace {

class CountVisit final : public valijson::constraints::PolyConstraint {
 public:
  bool validate(const valijson::adapters::Adapter&, const std::vector<std::string>&,
                valijson::ValidationResults*) const override {
    if (!tl_budget) return true;
    if (++tl_budget->used > tl_budget->limit) throw WorkExceeded{};
    if (tl_budget->used % 1024 == 0 && std::chrono::steady_clock::now() > tl_budget->deadline) throw WorkExceeded{};
    return true;
  }

 private:
  Constraint* cloneInto(void* where) const override { return new (where) CountVisit(*this); }
  std::size_t sizeOf() const override { return sizeof(CountVisit); }
};

class CountVisitBuilder final : public valijson::ConstraintBuilder {
 public:
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter&) const override {
    return new CountVisit();
  }
};

constexpr const char* kCountKey = "x-archgate-count";

}  // namespace

// What valijson is given: json() with a counting member first in every
// translated subschema (allOf is the first constraint valijson applies).
json counted(const json& doc) {
  json copy = doc;
  for_each_subschema(copy, [](json& s) {
    if (!s.contains("x-archgate-at")) return;
    json all = json::array({json{{kCountKey, true}}});
    if (auto it = s.find("allOf"); it != s.end() && it->is_array()) {
      for (auto& m : *it) all.push_back(std::move(m));
    }
    s["allOf"] = std::move(all);
  });
  return copy;
}

// The document without regexes (format patterns included); false when it had none.
bool strip_patterns(json& doc) {
  bool changed = false;
  for_each_subschema(doc, [&](json& s) {
    if (s.erase("pattern")) changed = true;
    if (s.erase("format")) changed = true;
    if (s.erase("patternProperties")) {
      s.erase("additionalProperties");  // what the patterns matched must not become "additional"
      changed = true;
    }
  });
  return changed;
}

void parse_into(const json& doc, valijson::Schema& schema) {
  valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
  parser.addConstraintBuilder(kCountKey, new CountVisitBuilder());
  valijson::adapters::NlohmannJsonAdapter adapter(doc);
  parser.populateSchema(adapter, schema);
}

// Runs `work` on a thread with a stack of `bytes`; false when no such thread
// could be made (the work did not run). Exceptions come back to the caller.
bool run_with_stack(std::size_t bytes, const std::function<void()>& work) {
  struct Context {
    const std::function<void()>* work;
    std::exception_ptr error;
  } context{&work, nullptr};
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) return false;
  pthread_t thread;
  bool made = pthread_attr_setstacksize(&attr, bytes) == 0 &&
              pthread_create(
                  &thread, &attr,
                  [](void* p) -> void* {
                    auto* c = static_cast<Context*>(p);
                    try {
                      (*c->work)();
                    } catch (...) {
                      c->error = std::current_exception();
                    }
                    return nullptr;
                  },
                  &context) == 0;
  pthread_attr_destroy(&attr);
  if (!made) return false;
  pthread_join(thread, nullptr);
  if (context.error) std::rethrow_exception(context.error);
  return true;
}

}  // namespace archgate::verify
