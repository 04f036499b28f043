// The end-to-end scenarios. Each one starts its own system in a fresh
// temporary folder and ends with the invariant checks.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "system.h"

namespace e2e {

struct Scenario {
  std::string name;
  std::function<void(System&)> run;
};

const std::vector<Scenario>& all_scenarios();

}  // namespace e2e
