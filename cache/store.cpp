#include "cache/store.h"

#include "base/parallel.h"
#include "sources/file_source.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <random>

namespace archgate {

namespace fs = std::filesystem;

namespace {

constexpr char kMagic[4] = {'A', 'G', 'C', '1'};
constexpr std::size_t kHeader = sizeof kMagic + 20 + 8 + 8;
constexpr std::uint64_t kMaxEntry = 256ull * 1024 * 1024;
// SQLite's page cache (PRAGMA cache_size, negative = KiB), for reading and
// writing alike.
constexpr const char* kPageCache = "PRAGMA cache_size=-2048";
// Entries of other builds are removed once nothing wrote them for
// kKeepOtherBuilds seconds, looked for at most every kPruneEvery seconds.
constexpr std::int64_t kKeepOtherBuilds = 7 * 24 * 3600;
constexpr std::int64_t kPruneEvery = 24 * 3600;

void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}
std::uint64_t get_u64(std::string_view in) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<std::uint8_t>(in[static_cast<std::size_t>(i)]);
  return v;
}
std::uint64_t checksum(std::string_view payload) { return std::hash<std::string_view>{}(payload); }

// The whole of a regular file, opened without following symlinks and without
// blocking on a FIFO; nullopt for anything else or over `limit` bytes.
std::optional<std::string> read_regular(const std::string& path, std::uint64_t limit) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct ::stat st;
  std::optional<std::string> out;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) <= limit) {
    auto size = static_cast<std::size_t>(st.st_size);
    out = read_up_to(fd, size);
    if (out && out->size() != size) out.reset();  // changed while read
  }
  ::close(fd);
  return out;
}

// A folder of ours: created when missing, never a symlink.
bool own_folder(const std::string& dir, std::string& why_not) {
  struct ::stat st;
  if (::lstat(dir.c_str(), &st) != 0) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (::lstat(dir.c_str(), &st) != 0) {
      why_not = "cannot create " + dir;
      return false;
    }
  }
  if (!S_ISDIR(st.st_mode)) {
    why_not = dir + " is not a folder";
    return false;
  }
  if (st.st_uid != ::geteuid()) {
    why_not = dir + " belongs to another user";
    return false;
  }
  return true;
}

void write_if_missing(const std::string& path, std::string_view text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) return;
  ssize_t n = ::write(fd, text.data(), text.size());
  (void)n;
  ::close(fd);
}

// The secret that salts every key, kept in the user's cache folder.
std::optional<std::string> user_secret(std::string& why_not) {
  std::string base;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/') {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home && *home == '/') {
    base = std::string(home) + "/.cache";
  } else {
    why_not = "neither XDG_CACHE_HOME nor HOME is set, so no cache secret can be kept";
    return std::nullopt;
  }
  std::string dir = base + "/archgate";
  std::error_code ec;
  fs::create_directories(dir, ec);
  std::string path = dir + "/secret";
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (auto text = read_regular(path, 4096); text && text->size() >= 32) return text;
    // Made once: a random secret written aside and linked into place, so two
    // first runs at the same time agree on one secret.
    std::random_device random;
    std::string secret;
    static constexpr char kDigits[] = "0123456789abcdef";
    for (int i = 0; i < 64; ++i) secret += kDigits[random() & 15];
    std::string tmp = path + ".tmp." + std::to_string(::getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) break;
    bool written = ::write(fd, secret.data(), secret.size()) == static_cast<ssize_t>(secret.size());
    ::close(fd);
    if (written) {
      if (::link(tmp.c_str(), path.c_str()) != 0 && errno != EEXIST) written = false;
    }
    ::unlink(tmp.c_str());
    if (!written) break;
  }
  if (auto text = read_regular(path, 4096); text && text->size() >= 32) return text;
  why_not = "cannot keep a cache secret in " + dir;
  return std::nullopt;
}

