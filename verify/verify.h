// `archgate verify` as a library: the services to verify, found in the
// inventory and the model (their contracts, with their trees), a plan, the
// requests sent, and the live rules' findings.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "base/diagnostic.h"
#include "model/config.h"
#include "model/model.h"
#include "verify/plan.h"
#include "verify/results.h"

namespace archgate::verify {

struct VerifyRequest {
  // NAME=URL as given on the command line; archgate.yaml's `verify:
  // services:` adds the services not named here.
  std::vector<std::string> services;
  bool read_only = false;
  bool dry_run = false;
  std::size_t max_requests = 500;
  double timeout_seconds = 5;
  std::uint64_t seed = 0;
  std::vector<std::string> headers;     // "K: V"
  std::vector<std::string> operations;  // "POST /orders"
  unsigned jobs = 0;                    // rules' workers (0: all cores)
};

// The services a request names, merged with the configuration's, each with
// its URL, in inventory order; or the reason the request cannot be carried
// out (exit 2: a service not in the inventory, a bad URL, none at all).
std::variant<std::vector<std::pair<std::string, std::string>>, std::string> requested_services(
    const VerifyRequest& request, const Config& config);

struct VerifyOutcome {
  std::vector<VerifiedService> services;
  Plan plan;
  LiveResults live;
  std::vector<Diagnostic> findings;  // finalized; empty for a dry run
  std::string plan_text;             // --dry-run: the plan, one line per request
};

// Plans and (unless dry_run) sends the requests and judges the answers. The
// model must hold the trees of the named services' contracts. A service
// without a readable contract is an error (exit 2), like an unknown one.
std::variant<VerifyOutcome, std::string> run_verify(const Model& model, const Config& config,
                                                    const VerifyRequest& request);

}  // namespace archgate::verify
