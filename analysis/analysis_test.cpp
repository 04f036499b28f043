// open_project() and build_project_model() on the reference system: what the
// commands that need the model itself (verify, graph, report) get.
#include "analysis/analysis.h"

#include <catch2/catch.hpp>

#include <algorithm>

#include "cache/cache_test_support.h"
#include "loaders/openapi.h"

namespace archgate {
namespace {

const std::string kReference = ARCHGATE_SOURCE_DIR "/reference-system";

Project open(const AnalysisRequest& request) {
  auto opened = open_project(request);
  if (auto* error = std::get_if<AnalysisError>(&opened)) FAIL("open_project: " << error->message);
  return std::move(std::get<Project>(opened));
}

ProjectModel build(const Project& project, const ModelOptions& options) {
  auto built = build_project_model(project, options);
  if (auto* error = std::get_if<AnalysisError>(&built)) FAIL("build_project_model: " << error->message);
  return std::move(std::get<ProjectModel>(built));
}

const OpenApiDocument& contract_of(const Model& model, std::string_view service) {
  auto it = std::find_if(model.contracts.begin(), model.contracts.end(),
                         [&](const OpenApiDocument& c) { return c.service == service; });
  REQUIRE(it != model.contracts.end());
  return *it;
}

// Whether the contract's trees are there, and the schemas point into them.
bool walkable(const OpenApiDocument& contract) {
  if (contract.files.empty() || contract.files.front()->doc.root.is_null()) return false;
  for (const auto& op : contract.operations) {
    for (const auto& response : op.responses) {
      for (const auto& media : response.content) {
        if (media.schema) return true;
      }
    }
  }
  return false;
}

void check_trees(const Model& model) {
  CHECK(model.inventory.services.size() == 4);
  CHECK(model.contracts.size() == 4);
  CHECK(walkable(contract_of(model, "order-service")));
  CHECK(walkable(contract_of(model, "payment-service")));
  CHECK_FALSE(has_trees(contract_of(model, "gateway")));
  CHECK_FALSE(has_trees(contract_of(model, "inventory-service")));
}

TEST_CASE("open_project: what stops a run is returned, not printed") {
  AnalysisRequest request;
  request.path = ARCHGATE_SOURCE_DIR "/tests/data/does-not-exist";
  auto opened = open_project(request);
  REQUIRE(std::holds_alternative<AnalysisError>(opened));
  CHECK(std::get<AnalysisError>(opened).path.empty());
  CHECK(std::get<AnalysisError>(opened).message == request.path + " is not a directory");

  request.path = kReference;
  request.select = {"AG9"};
  opened = open_project(request);
  REQUIRE(std::holds_alternative<AnalysisError>(opened));
  CHECK(std::get<AnalysisError>(opened).message == "\"AG9\" matches no rule id (see `archgate rules`)");

  request.path = ARCHGATE_SOURCE_DIR "/tests/data/invalid-inventory";
  request.select = {};
  request.no_cache = true;
  Project project = open(request);
  auto built = build_project_model(project, {});
  REQUIRE(std::holds_alternative<AnalysisError>(built));
  const AnalysisError& error = std::get<AnalysisError>(built);
  CHECK(error.path == "service-inventory.json");
  CHECK(error.line == 4);
  CHECK(error.column == 40);
}

TEST_CASE("build_project_model keeps the contract trees asked for, without a cache") {
  AnalysisRequest request;
  request.path = kReference;
  request.no_cache = true;
  request.jobs = 2;
  Project project = open(request);
  CHECK_FALSE(project.cache);
  ProjectModel built = build(project, ModelOptions{{"order-service", "payment-service"}});
  check_trees(built.model);
  CHECK_FALSE(built.model.files.empty());
}

TEST_CASE("build_project_model keeps the contract trees asked for when the cache has the contracts") {
  testing::UserCache user;
  testing::TempDir cache;
  AnalysisRequest request;
  request.path = kReference;
  request.cache_dir = cache.path + "/cache";
  request.jobs = 2;
  {
    Project first = open(request);
    REQUIRE(first.cache);
    ProjectModel cold = build(first, {});
    for (const auto& contract : cold.model.contracts) CHECK_FALSE(has_trees(contract));
    CHECK(cold.times.cache_hits == 0);
  }  // the cache is written when the project closes
  Project second = open(request);
  ProjectModel warm = build(second, ModelOptions{{"order-service", "payment-service"}});
  check_trees(warm.model);
  // Every task was found in the cache: the two contracts ran again all the same.
  CHECK(warm.times.cache_misses == 0);
  CHECK(warm.times.cache_hits > 0);
}

}  // namespace
}  // namespace archgate
