#include "base/shared_path.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <ostream>
#include <vector>

#include "base/hash.h"

namespace archgate {

namespace {

// The interned strings: one table per shard, so that loader threads adding
// strings at once rarely wait on each other. Decoding a cached model looks up
// hundreds of thousands of strings that are already there, so a lookup takes
// no lock: a table is open addressing over pointers to immutable entries, an
// entry is published with one release store into an empty slot, and a table
// that grows is replaced, never freed, so a reader still probing the old one
// reads valid memory (and, missing there, looks again under the lock).
struct Entry {
  std::size_t hash;
  std::string text;
};

struct Table {
  explicit Table(std::size_t capacity) : mask(capacity - 1), slots(new std::atomic<const Entry*>[capacity]) {
    for (std::size_t i = 0; i < capacity; ++i) slots[i].store(nullptr, std::memory_order_relaxed);
  }
  std::size_t mask;  // capacity - 1, a power of two
  std::unique_ptr<std::atomic<const Entry*>[]> slots;
};

constexpr std::size_t kShardBits = 5;  // the shard is the hash's top bits, the slot its low ones
constexpr std::size_t kShards = std::size_t{1} << kShardBits;
constexpr std::size_t kFirstCapacity = 256;

struct Shard {
  std::atomic<const Table*> table{nullptr};
  std::mutex mutex;  // for adding
  std::vector<std::unique_ptr<const Table>> tables;  // the current one last; older ones stay readable
  std::vector<std::unique_ptr<const Entry>> entries;
};

std::array<Shard, kShards>& shards() {
  // Never destroyed: spans may still point here while statics are torn down.
  static auto* all = [] {
    auto* made = new std::array<Shard, kShards>();
    for (Shard& shard : *made) {
      shard.tables.push_back(std::make_unique<const Table>(kFirstCapacity));
      shard.table.store(shard.tables.back().get(), std::memory_order_release);
    }
    return made;
  }();
  return *all;
}

const Entry* find(const Table& table, std::size_t hash, std::string_view text) {
  for (std::size_t i = hash & table.mask;; i = (i + 1) & table.mask) {
    const Entry* e = table.slots[i].load(std::memory_order_acquire);
    if (!e) return nullptr;
    if (e->hash == hash && e->text == text) return e;
  }
}

void place(const Table& table, const Entry* entry) {
  std::size_t i = entry->hash & table.mask;
  while (table.slots[i].load(std::memory_order_relaxed)) i = (i + 1) & table.mask;
  table.slots[i].store(entry, std::memory_order_release);
}

}  // namespace

const std::string* SharedPath::intern(std::string_view path) {
  if (path.empty()) return &kEmpty;
  // A task names the same few files over and over: look at the last ones it
  // interned before hashing.
  thread_local std::array<const std::string*, 4> recent{};
  thread_local std::size_t next = 0;
  for (const std::string* s : recent)
    if (s && *s == path) return s;
  std::size_t hash = StringHash{}(path);
  Shard& shard = shards()[hash >> (sizeof(std::size_t) * 8 - kShardBits)];
  const Entry* found = find(*shard.table.load(std::memory_order_acquire), hash, path);
  if (!found) {
    std::lock_guard<std::mutex> lock(shard.mutex);
    const Table* table = shard.table.load(std::memory_order_relaxed);
    found = find(*table, hash, path);
    if (!found) {
      if ((shard.entries.size() + 1) * 2 > table->mask + 1) {  // at most half full
        auto grown = std::make_unique<const Table>((table->mask + 1) * 2);
        for (const auto& e : shard.entries) place(*grown, e.get());
        table = grown.get();
        shard.tables.push_back(std::move(grown));
        shard.table.store(table, std::memory_order_release);
      }
      shard.entries.push_back(std::make_unique<const Entry>(Entry{hash, std::string(path)}));
      found = shard.entries.back().get();
      place(*table, found);
    }
  }
  recent[next] = &found->text;
  next = (next + 1) % recent.size();
  return &found->text;
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
