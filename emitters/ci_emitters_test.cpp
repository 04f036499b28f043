// GitHub's limits and paths: the step summary stays under its size limit and
// counts what it leaves out; annotations and the summary name files relative
// to the workspace when the checked folder is a subfolder of it.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <filesystem>
#include <sstream>

#include "emitters/ci_emitters.h"

namespace {

archgate::Report many_findings(std::size_t n) {
  archgate::Report report;
  for (std::size_t i = 0; i < n; ++i) {
    archgate::Diagnostic d;
    d.rule = "AG301";
    d.severity = archgate::Severity::error;
    d.message = "service \"s" + std::to_string(i) + "\" has no health check";
    d.span.path = archgate::SharedPath("compose.yaml");
    d.span.line = static_cast<std::uint32_t>(i + 1);
    d.span.column = 3;
    report.diagnostics.push_back(d);
  }
  report.summary.errors = n;
  return report;
}

// Sets an environment variable for one scope.
struct ScopedEnv {
  const char* name;
  ScopedEnv(const char* n, const std::string& value) : name(n) { ::setenv(n, value.c_str(), 1); }
  ~ScopedEnv() { ::unsetenv(name); }
};

}  // namespace

TEST_CASE("the step summary stays under GitHub's limit and counts the rest", "[emitters]") {
  archgate::Report report = many_findings(2000);
  std::string full = archgate::github_step_summary(report);
  CHECK(full.size() < archgate::kGithubStepSummaryLimit);
  CHECK(full.find("not listed") == std::string::npos);

  std::string capped = archgate::github_step_summary(report, 16 * 1024);
  CHECK(capped.size() <= 16 * 1024);
  std::size_t rows = 0;
  for (std::size_t at = capped.find("| error | AG301"); at != std::string::npos;
       at = capped.find("| error | AG301", at + 1)) {
    ++rows;
  }
  REQUIRE(rows > 10);
  CHECK(capped.find(std::to_string(2000 - rows) + " more findings are not listed") != std::string::npos);
}

TEST_CASE("annotations and the summary name files relative to the workspace", "[emitters]") {
  namespace fs = std::filesystem;
  fs::path workspace = fs::weakly_canonical(fs::temp_directory_path() / "archgate-ws-test");
  fs::create_directories(workspace / "platform");
  archgate::Report report = many_findings(1);
  report.root = (workspace / "platform").string();

  ScopedEnv env("GITHUB_WORKSPACE", workspace.string());
  std::ostringstream annotations;
  archgate::emit_github(report, annotations);
  CHECK(annotations.str().rfind("::error file=platform/compose.yaml,line=1,", 0) == 0);
  CHECK(archgate::github_step_summary(report).find("`platform/compose.yaml:1:3`") != std::string::npos);

  report.root = workspace.string();  // the workspace itself: paths as they are
  std::ostringstream top;
  archgate::emit_github(report, top);
  CHECK(top.str().rfind("::error file=compose.yaml,", 0) == 0);

  report.root = "/somewhere/else";  // outside the workspace: nothing to prefix
  std::ostringstream outside;
  archgate::emit_github(report, outside);
  CHECK(outside.str().rfind("::error file=compose.yaml,", 0) == 0);
  fs::remove_all(workspace);
}
