#pragma once

#include <ostream>

#include "emitters/report.h"

namespace archgate {

// SARIF 2.1.0 as GitHub code scanning accepts it.
void emit_sarif(const Report& report, std::ostream& out);

// Where a rule's page is published (SARIF helpUri, text help lines).
std::string rule_help_uri(std::string_view id);

}  // namespace archgate
