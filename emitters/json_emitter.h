#pragma once

#include <ostream>

#include "emitters/report.h"

namespace archgate {

// The stable JSON shape of SPEC 5 (documented in docs/output-formats.md).
void emit_json(const Report& report, std::ostream& out);

}  // namespace archgate
