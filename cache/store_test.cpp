#include "cache/store.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <vector>

#include "cache/cache_test_support.h"

namespace archgate {
namespace {

namespace fs = std::filesystem;

using testing::TempDir;
using testing::UserCache;

// Runs `sql` on the store's database with `blob` bound to ?1.
void tamper(const std::string& dir, const std::string& sql, const std::string& blob = "") {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((dir + "/cache.sqlite").c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  if (sqlite3_bind_parameter_count(stmt) > 0) sqlite3_bind_blob(stmt, 1, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
  CHECK(sqlite3_step(stmt) == SQLITE_DONE);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

// The first column of the first row `sql` returns.
std::int64_t query_number(const std::string& dir, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((dir + "/cache.sqlite").c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  std::int64_t value = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

TEST_CASE("the store gives back what was put, under the same key only") {
  UserCache user;
  TempDir repo;
  std::string why;
  auto store = CacheStore::open(repo.path + "/.archgate-cache", "build 1", why);
  REQUIRE(store);
  CacheKey a = store->key("task a"), b = store->key("task b");
  CHECK_FALSE(a == b);
  CHECK_FALSE(store->get(a));
  store->put(a, "payload of a");
  CHECK_FALSE(store->get(a));  // queued until flush()
  store->flush();
  store->wait();
  CHECK(store->get(a) == std::optional<std::string>("payload of a"));
  CHECK_FALSE(store->get(b));
  // Another build never sees it.
  auto other = CacheStore::open(repo.path + "/.archgate-cache", "build 2", why);
  REQUIRE(other);
  CHECK_FALSE(other->get(other->key("task a")));
}

TEST_CASE("damaged entries read as misses") {
  UserCache user;
  TempDir repo;
  std::string why;
  std::string dir = repo.path + "/c";
  CacheKey key, other;
  {
    auto store = CacheStore::open(dir, "build", why);
    REQUIRE(store);
    key = store->key("task");
    other = store->key("other task");
    store->put(key, std::string(1000, 'x'));
    store->put(other, std::string(1000, 'y'));
    store->flush();
    store->wait();
    CHECK(store->get(key) == std::optional<std::string>(std::string(1000, 'x')));
  }
  auto miss = [&] {
    auto store = CacheStore::open(dir, "build", why);
    REQUIRE(store);
    CHECK_FALSE(store->get(key));
  };
  SECTION("cut short") {
    tamper(dir, "UPDATE entries SET payload = substr(payload, 1, length(payload) - 1)");
    miss();
  }
  SECTION("a flipped byte") {
    tamper(dir, "UPDATE entries SET payload = substr(payload, 1, 500) || X'00' || substr(payload, 502)");
    miss();
  }
  SECTION("another entry's payload under this key") {
    tamper(dir, "UPDATE entries SET payload = (SELECT e.payload FROM entries AS e WHERE e.key = ?1)",
           std::string(other.bytes.begin(), other.bytes.end()));
    miss();
  }
  SECTION("garbage") {
    tamper(dir, "UPDATE entries SET payload = ?1", std::string(64, '\x7f'));
    miss();
  }
}

TEST_CASE("entries read ahead are handed out once, checked like any other") {
  UserCache user;
  TempDir repo;
  std::string why;
  std::string dir = repo.path + "/c";
  std::vector<CacheKey> keys;
  {
    auto store = CacheStore::open(dir, "build", why);
    REQUIRE(store);
    for (int i = 0; i < 50; ++i) {
      keys.push_back(store->key("task " + std::to_string(i)));
      if (i % 5 != 0) store->put(keys.back(), "payload " + std::to_string(i));  // every fifth is never stored
    }
    store->flush();
    store->wait();
  }
  // Damage one entry after it was written: read ahead, it is still a miss.
  tamper(dir, "UPDATE entries SET payload = substr(payload, 1, length(payload) - 1) WHERE key = ?1",
         std::string(keys[7].bytes.begin(), keys[7].bytes.end()));
  auto store = CacheStore::open(dir, "build", why);
  REQUIRE(store);
  std::vector<CacheKey> ahead = keys;
  ahead.push_back(keys[3]);  // asked twice: read once
  store->prefetch(ahead, 3);
  for (int i = 0; i < 50; ++i) {
    INFO("entry " << i);
    auto got = store->get(keys[static_cast<std::size_t>(i)]);
    if (i % 5 == 0 || i == 7) {
      CHECK_FALSE(got);
    } else {
      CHECK(got == std::optional<std::string>("payload " + std::to_string(i)));
    }
  }
  // Handed out once; asked again, it comes from the database itself.
  CHECK(store->get(keys[3]) == std::optional<std::string>("payload 3"));
  // A key nobody read ahead is looked up as before.
  store->prefetch({}, 2);
  CHECK(store->get(keys[4]) == std::optional<std::string>("payload 4"));
  // What the caller keeps of each entry read ahead; checked before it is cut.
  store->prefetch({keys[1], keys[2], keys[7]}, 2, [](std::string& payload) { payload.resize(7); });
  CHECK(store->get(keys[1]) == std::optional<std::string>("payload"));
  CHECK(store->get(keys[2]) == std::optional<std::string>("payload"));
  CHECK_FALSE(store->get(keys[7]));
}

TEST_CASE("a database that is not SQLite turns the cache off, and is left alone") {
  UserCache user;
  TempDir repo;
  std::string dir = repo.path + "/c";
  fs::create_directory(dir);
  { std::ofstream(dir + "/cache.sqlite") << std::string(5000, 'z'); }
  std::string why;
  CHECK_FALSE(CacheStore::open(dir, "build", why));
  CHECK(why.find("not a usable cache") != std::string::npos);
  CHECK(fs::file_size(dir + "/cache.sqlite") == 5000);
}

TEST_CASE("another user's secret makes every key different") {
  TempDir repo;
  std::string why;
  CacheKey first, second;
  {
    UserCache user;
    first = CacheStore::open(repo.path + "/c", "build", why)->key("task");
  }
  {
    UserCache user;
    second = CacheStore::open(repo.path + "/c", "build", why)->key("task");
  }
  CHECK_FALSE(first == second);
}

TEST_CASE("a cache folder that is a symlink is not used") {
  UserCache user;
  TempDir repo, elsewhere;
  fs::create_directory_symlink(elsewhere.path, repo.path + "/.archgate-cache");
  std::string why;
  CHECK_FALSE(CacheStore::open(repo.path + "/.archgate-cache", "build", why));
  CHECK(why.find("not a folder") != std::string::npos);
  CHECK(fs::is_empty(elsewhere.path));
}

TEST_CASE("clear removes entries and the marker files, nothing else") {
  UserCache user;
  TempDir repo;
  std::string why, message;
  std::string dir = repo.path + "/.archgate-cache";
  {
    auto store = CacheStore::open(dir, "build", why);
    store->put(store->key("a"), "1");
    store->put(store->key("b"), "2");
    store->flush();
    store->wait();
  }
  CHECK(clear_cache(dir, message));
  CHECK(message.find("removed 2 cache entries") != std::string::npos);
  CHECK_FALSE(fs::exists(dir));
}

TEST_CASE("entries of other builds are removed after a week, looked for once a day") {
  UserCache user;
  TempDir repo;
  std::string why;
  std::string dir = repo.path + "/.archgate-cache";
  auto first = CacheStore::open(dir, "build 1", why);
  REQUIRE(first);
  first->put(first->key("a"), "of build 1");
  first->flush();
  first->wait();
  // A new database starts the day: nothing was looked for.
  std::int64_t pruned = query_number(dir, "SELECT value FROM meta WHERE name = 'pruned'");
  CHECK(pruned > 0);
  tamper(dir, "UPDATE entries SET written = written - 8 * 86400");

  auto second = CacheStore::open(dir, "build 2", why);
  REQUIRE(second);
  second->put(second->key("b"), "of build 2");
  second->flush();
  second->wait();
  // Looked for less than a day ago: build 1's week-old entry stays.
  CHECK(query_number(dir, "SELECT count(*) FROM entries") == 2);
  CHECK(query_number(dir, "SELECT value FROM meta WHERE name = 'pruned'") == pruned);

  tamper(dir, "UPDATE meta SET value = value - 2 * 86400");
  second->put(second->key("c"), "of build 2");
  second->flush();
  second->wait();
  // Due: build 1's entry goes, build 2's stay, and the day starts again.
  CHECK(query_number(dir, "SELECT count(*) FROM entries") == 2);
  CHECK(second->get(second->key("b")) == std::optional<std::string>("of build 2"));
  CHECK(query_number(dir, "SELECT value FROM meta WHERE name = 'pruned'") >= pruned);
  auto again = CacheStore::open(dir, "build 1", why);
  REQUIRE(again);
  CHECK_FALSE(again->get(again->key("a")));
}

}  // namespace
}  // namespace archgate
