// What `archgate verify` sends: for each operation of each verified service's
// contract, requests built from the contract's examples first, then from its
// schemas (verify/values.h), deterministic for a seed. The plan is made
// before anything is sent, so `--dry-run` prints exactly what a run would do.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "rules/common/openapi_schema.h"
#include "verify/results.h"

namespace archgate::verify {

struct PlanOptions {
  bool read_only = false;            // only GET, HEAD, OPTIONS
  std::size_t max_requests = 500;    // in total; the rest is planned as skipped
  std::size_t max_per_operation = 6; // the positive request and up to five negative ones
  std::uint64_t seed = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // --header, sent with every request
  std::vector<std::string> operations;  // --operation "POST /orders": only these ("" = all)
  std::string request_id_header = "x-request-id";
};

// The schemas of one contract, compiled once for the plan and the checks of
// the answers (keyed by the schema node and the direction).
class ContractSchemas {
 public:
  explicit ContractSchemas(const OpenApiDocument& doc);
  const SchemaResolver& resolver() const { return resolver_; }
  // Null when `schema` is empty or cannot be compiled. Thread-safe (the
  // runner checks answers on several threads).
  std::shared_ptr<const CompiledSchema> compile(SchemaAt schema, Direction direction);
  std::vector<SchemaNote>& notes() { return notes_; }

 private:
  const OpenApiDocument& doc_;
  SchemaResolver resolver_;
  std::map<std::pair<const Node*, Direction>, std::shared_ptr<const CompiledSchema>> compiled_;
  std::vector<SchemaNote> notes_;
  std::mutex mutex_;
};

struct Plan {
  std::vector<Probe> probes;
  std::vector<std::unique_ptr<ContractSchemas>> schemas;  // per service, parallel to LiveResults::services
  std::size_t left_out = 0;  // probes over --max-requests
  std::size_t operations_selected = 0;
};

// Plans the requests for `services` (their contracts must hold their trees).
Plan make_plan(const std::vector<VerifiedService>& services, const PlanOptions& options);

// The operation node of `operation` in the contract's root file (its path
// item's `$ref` followed), or an empty SchemaAt.
SchemaAt operation_node(const OpenApiDocument& doc, const SchemaResolver& resolver, const OpenApiOperation& operation);

// GET, HEAD and OPTIONS (any case): what --read-only sends, and what the
// runner sends side by side (the rest one at a time, in plan order).
bool safe_method(std::string_view method);

// One line per probe for --dry-run: method, URL, purpose, and why.
std::string describe_plan(const Plan& plan, const std::vector<VerifiedService>& services);

}  // namespace archgate::verify
