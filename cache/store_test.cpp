#include "cache/store.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

namespace archgate {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  std::string path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "archgate-store-XXXXXX").string();
    path = mkdtemp(pattern.data()) ? pattern : "";
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// The secret goes to a folder of the test's own.
struct UserCache {
  TempDir dir;
  std::string old;
  explicit UserCache() {
    if (const char* v = std::getenv("XDG_CACHE_HOME")) old = v;
    setenv("XDG_CACHE_HOME", dir.path.c_str(), 1);
  }
  ~UserCache() {
    if (old.empty()) unsetenv("XDG_CACHE_HOME");
    else setenv("XDG_CACHE_HOME", old.c_str(), 1);
  }
};

std::string only_entry(const std::string& dir) {
  for (const auto& gen : fs::directory_iterator(dir + "/v1"))
    for (const auto& e : fs::directory_iterator(gen.path())) return e.path().string();
  return "";
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
  auto store = CacheStore::open(repo.path + "/c", "build", why);
  REQUIRE(store);
  CacheKey key = store->key("task");
  store->put(key, std::string(1000, 'x'));
  std::string entry = only_entry(repo.path + "/c");
  REQUIRE(!entry.empty());
  SECTION("truncated") { fs::resize_file(entry, fs::file_size(entry) - 1); }
  SECTION("a flipped byte") {
    std::fstream f(entry, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(500);
    f.put('y');
  }
  SECTION("someone else's entry under this name") {
    CacheKey other = store->key("other task");
    store->put(other, std::string(1000, 'x'));
    std::string other_entry;
    for (const auto& e : fs::directory_iterator(fs::path(entry).parent_path()))
      if (e.path() != entry) other_entry = e.path();
    fs::rename(other_entry, entry);
  }
  SECTION("a FIFO") {
    fs::remove(entry);
    REQUIRE(mkfifo(entry.c_str(), 0600) == 0);
  }
  CHECK_FALSE(store->get(key));
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
  auto store = CacheStore::open(dir, "build", why);
  store->put(store->key("a"), "1");
  store->put(store->key("b"), "2");
  CHECK(clear_cache(dir, message));
  CHECK(message.find("removed 2 cache entries") != std::string::npos);
  CHECK_FALSE(fs::exists(dir));
}

}  // namespace
}  // namespace archgate
