#include "loaders/pg_json.h"

#include <catch2/catch.hpp>

namespace archgate {
namespace {

TEST_CASE("a libpg_query JSON tree reads as with nlohmann, in document order") {
  PgJsonDocument doc(R"({"version":150001,"stmts":[{"stmt":{"RangeVar":{"relname":"sto\"ck\u00e9","inh":true,)"
                     R"("location":-7,"big":18446744073709551615,"f":1.5,"n":null}},"stmt_location":3},[],{}]})");
  const PgJson& root = doc.root();
  REQUIRE(root.is_object());
  CHECK(root.size() == 2);
  CHECK(root.items()[0].key() == "version");
  CHECK(root.member("version")->get<std::int64_t>() == 150001);
  const PgJson* stmts = root.member("stmts");
  REQUIRE(stmts);
  REQUIRE(stmts->is_array());
  CHECK(stmts->size() == 3);
  const PgJson& first = *stmts->begin();
  const PgJson* rv = first.member("stmt")->member("RangeVar");
  REQUIRE(rv);
  CHECK(rv->member("relname")->get<std::string>() == "sto\"ck\xc3\xa9");
  CHECK(rv->member("inh")->is_boolean());
  CHECK(rv->member("inh")->get<bool>());
  CHECK(rv->member("location")->get<std::int64_t>() == -7);
  CHECK_FALSE(rv->member("big")->is_number_integer());  // does not fit
  CHECK_FALSE(rv->member("f")->is_number_integer());
  CHECK(rv->member("n")->is_null());
  CHECK(rv->member("missing") == nullptr);
  CHECK(first.member("stmt_location")->get<std::int64_t>() == 3);
  CHECK(stmts->begin()[1].is_array());
  CHECK(stmts->begin()[1].empty());
  CHECK(stmts->begin()[2].is_object());
  CHECK(stmts->begin()[2].empty());
  std::vector<std::string> keys;
  for (const auto& [key, value] : rv->items()) keys.emplace_back(key);
  CHECK(keys == std::vector<std::string>{"relname", "inh", "location", "big", "f", "n"});
}

TEST_CASE("text that is not JSON is discarded, not thrown") {
  for (std::string_view bad : {"", "{", "{\"a\":}", "[1,2", "nul", "{\"a\":1}}"}) {
    PgJsonDocument doc(bad);
    CHECK(doc.root().is_discarded());
    CHECK(doc.root().member("a") == nullptr);
    CHECK(doc.root().begin() == doc.root().end());
  }
}

TEST_CASE("deep trees are read up to a limit, then discarded") {
  auto nested = [](int depth) {
    std::string text;
    for (int i = 0; i < depth; ++i) text += "{\"a\":[";
    text += "1";
    for (int i = 0; i < depth; ++i) text += "]}";
    return text;
  };
  {
    PgJsonDocument doc(nested(3000));  // 6,000 levels: what a 2,000-level expression gives
    const PgJson* at = &doc.root();
    int levels = 0;
    while (at->is_object()) {
      at = at->member("a")->begin();
      ++levels;
    }
    CHECK(levels == 3000);
    CHECK(at->get<std::int64_t>() == 1);
  }
  CHECK(PgJsonDocument(nested(100000)).root().is_discarded());
}

TEST_CASE("documents decoded one after another on one thread do not share state") {
  PgJsonDocument first(R"({"x":"first"})");
  PgJsonDocument second(R"({"x":"second","y":[1,2,3]})");
  CHECK(first.root().member("x")->get<std::string>() == "first");
  CHECK(second.root().member("x")->get<std::string>() == "second");
  CHECK(second.root().member("y")->size() == 3);
}

}  // namespace
}  // namespace archgate
