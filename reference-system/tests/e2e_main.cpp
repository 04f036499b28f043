// refsys_e2e BIN_DIR [SCENARIO...]: runs the named end-to-end scenarios (all
// when none is named) against the real service binaries in BIN_DIR.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "scenarios.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: refsys_e2e BIN_DIR [SCENARIO...]\nscenarios:";
    for (const auto& scenario : e2e::all_scenarios()) {
      std::cerr << ' ' << scenario.name;
    }
    std::cerr << '\n';
    return 2;
  }
  const std::string bin_dir = argv[1];
  std::vector<const e2e::Scenario*> selected;
  for (int i = 2; i < argc; ++i) {
    const e2e::Scenario* found = nullptr;
    for (const auto& scenario : e2e::all_scenarios()) {
      found = scenario.name == argv[i] ? &scenario : found;
    }
    if (found == nullptr) {
      std::cerr << "unknown scenario " << argv[i] << '\n';
      return 2;
    }
    selected.push_back(found);
  }
  if (selected.empty()) {
    for (const auto& scenario : e2e::all_scenarios()) {
      selected.push_back(&scenario);
    }
  }
  int failures = 0;
  for (const auto* scenario : selected) {
    const auto started = std::chrono::steady_clock::now();
    bool passed = false;
    std::string why;
    {
      e2e::System system(bin_dir);
      try {
        scenario->run(system);
        passed = true;
        if (std::getenv("REFSYS_E2E_KEEP") != nullptr) {
          system.keep_folder();
          std::cerr << "(kept " << system.folder() << ")\n";
        }
      } catch (const std::exception& e) {
        why = e.what();
        system.dump_logs(25);
        system.keep_folder();
        std::cerr << "(kept " << system.folder() << ")\n";
      }
    }
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started).count();
    std::printf("%s %s (%lld ms)%s%s\n", passed ? "PASS" : "FAIL", scenario->name.c_str(),
                static_cast<long long>(ms), passed ? "" : ": ", why.c_str());
    std::fflush(stdout);
    failures += passed ? 0 : 1;
  }
  return failures == 0 ? 0 : 1;
}
