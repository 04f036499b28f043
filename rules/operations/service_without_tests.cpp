// AG306 service-without-tests: a service with code and not one test file.
#include <map>
#include <utility>

#include "rules/rule.h"

namespace archgate {

extern const RuleInfo kServiceWithoutTests;
const RuleInfo kServiceWithoutTests{
    .id = "AG306",
    .name = "service-without-tests",
    .severity = Severity::warning,
    .family = "operations",
    .summary = "A service has source code but no test files.",
    .what = "For every inventory service of kind `service`, `gateway` or `worker` whose folder holds source "
            "code archgate scans (JavaScript/TypeScript, Python, Java, Kotlin, Scala, Go, C#, C/C++, Rust, "
            "Ruby, PHP), reports the service when its folder has no test file at all. A test file is:\n\n"
            "- a file below a `test/`, `tests/`, `__tests__/`, `spec/` or `specs/` folder of the service, in "
            "any language (so Elixir or shell tests count too), dotfiles such as `.gitkeep` excepted;\n"
            "- a source file named like a test: `*_test.go`, `*.test.ts`, `*.spec.js`, `test_*.py`, "
            "`*_spec.rb`, `OrderServiceTest.java`, `OrderTests.cs`, `*IT.java` ...;\n"
            "- a file of a test project named after the service outside its folder: beside it or in a folder "
            "above it (`Basket.API` is tested by `Basket.UnitTests/` and `Basket.FunctionalTests/`, "
            "`order-service` by `order-service-tests/`), or inside a `test/` or `tests/` folder of the root or "
            "of a folder above it (`tests/Basket.UnitTests/`, `test/order-service/`). The service is known by "
            "its folder's name and its inventory name without the words api, service, svc, app, web or server; "
            "a test project named after another service does not count.\n\n"
            "The finding points at the service's name in `service-inventory.json`. A service with no scanned "
            "source code (only a contract, a Dockerfile, or code in a language archgate does not scan) is not "
            "judged; neither are datastores or services whose folder does not exist.",
    .why = "A service without tests can only be released by hoping. Contract tests and unit tests are what "
           "let a team change a service without breaking its callers, and what makes a failed saga step or "
           "an edge case in a calculation show up in CI instead of in production. The release checklist asks "
           "that every service has tests; this rule makes sure none was forgotten.",
    .fires = "```text\nservices/payment-service/\n  src/main.cpp\n  src/payments.cpp\n  openapi.yaml\n```",
    .clean = "```text\nservices/payment-service/\n  src/main.cpp\n  src/payments.cpp\n"
             "  tests/payments_test.cpp\n  openapi.yaml\n```",
    .fix = "Add tests next to the service's code, in a `tests/` (or `test/`, `spec/`, `__tests__/`) folder or "
           "with the test naming convention of its language, and run them in CI. If the service is really tested "
           "elsewhere (a separate end-to-end suite in another repository), record the finding in a baseline "
           "(`archgate baseline`) so the exception is written down.",
    .options = "",
    .release_sentence = "every service has tests",
};

void check_service_without_tests(const RuleContext& ctx) {
  std::map<std::string_view, std::pair<int, int>> counts;  // service -> (source files, tests among them)
  for (const auto& file : ctx.model.sources) {
    if (file.language == "sql") continue;  // seed data and queries are not code to test
    auto& c = counts[file.service];
    ++c.first;
    if (file.is_test) ++c.second;
  }
  for (const auto& service : ctx.model.inventory.services) {
    if (service.kind == ServiceKind::datastore || service.kind == ServiceKind::platform || !service.path_exists)
      continue;
    auto c = counts.find(service.name);
    if (c == counts.end() || c->second.first == 0 || c->second.second > 0) continue;
    auto folder = ctx.model.service_folders.find(service.name);
    if (folder == ctx.model.service_folders.end() || !folder->second.test_files.empty()) continue;
    std::size_t n = static_cast<std::size_t>(c->second.first);
    ctx.report(service.span,
               service.name + " has no tests: " +
                   (n == 1 ? std::string("its only source file is not a test")
                           : "none of its " + std::to_string(n) + " source files is a test") +
                   ", and it has no test/, tests/, __tests__/ or spec/ folder",
               service.name);
  }
}

}  // namespace archgate
