// Test helpers for code that opens the cache: a temporary folder, and a user
// cache folder of the test's own (where the cache keeps its secret).
#pragma once

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace archgate::testing {

struct TempDir {
  std::string path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "archgate-store-XXXXXX").string();
    path = mkdtemp(pattern.data()) ? pattern : "";
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

// The secret goes to a folder of the test's own ($XDG_CACHE_HOME).
struct UserCache {
  TempDir dir;
  std::string old;
  UserCache() {
    if (const char* v = std::getenv("XDG_CACHE_HOME")) old = v;
    setenv("XDG_CACHE_HOME", dir.path.c_str(), 1);
  }
  ~UserCache() {
    if (old.empty()) unsetenv("XDG_CACHE_HOME");
    else setenv("XDG_CACHE_HOME", old.c_str(), 1);
  }
  UserCache(const UserCache&) = delete;
  UserCache& operator=(const UserCache&) = delete;
};

}  // namespace archgate::testing
