#include "base/shared_path.h"

#include <array>
#include <mutex>
#include <ostream>
#include <unordered_set>

#include "base/hash.h"

namespace archgate {

namespace {

// The table is split so that loader threads interning at once rarely wait on
// each other; a set's nodes never move, so the strings stay where they are.
struct Shard {
  std::mutex mutex;
  std::unordered_set<std::string, StringHash, std::equal_to<>> strings;
};
constexpr std::size_t kShards = 32;

std::array<Shard, kShards>& shards() {
  // Never destroyed: spans may still point here while statics are torn down.
  static auto* table = new std::array<Shard, kShards>();
  return *table;
}

}  // namespace

const std::string& SharedPath::empty_string() noexcept {
  static const std::string empty;
  return empty;
}

const std::string* SharedPath::intern(std::string_view path) {
  if (path.empty()) return &empty_string();
  // A task names the same few files over and over: look at the last ones it
  // interned before taking a lock.
  thread_local std::array<const std::string*, 4> recent{};
  thread_local std::size_t next = 0;
  for (const std::string* s : recent)
    if (s && *s == path) return s;
  std::size_t hash = StringHash{}(path);
  Shard& shard = shards()[hash % kShards];
  const std::string* found;
  {
    std::lock_guard<std::mutex> lock(shard.mutex);
    auto it = shard.strings.find(path);
    if (it == shard.strings.end()) it = shard.strings.emplace(path).first;
    found = &*it;
  }
  recent[next] = found;
  next = (next + 1) % recent.size();
  return found;
}

std::string SharedPath::concat(std::string_view a, std::string_view b) {
  std::string out;
  out.reserve(a.size() + b.size());
  out.append(a);
  out.append(b);
  return out;
}

std::ostream& operator<<(std::ostream& out, const SharedPath& p) { return out << p.str(); }

}  // namespace archgate
