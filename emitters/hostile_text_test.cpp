// Repository content in findings never reaches a reader raw: the text format,
// GitHub annotations and the step summary show control characters, C1 codes,
// bidirectional overrides and zero-width characters escaped, so a name
// cannot forge a workflow command or rewrite a terminal; JSON, SARIF, JUnit
// and Code Climate stay escaped by their serialisers (SPEC section 9).
#include <catch2/catch.hpp>

#include <sstream>

#include "emitters/ci_emitters.h"
#include "emitters/json_emitter.h"
#include "emitters/sarif_emitter.h"
#include "emitters/text_emitter.h"

namespace {

archgate::Report hostile_report() {
  archgate::Report report;
  archgate::Diagnostic d;
  d.rule = "AG502";
  d.severity = archgate::Severity::warning;
  d.message = "Compose service \"evil\n::error file=x::forged\x1b[2J\u202e\x9b\" is not in the inventory";
  d.span.path = archgate::SharedPath("compose\x1b]8;;x\x07.yaml");
  d.span.line = 3;
  d.span.column = 3;
  d.related.push_back({d.span, "see \r\n::warning::also forged"});
  d.help = "mark it\x1b[31m red";
  report.diagnostics.push_back(d);
  report.summary.warnings = 1;
  return report;
}

// No ESC, no C1 CSI (U+009B as UTF-8 or the raw byte), no bidi override, and
// no line of the output that starts a workflow command other than archgate's.
void require_inert(const std::string& out, bool github) {
  INFO(out);
  CHECK(out.find('\x1b') == std::string::npos);
  CHECK(out.find('\x07') == std::string::npos);
  CHECK(out.find("\u202e") == std::string::npos);
  CHECK(out.find("\xc2\x9b") == std::string::npos);
  CHECK(out.find('\r') == std::string::npos);
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    if (github) CHECK((line.rfind("::warning file=", 0) == 0 || line.empty()));
    else CHECK(line.rfind("::", 0) != 0);
  }
}

}  // namespace

TEST_CASE("the text format shows hostile names escaped", "[emitters]") {
  std::ostringstream out;
  archgate::TextOptions options;
  archgate::emit_text(hostile_report(), out, options);
  require_inert(out.str(), false);
  CHECK(out.str().find("evil\\n::error") != std::string::npos);
  CHECK(out.str().find("\\u001b[2J") != std::string::npos);
  CHECK(out.str().find("\\u202e") != std::string::npos);
}

TEST_CASE("GitHub annotations and the step summary show hostile names escaped", "[emitters]") {
  std::ostringstream out;
  archgate::emit_github(hostile_report(), out);
  require_inert(out.str(), true);
  std::string summary = archgate::github_step_summary(hostile_report());
  require_inert(summary, false);
  CHECK(summary.find("evil\\n::error") != std::string::npos);
}

TEST_CASE("JSON, SARIF and Code Climate keep hostile names escaped by their serialisers", "[emitters]") {
  for (auto emit : {&archgate::emit_json, &archgate::emit_sarif, &archgate::emit_codeclimate}) {
    std::ostringstream out;
    emit(hostile_report(), out);
    INFO(out.str());
    CHECK(out.str().find('\x1b') == std::string::npos);
    CHECK(out.str().find('\r') == std::string::npos);
    CHECK(out.str().find("\\u001b") != std::string::npos);
    CHECK(out.str().find("evil\\n::error") != std::string::npos);
  }
}

TEST_CASE("JUnit shows hostile names escaped, as test viewers print them", "[emitters]") {
  archgate::Report report = hostile_report();
  report.rules_run = {"AG502"};
  std::ostringstream out;
  archgate::emit_junit(report, out);
  require_inert(out.str(), false);
  CHECK(out.str().find("evil\\n::error") != std::string::npos);
  CHECK(out.str().find("\\u001b[2J") != std::string::npos);
  CHECK(out.str().find("<failure type=\"warning\"") != std::string::npos);
}
