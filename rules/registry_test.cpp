// The registry ties each rule's files together: its page in docs/rules/ is
// generated from its metadata and must not drift, and it has fixtures that
// fire and that stay clean.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "rules/rule.h"
#include "rules/rule_page.h"

namespace fs = std::filesystem;
using archgate::all_rules;

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

TEST_CASE("rule ids and names are unique, well formed and in order") {
  std::set<std::string_view> ids, names;
  std::string_view previous;
  for (const auto& rule : all_rules()) {
    const auto& i = rule.info;
    CHECK(i.id.size() == 5);
    CHECK(i.id.substr(0, 2) == "AG");
    CHECK(ids.insert(i.id).second);
    CHECK(names.insert(i.name).second);
    CHECK(previous < i.id);
    previous = i.id;
    for (auto field : {i.summary, i.what, i.why, i.fires, i.clean, i.fix}) {
      INFO(i.id << " has an empty metadata section");
      CHECK(!field.empty());
    }
  }
}

TEST_CASE("every rule's docs page is generated from its metadata") {
  for (const auto& rule : all_rules()) {
    fs::path page = fs::path(ARCHGATE_SOURCE_DIR) / "docs" / "rules" / (std::string(rule.info.id) + ".md");
    INFO(page.string() << " is missing or stale: run `build/archgate write-docs docs/rules`");
    CHECK(slurp(page) == archgate::rule_page(rule.info));
  }
}

TEST_CASE("the rule index is generated from the metadata") {
  fs::path index = fs::path(ARCHGATE_SOURCE_DIR) / "docs" / "rules" / "README.md";
  INFO(index.string() << " is missing or stale: run `build/archgate write-docs docs/rules`");
  CHECK(slurp(index) == archgate::rule_index());
}

TEST_CASE("every rule has fixtures that fire and that stay clean") {
  for (const auto& rule : all_rules()) {
    fs::path dir = fs::path(ARCHGATE_SOURCE_DIR) / "fixtures" /
                   (std::string(rule.info.id) + "-" + std::string(rule.info.name));
    INFO(dir.string());
    REQUIRE(fs::is_directory(dir));
    bool fires = false, clean = false;
    for (const auto& entry : fs::directory_iterator(dir)) {
      std::string name = entry.path().filename().string();
      bool has_expectation = fs::exists(entry.path() / "expected.json");
      if (name.rfind("fires", 0) == 0 && has_expectation) fires = true;
      if (name.rfind("clean", 0) == 0 && has_expectation) clean = true;
    }
    CHECK(fires);
    CHECK(clean);
  }
}