// SQLite hardened for a database file that may have been planted: no
// following of schema-defined code, no memory mapping, cell checks on.
// A 2 MiB page cache: a run reads each entry once, in key order
// (CacheStore::prefetch), and writes its entries in key order, so a larger
// cache only held a copy of the whole database (40 MiB more fresh memory in a
// --staged run at N=1000, which pages in slowly on the machines measured).
void harden(sqlite3* db) {
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
  sqlite3_exec(db, "PRAGMA mmap_size=0; PRAGMA cell_size_check=ON", nullptr, nullptr, nullptr);
  // No fsync, on every connection (the setting is per connection: the
  // writer's and the closing one's ran with the default, FULL). It is a
  // cache: an operating system crash may lose or damage entries, which read
  // as misses (every entry carries its checksum) or, for a damaged database,
  // turn the cache off until `archgate cache clear`; it can never change a
  // finding. The fsync of the checkpoint when the last connection closed cost
  // every run that stored anything 20-25 ms on the machines measured.
  sqlite3_exec(db, "PRAGMA synchronous=OFF", nullptr, nullptr, nullptr);
  sqlite3_exec(db, kPageCache, nullptr, nullptr, nullptr);
  sqlite3_busy_timeout(db, 2000);
}

sqlite3* open_database(const std::string& path) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return nullptr;
  }
  harden(db);
  return db;
}

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

std::unique_ptr<CacheStore> CacheStore::open(const std::string& dir, std::string_view generation,
                                             std::string& why_not) {
  auto secret = user_secret(why_not);
  if (!secret) return nullptr;
  if (!own_folder(dir, why_not)) return nullptr;
  std::string database = dir + "/cache.sqlite";
  struct ::stat st;
  if (::lstat(database.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    why_not = database + " is not a regular file";
    return nullptr;
  }
  write_if_missing(dir + "/CACHEDIR.TAG",
                   "Signature: 8a477f597d28d172789f06886806bc55\n"
                   "# This folder holds archgate's cache; `archgate cache clear` removes it.\n");
  write_if_missing(dir + "/.gitignore", "# archgate's cache: never commit it\n*\n");
  sqlite3* db = open_database(database);
  if (!db) {
    why_not = "cannot open " + database;
    return nullptr;
  }
  char* error = nullptr;
  int rc = sqlite3_exec(db,
                        "PRAGMA page_size=65536; PRAGMA journal_mode=WAL;"
                        "CREATE TABLE IF NOT EXISTS entries (key BLOB PRIMARY KEY, generation BLOB NOT NULL,"
                        " written INTEGER NOT NULL, payload BLOB NOT NULL) WITHOUT ROWID;"
                        "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;",
                        nullptr, nullptr, &error);
  sqlite3_free(error);
  if (rc != SQLITE_OK) {
    sqlite3_close(db);
    why_not = database + " is not a usable cache (" + (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT ? "damaged" : "busy or unreadable") + ")";
    return nullptr;
  }
  std::unique_ptr<CacheStore> store(
      new CacheStore(dir, database, content_id_of(generation).hex().substr(0, 16), std::move(*secret)));
  store->idle_.push_back({db, nullptr});
  return store;
}

CacheStore::~CacheStore() {
  if (writer_.joinable()) writer_.join();
  for (Connection& c : idle_) {
    sqlite3_finalize(c.select);
    sqlite3_close(c.db);
  }
}

CacheStore::Connection CacheStore::borrow() const {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      Connection c = idle_.back();
      idle_.pop_back();
      return c;
    }
  }
  return {open_database(database_), nullptr};
}

void CacheStore::give_back(Connection c) const {
  if (!c.db) return;
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.push_back(c);
}

void CacheStore::release_memory() const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const Connection& c : idle_) sqlite3_db_release_memory(c.db);
}

CacheKey CacheStore::key(std::string_view material) const {
  std::string salted = secret_;
  salted += '\n';
  salted += material;
  return content_id_of(salted);
}

std::optional<std::string> CacheStore::fetch(const CacheKey& key) const {
  Connection c = borrow();
  if (!c.db) return std::nullopt;
  std::optional<std::string> data;
  if (!c.select) {
    // One read transaction per connection for the whole run: no lock taken
    // and released around every lookup.
    sqlite3_exec(c.db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_prepare_v3(c.db, "SELECT payload FROM entries WHERE key = ?1 AND generation = ?2", -1,
                       SQLITE_PREPARE_PERSISTENT, &c.select, nullptr);
  }
  if (sqlite3_stmt* stmt = c.select) {
    sqlite3_bind_blob(stmt, 1, key.bytes.data(), static_cast<int>(key.bytes.size()), SQLITE_STATIC);
    sqlite3_bind_blob(stmt, 2, generation_.data(), static_cast<int>(generation_.size()), SQLITE_STATIC);
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      const void* blob = sqlite3_column_blob(stmt, 0);
      int size = sqlite3_column_bytes(stmt, 0);
      if (blob && size > 0) data.emplace(static_cast<const char*>(blob), static_cast<std::size_t>(size));
    }
    sqlite3_reset(stmt);
  }
  give_back(c);
  return data;
}

