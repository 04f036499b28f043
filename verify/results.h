// What `archgate verify` saw: every request it sent to a running service,
// why it sent it, and what came back. The live rules (rules/live/) judge
// these observations as the other rules judge the Model: pure functions, no
// network. The runner (verify/run.h) fills them; the planner (verify/plan.h)
// decides what to send.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "model/model.h"
#include "verify/http_client.h"
#include "verify/schema_adapter.h"

namespace archgate::verify {

// Why a request was sent, and so what its answer should be.
enum class Purpose {
  health,    // the documented health path: 2xx expected (AG601)
  positive,  // built from the example or the schema: no 4xx that says the request is invalid (AG608)
  negative,  // a required field removed, a wrong type, a value outside an enum: a 4xx expected (AG607)
  create,    // a POST whose result should be readable at a GET (AG611); also judged as positive
  read_back, // the GET of what `create` made (AG611)
};
std::string_view purpose_name(Purpose purpose);

// One verified service: its name in the inventory, where it runs, its
// contract (with its trees: schemas are walked).
struct VerifiedService {
  std::string name;
  bool gateway = false;  // kind gateway: 502/503/504 are AG612
  Origin origin;
  const OpenApiDocument* contract = nullptr;
  Span entry;            // the service's entry in service-inventory.json
};

// A request the planner made, and everything a rule needs to judge its answer.
struct Probe {
  std::size_t service = 0;                       // index into LiveResults::services
  const OpenApiOperation* operation = nullptr;   // never null
  Purpose purpose = Purpose::positive;
  std::string description;  // "body from the example at openapi.yaml:52", "without required property \"sku\""
  Span span;                // where a finding about this probe points: the operation, or the schema the negative case broke
  HttpRequest request;
  std::string request_id;   // the correlation id sent ("" when none was sent)
  // read_back: the index of the create probe it reads back; create: the
  // index of its read_back probe when one was planned (-1: none).
  long partner = -1;
};

// A documented response that matched the status of an answer.
struct MatchedResponse {
  const OpenApiResponse* response = nullptr;  // null: the status is not documented
  std::string documented_as;                  // "200", "2XX", "default"
};

// What came back for one probe.
struct Observation {
  Probe probe;
  bool sent = false;            // false: skipped (the service was unreachable, the budget ran out, a create failed)
  std::string skipped_because;  // when !sent
  Exchange exchange;            // when sent
  MatchedResponse matched;      // the documented response for the status (when an answer came)
  // The answer's body checked against the matched response's schema for its
  // media type: violations (AG604), or why it could not be checked.
  bool body_checked = false;
  std::vector<Violation> violations;
  std::string body_problem;     // "not JSON: ...", set when a JSON body was documented and the answer is not JSON
  // Documented response headers marked required that the answer lacks (AG606),
  // with the span of their declaration.
  std::vector<Located<std::string>> missing_headers;
};

struct LiveResults {
  std::vector<VerifiedService> services;
  std::vector<Observation> observations;  // in plan order
  std::string request_id_header = "x-request-id";
  std::size_t requests_sent = 0;
};

// A short, printable excerpt of an answer's body for a finding's message:
// at most `limit` characters, control characters, invalid UTF-8, bidi
// overrides and zero-width characters shown escaped (\n, \u001b, \x80).
std::string body_excerpt(std::string_view body, std::size_t limit = 160);

// "GET http://127.0.0.1:8080/orders/1 answered 500" (the method, the URL
// escaped as above, the status or the failure).
std::string exchange_summary(const Exchange& exchange);

}  // namespace archgate::verify
