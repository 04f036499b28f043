// Breaking changes between two versions of one OpenAPI contract (AG404):
// operations matched by method and path template (`/orders/{id}` is
// `/orders/{orderId}`), schemas compared after resolving `$ref`s on both
// sides (across files, with `allOf` folded in; a visited set ends `$ref`
// cycles). Requests and responses are judged in opposite directions: a
// request may accept more and a response may promise more, never less.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "model/model.h"

namespace archgate {

enum class BreakingKind : std::uint8_t {
  removed_path,                   // a path and all its operations
  removed_operation,              // a method of a path that stays
  removed_response,               // a success (2xx/3xx) status
  removed_response_property,      // a property a response had
  new_required_parameter,         // query/path/cookie parameter added as or made required
  new_required_header,            // the same for a header parameter
  new_required_request_property,  // a request body property added as or made required
  request_body_required,          // the request body itself became required
  changed_type,                   // request accepts less, or response may return another type
  narrowed_enum,                  // a request enum lost values, or a request field got an enum
};

std::string_view breaking_kind_name(BreakingKind kind);

struct BreakingChange {
  BreakingKind kind;
  std::string operation;  // "GET /orders/{id}" (the base spelling when removed)
  std::string message;    // a sentence naming operation, place and property
  Span head;              // the evidence in the head contract, or the enclosing head element for a removal
  std::optional<Related> base;  // where the removed or changed thing was at the base
};

// Every breaking change from `base` to `head`, in a stable order.
std::vector<BreakingChange> find_breaking_changes(const OpenApiDocument& base, const OpenApiDocument& head);

}  // namespace archgate