std::optional<std::string> CacheStore::checked(const CacheKey& key, std::optional<std::string> data) {
  if (!data || data->size() < kHeader || data->size() > kMaxEntry + kHeader) return std::nullopt;
  std::string_view in(*data);
  if (in.substr(0, sizeof kMagic) != std::string_view(kMagic, sizeof kMagic)) return std::nullopt;
  if (std::memcmp(in.data() + sizeof kMagic, key.bytes.data(), key.bytes.size()) != 0) return std::nullopt;
  std::uint64_t size = get_u64(in.substr(sizeof kMagic + 20, 8));
  std::uint64_t sum = get_u64(in.substr(sizeof kMagic + 28, 8));
  if (size != in.size() - kHeader) return std::nullopt;
  if (checksum(in.substr(kHeader)) != sum) return std::nullopt;
  data->erase(0, kHeader);  // in place: no second copy of the payload
  return data;
}

std::optional<std::string> CacheStore::get(const CacheKey& key) const {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = prefetched_.find(key); it != prefetched_.end()) {
      std::optional<std::string> data = std::move(it->second);
      prefetched_.erase(it);
      return data;  // checked when it was read
    }
  }
  return checked(key, fetch(key));
}

void CacheStore::prefetch(std::vector<CacheKey> keys, unsigned jobs,
                          const std::function<void(std::string&)>& keep) const {
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  const std::size_t runs = std::max<std::size_t>(1, std::min<std::size_t>(jobs, keys.size()));
  std::vector<std::vector<std::pair<CacheKey, std::optional<std::string>>>> found(runs);
  parallel_for(runs, static_cast<unsigned>(runs), [&](std::size_t run) {
    std::size_t begin = keys.size() * run / runs, end = keys.size() * (run + 1) / runs;
    for (std::size_t i = begin; i < end; ++i) {
      std::optional<std::string> data = checked(keys[i], fetch(keys[i]));
      if (data && keep) keep(*data);
      found[run].emplace_back(keys[i], std::move(data));
    }
  });
  std::lock_guard<std::mutex> lock(mutex_);
  prefetched_.reserve(prefetched_.size() + keys.size());
  for (auto& run : found) {
    for (auto& [key, data] : run) prefetched_.insert_or_assign(key, std::move(data));
  }
}

void CacheStore::put(const CacheKey& key, std::string_view payload) const {
  if (payload.size() > kMaxEntry) return;
  std::string data;
  data.reserve(kHeader + payload.size());  // held until the write: no slack from growing
  data.append(kMagic, sizeof kMagic);
  data.append(reinterpret_cast<const char*>(key.bytes.data()), key.bytes.size());
  put_u64(data, payload.size());
  put_u64(data, checksum(payload));
  data += payload;
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.emplace_back(key, std::move(data));
}

void CacheStore::flush() const {
  std::vector<std::pair<CacheKey, std::string>> entries;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    entries.swap(pending_);
  }
  if (entries.empty()) return;
  if (writer_.joinable()) writer_.join();  // one writer at a time
  writer_ = std::thread([this, entries = std::move(entries)]() mutable { write(std::move(entries)); });
}

void CacheStore::write(std::vector<std::pair<CacheKey, std::string>> entries) const {
  Connection c = borrow();
  sqlite3* db = c.db;
  if (!db) return;
  if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);  // its read transaction
  // In key order, the table's order: a cold run, which writes the whole
  // database in this transaction, then fills each page once. In the tasks'
  // order every insert landed on a random page, and with a 2 MiB cache SQLite
  // spilled pages to the WAL over and over (about 250 ms more at N=1000); a
  // 32 MiB cache avoided that at the price of 32 MiB more fresh memory.
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK) {
    sqlite3_stmt* insert = nullptr;
    bool ok = sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO entries (key, generation, written, payload) VALUES (?1, ?2, ?3, ?4)",
                                 -1, &insert, nullptr) == SQLITE_OK;
    std::int64_t now = now_seconds();
    for (const auto& [key, data] : entries) {
      if (!ok) break;
      sqlite3_bind_blob(insert, 1, key.bytes.data(), static_cast<int>(key.bytes.size()), SQLITE_STATIC);
      sqlite3_bind_blob(insert, 2, generation_.data(), static_cast<int>(generation_.size()), SQLITE_STATIC);
      sqlite3_bind_int64(insert, 3, now);
      sqlite3_bind_blob64(insert, 4, data.data(), data.size(), SQLITE_STATIC);
      ok = sqlite3_step(insert) == SQLITE_DONE;
      sqlite3_reset(insert);
    }
    sqlite3_finalize(insert);
    if (ok) ok = prune_if_due(db, now);
    sqlite3_exec(db, ok ? "COMMIT" : "ROLLBACK", nullptr, nullptr, nullptr);
  }
  give_back(c);
}

