#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_set>
#include <vector>

#include "base/shared_path.h"

using archgate::SharedPath;

TEST_CASE("shared paths: equal text is one string, read like a std::string") {
  std::string built = std::string("services/") + "order-service/openapi.yaml";
  SharedPath a = built;
  SharedPath b("services/order-service/openapi.yaml");
  SharedPath c = std::string_view(built).substr(0, 8);  // "services"
  CHECK(a == b);
  CHECK(&a.str() == &b.str());  // one string for both
  CHECK(a != c);
  CHECK(a == "services/order-service/openapi.yaml");
  CHECK(a == built);
  CHECK(a == std::string_view(built));
  CHECK(c == "services");
  CHECK(a.size() == built.size());
  CHECK(std::string(a.c_str()) == built);

  const std::string& as_string = a;
  std::string_view as_view = a;
  CHECK(as_string == built);
  CHECK(as_view == built);
  CHECK(a + ":4" == built + ":4");
  CHECK("at " + a == "at " + built);
  CHECK(a + '#' == built + "#");
  std::ostringstream out;
  out << a;
  CHECK(out.str() == built);
}

TEST_CASE("shared paths: empty, ordering and hashing follow the text") {
  SharedPath none;
  CHECK(none.empty());
  CHECK(none == "");
  CHECK(none == SharedPath(""));
  CHECK(SharedPath(std::string()) == none);

  std::set<SharedPath> sorted{"b.yaml", "a.yaml", "c/d.sql", "a.yaml"};
  std::vector<std::string> order(sorted.begin(), sorted.end());
  CHECK(order == std::vector<std::string>{"a.yaml", "b.yaml", "c/d.sql"});
  CHECK(SharedPath("a") < SharedPath("b"));
  CHECK(SharedPath("a") < std::string("b"));
  CHECK(SharedPath("b") > std::string_view("a"));

  std::unordered_set<SharedPath> seen{"x.yaml", "x.yaml", "y.yaml"};
  CHECK(seen.size() == 2);
  CHECK(std::hash<SharedPath>{}(SharedPath("x.yaml")) == std::hash<std::string>{}("x.yaml"));

  std::map<std::string, int> by_text{{"x.yaml", 1}};
  CHECK(by_text.count(SharedPath("x.yaml")) == 1);
}

TEST_CASE("shared paths: threads interning the same names get the same strings") {
  constexpr int kThreads = 4, kNames = 500;
  std::vector<std::vector<const std::string*>> got(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &got] {
      for (int round = 0; round < 3; ++round) {
        got[t].clear();
        for (int i = 0; i < kNames; ++i) {
          // Each thread walks the names in its own order.
          int n = (i * (t + 1) * 7 + t) % kNames;
          SharedPath p = "concurrent/" + std::to_string(n) + ".sql";
          got[t].push_back(&p.str());
          if (p != "concurrent/" + std::to_string(n) + ".sql") got[t].back() = nullptr;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  std::map<std::string, const std::string*> first;
  for (const auto& list : got) {
    for (const std::string* s : list) {
      REQUIRE(s != nullptr);
      auto [it, added] = first.emplace(*s, s);
      CHECK(it->second == s);
    }
  }
  CHECK(first.size() == static_cast<std::size_t>(kNames));
}

TEST_CASE("shared paths: the table grows while other threads look strings up") {
  // Far more names than a shard's first table holds, added by some threads
  // while others look up names that are already there.
  constexpr int kThreads = 4, kNames = 20000;
  std::vector<std::string> names;
  for (int i = 0; i < kNames; ++i) names.push_back("grow/" + std::to_string(i) + "/openapi.yaml");
  std::vector<const std::string*> first(kNames);
  for (int i = 0; i < kNames; i += 100) first[i] = &SharedPath(names[i]).str();
  std::vector<int> wrong(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < kNames; ++k) {
        int i = (k * 7919 + t * 104729) % kNames;
        SharedPath p(names[i]);
        if (p != names[i] || (i % 100 == 0 && &p.str() != first[i])) ++wrong[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) CHECK(wrong[t] == 0);
  for (int i = 0; i < kNames; ++i) {
    SharedPath again(names[i]);
    REQUIRE(&again.str() == &SharedPath(std::string(names[i])).str());
  }
}
