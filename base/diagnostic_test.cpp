#include <catch2/catch.hpp>

#include "base/diagnostic.h"

namespace {

archgate::Diagnostic finding(std::string rule, std::uint32_t line, std::string message, std::string service) {
  archgate::Diagnostic d;
  d.rule = std::move(rule);
  d.span.path = archgate::SharedPath("services/shared/migrations/V1__init.sql");
  d.span.line = line;
  d.span.column = 1;
  d.message = std::move(message);
  d.service = std::move(service);
  return d;
}

}  // namespace

TEST_CASE("one rule's same message at one place is one finding", "[diagnostics]") {
  // A migration folder two services share is loaded for each: the same finding twice.
  std::vector<archgate::Diagnostic> all = {
      finding("AG102", 3, "migration creates table payments, owned by payment-service", "order-service"),
      finding("AG103", 3, "table audit is owned by no service", "order-service"),
      finding("AG102", 3, "migration creates table payments, owned by payment-service", "stock-service"),
      finding("AG102", 7, "migration creates table payments, owned by payment-service", "order-service"),
      finding("AG102", 3, "migration alters table payments, owned by payment-service", "order-service"),
  };
  archgate::finalize_diagnostics(all);
  REQUIRE(all.size() == 4);
  CHECK(all[0].rule == "AG102");
  CHECK(all[0].message.find("alters") != std::string::npos);
  CHECK(all[1].message.find("creates") != std::string::npos);
  CHECK(all[1].service == "order-service");  // the first of the two is kept
  CHECK(all[2].rule == "AG103");
  CHECK(all[3].span.line == 7);
  CHECK(all[1].fingerprint != all[3].fingerprint);
}
