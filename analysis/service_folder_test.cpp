#include <catch2/catch.hpp>

#include "analysis/service_folder.h"

using archgate::has_rollback_heading;
using archgate::inspect_service_folder;
using archgate::MemoryFileSource;

TEST_CASE("rollback headings: ATX and setext, not running text or code") {
  CHECK(has_rollback_heading("# Orders\n\n## Rollback\n\nRedeploy.\n"));
  CHECK(has_rollback_heading("### How to roll back a release ###\n"));
  CHECK(has_rollback_heading("   # Rollback procedure\r\n"));
  CHECK(has_rollback_heading("Rollback\n========\n"));
  CHECK(has_rollback_heading("Intro text.\n\nRoll-back plan\n---\n"));
  CHECK(has_rollback_heading("#\tRollback\n"));
  CHECK_FALSE(has_rollback_heading("# Orders\n\nRollback: redeploy the previous tag.\n"));
  CHECK_FALSE(has_rollback_heading("#Rollback\n"));             // not a heading in CommonMark
  CHECK_FALSE(has_rollback_heading("    # Rollback\n"));        // indented code
  CHECK_FALSE(has_rollback_heading("```sh\n# rollback\n./deploy.sh v1\n```\n"));
  CHECK_FALSE(has_rollback_heading("~~~\nRollback\n---\n~~~\n"));
  CHECK_FALSE(has_rollback_heading("\n---\n"));
  CHECK_FALSE(has_rollback_heading(""));
}

TEST_CASE("a service folder's runbook and tests") {
  MemoryFileSource files;
  files.add("svc/src/main.ex", "");
  files.add("svc/test/order_test.exs", "");
  files.add("svc/test/.gitkeep", "");
  files.add("svc/lib/attestation/x.ex", "");
  files.add("svc/README.md", "# svc\n\n## Rollback\n");
  files.add("svc/docs/Rollback.MD", "anything");
  std::vector<std::string_view> paths;
  for (const auto& e : files.files()) paths.push_back(e.path);

  auto folder = inspect_service_folder(files, "svc", paths);
  CHECK(folder.rollback_runbook == "svc/docs/Rollback.MD");  // a runbook file wins over the README
  REQUIRE(folder.test_files.size() == 1);
  CHECK(folder.test_files[0] == "svc/test/order_test.exs");

  MemoryFileSource readme_only;
  readme_only.add("README.md", "Service\n=======\n\nRollback\n--------\n");
  readme_only.add("Tests/Smoke.sh", "");
  readme_only.add("deep/nested/README.md", "# Rollback\n");
  std::vector<std::string_view> all;
  for (const auto& e : readme_only.files()) all.push_back(e.path);
  auto root = inspect_service_folder(readme_only, "", all);
  CHECK(root.rollback_runbook == "README.md");
  REQUIRE(root.test_files.size() == 1);
  CHECK(root.test_files[0] == "Tests/Smoke.sh");

  MemoryFileSource none;
  none.add("svc/README.md", "# svc\n\nWe roll back by redeploying.\n");
  none.add("svc/deep/ROLLBACK.md", "# Rollback\n");  // too deep to be the service's runbook
  none.add("svc/testing.py", "");
  auto empty = inspect_service_folder(none, "svc", {"svc/README.md", "svc/deep/ROLLBACK.md", "svc/testing.py"});
  CHECK(empty.rollback_runbook.empty());
  CHECK(empty.test_files.empty());
}

TEST_CASE("test projects outside a service's folder are found by name") {
  MemoryFileSource files;
  for (const char* path : {"src/Services/Basket/Basket.API/Program.cs", "src/Services/Basket/Basket.UnitTests/A.cs",
                           "src/Services/Basket/Basket.FunctionalTests/B.cs", "src/Services/Ordering/Ordering.API/O.cs",
                           "tests/Ordering.UnitTests/C.cs", "tests/catalog/D.py", "services/order-service/main.go",
                           "services/order-service-tests/e2e.go", "services/order-history/main.go",
                           "Basket.API/x.cs", "services/order-service/tests/order/unit.go"})
    files.add(path, "");
  archgate::NearbyTestFolders nearby(files.files());
  CHECK(nearby.of("src/Services/Basket/Basket.API", "basket-api") ==
        std::vector<std::string>{"src/Services/Basket/Basket.FunctionalTests", "src/Services/Basket/Basket.UnitTests"});
  CHECK(nearby.of("src/Services/Ordering/Ordering.API", "ordering-api") ==
        std::vector<std::string>{"tests/Ordering.UnitTests"});
  // By the inventory name when the folder says nothing.
  CHECK(nearby.of("src/app", "catalog-service") == std::vector<std::string>{"tests/catalog"});
  CHECK(nearby.of("services/order-service", "order-service") ==
        std::vector<std::string>{"services/order-service-tests"});
  // Another service's test project is not this one's.
  CHECK(nearby.of("services/order-history", "order-history").empty());
  CHECK(nearby.of("", "basket").empty());
}
