#include <catch2/catch.hpp>

#include "loaders/path_checks.h"

using archgate::is_absolute_reference;
using archgate::is_url_reference;

TEST_CASE("references archgate refuses to follow: URLs and absolute paths") {
  CHECK(is_url_reference("https://schemas.example.com/order.yaml"));
  CHECK(is_url_reference("//host/x.yaml"));
  CHECK(is_url_reference("git@github.com:team/repo.git"));
  CHECK(is_url_reference("schemas/http://x"));  // anything holding "://"
  CHECK(is_url_reference("urn:example:order"));
  CHECK_FALSE(is_url_reference("C:/x.yaml"));  // a drive, not a scheme
  CHECK_FALSE(is_url_reference("./schemas/order.yaml#/Order"));
  CHECK_FALSE(is_url_reference("common.yaml"));

  CHECK(is_absolute_reference("/etc/passwd"));
  CHECK(is_absolute_reference("\\\\server\\share"));
  CHECK(is_absolute_reference("C:\\x"));
  CHECK(is_absolute_reference("~/compose.base.yaml"));
  CHECK_FALSE(is_absolute_reference("../common/base.yaml"));
  CHECK_FALSE(is_absolute_reference("services/a.yaml"));
}
