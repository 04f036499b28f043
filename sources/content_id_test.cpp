#include "sources/content_id.h"

#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

namespace archgate {
namespace {

TEST_CASE("content ids are git blob ids") {
  // As `git hash-object` prints them.
  CHECK(content_id_of("").hex() == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
  CHECK(content_id_of("hello\n").hex() == "ce013625030ba8dba906f756967f9e9ca394464a");
  std::string big(1 << 20, 'x');
  big[4096] = '\0';
  CHECK(content_id_of(big) == content_id_of(big));
  CHECK_FALSE(content_id_of(big) == content_id_of(big.substr(1)));
}

TEST_CASE("content ids are computed on several threads at once") {
  const std::string expected = content_id_of("hello\n").hex();
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) wrong[t] += content_id_of("hello\n").hex() != expected;
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(wrong == std::vector<int>(4, 0));
}

}  // namespace
}  // namespace archgate
