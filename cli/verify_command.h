#pragma once

#include "cli/check_command.h"
#include "cli/output.h"
#include "verify/verify.h"

namespace archgate {

struct VerifyOptions {
  AnalysisRequest analysis;   // the repository (select/ignore/jobs/config/cache as for check)
  verify::VerifyRequest verify;
  OutputOptions output;
};

// `archgate verify`: live contract verification (docs/verify.md).
ExitCode run_verify_command(const VerifyOptions& options);

}  // namespace archgate
