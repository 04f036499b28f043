// `check --verbose`: what archgate found for each inventory service (its
// folder, contract, migrations and the files of its migrations folder that
// are not migrations, Compose service, code and tests), on standard error.
#pragma once

#include "analysis/analysis.h"

namespace archgate {

// Builds the checked side's model (through the cache) and describes it.
// Prints why not when the model cannot be built.
void print_services(const Project& project);

}  // namespace archgate
