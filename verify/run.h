// Sends a plan (verify/plan.h) to the running services and records what came
// back, with each answer already matched to its documented response, its
// body checked against the schema and its required headers looked for. The
// live rules (rules/live/) then judge the observations.
#pragma once

#include "verify/plan.h"
#include "verify/results.h"

namespace archgate::verify {

struct RunOptions {
  HttpLimits limits;
  unsigned per_service = 4;  // requests in flight to one service at once
};

// Fills results.observations (in plan order) and results.requests_sent.
// A service whose first request gets no answer at all (refused, timed out)
// is not sent the rest of its plan: one unreachable service, one finding.
void run_plan(const Plan& plan, LiveResults& results, const RunOptions& options);

// Judges one answer against the contract: the documented response for its
// status, the body against that response's schema, the required headers.
// (run_plan calls it; tests call it on answers they make.)
void check_answer(Observation& observation, ContractSchemas& schemas, const OpenApiDocument& doc);

// The documented response for a status: exact, then a range ("2XX"), then
// `default`.
MatchedResponse match_status(const OpenApiOperation& operation, int status);

}  // namespace archgate::verify
