// Two-sided runs (`check --staged`, `check --base`) build two models of
// nearly the same files: the checked side and the base side. The parsers
// (YAML, JSON, SQL) are pure functions of their input, so while such a run is
// on their results are remembered by exact input (the whole text, compared
// byte for byte, not a hash) and the second side parses only the files that
// changed. Off by default: a one-sided run would only pay memory for it.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "base/bury.h"

namespace archgate {

// Turns memoisation on or off for every parser; turning it off forgets
// everything remembered (without freeing it: see base/bury.h).
void set_parse_memo_enabled(bool enabled);
bool parse_memo_enabled();

namespace detail {
void register_parse_memo(void (*clear)());
}  // namespace detail

// One memo per parser: `Result` is the parser's return type.
template <typename Result>
class ParseMemo {
 public:
  // A parser's memo: `static` inside the parser, so one per process.
  static ParseMemo& instance() {
    static ParseMemo memo;
    return memo;
  }

  // The remembered result for `key`, or null.
  std::shared_ptr<const Result> find(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : it->second;
  }
  void store(std::string key, Result result) {
    auto shared = std::make_shared<const Result>(std::move(result));
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.emplace(std::move(key), std::move(shared));
  }

  // Runs `parse` unless the same input was parsed before; returns a copy.
  template <typename Parse>
  Result remember(std::string key, Parse&& parse) {
    if (!parse_memo_enabled()) return parse();
    if (auto hit = find(key)) return *hit;
    Result result = parse();
    store(std::move(key), result);
    return result;
  }

 private:
  ParseMemo() {
    detail::register_parse_memo([] {
      auto& memo = instance();
      auto forgotten = std::make_unique<Entries>();
      std::lock_guard<std::mutex> lock(memo.mutex_);
      forgotten->swap(memo.entries_);
      bury(std::move(forgotten));
    });
  }

  using Entries = std::unordered_map<std::string, std::shared_ptr<const Result>>;
  std::mutex mutex_;
  Entries entries_;
};

}  // namespace archgate