// Removes the entries of other builds that nothing wrote for a week, at
// most once a day (the time of the last pruning is the `meta` row "pruned"):
// the search reads the whole table, 20 MB at N=1000, which every run that
// stored a single entry (a --staged run stores three) used to pay. A database
// without the row starts the day now.
bool CacheStore::prune_if_due(sqlite3* db, std::int64_t now) const {
  std::optional<std::int64_t> last;
  sqlite3_stmt* query = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE name = 'pruned'", -1, &query, nullptr) != SQLITE_OK) {
    sqlite3_finalize(query);
    return false;
  }
  if (sqlite3_step(query) == SQLITE_ROW) last = sqlite3_column_int64(query, 0);
  sqlite3_finalize(query);
  // A time in the future (a clock set back) counts as due.
  if (last && *last <= now && now - *last < kPruneEvery) return true;
  bool ok = true;
  if (last) {
    sqlite3_stmt* prune = nullptr;
    ok = sqlite3_prepare_v2(db, "DELETE FROM entries WHERE generation <> ?1 AND written < ?2", -1, &prune, nullptr) ==
         SQLITE_OK;
    if (ok) {
      sqlite3_bind_blob(prune, 1, generation_.data(), static_cast<int>(generation_.size()), SQLITE_STATIC);
      sqlite3_bind_int64(prune, 2, now - kKeepOtherBuilds);
      ok = sqlite3_step(prune) == SQLITE_DONE;
    }
    sqlite3_finalize(prune);
  }
  sqlite3_stmt* mark = nullptr;
  ok = ok && sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO meta (name, value) VALUES ('pruned', ?1)", -1, &mark,
                                nullptr) == SQLITE_OK;
  if (ok) {
    sqlite3_bind_int64(mark, 1, now);
    ok = sqlite3_step(mark) == SQLITE_DONE;
  }
  sqlite3_finalize(mark);
  return ok;
}

std::string default_cache_dir(const std::string& root) {
  return (fs::path(root.empty() ? std::string(".") : root) / ".archgate-cache").string();
}

bool clear_cache(const std::string& dir, std::string& message) {
  struct ::stat st;
  if (::lstat(dir.c_str(), &st) != 0) {
    message = "no cache at " + dir;
    return true;
  }
  if (!S_ISDIR(st.st_mode)) {
    message = dir + " is not a cache folder; left alone";
    return false;
  }
  // Count the entries first (a damaged database counts as none).
  std::int64_t entries = 0;
  std::string database = dir + "/cache.sqlite";
  if (::lstat(database.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
    if (sqlite3* db = open_database(database)) {
      sqlite3_stmt* count = nullptr;
      if (sqlite3_prepare_v2(db, "SELECT count(*) FROM entries", -1, &count, nullptr) == SQLITE_OK &&
          sqlite3_step(count) == SQLITE_ROW)
        entries = sqlite3_column_int64(count, 0);
      sqlite3_finalize(count);
      sqlite3_close(db);
    }
  }
  // Only what archgate writes: the database with its journal files and the
  // two marker files.
  std::error_code ec;
  bool ok = true;
  for (const char* name : {"cache.sqlite", "cache.sqlite-wal", "cache.sqlite-shm", "cache.sqlite-journal",
                           "CACHEDIR.TAG", ".gitignore"}) {
    fs::path p = fs::path(dir) / name;
    struct ::stat entry;
    if (::lstat(p.c_str(), &entry) != 0) continue;
    if (!fs::remove(p, ec) || ec) ok = false;
  }
  fs::remove(dir, ec);  // only when nothing else is in it
  if (!ok) {
    message = "could not remove everything in " + dir;
    return false;
  }
  message = "removed " + std::to_string(entries) + " cache entr" + (entries == 1 ? "y" : "ies") + " from " + dir;
  return true;
}

}  // namespace archgate
