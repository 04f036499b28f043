#include "base/parse_memo.h"

#include <atomic>
#include <vector>

namespace archgate {

namespace {

std::atomic<bool> g_enabled{false};

struct Registry {
  std::mutex mutex;
  std::vector<void (*)()> clears;
};

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

void detail::register_parse_memo(void (*clear)()) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.clears.push_back(clear);
}

void set_parse_memo_enabled(bool enabled) {
  g_enabled = enabled;
  if (enabled) return;
  std::vector<void (*)()> clears;
  {
    Registry& r = registry();
    std::lock_guard<std::mutex> lock(r.mutex);
    clears = r.clears;
  }
  for (auto clear : clears) clear();
}

bool parse_memo_enabled() { return g_enabled; }

}  // namespace archgate
